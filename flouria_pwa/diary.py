"""The diary: check-ins newest first, grouped by week, a page at a time, with the trend chart
of the last 30 days, 90 days or year (`?periode=90`, `?periode=365`; any other value is a 404).
Pages keep a diary of years as light as a new one: the chart reads its period in one query."""

from __future__ import annotations

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

bp = Blueprint("diary", __name__, url_prefix="/dagboek")


PAGE_SIZE = 30
LAST_PAGE = 10_000  # 300,000 check-ins: far beyond any diary, and within every database's integers


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
            entries, key=lambda e: e.date - timedelta(days=e.date.weekday())
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
