"""One-time recovery codes: Flouria sends no e-mail, so these reset a forgotten password.

Codes are random (12 characters from 31 unambiguous ones, about 59 bits), so a plain SHA-256 is
enough to store them; only the hash is kept. Each code works once.
"""

from __future__ import annotations

import hashlib
import secrets

from ..store import accounts as store
from ..store.models import User

COUNT = 10
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to copy from paper


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _hash(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def replace_codes(user: User) -> list[str]:
    """Ten fresh codes for her; the old ones stop working. The caller commits."""
    codes = [_new_code() for _ in range(COUNT)]
    store.replace_recovery_codes(user, [_hash(c) for c in codes])
    return codes


def are_current(user: User, codes: list[str]) -> bool:
    """Are these all her unused codes (for the download, which posts them back)?"""
    return bool(codes) and all(
        store.unused_recovery_code(user, _hash(code)) is not None for code in codes
    )


def use(user: User, code: str) -> bool:
    """Spend one code. True when it was hers and unused. The update is conditional, so two
    requests at the same moment cannot both spend it; the caller commits."""
    found = store.unused_recovery_code(user, _hash(code))
    return found is not None and store.spend_recovery_code(found)


def remaining(user: User) -> int:
    return store.recovery_codes_left(user)
