"""The report for the GP or physiotherapist: a printable report (A4) about a chosen period.

It opens with what a GP asks first: a summary per week (medians, cramp nights, the days with a
GP card and why) and her medicines; then the red-flag moments by day (`flag_rows`, capped), the
day-by-day table of her answers (`day_rows`: quiet stretches as one row), the chart, averages,
cramp, profile and notes. The red flags are the tips each check-in kept when it was saved
(`tips.kept_selection`); only check-ins from before tips were kept are computed again.

The figures come from `summarise`, `red_flags`, `flag_rows` and `day_rows`, which work on
check-ins already read from the database, so they can be tested without a request. Only the
period's dates travel in the URL; whose diary it is comes from the cookie or the session.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from datetime import date
from datetime import timedelta
from functools import cache
from itertools import groupby
from statistics import median
from typing import Any

from flask import Blueprint
from flask import g
from flask import render_template
from flask import request
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import chart
from .. import labels
from ..dates import today
from ..identity import diary_owner
from ..rules import engine
from ..rules import facts
from ..rules.contract import AREAS
from ..rules.contract import CRAMP_WHEN
from ..rules.contract import EARLIEST_YEAR
from ..rules.contract import LIMITS
from ..rules.engine import GP_CATEGORY
from ..store import queries
from ..store.models import CheckIn
from ..tips import advice
from ..tips.kept import kept_selection

bp = Blueprint("report", __name__)

DEFAULT_DAYS = 30
MAX_DAYS = 366
CHART_WIDTH = 640
CHART_HEIGHT = 200
CHART_LABELS = 5


@dataclass(frozen=True)
class Range:
    """Average, lowest and highest of some scores, and how many scores there were."""

    mean: float
    low: int
    high: int
    count: int

    @classmethod
    def of(cls, values: Sequence[int]) -> Range | None:
        if not values:
            return None
        return cls(sum(values) / len(values), min(values), max(values), len(values))


@dataclass(frozen=True)
class Week:
    """One calendar week (Monday to Sunday), cut off at the period's edges: its medians over the
    check-ins that answered (None: none did), cramp nights, and the days with a GP card."""

    first: date
    last: date
    checkin_days: int
    cramp_nights: int
    stiffness: float | None = None
    pain: float | None = None
    minutes: float | None = None
    gp_days: int = 0
    gp_reasons: tuple[str, ...] = ()


def _median(values: Sequence[int | None]) -> float | None:
    answered = [v for v in values if v is not None]
    return median(answered) if answered else None


@dataclass(frozen=True)
class Note:
    day: date
    time: str | None
    text: str


@dataclass(frozen=True)
class RedFlag:
    """A check-in for which the engine advised seeing the GP, with the short reasons."""

    day: date
    time: str | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class FlagRow:
    """The red flags of one day, or of consecutive days with the same reasons (one row)."""

    first: date
    last: date
    checkins: int  # check-ins that gave the card
    time: str | None  # only for one check-in on one day
    reasons: tuple[str, ...]

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class FlagList:
    """The rows the report lists (the newest MAX_FLAG_ROWS) and the days left out before them."""

    rows: list[FlagRow]
    left_out_days: int = 0
    days: int = 0  # every day with a GP card in the period


SIGNALS = ("swelling", "injury", "numbness", "radiating", "saddle_numbness")
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
STRENGTH_ORDER = ("none", "gradual", "new", "sudden")
SLEEP_ORDER = ("good", "fair", "poor")


@dataclass(frozen=True)
class DayRow:
    """What she entered on a day, her check-ins of that day folded together: the highest score,
    everything she named, the worst answer; None where no check-in answered. A row can stand
    for consecutive days that read exactly the same (`first`..`last`)."""

    first: date
    last: date
    checkins: int
    stiffness: int
    pain: int
    minutes: int | None
    areas: tuple[str, ...] | None
    signals: tuple[str, ...] | None  # SIGNALS that were "yes", in that order; () for none
    strength_loss: str | None
    sleep: str | None
    limits: tuple[str, ...] | None
    cramp: bool | None
    cramp_when: tuple[str, ...]
    cramp_count: int | None

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def reading(self) -> tuple[Any, ...]:
        """Everything the row shows except its dates."""
        return (
            self.stiffness,
            self.pain,
            self.minutes,
            self.areas,
            self.signals,
            self.strength_loss,
            self.sleep,
            self.limits,
            self.cramp,
            self.cramp_when,
            self.cramp_count,
        )


def _union(values: Sequence[Any], order: Sequence[str]) -> tuple[str, ...] | None:
    """The choices named in any answered check-in, in the contract's order; None if none
    answered."""
    answered = [v for v in values if v is not None]
    if not answered:
        return None
    named = {choice for value in answered for choice in value}
    return tuple(sorted(named, key=lambda c: order.index(c) if c in order else len(order)))


def _worst(values: Sequence[str | None], order: Sequence[str]) -> str | None:
    answered = [v for v in values if v in order]
    return max(answered, key=order.index) if answered else None


def _day_row(day: date, todays: Sequence[CheckIn]) -> DayRow:
    answered = {name: [getattr(e, name) for e in todays] for name in SIGNALS}
    any_answer = any(v is not None for values in answered.values() for v in values)
    signals = tuple(name for name in SIGNALS if any(answered[name]))
    cramps = [e.cramp for e in todays if e.cramp is not None]
    counts = [e.cramp_count for e in todays if e.cramp and e.cramp_count is not None]
    return DayRow(
        first=day,
        last=day,
        checkins=len(todays),
        stiffness=max(e.stiffness for e in todays),
        pain=max(e.pain for e in todays),
        minutes=max(
            (e.stiffness_minutes for e in todays if e.stiffness_minutes is not None), default=None
        ),
        areas=_union([e.areas for e in todays], AREAS),
        signals=signals if signals or any_answer else None,
        strength_loss=_worst([e.strength_loss for e in todays], STRENGTH_ORDER),
        sleep=_worst([e.sleep for e in todays], SLEEP_ORDER),
        limits=_union([e.limits for e in todays], LIMITS),
        cramp=any(cramps) if cramps else None,
        cramp_when=_union([e.cramp_when for e in todays if e.cramp], CRAMP_WHEN) or (),
        cramp_count=max(counts) if counts else None,
    )


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
                self._choices(row.areas, self.areas),
                self._signs(row),
                self.dash if row.sleep is None else self.sleep[row.sleep],
                self._choices(row.limits, self.limits),
                self._cramp(row),
            )
        return self._seen[key]


def day_rows(entries: Sequence[CheckIn], first: date, last: date) -> list[DayRow]:
    """One row per day with check-ins, oldest first; consecutive days that read exactly the
    same become one row, so a quiet stretch reads at a glance."""
    by_day: dict[date, list[CheckIn]] = {}
    for e in entries:
        if first <= e.date <= last:
            by_day.setdefault(e.date, []).append(e)
    rows: list[DayRow] = []
    for day in sorted(by_day):
        row = _day_row(day, by_day[day])
        previous = rows[-1] if rows else None
        if (
            previous is not None
            and previous.last + timedelta(days=1) == day
            and previous.reading() == row.reading()
        ):
            rows[-1] = replace(previous, last=day, checkins=previous.checkins + row.checkins)
        else:
            rows.append(row)
    return rows


@dataclass(frozen=True)
class Summary:
    first: date
    last: date
    checkins: int
    checkin_days: int
    stiffness: Range | None
    pain: Range | None
    minutes: Range | None
    cramp_nights: int
    weeks: list[Week] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def cramp_nights_per_week(self) -> float:
        """Cramp nights per 7 days of the period; days without a check-in count as none."""
        return self.cramp_nights * 7 / self.days


def _chronological(entries: Sequence[CheckIn]) -> list[CheckIn]:
    return sorted(entries, key=lambda e: (e.date, e.time or "", e.created_at))


def _cramp_night(entry: CheckIn) -> bool:
    """The diary chart's rule: cramp, and "night" among the moments it came."""
    return bool(entry.cramp) and "night" in (entry.cramp_when or ())


