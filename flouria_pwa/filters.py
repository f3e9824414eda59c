"""Template helpers: Dutch dates and numbers through Babel."""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask_babel import format_date
from flask_babel import format_decimal

from . import labels
from .dates import today


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
