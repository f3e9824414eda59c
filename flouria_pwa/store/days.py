"""The one query the insights need: the few columns of her check-ins that the comparisons read
(`insights.stats.COLUMNS`), oldest first, scoped to her diary."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ..extensions import db
from .models import CheckIn
from .models import User


def insight_rows(user: User | None, columns: Sequence[str], since: date | None = None) -> list[Any]:
    """These columns of every check-in of `user` (none without a diary) dated `since` or later,
    oldest first."""
    if user is None:
        return []
    table = CheckIn.__table__.c
    query = db.select(*(table[name] for name in columns)).where(CheckIn.user_id == user.id)
    if since is not None:
        query = query.where(CheckIn.date >= since)
    return list(db.session.execute(query.order_by(CheckIn.date)))