def summarise(
    entries: Sequence[CheckIn], first: date, last: date, flags: Sequence[RedFlag] = ()
) -> Summary:
    """The report's figures for the check-ins dated first..last (others are ignored).

    Averages, ranges and the weekly medians are over check-ins; morning-stiffness minutes only
    over the check-ins that gave them. A cramp night is a day with at least one check-in that
    reports cramp at night. `flags` (from `red_flags`) give each week its days with a GP card.
    """
    inside = _chronological([e for e in entries if first <= e.date <= last])
    days_seen = {e.date for e in inside}
    cramp_days = {e.date for e in inside if _cramp_night(e)}
    by_week: dict[date, list[CheckIn]] = {}
    for e in inside:
        by_week.setdefault(e.date - timedelta(days=e.date.weekday()), []).append(e)
    flags_by_week: dict[date, list[RedFlag]] = {}
    for flag in flags:
        flags_by_week.setdefault(flag.day - timedelta(days=flag.day.weekday()), []).append(flag)
    weeks = []
    monday = first - timedelta(days=first.weekday())
    while monday <= last:
        start, end = max(monday, first), min(monday + timedelta(days=6), last)
        week = by_week.get(monday, [])
        week_flags = [f for f in flags_by_week.get(monday, []) if start <= f.day <= end]
        weeks.append(
            Week(
                start,
                end,
                sum(start <= d <= end for d in days_seen),
                sum(start <= d <= end for d in cramp_days),
                stiffness=_median([e.stiffness for e in week]),
                pain=_median([e.pain for e in week]),
                minutes=_median([e.stiffness_minutes for e in week]),
                gp_days=len({f.day for f in week_flags}),
                gp_reasons=tuple(dict.fromkeys(r for f in week_flags for r in f.reasons)),
            )
        )
        monday += timedelta(days=7)
    return Summary(
        first=first,
        last=last,
        checkins=len(inside),
        checkin_days=len(days_seen),
        stiffness=Range.of([e.stiffness for e in inside]),
        pain=Range.of([e.pain for e in inside]),
        minutes=Range.of([e.stiffness_minutes for e in inside if e.stiffness_minutes is not None]),
        cramp_nights=len(cramp_days),
        weeks=weeks,
        notes=[Note(e.date, e.time, e.note.strip()) for e in inside if e.note and e.note.strip()],
    )


