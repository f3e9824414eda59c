"""Rate limiting for sign-in and password recovery, per account and per network address.

Failed attempts are rows in the database (so every worker process sees them), keyed by an HMAC
of the account name or the address: the table never holds either in the clear. Rows older than
the window are removed whenever a new failure is written.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import current_app
from flask import request

from .extensions import db
from .models import AuthFailure
from .models import now_utc

WINDOW = timedelta(minutes=15)
PER_ACCOUNT = 5
PER_ADDRESS = 20


def _key(kind: str, value: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def account_key(username: str) -> str:
    return _key("account", username)


def _address_key() -> str:
    return _key("address", request.remote_addr or "unknown")


def _failures(key: str) -> int:
    since = now_utc() - WINDOW
    query = db.select(db.func.count()).where(AuthFailure.key == key, AuthFailure.created_at > since)
    return db.session.execute(query).scalar_one()


def blocked(username: str) -> bool:
    """Too many recent failures for this account name or from this address?"""
    return (
        _failures(account_key(username)) >= PER_ACCOUNT or _failures(_address_key()) >= PER_ADDRESS
    )


def record_failure(username: str) -> None:
    db.session.execute(db.delete(AuthFailure).where(AuthFailure.created_at <= now_utc() - WINDOW))
    db.session.add_all([AuthFailure(key=account_key(username)), AuthFailure(key=_address_key())])
    db.session.commit()


def forget_failures(username: str) -> None:
    """A successful sign-in wipes the slate for this account (not for the address)."""
    db.session.execute(db.delete(AuthFailure).where(AuthFailure.key == account_key(username)))
    db.session.commit()
