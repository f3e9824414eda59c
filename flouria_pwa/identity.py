"""Whose diary is this? A person with an account is known by her Flask-Login session; before
that, each browser owns one private, anonymous diary.

The anonymous browser holds a random token in a signed, HttpOnly cookie; the database keeps only
the token's SHA-256, so neither a copied database nor a guessed cookie opens somebody else's diary.
The token is handed out with the first page (or `GET /api/v1/session`), before any write, and
its user row is made on the first write: so writes sent at once by a brand-new browser all land in
one diary. New anonymous diaries are limited per network address (`throttle`).
Saving the diary as an account keeps the same user row, so everything written moves along.

Each sign-in is its own server-side session (`AccountSession`, only the key's hash is stored):
signing out deletes it, so a replayed session or remember cookie opens nothing. A browser that
signed in once also keeps a device cookie, which only the rate limits read (it opens nothing).
In production every cookie carries the `__Host-` prefix (Secure, Path=/, no Domain).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

import flask_login
from flask import Flask
from flask import Response
from flask import current_app
from flask import g
from flask import jsonify
from flask import render_template
from flask import request
from flask import session
from flask_babel import gettext as _
from itsdangerous import BadSignature
from itsdangerous import URLSafeSerializer

from .accounts import throttle
from .extensions import db
from .extensions import login_manager
from .store import accounts as store
from .store import queries
from .store.models import User

COOKIE_NAME = "flouria_diary"  # the diary cookie's name outside production
DEVICE_COOKIE_NAME = "flouria_device"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest lifetime browsers accept
DEVICE_ACCOUNTS = 5  # accounts one device cookie vouches for (a shared tablet)
_SALT = "flouria-diary-cookie"
_DEVICE_SALT = "flouria-device-cookie"


class DiaryLimitReached(Exception):
    """Too many new anonymous diaries from this address in the last hour: nothing is stored."""


def _serializer(salt: str = _SALT) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _cookie_token() -> str | None:
    """The token in this browser's diary cookie, when the cookie is ours."""
    signed = request.cookies.get(current_app.config["FLOURIA_DIARY_COOKIE"])
    if not signed:
        return None
    try:
        token = _serializer().loads(signed)
    except BadSignature:
        return None
    return token if isinstance(token, str) else None


def anonymous_user() -> User | None:
    """The anonymous diary behind this browser's cookie (never an account)."""
    token = _cookie_token()
    return None if token is None else store.anonymous_by_token_hash(_hash(token))


def diary_owner() -> User | None:
    """The signed-in account, else this browser's anonymous diary, else None (nothing saved yet)."""
    if "user" not in g:
        account = flask_login.current_user
        if account.is_authenticated:
            g.user = account._get_current_object()  # the User row itself, not the proxy
        else:
            g.user = anonymous_user()
    return g.user


def ensure_diary_owner() -> User:
    """The current user, created on her first save (raises `DiaryLimitReached` when this address
    started too many diaries in the last hour; then nothing is stored).

    The row is committed at once, race-free: when several first writes of one browser arrive
    together, one creates the row (the token's hash is unique) and the others read it."""
    user = diary_owner()
    if user is not None:
        return user
    token = _cookie_token()
    if token is None:  # no page seen before this write (an API client): its token comes now
        token = secrets.token_urlsafe(32)
        g.new_diary_token = token
    started = throttle.new_diary_allowed()
    if started is None:
        raise DiaryLimitReached
    user, created = store.add_anonymous(_hash(token))  # commits: see there
    if not created:  # another request of this browser made it a moment ago
        throttle.uncount(started)
    g.user = user
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


# Signed-in sessions -------------------------------------------------------------------------


def _open_account_session(account: User) -> None:
    key = secrets.token_urlsafe(32)
    store.open_session(account, _hash(key))
    db.session.commit()
    account._session_key = key  # type: ignore[attr-defined]  # read by User.get_id
    g.account_session_key = key


def end_all_sessions(user: User) -> None:
    """Every device of hers needs the password again (the caller commits)."""
    store.end_all_sessions(user)


def _start_session(account: User) -> None:
    """A fresh cookie session for her (nothing of the session before carries over), with its
    own server-side session row."""
    session.clear()
    # Flask-WTF caches this request's CSRF token, signed over the session just cleared: drop it,
    # so the page that answers (the recovery codes, say) carries a token the new session accepts.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    _open_account_session(account)
    flask_login.login_user(account, remember=True)
    g.user = account
    _trust_device(account)


def sign_in(account: User, *, adopt: bool) -> None:
    """Start her session. With `adopt`, the anonymous diary of this browser joins her account;
    without, it stays apart and returns after signing out."""
    anonymous = anonymous_user()
    if adopt and anonymous is not None and anonymous.id != account.id:
        queries.adopt(account, anonymous)
        g.forget_diary_cookie = True
    _start_session(account)


def become_account(user: User) -> None:
    """The anonymous diary `user` has just got a username and password: sign her in."""
    user.token_hash = None
    db.session.commit()
    _start_session(user)
    g.forget_diary_cookie = True


def sign_out(*, forget_diary: bool = False) -> None:
    """End the session, on the server too. With `forget_diary` (after erasing everything) this
    browser also forgets its anonymous diary cookie and its device cookie."""
    from .reminders import subscriptions  # it imports this module

    subscriptions.forget_device(diary_owner())  # this browser's reminders of this diary stop
    key = g.pop("account_session_key", None)
    if key is not None:
        store.end_session(_hash(key))
        db.session.commit()
    flask_login.logout_user()
    g.user = None
    g.forget_diary_cookie = g.forget_device_cookie = forget_diary


