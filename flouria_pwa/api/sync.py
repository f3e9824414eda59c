"""The sync API: the offline outbox sends each check-in here, exactly once per id.

`PUT /api/v1/checkins/<id>` is an idempotent upsert for the current browser's diary. An edit
carries `updated_at`; when the server already holds a later edit, it keeps that one (last edit
wins) and logs the decision — never the health data itself.
"""

from __future__ import annotations

import logging
from datetime import UTC
from datetime import date
from datetime import datetime
from typing import Any

from flask import Response
from flask import current_app
from flask import jsonify
from flask import request
from flask_babel import gettext as _
from itsdangerous import BadSignature
from itsdangerous import URLSafeSerializer

from ..dates import as_utc
from ..dates import edit_stamp
from ..dates import iso_instant
from ..dates import parse_instant
from ..extensions import db
from ..identity import diary_owner
from ..identity import ensure_diary_owner
from ..responses import json_body
from ..responses import json_errors
from ..store import queries
from ..store.models import CheckIn
from ..tips import kept as tips
from ..validation import validate_checkin
from . import bp

log = logging.getLogger(__name__)


PAGE_SIZE = 200


def _not_found() -> tuple[Response, int]:
    return json_errors({"id": _("This check-in does not exist.")}, 404)


def _refusal(refused: queries.Refused) -> tuple[Response, int]:
    if isinstance(refused, queries.NotHers):
        return _not_found()
    if isinstance(refused, queries.Deleted):
        return json_errors({"id": refused.message}, 410)
    return json_errors({"diary": refused.message}, 409)


def serialise(entry: CheckIn) -> dict[str, Any]:
    return {**entry.to_contract(), "updated_at": iso_instant(entry.updated_at)}


@bp.put("/checkins/<checkin_id>")
def put_checkin(checkin_id: str) -> tuple[Response, int]:
    received = datetime.now(UTC)
    body = json_body()
    if not isinstance(body, dict):
        return json_errors({"body": _("Send the check-in as a JSON object.")})
    if body.get("id") is None:
        body = {**body, "id": checkin_id}
    value, errors = validate_checkin(body, stored=True)
    if value is not None and value.id != checkin_id.lower():
        errors = {"id": _("The id in the address and in the check-in differ.")}
    updated_at = parse_instant(body.get("updated_at"))
    if body.get("updated_at") is not None and updated_at is None:
        errors["updated_at"] = _("Send the time of the edit as an ISO 8601 time with a zone.")
    try:
        shown = tips.parse_shown(body.get("tips"))  # the tips the phone showed offline
    except tips.InvalidTips as invalid:
        errors["tips"] = str(invalid)
    if errors or value is None:
        return json_errors(errors)

    stamp = edit_stamp(updated_at, received)
    try:
        existing = queries.stored_checkin(diary_owner(), value.id)
        if existing is not None:
            if existing.value() == value:
                return jsonify({"checkin": serialise(existing)}), 200
            if as_utc(existing.updated_at) > stamp:
                log.info("sync: kept the newer stored version of check-in %s", existing.id)
                return jsonify({"checkin": serialise(existing)}), 200
            log.info("sync: a later edit replaces check-in %s", existing.id)
        user = ensure_diary_owner()
        entry = queries.save_checkin(
            user,
            value,
            existing,
            tips=lambda row: tips.selection_at_save(row, user, shown),
            updated_at=stamp,
        )
        db.session.commit()
    except queries.Refused as refused:
        return _refusal(refused)
    return jsonify({"checkin": serialise(entry)}), 200 if existing else 201


def _cursors() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="flouria-checkins-cursor")


def _cursor_key(cursor: str) -> tuple[Any, ...] | None:
    """The position a `next` cursor stands for; None when it is not one of ours."""
    try:
        day, time, created, checkin_id = _cursors().loads(cursor)
        return (date.fromisoformat(day), time, datetime.fromisoformat(created), checkin_id)
    except (BadSignature, TypeError, ValueError):
        return None


def _cursor(key: tuple[Any, ...] | None) -> str | None:
    if key is None:
        return None
    day, time, created, checkin_id = key
    return _cursors().dumps([day.isoformat(), time, created.isoformat(), checkin_id])


@bp.get("/checkins")
def list_checkins() -> Response | tuple[Response, int]:
    """Her check-ins, newest first, a page at a time; the first page also lists what she deleted
    (since `since`), so other devices drop their copies."""
    server_time = datetime.now(UTC)
    since = request.args.get("since")
    since_at = parse_instant(since) if since is not None else None
    if since is not None and since_at is None:
        return json_errors({"since": _("Send the time as an ISO 8601 time with a zone.")})
    cursor = request.args.get("cursor")
    after = _cursor_key(cursor) if cursor is not None else None
    if cursor is not None and after is None:
        return json_errors(
            {"cursor": _("This page address is not valid. Start from the first page.")}
        )
    user = diary_owner()
    entries, last = queries.changed_since(user, since_at, after, PAGE_SIZE)
    deleted = [] if after is not None else queries.deleted_since(user, since_at)
    return jsonify(
        {
            "checkins": [serialise(e) for e in entries],
            "deleted": [{"id": d.id, "deleted_at": iso_instant(d.deleted_at)} for d in deleted],
            "server_time": iso_instant(server_time),
            "next": _cursor(last),
        }
    )


@bp.delete("/checkins/<checkin_id>")
def delete_checkin(checkin_id: str) -> Response | tuple[Response, int]:
    user = diary_owner()
    entry = queries.owned_checkin(user, checkin_id)
    if entry is None:
        if user is not None and queries.is_deleted(user, checkin_id.lower()):
            return Response(status=204)  # deleted before: the same outcome
        return _not_found()
    queries.delete_checkin(entry)
    db.session.commit()
    return Response(status=204)


@bp.get("/profile")
def get_profile() -> Response:
    return jsonify(queries.profile_of(diary_owner()).to_json())
