"""Today's tips ("Vandaag voor jou") and the library of every tip."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint
from flask import render_template

from . import advice
from . import diary_store
from . import facts
from .extensions import db
from .identity import current_user
from .models import CheckIn
from .models import User

bp = Blueprint("tips", __name__, url_prefix="/tips")


_HISTORY_COLUMNS = ("id", "created_at", *facts.DAY_FIELDS)


def history(entry: CheckIn) -> list[dict[str, Any]]:
    """The history `diary_store.history_for` gives, with only the fields the engine reads of a
    history entry (`facts.DAY_FIELDS`; the rest take their defaults and are never read), read
    as plain rows: a busy 90 days cost a fraction of whole check-ins."""
    first = entry.date - timedelta(days=diary_store.HISTORY_DAYS)
    user = db.session.get(User, entry.user_id)
    rows = diary_store.rows_between(user, first, entry.date, _HISTORY_COLUMNS)
    return [_contract(row) for row in rows if diary_store.in_history(row, entry)]


def _contract(row: Any) -> dict[str, Any]:
    data = row._asdict()
    del data["created_at"]
    data["date"] = row.date.isoformat()
    return data


def _page(entry: CheckIn | None) -> str:
    tips = None
    if entry is not None:
        tips = advice.todays_tips(
            entry.to_contract(),
            diary_store.profile_of(current_user()),
            history(entry),
        )
    return render_template("tips/today.html", entry=entry, tips=tips)


@bp.get("/")
def today() -> str:
    """The tips for her newest check-in."""
    return _page(diary_store.latest_checkin(current_user()))


@bp.get("/<checkin_id>")
def for_checkin(checkin_id: str) -> str:
    return _page(diary_store.get_checkin_or_404(current_user(), checkin_id))


@bp.get("/alle")
def library() -> str:
    """Every tip text, by category, readable without a check-in (and, later, offline)."""
    return render_template("tips/library.html", by_category=advice.library())
