"""Whose diary is this? A person with an account is known by her Flask-Login session; before
that, each browser owns one private, anonymous diary.

The anonymous browser holds a random token in a signed, HttpOnly cookie; the database keeps only
the token's SHA-256, so neither a copied database nor a guessed cookie opens somebody else's diary.
Saving the diary as an account keeps the same user row, so everything written moves along.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import flask_login
from flask import Flask
from flask import Response
from flask import current_app
from flask import g
from flask import request
from flask import session
from itsdangerous import BadSignature
from itsdangerous import URLSafeSerializer

from . import diary_store
from .extensions import db
from .extensions import login_manager
from .models import User

COOKIE_NAME = "flouria_diary"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest lifetime browsers accept
_SALT = "flouria-diary-cookie"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def anonymous_user() -> User | None:
    """The anonymous diary behind this browser's cookie (never an account)."""
    signed = request.cookies.get(COOKIE_NAME)
    if not signed:
        return None
    try:
        token = _serializer().loads(signed)
    except BadSignature:
        return None
    if not isinstance(token, str):
        return None
    return db.session.execute(
        db.select(User).filter_by(token_hash=_hash(token), username=None)
    ).scalar_one_or_none()


def current_user() -> User | None:
    """The signed-in account, else this browser's anonymous diary, else None (nothing saved yet)."""
    if "user" not in g:
        account = flask_login.current_user
        if account.is_authenticated:
            g.user = account._get_current_object()  # the User row itself, not the proxy
        else:
            g.user = anonymous_user()
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


def diary_tag(user: User | None) -> str | None:
    """An opaque tag for the diary behind this browser. The offline store starts over when it
    changes (sign-in, sign-out, erase), and a waiting check-in is only sent to the diary it was
    written in. It reveals nothing about the user."""
    if user is None:
        return None
    message = f"diary:{user.diary_key}".encode()
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:24]


def _start_session(account: User) -> None:
    """A fresh cookie session for her (nothing of the session before carries over)."""
    session.clear()
    flask_login.login_user(account, remember=True)
    g.user = account


def sign_in(account: User, *, adopt: bool) -> None:
    """Start her session. With `adopt`, the anonymous diary of this browser joins her account;
    without, it stays apart and returns after signing out."""
    anonymous = anonymous_user()
    if adopt and anonymous is not None and anonymous.id != account.id:
        diary_store.adopt(account, anonymous)
        g.forget_diary_cookie = True
    _start_session(account)


def become_account(user: User) -> None:
    """The anonymous diary `user` has just got a username and password: sign her in."""
    user.token_hash = None
    db.session.commit()
    _start_session(user)
    g.forget_diary_cookie = True


def sign_out(*, forget_diary: bool = False) -> None:
    """End the session; with `forget_diary`, forget this browser's anonymous diary cookie too."""
    flask_login.logout_user()
    g.user = None
    g.forget_diary_cookie = forget_diary


@login_manager.user_loader
def _load_account(session_id: str) -> User | None:
    user_id, _, nonce = session_id.partition(".")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.has_account or not hmac.compare_digest(user.session_nonce, nonce):
        return None
    return user


def _set_cookie(response: Response) -> Response:
    secure = current_app.config["SESSION_COOKIE_SECURE"]
    if g.pop("forget_diary_cookie", False):
        response.delete_cookie(COOKIE_NAME, httponly=True, samesite="Lax", secure=secure)
    token = g.pop("new_diary_token", None)
    if token is not None:
        response.set_cookie(
            COOKIE_NAME,
            _serializer().dumps(token),
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=secure,
        )
    return response


def _template_tag() -> dict[str, str | None]:
    return {"diary_tag": diary_tag(current_user())}


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    app.after_request(_set_cookie)
    app.context_processor(_template_tag)
