"""Rate limiting for sign-in, recovery and sign-up, per account and per network address.

Every attempt is written as rows *before* the password is checked, and counted after: so parallel
requests see each other and cannot slip past the limit together. A successful attempt removes its
own rows again. Rows are keyed by an HMAC of the account name or the address (the table never
holds either in the clear) and are removed once they are older than the window, whenever a new
attempt comes in.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask import request

from .extensions import db
from .models import AuthFailure
from .models import now_utc

WINDOW = timedelta(minutes=15)
PER_ACCOUNT = 5
PER_ADDRESS = 20
SIGN_UPS_PER_ADDRESS = 10


def _key(kind: str, value: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def account_key(username: str) -> str:
    return _key("account", username)


def _address_key(kind: str = "address") -> str:
    return _key(kind, request.remote_addr or "unknown")


def _count(key: str) -> int:
    since = now_utc() - WINDOW
    query = db.select(db.func.count()).where(AuthFailure.key == key, AuthFailure.created_at > since)
    return db.session.execute(query).scalar_one()


def _record(keys: list[str]) -> list[AuthFailure]:
    db.session.execute(db.delete(AuthFailure).where(AuthFailure.created_at <= now_utc() - WINDOW))
    rows = [AuthFailure(key=key) for key in keys]
    db.session.add_all(rows)
    db.session.commit()
    return rows


@dataclass
class Attempt:
    """One sign-in or recovery attempt, already counted as a failure until it succeeds."""

    username: str
    rows: list[AuthFailure]
    allowed: bool

    def succeeded(self) -> None:
        """Her earlier failures and this attempt's own rows no longer count."""
        keys = [account_key(self.username)]
        ids = [row.id for row in self.rows]
        db.session.execute(
            db.delete(AuthFailure).where(AuthFailure.key.in_(keys) | AuthFailure.id.in_(ids))
        )
        db.session.commit()


def attempt(username: str) -> Attempt:
    """Count this attempt, then decide: allowed while within both limits."""
    account, address = account_key(username), _address_key()
    rows = _record([account, address])
    allowed = _count(account) <= PER_ACCOUNT and _count(address) <= PER_ADDRESS
    return Attempt(username, rows, allowed)


def sign_up_allowed() -> bool:
    """New accounts per address are limited too, so nobody can test names in bulk."""
    key = _address_key("sign-up")
    _record([key])
    return _count(key) <= SIGN_UPS_PER_ADDRESS
