"""The JSON answers every API route and error handler share: one shape for a refusal, one way to
read a body. Not a blueprint: the API's blueprints and `errors.py` import it."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask import jsonify
from flask import request


def json_errors(errors: dict[str, str], status: int = 400) -> tuple[Response, int]:
    """The API's one shape for refusals: `{"errors": {field: Dutch message}}`."""
    return jsonify({"errors": errors}), status


def json_body() -> Any:
    """The request's JSON, or None when it is missing or unreadable (also when nested so deep
    that the parser gives up)."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        return None
