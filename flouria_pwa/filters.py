"""Template helpers: Dutch dates and numbers through Babel."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask
from flask import g
from flask_babel import format_date
from flask_babel import format_decimal

from . import labels
from .dates import today
from .tips import advice
from .tips.texts import SAFETY_LINE


def long_date(value: date) -> str:
    """ "zaterdag 21 november" (the year only when it is not this year)."""
    pattern = "EEEE d MMMM" if value.year == today().year else "EEEE d MMMM y"
    return format_date(value, pattern)


def short_date(value: date) -> str:
    return format_date(value, "d MMM")


def one_decimal(value: float) -> str:
    return format_decimal(value, format="0.#")


def area_names(areas: list[str]) -> str:
    return ", ".join(str(labels.AREA_LABELS[a]) for a in areas)


def where_names(entry: Any) -> str:
    """Where it hurt, "knie links, onderrug": the spots when she chose any (issue 15), and the
    areas no spot lies in; else the areas."""
    return ", ".join(labels.where_words(entry.areas, entry.spots))


def report_date(value: date | str) -> str:
    """A date with its year, as a letter to a doctor needs: "21 november 2025" (the report, and
    the chart's table when its period spans years). The profile keeps its date as an ISO string.
    Each day is formatted once per request: a year's report names each day about three times."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    seen: dict[date, str] = g.setdefault("report_dates", {})
    if day not in seen:
        seen[day] = format_date(day, "d MMMM y")
    return seen[day]


def report_span(row: Any, short: bool = False, year: bool = False) -> str:
    """The dates of a row (`first`..`last`): "5 november 2026", "3–5 november 2026",
    "30 november – 2 december 2026". `short` shortens the month and leaves out the year (the
    period line names it), unless `year` (a period over two calendar years): "3–5 nov. 2025"."""
    first, last = row.first, row.last
    key = (first, last, short, year)
    seen: dict[tuple[date, date, bool, bool], str] = g.setdefault("report_spans", {})
    if key not in seen:
        seen[key] = _span(first, last, short, year)
    return seen[key]


def _span(first: date, last: date, short: bool, year: bool) -> str:
    end = format_date(last, "d MMM y" if year else "d MMM") if short else report_date(last)
    if first == last:
        return end
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{end}"
    if first.year == last.year or (short and not year):
        return f"{format_date(first, 'd MMM' if short else 'd MMMM')} – {end}"
    if short:
        return f"{format_date(first, 'd MMM y')} – {end}"
    return f"{report_date(first)} – {end}"


def init_app(app: Flask) -> None:
    app.add_template_filter(area_names)
    app.add_template_filter(where_names)
    app.add_template_filter(long_date)
    app.add_template_filter(short_date)
    app.add_template_filter(one_decimal)
    app.add_template_filter(report_date)
    app.add_template_filter(report_span)
    app.jinja_env.globals["labels"] = labels
    app.jinja_env.globals["today"] = today  # the date in Europe/Amsterdam
    # The safety net's words (docs/rules.md §9): one place, for every page that shows tips.
    app.jinja_env.globals["safety_line"] = SAFETY_LINE
    app.jinja_env.globals["urgency_heading"] = advice.urgency_heading
    app.jinja_env.globals["urgency_sentence"] = advice.urgency_sentence
