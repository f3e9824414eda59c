"""Today's tips ("Vandaag voor jou") and the library of every tip."""

from __future__ import annotations

from flask import Blueprint
from flask import render_template

from . import advice
from . import diary_store
from .identity import current_user
from .models import CheckIn

bp = Blueprint("tips", __name__, url_prefix="/tips")


def _page(entry: CheckIn | None) -> str:
    tips = None
    if entry is not None:
        tips = advice.todays_tips(
            entry.to_contract(),
            diary_store.profile_of(current_user()),
            diary_store.history_for(entry),
            entry.date,
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
