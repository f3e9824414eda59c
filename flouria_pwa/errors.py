"""Error answers in Dutch: a calm page for people, `{"errors": {...}}` for the API."""

from __future__ import annotations

from flask import Flask
from flask import Response
from flask import render_template
from flask import request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .api import json_errors


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


def _answer(error: HTTPException) -> tuple[Response | str, int]:
    status = error.code or 500
    message = _message(error)
    if request.path.startswith("/api/"):
        key = "csrf" if isinstance(error, CSRFError) else "body"
        return json_errors({key: message}, status)
    return render_template("error.html", status=status, message=message), status


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _answer)
