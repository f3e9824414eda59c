"""JSON API v1: the stateless tips endpoint and its OpenAPI 3.1 description."""

from __future__ import annotations

from flask import Response
from flask import jsonify
from flask import request
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf

from ..identity import diary_owner
from ..identity import diary_tag
from ..responses import json_body
from ..responses import json_errors
from ..tips import advice
from ..validation import validate_tips_request
from . import bp
from .openapi import openapi_document


@bp.post("/tips")
def tips() -> Response | tuple[Response, int]:
    """Tips for one check-in, its profile and its history. Stores nothing, needs no login."""
    if not request.is_json:
        return json_errors(
            {"body": _("Send the request as JSON (Content-Type: application/json).")}
        )
    body = json_body()
    if body is None:
        return json_errors({"body": _("The request is not valid JSON.")})
    clean, errors = validate_tips_request(body)
    if clean is None:
        return json_errors(errors)
    selected = advice.tips_for(clean.checkin, clean.profile, clean.history)
    return jsonify(
        {"urgency": advice.most_urgent(selected), "tips": [tip.to_api() for tip in selected]}
    )


@bp.get("/rules")
def rules() -> Response:
    """The rules catalogue with every tip text in Dutch: what the offline app evaluates."""
    return jsonify(advice.offline_bundle())


@bp.get("/session")
def session() -> Response:
    """A fresh CSRF token for the offline outbox (a cached page may hold an old one), and the tag
    of the diary behind this browser: when it changes, the offline copy starts over."""
    return jsonify({"csrf_token": generate_csrf(), "diary": diary_tag(diary_owner())})


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())
