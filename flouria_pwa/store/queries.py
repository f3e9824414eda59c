"""Reading and writing one person's check-ins. Every query is scoped to her user id.

Writes follow the store's commit rule (`flouria_pwa.store`): they add and flush, the view
commits."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from ..rules.catalogue import default_parameters
from ..rules.values import CheckInValue
from ..rules.values import ProfileValue
from .models import AuthFailure
from .models import CheckIn
from .models import DeletedCheckIn
from .models import Profile
from .models import RecoveryCode
from .models import User
from .models import now_utc

HISTORY_DAYS = default_parameters().history_days  # docs/rules.md §2.5; catalogue.json "parameters"
MAX_CHECKINS_PER_DIARY = 20_000  # [P] 50+ years of daily check-ins; bounds what one diary stores


class Refused(Exception):
    """A check-in that cannot be stored; `message` says why, in Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotHers(Refused):
    """The id belongs to somebody else's diary (answered as if it did not exist)."""


class Deleted(Refused):
    """She deleted this check-in: an older copy arriving later never brings it back."""


class DiaryFull(Refused):
    """Her diary holds the most check-ins one diary may store."""


def _deleted_message() -> str:
    return _("This check-in was deleted. It will not come back.")


def _full_message() -> str:
    return _(
        "Your diary holds %(num)s check-ins, the most Flouria keeps in one diary. "
        "Delete old check-ins (export them first) to add new ones.",
        num=f"{MAX_CHECKINS_PER_DIARY:,}".replace(",", "."),
    )


