"""The reminders' API: the page saves, changes and removes this browser's Web Push subscription
(`subscriptions` holds the rules), and the quiet "not checked in yet today" status for the pages."""

from __future__ import annotations

import os
from typing import Any

from flask import Blueprint
from flask import Flask
from flask import Response
from flask import g
from flask import jsonify
from flask_babel import gettext as _

from ..config import ConfigError
from ..extensions import db
from ..identity import diary_owner
from ..responses import json_body
from ..responses import json_errors
from ..store import queries
from ..store import reminders as store
from ..store.models import PushSubscription
from .subscriptions import MAX_DEVICES
from .subscriptions import MAX_ENDPOINT
from .subscriptions import forget
from .subscriptions import public_key
from .subscriptions import remember
from .subscriptions import validate

bp = Blueprint("reminders", __name__, url_prefix="/api/v1/push")

# The API ----------------------------------------------------------------------------------


def settings_of(row: PushSubscription) -> dict[str, Any]:
    return {
        "endpoint": row.endpoint,
        "time": row.time,
        "timezone": row.timezone,
        "days": list(row.days),
        "text": row.text,
    }


@bp.get("/key")
def key() -> Response:
    return jsonify({"publicKey": public_key()})


@bp.put("/subscription")
def put_subscription() -> tuple[Response, int]:
    body = json_body()
    if not isinstance(body, dict):
        return json_errors({"body": _("Send the reminder as a JSON object.")})
    user = diary_owner()
    if user is None or queries.count_checkins(user) == 0:
        return json_errors(
            {"diary": _("Do your first check-in first; then you can turn on a reminder.")}, 409
        )
    data, errors = validate(body)
    if errors:
        return json_errors(errors)
    row = store.subscription_at(data["endpoint"])
    if row is None and store.device_count(user.id) >= MAX_DEVICES:
        message = _(
            "Reminders are on for %(num)s devices already, the most for one diary. Turn one off "
            "first.",
            num=MAX_DEVICES,
        )
        return json_errors({"subscription": message}, 409)
    row, created = store.save_subscription(row, user.id, data)  # commits: see there
    remember(row.endpoint)
    return jsonify({"reminder": settings_of(row)}), 201 if created else 200


@bp.delete("/subscription")
def delete_subscription() -> Response | tuple[Response, int]:
    body = json_body()
    endpoint = body.get("endpoint") if isinstance(body, dict) else None
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > MAX_ENDPOINT:
        return json_errors({"endpoint": _("Send the endpoint of the push subscription.")})
    user = diary_owner()
    if user is not None:
        store.remove_subscription(user.id, endpoint)
        db.session.commit()
    forget(endpoint)
    return Response(status=204)


def init_app(app: Flask) -> None:
    """Refuse the test endpoints in production, and register the `reminders` command."""
    if app.config.get("PRODUCTION") and (
        app.config.get("FLOURIA_PUSH_TEST_ENDPOINTS")
        or os.environ.get("FLOURIA_PUSH_TEST_ENDPOINTS")
    ):
        raise ConfigError("FLOURIA_PUSH_TEST_ENDPOINTS is for tests only; unset it in production.")
    from .sending import cli

    app.cli.add_command(cli)
    app.register_blueprint(bp)
    app.add_template_global(checkin_status)


def checkin_status() -> dict[str, Any]:
    """For the pages: how many check-ins her diary holds and whether one is dated today (the
    quiet "not checked in yet today" link and the reminder offer after the third check-in).
    Asked once per request, however many parts of the page want it."""
    from ..dates import today

    if "checkin_status" not in g:
        user = diary_owner()
        status = {"checkins": 0, "today": False}
        if user is not None:
            status = {
                "checkins": queries.count_checkins(user),
                "today": queries.checked_in_on(user.id, today()),
            }
        g.checkin_status = status
    return g.checkin_status
