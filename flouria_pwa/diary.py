"""The diary: check-ins newest first, grouped by week, a page at a time, with the 30-day trend
chart. Pages keep a diary of years as light as a new one."""

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
    entries, older = queries.checkins_page(diary_owner(), page, PAGE_SIZE)
    if page > 1 and not entries:
        abort(404)
    weeks = [
        (monday, list(group))
        for monday, group in groupby(
            entries, key=lambda e: e.date - timedelta(days=e.date.weekday())
        )
    ]
    last = today()
    first = last - timedelta(days=chart.DAYS - 1)
    trend = chart.build(queries.rows_between(diary_owner(), first, last, chart.COLUMNS), last)
    return render_template(
        "diary/index.html",
        weeks=weeks,
        chart=trend,
        page=page,
        older=older,
        oldest_shown=entries[-1].date if entries and older else None,
    )
