"""Database models: an (anonymous) user, her profile and her check-ins."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from .contract import CHECKIN_FIELDS
from .contract import PROFILE_FIELDS
from .extensions import db


def now_utc() -> datetime:
    return datetime.now(UTC)


class User(db.Model):
    """Whose diary: for now an anonymous browser, known by the hash of its cookie token."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    profile: Mapped[Profile | None] = relationship(
        back_populates="user", cascade="all, delete-orphan", uselist=False
    )


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
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    user: Mapped[User] = relationship(back_populates="profile")

    def to_contract(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in PROFILE_FIELDS}
        since = data["strength_training_since"]
        data["strength_training_since"] = since.isoformat() if since else None
        return data

    def update_from(self, data: dict[str, Any]) -> None:
        """Take a validated contract profile (dates as ISO strings)."""
        for f in PROFILE_FIELDS:
            setattr(self, f.name, data[f.name])
        since = data["strength_training_since"]
        self.strength_training_since = date.fromisoformat(since) if since else None


class CheckIn(db.Model):
    """One morning check-in; its `id` is the client's UUID so an offline entry is never doubled."""

    __tablename__ = "checkin"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    date: Mapped[date] = mapped_column(index=True)
    time: Mapped[str | None] = mapped_column(String(5))
    stiffness: Mapped[int] = mapped_column(default=0)
    stiffness_minutes: Mapped[int | None]
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    pain: Mapped[int] = mapped_column(default=0)
    cramp: Mapped[bool] = mapped_column(default=False)
    cramp_when: Mapped[list[str]] = mapped_column(JSON, default=list)
    cramp_where: Mapped[list[str]] = mapped_column(JSON, default=list)
    cramp_count: Mapped[int | None]
    swelling: Mapped[bool] = mapped_column(default=False)
    injury: Mapped[bool] = mapped_column(default=False)
    limits: Mapped[list[str]] = mapped_column(JSON, default=list)
    numbness: Mapped[bool] = mapped_column(default=False)
    strength_loss: Mapped[str] = mapped_column(String(8), default="none")
    radiating: Mapped[bool] = mapped_column(default=False)
    fluid: Mapped[str] = mapped_column(String(8), default="normal")
    sleep: Mapped[str] = mapped_column(String(8), default="good")
    long_sitting: Mapped[bool] = mapped_column(default=False)
    activity: Mapped[str] = mapped_column(String(8), default="usual")
    stress: Mapped[str] = mapped_column(String(8), default="low")
    alcohol: Mapped[bool] = mapped_column(default=False)
    coffee: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)

    def to_contract(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in CHECKIN_FIELDS}
        data["date"] = self.date.isoformat()
        return data

    def update_from(self, data: dict[str, Any]) -> None:
        """Take a validated contract check-in (date as ISO string); `id` is never changed."""
        for f in CHECKIN_FIELDS:
            if f.name != "id":
                setattr(self, f.name, data[f.name])
        self.date = date.fromisoformat(data["date"])
