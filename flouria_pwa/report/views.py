"""The report for the GP or physiotherapist: a printable report (A4) about a chosen period.

It opens with what a GP asks first: a summary per week (medians, cramp nights, the days with a
GP card and why) and her medicines; then the red-flag moments by day (capped), the day-by-day
table of her answers (quiet stretches as one row), the chart, averages, cramp, profile and notes.

This blueprint reads the period from the URL, loads her check-ins and renders them; the figures
come from `summary` and the red flags from `flags`, which need no request. Only the period's
dates travel in the URL; whose diary it is comes from the cookie or the session.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from datetime import timedelta
from typing import Any

from flask import Blueprint
from flask import render_template
from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import chart
from .. import labels
from ..dates import today
from ..identity import diary_owner
from ..medicines import describe_all
from ..rules.contract import EARLIEST_YEAR
from ..store import queries
from .flags import red_flags
from .summary import DayRow
from .summary import MedicineUse
from .summary import day_rows
from .summary import flag_rows
from .summary import summarise

bp = Blueprint("report", __name__)

DEFAULT_DAYS = 30
MAX_DAYS = 366
CHART_WIDTH = 640
CHART_HEIGHT = 200
CHART_LABELS = 5


SIGNAL_LABELS = {  # short words for one cell of the day table
    "swelling": _l("swelling"),
    "injury": _l("injury or fall"),
    "numbness": _l("numbness or tingling"),
    "radiating": _l("radiating pain"),
    "saddle_numbness": _l("numb around the buttocks or groin"),
    "gradual": _l("strength slowly less"),
    "new": _l("less strength for days or weeks"),
    "sudden": _l("suddenly less strength"),
}


def _decimal(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")


class DayWords:
    """The words of the day table's cells, each looked up once per report: a lazy label looks
    itself up again on every use, and a year holds a few thousand cells of a few dozen values."""

    def __init__(self) -> None:
        self.dash, self.none = "—", _("none")
        self.yes, self.no = _("yes"), _("no")
        self.areas = {k: str(v) for k, v in labels.AREA_LABELS.items()}
        self.limits = {k: str(v) for k, v in labels.LIMITS_LABELS.items()}
        self.sleep = {k: str(v) for k, v in labels.SLEEP_LABELS.items()}
        self.when = {k: str(v).lower() for k, v in labels.CRAMP_WHEN_LABELS.items()}
        self.signals = {k: str(v) for k, v in SIGNAL_LABELS.items()}
        self._seen: dict[tuple[Any, ...], tuple[str, ...]] = {}

    def _choices(self, values: tuple[str, ...] | None, words: Mapping[str, str]) -> str:
        if values is None:
            return self.dash
        return ", ".join(words[v] for v in values) if values else self.none

    def _where(self, row: DayRow) -> str:
        """The spots when she chose any that day ("knie links, onderrug"), else the areas."""
        if row.areas is None or not row.spots:
            return self._choices(row.areas, self.areas)
        return ", ".join(labels.where_words(row.areas, row.spots))

    def _signs(self, row: DayRow) -> str:
        if row.signals is None and row.strength_loss is None:
            return self.dash
        named = [self.signals[s] for s in row.signals or ()]
        if row.strength_loss not in (None, "none"):
            named.append(self.signals[row.strength_loss])
        return ", ".join(named) if named else self.none

    def _cramp(self, row: DayRow) -> str:
        if row.cramp is None:
            return self.dash
        if not row.cramp:
            return self.no
        text = self.yes
        if row.cramp_when:
            text += ": " + ", ".join(self.when[w] for w in row.cramp_when)
        if row.cramp_count is not None:
            text += " (" + _("%(num)s×", num=row.cramp_count) + ")"
        return text

    def cells(self, row: DayRow) -> tuple[str, ...]:
        """The row's cells after its date, as the table shows them."""
        key = row.reading()
        if key not in self._seen:
            self._seen[key] = (
                str(row.stiffness),
                str(row.pain),
                self.dash if row.minutes is None else str(row.minutes),
                self._where(row),
                self._signs(row),
                self.dash if row.sleep is None else self.sleep[row.sleep],
                self._choices(row.limits, self.limits),
                self._cramp(row),
                describe_all(row.medicines) or self.dash,
            )
        return self._seen[key]

    def uses(self, uses: tuple[MedicineUse, ...]) -> str:
        """A week's medicines: "paracetamol 500 mg: 5×, zo nodig 3×, hielp (mediaan) 6/10"."""
        if not uses:
            return self.dash
        texts = []
        for use in uses:
            text = use.label + ": " + _("%(num)s×", num=use.times)
            if use.as_needed:
                text += ", " + _("as needed %(num)s×", num=use.as_needed)
            if use.effect is not None:
                text += ", " + _("helped (median) %(effect)s/10", effect=_decimal(use.effect))
            texts.append(text)
        return "; ".join(texts)


