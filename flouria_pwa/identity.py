"""Whose diary is this? Until accounts exist, each browser owns one private, anonymous diary.

The browser holds a random token in a signed, HttpOnly cookie; the database keeps only the token's
SHA-256, so neither a copied database nor a guessed cookie opens somebody else's diary.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import Flask
from flask import Response
from flask import current_app
from flask import g
from flask import request
from itsdangerous import BadSignature
from itsdangerous import URLSafeSerializer

from .extensions import db
from .models import User

COOKIE_NAME = "flouria_diary"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest lifetime browsers accept
_SALT = "flouria-diary-cookie"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def current_user() -> User | None:
    """The user behind this browser's cookie, or None when she has not saved anything yet."""
    if "user" not in g:
        g.user = None
        signed = request.cookies.get(COOKIE_NAME)
        if signed:
            try:
                token = _serializer().loads(signed)
            except BadSignature:
                token = None
            if isinstance(token, str):
                g.user = db.session.execute(
                    db.select(User).filter_by(token_hash=_hash(token))
                ).scalar_one_or_none()
    return g.user


def ensure_user() -> User:
    """The current user, created on her first save; the cookie is set on the way out."""
    user = current_user()
    if user is None:
        token = secrets.token_urlsafe(32)
        user = User(token_hash=_hash(token))
        db.session.add(user)
        db.session.flush()  # give her an id now; the caller's commit makes it stick
        g.user = user
        g.new_diary_token = token
    return user


def _set_cookie(response: Response) -> Response:
    token = g.pop("new_diary_token", None)
    if token is not None:
        response.set_cookie(
            COOKIE_NAME,
            _serializer().dumps(token),
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def init_app(app: Flask) -> None:
    app.after_request(_set_cookie)