@cache
def gp_catalogue() -> dict[str, Any]:
    """The catalogue with only its red-flag rules: the engine then selects exactly the GP tips
    it selects with the whole catalogue (suppressions are evaluated all the same), without
    evaluating the self-care rules the report does not show."""
    catalogue = engine.load_catalogue()
    rules = [rule for rule in catalogue["rules"] if rule["category"] == GP_CATEGORY]
    ids = {rule["id"] for rule in rules}
    return {**catalogue, "rules": rules, "order": [i for i in catalogue["order"] if i in ids]}


def tips_in_one_pass(
    entries: Sequence[CheckIn],
    profile: Mapping[str, Any],
    pool: Sequence[CheckIn],
    catalogue: Mapping[str, Any] | None = None,
) -> dict[str, list[engine.SelectedTip]]:
    """The engine's tips for each of `entries` by id, with exactly the history that
    `queries.history_for` gives it, in one pass over the check-ins in date order.

    Each check-in is normalised once and each day merged into its record once; a window of the
    day records of the 90 days before slides along, and a check-in's own day is built up from the
    check-ins saved before it (`queries.in_history` decides both). So a check-in costs the
    facts of at most 91 day records, however many check-ins a day holds, instead of re-reading
    its whole 90-day history: the cost grows with the check-ins, not with their square.
    """
    wanted = {e.id for e in entries}
    everything = {c.id: c for c in pool}
    everything.update((e.id, e) for e in entries)
    clean_profile = facts.normalise_profile(profile)
    window: deque[tuple[CheckIn, facts.Day]] = deque()  # (one check-in of the day, its record)
    tips: dict[str, list[engine.SelectedTip]] = {}
    ordered = sorted(everything.values(), key=lambda c: (c.date, c.created_at))
    for _day, group in groupby(ordered, key=lambda c: c.date):
        todays = list(group)
        while window and not queries.in_history(window[0][0], todays[0]):
            window.popleft()
        past = [record for _entry, record in reversed(window)]  # newest first, as facts wants
        normalised = [facts.normalise_checkin(c.to_contract()) for c in todays]
        records = [facts.day_records([n])[0] for n in normalised]
        earlier: facts.Day | None = None  # the record of the check-ins folded in so far
        folded = 0
        for entry, current, own in zip(todays, normalised, records, strict=True):
            while folded < len(todays) and queries.in_history(todays[folded], entry):
                step = records[folded]
                earlier = step if earlier is None else facts.merge_days(earlier, step)
                folded += 1
            if entry.id not in wanted:
                continue
            today_record = own if earlier is None else facts.merge_days(earlier, own)
            derived = facts.derive(current, clean_profile, [today_record, *past])
            env = facts.env_of(current, clean_profile, derived)
            tips[entry.id] = engine.select_from_env(env, catalogue)
        whole_day = records[0]
        for record in records[1:]:
            whole_day = facts.merge_days(whole_day, record)
        window.append((todays[0], whole_day))
    return tips