def _parse(value: str) -> date | None:
    """A date written as YYYY-MM-DD from EARLIEST_YEAR on; None for anything else (also years
    of more than four digits, which `date.fromisoformat` refuses)."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if day.year >= EARLIEST_YEAR and len(value) == 10 else None


def _read(raw: str | None, default: date, end: date) -> tuple[date | None, str | None]:
    """One date field: its date (the default when absent) and, when refused, why."""
    if raw is None:
        return default, None
    day = _parse(raw.strip())
    if day is None:
        return None, _("Enter a valid date.") if raw.strip() else _("Enter a date.")
    if day > end:
        return None, _("This date is in the future.")
    return day, None


def period_from(args: Mapping[str, str], end: date) -> tuple[date, date, dict[str, str]]:
    """The period asked for in `van` and `tot` (ISO dates), by default the 30 days up to `end`.

    A period lies between EARLIEST_YEAR and `end` (today: there are no check-ins after it, and
    future days would thin out the per-week figures), starts no later than it ends, and spans at
    most MAX_DAYS days (a year; a longer report would not help a doctor and costs more to make).
    Anything else is refused at its field, so no date arithmetic can leave the calendar.
    Returns (first, last, errors by field name); with errors the dates are the defaults.
    """
    errors: dict[str, str] = {}
    last, error = _read(args.get("tot"), end, end)
    if error:
        errors["tot"] = error
    first, error = _read(args.get("van"), (last or end) - timedelta(days=DEFAULT_DAYS - 1), end)
    if error:
        errors["van"] = error
    if first is not None and last is not None and not errors:
        if first > last:
            errors["tot"] = _("The end date is before the start date.")
        elif (last - first).days + 1 > MAX_DAYS:
            errors["van"] = _(
                "The period is longer than %(days)s days. Choose a later start date.",
                days=MAX_DAYS,
            )
    if errors or first is None or last is None:
        return end - timedelta(days=DEFAULT_DAYS - 1), end, errors
    return first, last, errors


def _field_value(raw: str | None, default: date) -> str:
    """What the date field shows: the date asked for, or empty when it cannot be read (a date
    input holds only valid dates)."""
    if raw is None:
        return default.isoformat()
    day = _parse(raw.strip())
    return day.isoformat() if day else ""


@bp.get("/rapport")
def show() -> tuple[str, int]:
    end = today()
    first, last, errors = period_from(request.args, end)
    values = {"van": _field_value(request.args.get("van"), first)}
    values["tot"] = _field_value(request.args.get("tot"), last)
    if errors:
        return render_template("report/show.html", errors=errors, values=values), 400
    user = diary_owner()
    profile = queries.profile_of(user)
    entries = queries.checkins_between(user, first, last)
    pool = entries
    if any(e.tips is None for e in entries):  # saved before tips were kept: the engine needs
        pool = [*entries, *queries.history_before(user, first)]  # their history as well
    flags = red_flags(entries, profile, pool)
    summary = summarise(entries, first, last, flags)
    trend = chart.build_period(
        entries, first, last, width=CHART_WIDTH, height=CHART_HEIGHT, labels=CHART_LABELS
    )
    return render_template(
        "report/show.html",
        errors=errors,
        values=values,
        summary=summary,
        chart=trend,
        flags=flag_rows(flags),
        days=day_rows(entries, first, last),
        day_words=DayWords(),
        profile=profile,
        made_on=end,
    ), 200
