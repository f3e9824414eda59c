"""Database models: a user (anonymous or with an account), her profile, check-ins and recovery
codes, her signed-in sessions, and what rate limiting counts (failed sign-in attempts, new
anonymous diaries)."""

from __future__ import annotations

import secrets
from datetime import UTC
from datetime import date
from datetime import datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import false
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from ..extensions import db
from ..rules.contract import CHECKIN_FIELDS
from ..rules.contract import LIST_KINDS
from ..rules.contract import PROFILE_FIELDS
from ..rules.contract import Field
from ..rules.values import CheckInValue
from ..rules.values import ProfileValue


def _store(row: Any, value: Any, spec: tuple[Field, ...]) -> None:
    """Copy a contract value into a row: sets and medicine entries become the JSON lists the
    row keeps."""
    for f in spec:
        item = getattr(value, f.name)
        if f.kind == "set":
            item = list(item)
        elif f.kind in LIST_KINDS:
            item = [entry.to_json() for entry in item]
        setattr(row, f.name, item)


_EDITABLE = tuple(f for f in CHECKIN_FIELDS if f.name != "id")


def now_utc() -> datetime:
    return datetime.now(UTC)


def _diary_key() -> str:
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    """Whose diary. Anonymous: known by the hash of the browser's cookie token. With an account:
    known by her username and password; `token_hash` is then empty.

    Each sign-in is its own server-side session (`AccountSession`): signing out deletes it.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    username: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # A random value the offline store's diary tag derives from: never the row id, which SQLite
    # hands out again after an erase.
    diary_key: Mapped[str] = mapped_column(String(32), unique=True, default=_diary_key)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    profile: Mapped[Profile | None] = relationship(
        back_populates="user", cascade="all, delete-orphan", uselist=False
    )

    @property
    def has_account(self) -> bool:
        return self.username is not None

    def get_id(self) -> str | None:
        """The key of the session this request runs in (identity sets it on sign-in and when it
        loads the session); Flask-Login keeps it in the session and the remember cookie."""
        return getattr(self, "_session_key", None)


class AccountSession(db.Model):
    """One signed-in browser of hers. The session cookie and the remember cookie carry the key;
    only its SHA-256 is kept, and signing out deletes the row, so a replayed cookie opens
    nothing."""

    __tablename__ = "account_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)


class DiaryStart(db.Model):
    """A new anonymous diary, counted per network address for the hourly limit. `key` is a keyed
    hash of the address, never the address itself."""

    __tablename__ = "diary_start"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)


class RecoveryCode(db.Model):
    """One of her ten one-time codes that reset the password (only a hash is kept)."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]


class AuthFailure(db.Model):
    """A failed sign-in or recovery attempt, for rate limiting. `key` is a keyed hash of the
    account name or the network address, never the name or address itself."""

    __tablename__ = "auth_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)


class DeletedCheckIn(db.Model):
    """A tombstone: the id of a check-in she deleted, and when. A delete is a fact that syncs, so a
    late outbox or a second device's older copy never brings the check-in back."""

    __tablename__ = "deleted_checkin"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    deleted_at: Mapped[datetime] = mapped_column(default=now_utc)


class Profile(db.Model):
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    perimenopause: Mapped[bool] = mapped_column(default=False)
    osteoarthritis: Mapped[list[str]] = mapped_column(JSON, default=list)
    medication: Mapped[list[str]] = mapped_column(JSON, default=list)
    assessed: Mapped[bool] = mapped_column(default=False)
    long_standing: Mapped[bool] = mapped_column(default=False)
    strength_training_since: Mapped[date | None]
    # "Mijn medicijnen": [{"name": ..., "dose": ...}], never read by the rules (issue 15).
    my_medicines: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    user: Mapped[User] = relationship(back_populates="profile")

    def value(self) -> ProfileValue:
        """The stored profile as the contract value."""
        return ProfileValue.of({f.name: getattr(self, f.name) for f in PROFILE_FIELDS})

    def update_from(self, value: ProfileValue) -> None:
        """Take a valid profile value."""
        _store(self, value, PROFILE_FIELDS)


