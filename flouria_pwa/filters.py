"""Template helpers: Dutch dates and numbers through Babel."""

from __future__ import annotations

from datetime import date

from flask import Flask
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


def init_app(app: Flask) -> None:
    app.add_template_filter(area_names)
    app.add_template_filter(long_date)
    app.add_template_filter(short_date)
    app.add_template_filter(one_decimal)
    app.jinja_env.globals["labels"] = labels
    app.jinja_env.globals["today"] = today  # the date in Europe/Amsterdam
    # The safety net's words (RULES.md §9): one place, for every page that shows tips.
    app.jinja_env.globals["safety_line"] = SAFETY_LINE
    app.jinja_env.globals["urgency_heading"] = advice.urgency_heading
    app.jinja_env.globals["urgency_sentence"] = advice.urgency_sentence
