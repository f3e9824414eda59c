"""The queries of reminders: Web Push subscriptions and the claims on sent reminders.

Validated settings come in as plain values (`reminders.subscriptions.validate`); nothing here
reads the request or the session. These functions add, change and flush and leave the commit to
the caller, except `save_subscription` and `claim`, which decide a race and say why.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import PushSubscription
from .models import ReminderSent

SETTINGS = ("p256dh", "auth", "time", "timezone", "days", "text")


def subscription_at(endpoint: str) -> PushSubscription | None:
    """The subscription stored for this endpoint, whichever diary it belongs to."""
    return db.session.execute(
        db.select(PushSubscription).filter_by(endpoint=endpoint)
    ).scalar_one_or_none()


def device_count(user_id: int) -> int:
    query = db.select(db.func.count()).where(PushSubscription.user_id == user_id)
    return db.session.execute(query).scalar_one()


def _fill(row: PushSubscription, user_id: int, data: dict[str, Any]) -> None:
    """The subscription belongs to this diary, with her settings."""
    row.user_id = user_id
    for name in SETTINGS:
        setattr(row, name, data[name])


def save_subscription(
    row: PushSubscription | None, user_id: int, data: dict[str, Any]
) -> tuple[PushSubscription, bool]:
    """Store validated settings for `data["endpoint"]` in `row` (None: a new subscription) and
    commit: (the row, whether it was created).

    This commits, against the store's rule, because two PUTs of one new endpoint at the same
    moment are told apart only by the endpoint's unique key when the row is committed: the
    loser rolls back (the PUT holds no other change) and fills the winner's row instead, so
    both answer with the same stored settings.
    """
    created = row is None
    if row is None:
        row = PushSubscription(endpoint=data["endpoint"])
        db.session.add(row)
    _fill(row, user_id, data)
    try:
        db.session.commit()
    except IntegrityError:  # the same endpoint stored a moment ago by a second request
        db.session.rollback()
        row = db.session.execute(
            db.select(PushSubscription).filter_by(endpoint=data["endpoint"])
        ).scalar_one()
        _fill(row, user_id, data)
        db.session.commit()
        created = False
    return row, created


def remove_subscription(user_id: int, endpoint: str) -> None:
    """Her subscription at this endpoint goes (another diary's stays)."""
    db.session.execute(
        db.delete(PushSubscription).where(
            PushSubscription.endpoint == endpoint, PushSubscription.user_id == user_id
        )
    )


def subscriptions_of(user_id: int) -> list[PushSubscription]:
    query = db.select(PushSubscription).where(PushSubscription.user_id == user_id)
    return list(db.session.execute(query).scalars())


def all_subscriptions() -> list[PushSubscription]:
    query = db.select(PushSubscription).order_by(PushSubscription.id)
    return list(db.session.execute(query).scalars())


def delete(rows: Iterable[PushSubscription | ReminderSent]) -> None:
    """Remove these subscriptions (their claims go with them) or claims."""
    for row in rows:
        db.session.delete(row)


def forget_claims_before(moment: datetime) -> None:
    """Claims made before `moment` (UTC, naive as stored) are no longer needed."""
    db.session.execute(db.delete(ReminderSent).where(ReminderSent.created_at < moment))


def claim(row: PushSubscription, day: date) -> ReminderSent | None:
    """This sender's claim on (subscription, local date), or None when another sender has it.

    This commits, against the store's rule: the claim is what keeps two senders running at once
    from both sending, so it must be committed (and the loser see IntegrityError) before the push
    goes out. The sender commits nothing else in between.
    """
    sent = ReminderSent(subscription_id=row.id, local_date=day)
    db.session.add(sent)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return sent