class CheckIn(db.Model):
    """One morning check-in; its `id` is the client's UUID so an offline entry is never doubled."""

    __tablename__ = "checkin"
    # Her diary, newest first, is the commonest query: one index serves it for every user.
    __table_args__ = (Index("ix_checkin_user_date", "user_id", "date"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    date: Mapped[date]
    time: Mapped[str | None] = mapped_column(String(5))
    stiffness: Mapped[int] = mapped_column(default=0)
    stiffness_minutes: Mapped[int | None]
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Where exactly (issue 15): `contract.SPOTS` ids; `areas` already holds their areas.
    spots: Mapped[list[str]] = mapped_column(JSON, default=list)
    pain: Mapped[int] = mapped_column(default=0)
    cramp: Mapped[bool] = mapped_column(default=False)
    cramp_when: Mapped[list[str]] = mapped_column(JSON, default=list)
    cramp_where: Mapped[list[str]] = mapped_column(JSON, default=list)
    cramp_count: Mapped[int | None]
    swelling: Mapped[bool] = mapped_column(default=False)
    injury: Mapped[bool] = mapped_column(default=False)
    limits: Mapped[list[str]] = mapped_column(JSON, default=list)
    numbness: Mapped[bool] = mapped_column(default=False)
    strength_loss: Mapped[str | None] = mapped_column(String(8))  # None: not answered
    radiating: Mapped[bool] = mapped_column(default=False)
    saddle_numbness: Mapped[bool] = mapped_column(default=False, server_default=false())
    fluid: Mapped[str | None] = mapped_column(String(8))
    sleep: Mapped[str | None] = mapped_column(String(8))
    long_sitting: Mapped[bool] = mapped_column(default=False)
    activity: Mapped[str | None] = mapped_column(String(8))
    stress: Mapped[str | None] = mapped_column(String(8))
    alcohol: Mapped[bool] = mapped_column(default=False)
    coffee: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default="")
    # What she took: [{"name", "dose", "count", "time", "as_needed", "effect"}] (issue 15);
    # never read by the rules.
    medicines_taken: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The tips this check-in was given when it was last saved, in display order:
    # [{"id": "rf7", "text_id": "rf7_now", "urgency": "now"}, ...] (`tips.kept_selection`).
    # None for check-ins saved before tips were kept: their tips are computed when shown.
    tips: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)
    # When the server last stored it, by the server's clock. `updated_at` is the phone's stamp of
    # the edit (last edit wins); other devices ask for what the server received since their last
    # pull, so an edit that reaches the server late is never missed.
    received_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    def value(self) -> CheckInValue:
        """The stored check-in as the contract value."""
        return CheckInValue.of({f.name: getattr(self, f.name) for f in CHECKIN_FIELDS})

    def to_contract(self) -> dict[str, Any]:
        """The check-in as JSON carries it (ISO date): for the API, the export and tests. Code
        that reads a check-in takes `value()`."""
        return self.value().to_json()

    def update_from(self, value: CheckInValue) -> None:
        """Take a valid check-in value; `id` is never changed."""
        _store(self, value, _EDITABLE)


class PushSubscription(db.Model):
    """One browser's Web Push subscription for her daily reminder (issue 13). The endpoint is a
    capability URL of the browser's push service; `p256dh` and `auth` encrypt what we send."""

    __tablename__ = "push_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(2048), unique=True)
    p256dh: Mapped[str] = mapped_column(String(128))
    auth: Mapped[str] = mapped_column(String(64))
    time: Mapped[str] = mapped_column(String(5))  # her local "HH:MM"
    timezone: Mapped[str] = mapped_column(String(64))  # an IANA name
    days: Mapped[list[int]] = mapped_column(JSON, default=list)  # ISO weekdays, 1 = Monday
    text: Mapped[str] = mapped_column(String(80), default="")  # her lock-screen text, or ""
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)


class ReminderSent(db.Model):
    """The claim on one reminder: a (subscription, her local date) row is made before the push
    goes out, and the unique constraint lets only one sender (of several at once) have it."""

    __tablename__ = "reminder_sent"
    __table_args__ = (UniqueConstraint("subscription_id", "local_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("push_subscription.id", ondelete="CASCADE")
    )
    local_date: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
