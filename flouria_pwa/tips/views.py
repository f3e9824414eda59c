"""Today's tips ("Vandaag voor jou"), the tips a check-in was given, and the library of every tip.

A check-in keeps the tips it was given when it was saved (`CheckIn.tips`), so reopening an old
day, or the report, shows what she saw that day: entries added later, a changed profile or a
newer engine never rewrite it. Each kept tip is `{"id", "text_id", "urgency"}`: the rule, the
text variant and (for a red flag) the urgency chosen at save time, in display order. An offline
phone sends the ids of the tips it showed; the server keeps those ids and works out their text
variant and urgency from the same facts (`selection_at_save`). Check-ins saved before tips were
kept have none (`tips` is None): their tips are computed when shown, as they always were.
"""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import render_template

from ..dates import now_local
from ..helped import TIPS_AFTER
from ..helped import open_questions
from ..identity import diary_owner
from ..rules import engine
from ..store import queries
from ..store.models import CheckIn
from . import advice
from .kept import history
from .kept import kept_selection

bp = Blueprint("tips", __name__, url_prefix="/tips")


def tips_of(entry: CheckIn) -> advice.TodaysTips:
    """What the tips page shows for `entry`: its kept tips, else (saved before tips were kept)
    the tips computed now."""
    selected = kept_selection(entry)
    if selected is None:
        user = diary_owner()
        selected = engine.select_tips(entry.value(), queries.profile_of(user), history(entry))
    gp, shown, more = engine.display_selection(selected)
    render = advice.render
    return advice.TodaysTips(
        [render(t) for t in gp], [render(t) for t in shown], [render(t) for t in more]
    )


def _page(entry: CheckIn | None) -> str:
    tips = tips_of(entry) if entry is not None else None
    # "Hielp het?" for an as-needed medicine of about two hours ago or more (flouria_pwa/helped.py)
    helped = open_questions(diary_owner(), now_local(), older_than=TIPS_AFTER)
    return render_template(
        "tips/today.html", entry=entry, tips=tips, helped=helped, helped_back="tips"
    )


@bp.get("/")
def today() -> str:
    """The tips for her newest check-in."""
    return _page(queries.latest_checkin(diary_owner()))


@bp.get("/<checkin_id>")
def for_checkin(checkin_id: str) -> str:
    entry = queries.owned_checkin(diary_owner(), checkin_id)
    if entry is None:  # also somebody else's: no hint that it exists
        abort(404)
    return _page(entry)


@bp.get("/alle")
def library() -> str:
    """Every tip text, by category, readable without a check-in (and, later, offline)."""
    return render_template("tips/library.html", by_category=advice.library())
