"""One-time recovery codes: Flouria sends no e-mail, so these reset a forgotten password.

Codes are random (12 characters from 31 unambiguous ones, about 59 bits), so a plain SHA-256 is
enough to store them; only the hash is kept. Each code works once.
"""

from __future__ import annotations

import hashlib
import secrets

from ..extensions import db
from ..store.models import RecoveryCode
from ..store.models import User
from ..store.models import now_utc

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
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_code() for _ in range(COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(c)) for c in codes)
    return codes


def _unused(user: User, code: str) -> RecoveryCode | None:
    query = db.select(RecoveryCode).filter_by(user_id=user.id, code_hash=_hash(code), used_at=None)
    return db.session.execute(query).scalars().first()


def are_current(user: User, codes: list[str]) -> bool:
    """Are these all her unused codes (for the download, which posts them back)?"""
    return bool(codes) and all(_unused(user, code) is not None for code in codes)


def use(user: User, code: str) -> bool:
    """Spend one code. True when it was hers and unused. The update is conditional, so two
    requests at the same moment cannot both spend it; the caller commits."""
    found = _unused(user, code)
    if found is None:
        return False
    spent = db.session.execute(
        db.update(RecoveryCode)
        .where(RecoveryCode.id == found.id, RecoveryCode.used_at.is_(None))
        .values(used_at=now_utc())
    )
    return spent.rowcount == 1


def remaining(user: User) -> int:
    query = db.select(db.func.count()).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
    )
    return db.session.execute(query).scalar_one()
