"""The diary: check-ins newest first, grouped by week and within a week by day (a day's check-ins
under one heading, each with its time, newest first like the page), a page at a time, with the
trend chart of the last 30 days, 90 days or year (`?periode=90`, `?periode=365`; any other value
is a 404). Pages keep a diary of years as light as a new one: the chart reads its period in one
query.

A page holds `PAGE_SIZE` check-ins, not days: a day with more check-ins than fit is split over two
pages, and each half says so (`Day.continued`, `Day.continues`), rather than a page growing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from itertools import groupby

from flask import Blueprint
from flask import abort
from flask import render_template
from flask import request

from . import chart
from .dates import today
from .identity import diary_owner
from .store import queries
from .store.models import CheckIn
from .store.models import User

bp = Blueprint("diary", __name__, url_prefix="/dagboek")


PAGE_SIZE = 30
LAST_PAGE = 10_000  # 300,000 check-ins: far beyond any diary, and within every database's integers


@dataclass(frozen=True)
class Day:
    """One day's check-ins on this page, newest first."""

    date: date
    entries: list[CheckIn]
    continued: bool = False  # newer check-ins of this day are on the page before
    continues: bool = False  # older check-ins of this day are on the page after


def _days(user: User | None, entries: list[CheckIn], page: int, older: bool) -> list[Day]:
    """The page's check-ins by day. Only the first and the last day can be split over pages;
    each is checked against that day's check-ins in the page's own order (one small query)."""
    days = [Day(day, list(group)) for day, group in groupby(entries, key=lambda e: e.date)]
    if not days:
        return days

    def place(entry: CheckIn) -> tuple[int, int]:
        """Where this check-in stands among its day's, and how many that day has."""
        ids = [c.id for c in queries.checkins_between(user, entry.date, entry.date)]
        return (ids.index(entry.id) if entry.id in ids else 0), len(ids)

    if page > 1:
        at, _ = place(days[0].entries[0])
        if at > 0:
            days[0] = Day(days[0].date, days[0].entries, continued=True)
    if older:
        last = days[-1]
        at, count = place(last.entries[-1])
        if at < count - 1:
            days[-1] = Day(last.date, last.entries, continued=last.continued, continues=True)
    return days


@bp.get("/")
def index() -> str:
    page = request.args.get("pagina", 1, type=int)
    if not 1 <= page <= LAST_PAGE:
        abort(404)
    period = _period(request.args.get("periode"))
    entries, older = queries.checkins_page(diary_owner(), page, PAGE_SIZE)
    if page > 1 and not entries:
        abort(404)
    weeks = [
        (monday, list(group))
        for monday, group in groupby(
            _days(diary_owner(), entries, page, older),
            key=lambda d: d.date - timedelta(days=d.date.weekday()),
        )
    ]
    trend = None
    if page == 1:
        last = today()
        first = last - timedelta(days=period - 1)
        rows = queries.rows_between(diary_owner(), first, last, chart.DIARY_COLUMNS)
        trend = chart.build_trend(rows, last, period)
    return render_template(
        "diary/index.html",
        weeks=weeks,
        chart=trend,
        periods=chart.PERIODS,
        page=page,
        older=older,
        oldest_shown=entries[-1].date if entries and older else None,
    )


def _period(value: str | None) -> int:
    """The chart's period in days: 30 without `periode`; a value the links never make is a 404
    (as an impossible `pagina` is), not silently another chart."""
    if value is None:
        return chart.PERIODS[0]
    if value not in {str(p) for p in chart.PERIODS}:
        abort(404)
    return int(value)