@login_manager.user_loader
def _load_account(session_key: str) -> User | None:
    """The account of a live server-side session; a key whose session ended opens nothing."""
    if not session_key or len(session_key) > 100:
        return None
    user = store.account_of_session(_hash(session_key))
    if user is None or not user.has_account:
        return None
    user._session_key = session_key  # type: ignore[attr-defined]
    g.account_session_key = session_key
    return user


# The device cookie ----------------------------------------------------------------------------


def _device() -> dict[str, Any] | None:
    signed = request.cookies.get(current_app.config["FLOURIA_DEVICE_COOKIE"])
    if not signed:
        return None
    try:
        data = _serializer(_DEVICE_SALT).loads(signed)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("n"), str):
        return None
    if not isinstance(data.get("a"), list):
        return None
    return data


def trusted_device(username: str) -> str | None:
    """This browser's device id when it signed in as `username` before, else None. It only
    changes how failed attempts are counted; it never signs anybody in."""
    device = _device()
    if device is None or throttle.account_key(username) not in device["a"]:
        return None
    return device["n"]


def _trust_device(account: User) -> None:
    """Her successful sign-in: this browser vouches for her name from now on (the cookie holds a
    keyed hash of the name, never the name)."""
    assert account.username is not None
    device = _device() or {"n": secrets.token_urlsafe(16), "a": []}
    key = throttle.account_key(account.username)
    accounts = [key, *(a for a in device["a"] if a != key)][:DEVICE_ACCOUNTS]
    g.device_cookie = _serializer(_DEVICE_SALT).dumps({"n": device["n"], "a": accounts})


# Cookies on the way out -----------------------------------------------------------------------


def _cookie_options() -> dict[str, Any]:
    return {
        "httponly": True,
        "samesite": "Lax",
        "secure": bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        "path": "/",
    }


def _hands_out_token(response: Response) -> bool:
    """A page or a fresh CSRF token (what any write starts from) for a browser with no diary
    cookie and no account: hand it its diary token now, before its first write."""
    if request.method != "GET" or response.status_code != 200:
        return False
    if response.mimetype != "text/html" and request.endpoint != "api.session":
        return False
    return _cookie_token() is None and not flask_login.current_user.is_authenticated


def _set_cookies(response: Response) -> Response:
    config = current_app.config
    options = _cookie_options()
    if session.get("_remember") == "clear":  # Flask-Login's own clear leaves out Secure
        session.pop("_remember")
        response.delete_cookie(config["REMEMBER_COOKIE_NAME"], **options)
    forget = g.pop("forget_diary_cookie", False)  # its diary became an account, or was erased
    token = g.pop("new_diary_token", None)
    if token is None and not forget and _hands_out_token(response):
        token = secrets.token_urlsafe(32)
    if forget:
        response.delete_cookie(config["FLOURIA_DIARY_COOKIE"], **options)
    elif token is not None:
        signed = _serializer().dumps(token)
        response.set_cookie(
            config["FLOURIA_DIARY_COOKIE"], signed, max_age=COOKIE_MAX_AGE, **options
        )
    device = g.pop("device_cookie", None)
    if device is not None:
        response.set_cookie(
            config["FLOURIA_DEVICE_COOKIE"], device, max_age=COOKIE_MAX_AGE, **options
        )
    elif g.pop("forget_device_cookie", False):
        response.delete_cookie(config["FLOURIA_DEVICE_COOKIE"], **options)
    return response


def _too_many_diaries(_error: DiaryLimitReached) -> Response:
    db.session.rollback()
    message = _(
        "Too many new diaries were started from this network in the last hour. "
        "Try again in an hour."
    )
    if request.path.startswith("/api/"):
        answer = jsonify({"errors": {"diary": message}})
    else:
        answer = Response(render_template("error.html", status=429, message=message))
    answer.status_code = 429
    answer.headers["Retry-After"] = str(int(throttle.NEW_DIARY_WINDOW.total_seconds()))
    return answer


def _template_tag() -> dict[str, str | None]:
    return {"diary_tag": diary_tag(diary_owner())}


def _name_cookies(app: Flask) -> None:
    """In production every cookie gets the `__Host-` prefix: the browser then only accepts it
    Secure, for the whole site and this host alone (no Domain), so no sibling site can set it."""
    prefix = "__Host-" if app.config.get("PRODUCTION") else ""
    app.config["FLOURIA_DIARY_COOKIE"] = prefix + COOKIE_NAME
    app.config["FLOURIA_DEVICE_COOKIE"] = prefix + DEVICE_COOKIE_NAME
    app.config["SESSION_COOKIE_NAME"] = prefix + "session"
    app.config["REMEMBER_COOKIE_NAME"] = prefix + "remember_token"
    if prefix:
        app.config["SESSION_COOKIE_PATH"] = app.config["REMEMBER_COOKIE_PATH"] = "/"
        app.config["SESSION_COOKIE_DOMAIN"] = app.config["REMEMBER_COOKIE_DOMAIN"] = None


def init_app(app: Flask) -> None:
    _name_cookies(app)
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    app.after_request(_set_cookies)
    app.context_processor(_template_tag)
    app.register_error_handler(DiaryLimitReached, _too_many_diaries)