def red_flags(
    entries: Sequence[CheckIn], profile: dict[str, Any], pool: Sequence[CheckIn]
) -> list[RedFlag]:
    """For each check-in, oldest first, the GP tips it was given, as on its tips page.

    A check-in that keeps its tips (`tips.kept_selection`) shows those. For the others (saved
    before tips were kept) the engine computes them: `pool` holds her check-ins from 90 days
    before the first entry up to the last one (as `queries.checkins_between` returns them),
    so the history needs no extra query, and `tips_in_one_pass` runs only the red-flag rules.
    Each title is rendered once.
    """
    kept = {
        e.id: selection
        for e in entries
        if (selection := kept_selection(e, GP_CATEGORY)) is not None
    }
    missing = [e for e in entries if e.id not in kept]
    tips = tips_in_one_pass(missing, profile, pool, gp_catalogue()) if missing else {}
    tips.update(kept)
    titles: dict[engine.SelectedTip, str] = {}  # a year repeats the same few red flags
    flags = []
    for entry in _chronological(entries):
        gp = [t for t in tips[entry.id] if t.category == GP_CATEGORY]
        for tip in gp:
            if tip not in titles:
                titles[tip] = advice.render(tip).title
        if gp:
            flags.append(RedFlag(entry.date, entry.time, tuple(titles[t] for t in gp)))
    return flags


MAX_FLAG_ROWS = 31  # [P] about a month of rows; the weekly summary still counts every day


def flag_rows(flags: Sequence[RedFlag], limit: int = MAX_FLAG_ROWS) -> FlagList:
    """The red-flag moments by day, oldest first: a day's check-ins with a card are one row with
    all their reasons, and consecutive days with the same reasons one row. A diary with thousands
    of check-ins in the period lists at most `limit` rows, the newest; the days before them are
    counted."""
    by_day: dict[date, list[RedFlag]] = {}
    for flag in flags:
        by_day.setdefault(flag.day, []).append(flag)
    rows: list[FlagRow] = []
    for day in sorted(by_day):
        todays = by_day[day]
        reasons = tuple(dict.fromkeys(r for f in todays for r in f.reasons))
        time = todays[0].time if len(todays) == 1 else None
        previous = rows[-1] if rows else None
        if (
            previous is not None
            and previous.last + timedelta(days=1) == day
            and previous.reasons == reasons
        ):
            rows[-1] = replace(
                previous, last=day, checkins=previous.checkins + len(todays), time=None
            )
        else:
            rows.append(FlagRow(day, day, len(todays), time, reasons))
    kept = rows[-limit:] if limit > 0 else []
    left_out = sum(row.days for row in rows[: len(rows) - len(kept)])
    return FlagList(kept, left_out, len(by_day))


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


@bp.app_template_filter("report_date")
def report_date(value: date | str) -> str:
    """A date with its year, as a letter to a doctor needs: "21 november 2025". The profile
    keeps its date as an ISO string."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    seen: dict[date, str] = g.setdefault("report_dates", {})  # a year names each day ~3 times
    if day not in seen:
        seen[day] = format_date(day, "d MMMM y")
    return seen[day]


@bp.app_template_filter("report_span")
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
        before = first - timedelta(days=queries.HISTORY_DAYS)  # their 90 days of history
        pool = [*entries, *queries.checkins_between(user, before, first - timedelta(days=1))]
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
