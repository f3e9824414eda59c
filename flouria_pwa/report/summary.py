"""The report's figures, worked out from check-ins already read from the database (or any rows
that read like them: `row.date`, `row.stiffness`), so they can be tested without a request.

`summarise` gives the period's averages and the summary per calendar week; `day_rows` folds a
day's check-ins into one row and consecutive days that read the same into one; `flag_rows` does
the same for the red-flag moments (`flags.red_flags`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from datetime import date
from datetime import timedelta
from statistics import median
from typing import TYPE_CHECKING
from typing import Any

from ..rules.contract import AREAS
from ..rules.contract import CRAMP_WHEN
from ..rules.contract import LIMITS
from ..rules.contract import SPOT_AREA
from ..rules.contract import SPOTS
from ..rules.values import MedicineTaken

if TYPE_CHECKING:  # only for the hints: anything that reads like a check-in will do
    from ..store.models import CheckIn


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
class MedicineUse:
    """One medicine (her name and dose) over a week: how often she noted it, how often as
    needed, and the median of her "Hielp het?" answers (None: none given)."""

    label: str
    times: int
    as_needed: int
    effect: float | None
    rated: int


def medicines_of(entry: Any) -> tuple[MedicineTaken, ...]:
    """A row's medicines as values (a stored row keeps JSON dicts)."""
    return tuple(
        m if isinstance(m, MedicineTaken) else MedicineTaken.of(m)
        for m in getattr(entry, "medicines_taken", None) or ()
    )


def medicine_uses(entries: Sequence[Any]) -> tuple[MedicineUse, ...]:
    """What she took in these check-ins, per medicine, the most often taken first. The same
    name and dose written in other capitals is one medicine."""
    found: dict[tuple[str, str], list[MedicineTaken]] = {}
    for entry in entries:
        for m in medicines_of(entry):
            found.setdefault((m.name.casefold(), m.dose.casefold()), []).append(m)
    uses = []
    for taken in found.values():
        ratings = [m.effect for m in taken if m.effect is not None]
        uses.append(
            MedicineUse(
                label=f"{taken[0].name} {taken[0].dose}".strip(),
                times=len(taken),
                as_needed=sum(m.as_needed for m in taken),
                effect=median(ratings) if ratings else None,
                rated=len(ratings),
            )
        )
    return tuple(sorted(uses, key=lambda u: (-u.times, u.label.casefold())))


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
    # Where it hurt (issue 15): (spot, days) and, for days whose spots do not cover them,
    # (area, days); the most days first, then in contract order.
    spots: tuple[tuple[str, int], ...] = ()
    areas: tuple[tuple[str, int], ...] = ()
    medicines: tuple[MedicineUse, ...] = ()


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
    spots: tuple[str, ...] | None  # issue 15: her left and right; `areas` holds their areas
    signals: tuple[str, ...] | None  # SIGNALS that were "yes", in that order; () for none
    strength_loss: str | None
    sleep: str | None
    limits: tuple[str, ...] | None
    cramp: bool | None
    cramp_when: tuple[str, ...]
    cramp_count: int | None
    medicines: tuple[MedicineTaken, ...] = ()  # what she took that day, by time (untimed last)

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
            self.spots,
            self.signals,
            self.strength_loss,
            self.sleep,
            self.limits,
            self.cramp,
            self.cramp_when,
            self.cramp_count,
            self.medicines,
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
        spots=_union([e.spots for e in todays], SPOTS),
        signals=signals if signals or any_answer else None,
        strength_loss=_worst([e.strength_loss for e in todays], STRENGTH_ORDER),
        sleep=_worst([e.sleep for e in todays], SLEEP_ORDER),
        limits=_union([e.limits for e in todays], LIMITS),
        cramp=any(cramps) if cramps else None,
        cramp_when=_union([e.cramp_when for e in todays if e.cramp], CRAMP_WHEN) or (),
        cramp_count=max(counts) if counts else None,
        medicines=tuple(
            sorted(
                (m for e in chronological(todays) for m in medicines_of(e)),
                key=lambda m: (m.time is None, m.time or ""),
            )
        ),
    )


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


def chronological(entries: Sequence[CheckIn]) -> list[CheckIn]:
    return sorted(entries, key=lambda e: (e.date, e.time or "", e.created_at))


def _cramp_night(entry: CheckIn) -> bool:
    """The diary chart's rule: cramp, and "night" among the moments it came."""
    return bool(entry.cramp) and "night" in (entry.cramp_when or ())


def _where(week: Sequence[CheckIn]) -> tuple[tuple[tuple[str, int], ...], ...]:
    """The week's spots and the areas no spot of their day covers, each with its days: the
    most days first, then in contract order."""
    spot_days: dict[str, int] = {}
    area_days: dict[str, int] = {}
    by_day: dict[date, list[CheckIn]] = {}
    for e in week:
        by_day.setdefault(e.date, []).append(e)
    for todays in by_day.values():
        spots = {s for e in todays for s in e.spots or ()}
        covered = {SPOT_AREA[s] for s in spots if s in SPOT_AREA}
        for spot in spots:
            spot_days[spot] = spot_days.get(spot, 0) + 1
        for area in {a for e in todays for a in e.areas or ()} - covered:
            area_days[area] = area_days.get(area, 0) + 1

    def ranked(days: dict[str, int], order: Sequence[str]) -> tuple[tuple[str, int], ...]:
        known = [(k, n) for k, n in days.items() if k in order]
        return tuple(sorted(known, key=lambda kn: (-kn[1], order.index(kn[0]))))

    return ranked(spot_days, SPOTS), ranked(area_days, AREAS)


def summarise(
    entries: Sequence[CheckIn], first: date, last: date, flags: Sequence[RedFlag] = ()
) -> Summary:
    """The report's figures for the check-ins dated first..last (others are ignored).

    Averages, ranges and the weekly medians are over check-ins; morning-stiffness minutes only
    over the check-ins that gave them. A cramp night is a day with at least one check-in that
    reports cramp at night. `flags` (from `red_flags`) give each week its days with a GP card.
    """
    inside = chronological([e for e in entries if first <= e.date <= last])
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
        where = _where(week)
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
                spots=where[0],
                areas=where[1],
                medicines=medicine_uses(week),
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
