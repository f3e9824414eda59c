"""Reading and writing one person's check-ins. Every query is scoped to her user id."""

from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any

from flask import abort

from .contract import default_profile
from .extensions import db
from .models import AuthFailure
from .models import CheckIn
from .models import Profile
from .models import RecoveryCode
from .models import User
from .models import now_utc

HISTORY_DAYS = 90  # RULES.md §2.5: the engine sees at least the 90 days before the check-in


NEWEST_FIRST = (
    CheckIn.date.desc(),
    CheckIn.time.desc().nulls_last(),
    CheckIn.created_at.desc(),
    CheckIn.id,  # a total order, so pages never skip or repeat a check-in
)


def checkins_between(user: User | None, first: date, last: date) -> list[CheckIn]:
    """Her check-ins dated first..last, newest first."""
    if user is None:
        return []
    query = (
        db.select(CheckIn)
        .filter(CheckIn.user_id == user.id, CheckIn.date >= first, CheckIn.date <= last)
        .order_by(*NEWEST_FIRST)
    )
    return list(db.session.execute(query).scalars())


def checkins_page(user: User | None, page: int, size: int) -> tuple[list[CheckIn], bool]:
    """One page of her check-ins, newest first, and whether older ones follow."""
    if user is None:
        return [], False
    query = db.select(CheckIn).filter_by(user_id=user.id).order_by(*NEWEST_FIRST)
    rows = list(db.session.execute(query.offset((page - 1) * size).limit(size + 1)).scalars())
    return rows[:size], len(rows) > size


def all_checkins(user: User | None) -> list[CheckIn]:
    return checkins_between(user, date(2000, 1, 1), date(9999, 12, 31))


def latest_checkin(user: User | None) -> CheckIn | None:
    if user is None:
        return None
    query = db.select(CheckIn).filter_by(user_id=user.id).order_by(*NEWEST_FIRST).limit(1)
    return db.session.execute(query).scalar_one_or_none()


def owned_checkin(user: User | None, checkin_id: str) -> CheckIn | None:
    """Her check-in with this id; None for somebody else's, a missing one, or a malformed id
    (which never reaches the database)."""
    try:
        key = str(uuid.UUID(checkin_id))
    except ValueError:
        return None
    if key != checkin_id.lower():  # only the canonical spelling names a check-in
        return None
    entry = db.session.get(CheckIn, key) if user is not None else None
    if entry is None or entry.user_id != user.id:
        return None
    return entry


def get_checkin_or_404(user: User | None, checkin_id: str) -> CheckIn:
    """Her check-in, or 404 — also when the id belongs to somebody else (no hint that it exists)."""
    entry = owned_checkin(user, checkin_id)
    if entry is None:
        abort(404)
    return entry


def history_for(entry: CheckIn) -> list[dict[str, Any]]:
    """Her check-ins of the 90 days up to the entry: on its own day only the ones saved before it
    (RULES.md §2: same-day history entries are earlier check-ins of that day)."""
    user = db.session.get(User, entry.user_id)
    first = entry.date - timedelta(days=HISTORY_DAYS)
    return [
        c.to_contract()
        for c in checkins_between(user, first, entry.date)
        if c.id != entry.id and (c.date < entry.date or c.created_at < entry.created_at)
    ]


def profile_of(user: User | None) -> dict[str, Any]:
    if user is None or user.profile is None:
        return default_profile()
    return user.profile.to_contract()


def set_profile(user: User, data: dict[str, Any]) -> Profile:
    """Put a validated profile in place; the caller commits."""
    profile = user.profile or Profile(user=user)
    profile.update_from(data)
    db.session.add(profile)
    return profile


def save_profile(user: User, data: dict[str, Any]) -> Profile:
    profile = set_profile(user, data)
    db.session.commit()
    return profile


def save_checkin(
    user: User,
    data: dict[str, Any],
    entry: CheckIn | None = None,
    *,
    updated_at: datetime | None = None,
) -> CheckIn:
    """Store a validated check-in. A second submit of the same new id changes nothing."""
    if entry is None:
        existing = db.session.get(CheckIn, data["id"])
        if existing is not None:
            if existing.user_id != user.id:
                abort(404)
            return existing
        entry = CheckIn(id=data["id"], user_id=user.id)
        db.session.add(entry)
    entry.update_from(data)
    entry.updated_at = updated_at or now_utc()
    db.session.commit()
    return entry


def delete_checkin(entry: CheckIn) -> None:
    db.session.delete(entry)
    db.session.commit()


def adopt(account: User, anonymous: User) -> None:
    """Move an anonymous diary into her account: every check-in, and the profile when the account
    has none yet. The anonymous user is then removed."""
    db.session.execute(
        db.update(CheckIn).where(CheckIn.user_id == anonymous.id).values(user_id=account.id)
    )
    if anonymous.profile is not None:
        if account.profile is None:
            db.session.execute(
                db.update(Profile).where(Profile.user_id == anonymous.id).values(user_id=account.id)
            )
        else:
            db.session.delete(anonymous.profile)
    db.session.expire_all()
    db.session.delete(db.session.get(User, anonymous.id))
    db.session.commit()


def erase(user: User) -> None:
    """Remove every trace of her from the database: check-ins, profile, recovery codes, the
    failed sign-in attempts under her name, and the user row itself."""
    from .throttle import account_key  # the throttle knows how it names accounts

    user_id = user.id
    account_name = user.username
    db.session.execute(db.delete(CheckIn).where(CheckIn.user_id == user_id))
    db.session.execute(db.delete(Profile).where(Profile.user_id == user_id))
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    if account_name is not None:
        db.session.execute(
            db.delete(AuthFailure).where(AuthFailure.key == account_key(account_name))
        )
    db.session.execute(db.delete(User).where(User.id == user_id))
    db.session.commit()
    db.session.expire_all()


def count_checkins(user: User | None) -> int:
    if user is None:
        return 0
    query = db.select(db.func.count()).where(CheckIn.user_id == user.id)
    return db.session.execute(query).scalar_one()
