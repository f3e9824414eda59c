"""The queries of accounts: users by name or diary token, server-side sign-in sessions, recovery
codes, and the rows the rate limits count (failed attempts, new anonymous diaries).

It takes hashes and keys, never tokens, cookies or the request: `identity`, `accounts.recovery`
and `accounts.throttle` compute them. Like the rest of the store these functions add, change and
flush, and leave the commit to the caller; the one exception, `add_anonymous`, says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import AccountSession
from .models import AuthFailure
from .models import DiaryStart
from .models import RecoveryCode
from .models import User
from .models import now_utc

# Users ----------------------------------------------------------------------------------------


def account_named(username: str) -> User | None:
    return db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none()


def anonymous_by_token_hash(token_hash: str) -> User | None:
    """The anonymous diary whose cookie token hashes to this (never an account)."""
    return db.session.execute(
        db.select(User).filter_by(token_hash=token_hash, username=None)
    ).scalar_one_or_none()


def add_anonymous(token_hash: str) -> tuple[User, bool]:
    """The anonymous diary of this token, made now: (its user, True), or (the user another
    request made a moment ago, False).

    This commits, against the store's rule, because the race is decided by the unique token hash
    and only a committed row is seen by the other requests of the same browser: when several
    first writes arrive together, one creates the row, the others get IntegrityError here, roll
    back (nothing else is pending: it is the request's first write) and read the winner's row.
    """
    user = User(token_hash=token_hash)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        found = anonymous_by_token_hash(token_hash)
        if found is None:
            raise
        return found, False
    return user, True


# Sign-in sessions ----------------------------------------------------------------------------


def open_session(user: User, key_hash: str) -> None:
    db.session.add(AccountSession(user_id=user.id, key_hash=key_hash))


def end_session(key_hash: str) -> None:
    db.session.execute(db.delete(AccountSession).where(AccountSession.key_hash == key_hash))


def end_all_sessions(user: User) -> None:
    db.session.execute(db.delete(AccountSession).where(AccountSession.user_id == user.id))


def account_of_session(key_hash: str) -> User | None:
    """The user of a live server-side session (whether she still has an account is the
    caller's check)."""
    return db.session.execute(
        db.select(User)
        .join(AccountSession, AccountSession.user_id == User.id)
        .where(AccountSession.key_hash == key_hash)
    ).scalar_one_or_none()


# Recovery codes -------------------------------------------------------------------------------


def replace_recovery_codes(user: User, code_hashes: Iterable[str]) -> None:
    """Her codes are these from now on; the old ones stop working."""
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=h) for h in code_hashes)


def unused_recovery_code(user: User, code_hash: str) -> RecoveryCode | None:
    query = db.select(RecoveryCode).filter_by(user_id=user.id, code_hash=code_hash, used_at=None)
    return db.session.execute(query).scalars().first()


def spend_recovery_code(code: RecoveryCode) -> bool:
    """Mark the code used. The update is conditional, so of two requests at the same moment
    only one spends it (True)."""
    spent = db.session.execute(
        db.update(RecoveryCode)
        .where(RecoveryCode.id == code.id, RecoveryCode.used_at.is_(None))
        .values(used_at=now_utc())
    )
    return spent.rowcount == 1


def recovery_codes_left(user: User) -> int:
    query = db.select(db.func.count()).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
    )
    return db.session.execute(query).scalar_one()


# What the rate limits count -------------------------------------------------------------------


def add_failures(keys: Iterable[str], expired: datetime) -> list[AuthFailure]:
    """One failed-attempt row per key (flushed, so each has its id); rows from `expired` or
    before are removed on the way."""
    db.session.execute(db.delete(AuthFailure).where(AuthFailure.created_at <= expired))
    rows = [AuthFailure(key=key) for key in keys]
    db.session.add_all(rows)
    db.session.flush()
    return rows


def count_failures(key: str, since: datetime) -> int:
    query = db.select(db.func.count()).where(AuthFailure.key == key, AuthFailure.created_at > since)
    return db.session.execute(query).scalar_one()


def clear_failures(keys: Iterable[str], ids: Iterable[int]) -> None:
    """Remove every row of these keys and the rows with these ids."""
    db.session.execute(
        db.delete(AuthFailure).where(
            AuthFailure.key.in_(list(keys)) | AuthFailure.id.in_(list(ids))
        )
    )


def add_diary_start(key: str, expired: datetime) -> DiaryStart:
    """One new anonymous diary for this address key (flushed, so it has its id); rows from
    `expired` or before are removed on the way."""
    db.session.execute(db.delete(DiaryStart).where(DiaryStart.created_at <= expired))
    row = DiaryStart(key=key)
    db.session.add(row)
    db.session.flush()
    return row


def count_diary_starts(key: str, since: datetime) -> int:
    query = db.select(db.func.count()).where(DiaryStart.key == key, DiaryStart.created_at > since)
    return db.session.execute(query).scalar_one()


def remove_diary_start(row_id: int) -> None:
    db.session.execute(db.delete(DiaryStart).where(DiaryStart.id == row_id))
