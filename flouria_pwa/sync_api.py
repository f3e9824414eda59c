"""The sync API: the offline outbox sends each check-in here, exactly once per id.

`PUT /api/v1/checkins/<id>` is an idempotent upsert for the current browser's diary. An edit
carries `updated_at`; when the server already holds a later edit, it keeps that one (last edit
wins) and logs the decision — never the health data itself.
"""

from __future__ import annotations

import logging
from datetime import UTC
from datetime import datetime
from typing import Any

from flask import Blueprint
from flask import Response
from flask import jsonify
from flask import request
from flask_babel import gettext as _

from . import diary_store
from .api import json_body
from .api import json_errors
from .dates import as_utc
from .dates import iso_instant
from .dates import parse_instant
from .extensions import db
from .identity import current_user
from .identity import ensure_user
from .models import CheckIn
from .validation import validate_checkin

bp = Blueprint("sync", __name__, url_prefix="/api/v1")
log = logging.getLogger(__name__)


def _not_found() -> tuple[Response, int]:
    return json_errors({"id": _("This check-in does not exist.")}, 404)


def serialise(entry: CheckIn) -> dict[str, Any]:
    return {**entry.to_contract(), "updated_at": iso_instant(entry.updated_at)}


@bp.put("/checkins/<checkin_id>")
def put_checkin(checkin_id: str) -> tuple[Response, int]:
    body = json_body()
    if not isinstance(body, dict):
        return json_errors({"body": _("Send the check-in as a JSON object.")})
    if body.get("id") is None:
        body = {**body, "id": checkin_id}
    data, errors = validate_checkin(body)
    if not errors and data["id"] != checkin_id.lower():
        errors = {"id": _("The id in the address and in the check-in differ.")}
    updated_at = parse_instant(body.get("updated_at"))
    if body.get("updated_at") is not None and updated_at is None:
        errors["updated_at"] = _("Send the time of the edit as an ISO 8601 time with a zone.")
    if errors:
        return json_errors(errors)

    user = current_user()
    existing = db.session.get(CheckIn, data["id"])
    if existing is not None and (user is None or existing.user_id != user.id):
        return _not_found()
    stamp = updated_at or datetime.now(UTC)
    if existing is not None:
        if existing.to_contract() == data:
            return jsonify({"checkin": serialise(existing)}), 200
        if as_utc(existing.updated_at) > stamp:
            log.info("sync: kept the newer stored version of check-in %s", existing.id)
            return jsonify({"checkin": serialise(existing)}), 200
        log.info("sync: a later edit replaces check-in %s", existing.id)
    user = ensure_user()
    entry = diary_store.save_checkin(user, data, existing, updated_at=stamp)
    return jsonify({"checkin": serialise(entry)}), 200 if existing else 201


@bp.get("/checkins")
def list_checkins() -> Response | tuple[Response, int]:
    since = request.args.get("since")
    since_at = parse_instant(since) if since else None
    if since and since_at is None:
        return json_errors({"since": _("Send the time as an ISO 8601 time with a zone.")})
    entries = diary_store.all_checkins(current_user())
    if since_at is not None:
        entries = [e for e in entries if as_utc(e.updated_at) > since_at]
    return jsonify(
        {"checkins": [serialise(e) for e in entries], "server_time": iso_instant(datetime.now(UTC))}
    )


@bp.delete("/checkins/<checkin_id>")
def delete_checkin(checkin_id: str) -> Response | tuple[Response, int]:
    entry = diary_store.owned_checkin(current_user(), checkin_id)
    if entry is None:
        return _not_found()
    diary_store.delete_checkin(entry)
    return Response(status=204)


@bp.get("/profile")
def get_profile() -> Response:
    return jsonify(diary_store.profile_of(current_user()))
