"""Error answers in Dutch: a calm page for people, `{"errors": {...}}` for the API."""

from __future__ import annotations

from flask import Flask
from flask import Response
from flask import render_template
from flask import request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .responses import json_errors


def _message(error: HTTPException) -> str:
    if isinstance(error, CSRFError):
        return _(
            "Your session has ended, or this form came from another site. "
            "Reload the page and try again."
        )
    messages = {
        400: _("Something in this request is not right."),
        404: _("This page does not exist (any more)."),
        405: _("This page cannot be used this way."),
        413: _("This is too large to send. The limit is 16 MB."),
        429: _("Too many attempts. Wait a while and try again."),
    }
    return messages.get(error.code or 500, _("Something went wrong on our side. Try again later."))


def _kept_headers(error: HTTPException) -> list[tuple[str, str]]:
    """The headers the error itself prescribes, such as `Allow` on a 405 (RFC 9110) or
    `Retry-After` on a 429; the body is ours, so not its Content-Type."""
    return [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]


def _answer(error: HTTPException) -> tuple[Response | str, int, list[tuple[str, str]]]:
    status = error.code or 500
    message = _message(error)
    headers = _kept_headers(error)
    if request.path.startswith("/api/"):
        key = "csrf" if isinstance(error, CSRFError) else "body"
        body, status = json_errors({key: message}, status)
        return body, status, headers
    return render_template("error.html", status=status, message=message), status, headers


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _answer)