NEWEST_FIRST = (
    CheckIn.date.desc(),
    db.func.coalesce(CheckIn.time, "").desc(),  # no time: after the timed ones of that day
    CheckIn.created_at.desc(),
    CheckIn.id.desc(),  # a total order, so pages never skip or repeat a check-in
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


def owner_of(entry: CheckIn) -> User | None:
    """Whose diary holds this check-in."""
    return db.session.get(User, entry.user_id)


def history_for(entry: CheckIn) -> list[CheckInValue]:
    """Her check-ins of the 90 days up to the entry: on its own day only the ones saved before it
    (docs/rules.md §2: same-day history entries are earlier check-ins of that day)."""
    user = owner_of(entry)
    first = entry.date - timedelta(days=HISTORY_DAYS)
    return [c.value() for c in checkins_between(user, first, entry.date) if in_history(c, entry)]


def profile_of(user: User | None) -> ProfileValue:
    """Her profile; the empty one when she has told us nothing yet."""
    if user is None or user.profile is None:
        return ProfileValue()
    return user.profile.value()


def set_profile(user: User, value: ProfileValue) -> Profile:
    """Put a valid profile in place."""
    profile = user.profile or Profile(user=user)
    profile.update_from(value)
    db.session.add(profile)
    return profile


def is_deleted(user: User, checkin_id: str) -> bool:
    tombstone = db.session.get(DeletedCheckIn, checkin_id)
    return tombstone is not None and tombstone.user_id == user.id


def _stored(user: User, checkin_id: str) -> CheckIn | None:
    """Her stored check-in with this id, or None when there is none yet.

    Raises NotHers for somebody else's id (a row or a tombstone) and Deleted for one she deleted.
    """
    existing = db.session.get(CheckIn, checkin_id)
    if existing is not None:
        if existing.user_id != user.id:
            raise NotHers(_("This check-in does not exist."))
        return existing
    tombstone = db.session.get(DeletedCheckIn, checkin_id)
    if tombstone is not None:
        if tombstone.user_id != user.id:
            raise NotHers(_("This check-in does not exist."))
        raise Deleted(_deleted_message())
    return None


def check_room(user: User, new_entries: int = 1) -> None:
    """Raise DiaryFull when `new_entries` more check-ins would pass the limit of one diary."""
    if count_checkins(user) + new_entries > MAX_CHECKINS_PER_DIARY:
        raise DiaryFull(_full_message())


def stored_checkin(user: User | None, checkin_id: str) -> CheckIn | None:
    """Like `owned_checkin`, but raising NotHers / Deleted as `save_checkin` does."""
    if user is None:
        return None
    return _stored(user, checkin_id)


KeptTips = list[dict[str, Any]]


def save_checkin(
    user: User,
    value: CheckInValue,
    entry: CheckIn | None = None,
    *,
    tips: Callable[[CheckIn], KeptTips],
    updated_at: datetime | None = None,
) -> CheckIn:
    """Store a valid check-in (flushed; the view commits). A second submit of the same new id
    changes nothing, also when both arrive at the same moment (the loser of the race gets the
    stored row; the race shows at the flush, so a rollback here undoes only this save).

    The check-in keeps the tips the caller chooses for the row as it is being saved
    (`tips.kept.selection_at_save`; its `created_at` is set). An edit chooses them again.

    Raises NotHers, Deleted (a tombstone: never recreated) or DiaryFull; nothing is stored then.
    """
    if entry is None:
        existing = _stored(user, value.id)
        if existing is not None:
            return existing
        check_room(user)
        entry = CheckIn(id=value.id, user_id=user.id, created_at=now_utc())
        db.session.add(entry)
    entry.update_from(value)
    entry.updated_at = updated_at or now_utc()
    entry.received_at = now_utc()
    entry.tips = tips(entry)
    try:
        db.session.flush()
    except IntegrityError:  # the same new id, stored a moment ago by a parallel request
        db.session.rollback()
        existing = _stored(user, value.id)
        if existing is None:
            raise
        return existing
    except StaleDataError:  # deleted while this edit was on its way
        db.session.rollback()
        raise Deleted(_deleted_message()) from None
    return entry


def delete_checkin(entry: CheckIn) -> None:
    """Delete and leave a tombstone, so the delete syncs to her other devices."""
    db.session.add(DeletedCheckIn(id=entry.id, user_id=entry.user_id, deleted_at=now_utc()))
    db.session.delete(entry)
    try:
        db.session.flush()
    except (IntegrityError, StaleDataError):  # deleted twice at the same moment: once is enough
        db.session.rollback()


def changed_since(
    user: User | None, since: datetime | None, after: tuple[Any, ...] | None, size: int
) -> tuple[list[CheckIn], tuple[Any, ...] | None]:
    """One page of her check-ins, newest first (changed after `since`, when given), from just
    after the `after` key; and the key of the last one when more follow."""
    if user is None:
        return [], None
    key = tuple_(CheckIn.date, db.func.coalesce(CheckIn.time, ""), CheckIn.created_at, CheckIn.id)
    query = db.select(CheckIn).filter(CheckIn.user_id == user.id)
    if since is not None:
        query = query.filter(CheckIn.received_at > since)  # the server's clock, like `since`
    if after is not None:
        query = query.filter(key < tuple_(*after))
    query = query.order_by(*NEWEST_FIRST).limit(size + 1)
    rows = list(db.session.execute(query).scalars())
    if len(rows) <= size:
        return rows, None
    last = rows[size - 1]
    return rows[:size], (last.date, last.time or "", last.created_at, last.id)


def deleted_since(user: User | None, since: datetime | None) -> list[DeletedCheckIn]:
    if user is None:
        return []
    query = db.select(DeletedCheckIn).filter(DeletedCheckIn.user_id == user.id)
    if since is not None:
        query = query.filter(DeletedCheckIn.deleted_at > since)
    return list(db.session.execute(query.order_by(DeletedCheckIn.deleted_at)).scalars())


def adopt(account: User, anonymous: User) -> None:
    """Move an anonymous diary into her account: every check-in, and the profile when the account
    has none yet. The anonymous user is then removed."""
    for table in (CheckIn, DeletedCheckIn):
        db.session.execute(
            db.update(table).where(table.user_id == anonymous.id).values(user_id=account.id)
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
    db.session.flush()


def erase(user: User, failures_key: str | None) -> None:
    """Remove every trace of her from the database: check-ins, profile, recovery codes, the
    failed sign-in attempts under her name (`failures_key`, the throttle's key of her account
    name; None for an anonymous diary), and the user row itself."""
    user_id = user.id
    db.session.execute(db.delete(CheckIn).where(CheckIn.user_id == user_id))
    db.session.execute(db.delete(DeletedCheckIn).where(DeletedCheckIn.user_id == user_id))
    db.session.execute(db.delete(Profile).where(Profile.user_id == user_id))
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    if failures_key is not None:
        db.session.execute(db.delete(AuthFailure).where(AuthFailure.key == failures_key))
    db.session.execute(db.delete(User).where(User.id == user_id))
    db.session.expire_all()


def count_checkins(user: User | None) -> int:
    if user is None:
        return 0
    query = db.select(db.func.count()).where(CheckIn.user_id == user.id)
    return db.session.execute(query).scalar_one()


def in_history(candidate: CheckIn, entry: CheckIn) -> bool:
    """Whether `candidate` belongs to the history the engine sees for `entry` (docs/rules.md §2): a
    check-in of the 90 days up to the entry, and on its own day only one saved before it. The
    report's single pass and the tips page decide by it; `history_for` must agree (the tests in
    tests/test_report.py and tests/test_costs.py compare them)."""
    return (
        entry.date - timedelta(days=HISTORY_DAYS) <= candidate.date <= entry.date
        and candidate.id != entry.id
        and (candidate.date < entry.date or candidate.created_at < entry.created_at)
    )


def rows_between(user: User | None, first: date, last: date, columns: tuple[str, ...]) -> list[Any]:
    """Only these columns of her check-ins dated first..last, newest first, as plain rows (read
    like check-ins: `row.date`): for pages that read many check-ins but little of each, where
    building whole check-ins would cost most of the time."""
    if user is None:
        return []
    table = CheckIn.__table__.c
    query = (
        db.select(*(table[name] for name in columns))
        .where(CheckIn.user_id == user.id, CheckIn.date >= first, CheckIn.date <= last)
        .order_by(*NEWEST_FIRST)
    )
    return list(db.session.execute(query))


def history_order(entry: CheckIn) -> tuple[date, datetime]:
    """The order in which check-ins join the history (`in_history`): by day, and within a day by
    when each was saved. On one day, `in_history(a, b)` holds exactly when `a` sorts strictly
    before `b` here (two saved at the same moment: neither sees the other), so a single pass in
    this order can build each check-in's same-day history from the ones before it."""
    return entry.date, entry.created_at


def history_before(user: User | None, first: date) -> list[CheckIn]:
    """Her check-ins of the HISTORY_DAYS before `first`, newest first: what the history of a
    check-in dated `first` or later reaches beyond the check-ins from `first` on."""
    return checkins_between(user, first - timedelta(days=HISTORY_DAYS), first - timedelta(days=1))


def checked_in_on(user_id: int, day: date) -> bool:
    """Whether her diary holds a check-in dated `day` (the reminders skip such a day)."""
    query = db.select(CheckIn.id).where(CheckIn.user_id == user_id, CheckIn.date == day)
    return db.session.execute(query.limit(1)).first() is not None


OLDEST_FIRST = (CheckIn.date, CheckIn.created_at, CheckIn.id)
_CHUNK = 500


def stream_oldest_first(user: User | None) -> Iterator[CheckIn]:
    """Her check-ins oldest first, fetched 500 at a time while the caller streams (the export)."""
    if user is None:
        return
    query = (
        db.select(CheckIn)
        .filter_by(user_id=user.id)
        .order_by(*OLDEST_FIRST)
        .execution_options(yield_per=_CHUNK)
    )
    yield from db.session.execute(query).scalars()


def stream_rows_oldest_first(user_id: int | None) -> Iterator[Any]:
    """Her check-ins oldest first as plain rows (no ORM objects, read like check-ins), fetched 500
    at a time: the database cursor streams them (a server-side cursor on PostgreSQL)."""
    if user_id is None:
        return
    query = (
        db.select(CheckIn.__table__)
        .where(CheckIn.user_id == user_id)
        .order_by(*OLDEST_FIRST)
        .execution_options(yield_per=_CHUNK)
    )
    yield from db.session.execute(query)


def holders(ids: Iterable[str]) -> dict[str, tuple[int, CheckIn | None]]:
    """Who holds each of these ids, in anybody's diary, as a check-in or as a tombstone:
    id -> (user id, the row, or None for a tombstone). For the import, which must never
    update somebody else's row."""
    wanted = list(ids)
    found: dict[str, tuple[int, CheckIn | None]] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        tombs = db.select(DeletedCheckIn).where(DeletedCheckIn.id.in_(chunk))
        for tomb in db.session.execute(tombs).scalars():
            found[tomb.id] = (tomb.user_id, None)
        for row in db.session.execute(db.select(CheckIn).where(CheckIn.id.in_(chunk))).scalars():
            found[row.id] = (row.user_id, row)
    return found


def put_imported(
    user: User,
    value: CheckInValue,
    row: CheckIn | None,
    *,
    tips: KeptTips | None,
    created_at: datetime,
    updated_at: datetime,
    received_at: datetime,
) -> CheckIn:
    """Store one check-in of an export file as the file has it (a new row when `row` is None),
    with its own stamps and kept tips."""
    if row is None:
        row = CheckIn(id=value.id, user_id=user.id)
        db.session.add(row)
    row.update_from(value)
    row.tips = tips
    row.created_at = created_at
    row.updated_at = updated_at
    row.received_at = received_at
    return row
