"""Rate limiting for sign-in, recovery and sign-up, per account and per network address, and a
limit on new anonymous diaries per address.

Every attempt is written as rows *before* the password is checked, and counted after: so parallel
requests see each other and cannot slip past the limit together. A successful attempt removes its
own rows again. Rows are keyed by an HMAC of the account name or the address (the table never
holds either in the clear) and are removed once they are older than the window, whenever a new
attempt comes in.

Strangers cannot lock the owner out (OWASP's "device cookie"): a browser that signed in before
carries a signed device cookie (see `identity`) and is counted by its own key, not held by the
per-account lock that failed guesses from elsewhere trigger. Its own failures are limited too:
past `PER_DEVICE` it is treated as a stranger.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask import request

from ..extensions import db
from ..store import accounts as store
from ..store.models import AuthFailure
from ..store.models import now_utc

WINDOW = timedelta(minutes=15)
PER_ACCOUNT = 5
PER_ADDRESS = 20
PER_DEVICE = 5  # failures of a browser that signed in before, before it counts as a stranger
SIGN_UPS_PER_ADDRESS = 10
NEW_DIARIES_PER_ADDRESS = 30  # [P] an hour; a household or a care home shares one address
NEW_DIARY_WINDOW = timedelta(hours=1)


def _key(kind: str, value: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def account_key(username: str) -> str:
    return _key("account", username)


def device_key(nonce: str) -> str:
    return _key("device", nonce)


def _address_key(kind: str = "address") -> str:
    return _key(kind, request.remote_addr or "unknown")


def _count(key: str) -> int:
    return store.count_failures(key, now_utc() - WINDOW)


def _record(keys: list[str]) -> list[AuthFailure]:
    """Write the attempt's rows and commit them at once, whatever the request does next: the
    parallel attempts must see them before any password is checked, and a failed attempt must
    stay counted when the request ends without a commit (a wrong password commits nothing)."""
    rows = store.add_failures(keys, now_utc() - WINDOW)
    db.session.commit()
    return rows


@dataclass
class Attempt:
    """One sign-in or recovery attempt, already counted as a failure until it succeeds."""

    username: str
    rows: list[AuthFailure]
    allowed: bool
    device: str | None = None  # the key of the device cookie that vouched for her name
    trusted: bool = False  # counted as that device, not held by the account's lock

    def succeeded(self) -> None:
        """Her earlier failures and this attempt's own rows no longer count. A trusted device
        clears only its own: the strangers' count against the account stays."""
        keys = [] if self.trusted else [account_key(self.username)]
        keys += [self.device] if self.device else []
        store.clear_failures(keys, [row.id for row in self.rows])
        db.session.commit()  # like `_record`: the count is shared with parallel requests


def attempt(username: str, device: str | None = None) -> Attempt:
    """Count this attempt, then decide. `device` is the nonce of this browser's device cookie
    when it vouches for `username`: then only the device's own failures count. Otherwise (or
    once the device has failed too often) it is allowed while within the account and address
    limits."""
    key = device_key(device) if device is not None else None
    if key is not None:
        rows = _record([key])
        if _count(key) <= PER_DEVICE:
            return Attempt(username, rows, True, key, trusted=True)
    account, address = account_key(username), _address_key()
    rows = _record([account, address])
    allowed = _count(account) <= PER_ACCOUNT and _count(address) <= PER_ADDRESS
    return Attempt(username, rows, allowed, key)


def sign_up_allowed() -> bool:
    """New accounts per address are limited too, so nobody can test names in bulk."""
    key = _address_key("sign-up")
    _record([key])
    return _count(key) <= SIGN_UPS_PER_ADDRESS


def new_diary_allowed() -> int | None:
    """Count a new anonymous diary for this address: the count's row id, or None over the
    hourly limit (a refused one is not counted: the address is free again an hour after its
    last diary)."""
    key = _address_key("new-diary")
    row = store.add_diary_start(key, now_utc() - NEW_DIARY_WINDOW)
    db.session.commit()  # counted before it is decided, as `_record` does, and seen by others
    since = now_utc() - NEW_DIARY_WINDOW
    row_id = row.id
    if store.count_diary_starts(key, since) <= NEW_DIARIES_PER_ADDRESS:
        return row_id
    uncount(row_id)
    return None


def uncount(row_id: int) -> None:
    """This diary was not started after all (another request of the same browser was first)."""
    store.remove_diary_start(row_id)
    db.session.commit()
