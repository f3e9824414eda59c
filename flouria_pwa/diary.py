"""The diary: check-ins newest first, grouped by week, with the 30-day trend chart."""

from __future__ import annotations

from datetime import timedelta
from itertools import groupby

from flask import Blueprint
from flask import render_template

from . import chart
from . import diary_store
from .dates import today
from .identity import current_user

bp = Blueprint("diary", __name__, url_prefix="/dagboek")


@bp.get("/")
def index() -> str:
    entries = diary_store.all_checkins(current_user())
    weeks = [
        (monday, list(group))
        for monday, group in groupby(
            entries, key=lambda e: e.date - timedelta(days=e.date.weekday())
        )
    ]
    last = today()
    trend = chart.build(
        diary_store.checkins_between(current_user(), last - timedelta(days=29), last), last
    )
    return render_template("diary/index.html", weeks=weeks, chart=trend, timedelta=timedelta)
