"""The trend chart: stiffness, pain and cramp nights per day, as server-rendered inline SVG data.

The diary shows the last 30 days (`build`); the report for the GP shows any period up to a year
(`build_period`), on a wider canvas. The SVG keeps one point per check-in day, so a year is at
most 366 points per series.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from typing import Any

from .store.models import CheckIn

DAYS = 30
WIDTH = 330
HEIGHT = 160
TOP = 10
BOTTOM = 130  # y of a 0 score; the cramp-night marks sit below it
LEFT = 24
RIGHT_PAD = 6
BELOW_AXIS = HEIGHT - BOTTOM  # room under the 0 line for the cramp marks and the date labels
COLUMNS = ("date", "stiffness", "pain", "cramp", "cramp_when")  # all the chart reads of a check-in


@dataclass(frozen=True)
class Day:
    day: date
    stiffness: int | None
    pain: int | None
    cramp_night: bool


@dataclass(frozen=True)
class Chart:
    days: list[Day]
    stiffness: list[tuple[float, float]]
    pain: list[tuple[float, float]]
    cramp_x: list[float]
    label_days: list[tuple[float, date]]
    avg_stiffness: float | None
    avg_pain: float | None
    cramp_nights: int
    checkin_days: int

    width: int = WIDTH
    height: int = HEIGHT
    top: int = TOP
    bottom: int = BOTTOM
    left: int = LEFT

    def y(self, score: int) -> float:
        return _y(score, self.top, self.bottom)

    @staticmethod
    def polyline(points: list[tuple[float, float]]) -> str:
        return " ".join(f"{x},{y}" for x, y in points)


def _x(index: int, count: int, width: int = WIDTH) -> float:
    if count < 2:
        return round(LEFT + (width - LEFT - RIGHT_PAD) / 2, 1)
    return round(LEFT + index * (width - LEFT - RIGHT_PAD) / (count - 1), 1)


def _y(score: int, top: int = TOP, bottom: int = BOTTOM) -> float:
    return round(bottom - score * (bottom - top) / 10, 1)


def _points(days: list[Day], attr: str, width: int, bottom: int) -> list[tuple[float, float]]:
    return [
        (_x(i, len(days), width), _y(getattr(d, attr), TOP, bottom))
        for i, d in enumerate(days)
        if getattr(d, attr) is not None
    ]


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _label_indexes(count: int, labels: int) -> list[int]:
    """`labels` evenly spread day indexes, first and last included (0, 14, 29 for 30 days)."""
    if count < 2 or labels < 2:
        return [0]
    return sorted({i * (count - 1) // (labels - 1) for i in range(labels)})


def build_period(
    entries: Sequence[CheckIn | Any],
    first: date,
    last: date,
    *,
    width: int = WIDTH,
    height: int = HEIGHT,
    labels: int = 3,
) -> Chart:
    """One point per check-in day (the day's highest score) for every day first..last.

    `entries` are check-ins, or rows with at least the COLUMNS (`diary_store.rows_between`)."""
    count = (last - first).days + 1
    bottom = height - BELOW_AXIS
    by_day: dict[date, list[Any]] = {}
    for e in entries:
        if first <= e.date <= last:
            by_day.setdefault(e.date, []).append(e)
    days = []
    for i in range(count):
        day = first + timedelta(days=i)
        todays = by_day.get(day, [])
        days.append(
            Day(
                day,
                max((e.stiffness for e in todays), default=None),
                max((e.pain for e in todays), default=None),
                any(e.cramp and "night" in e.cramp_when for e in todays),
            )
        )
    seen = [d for d in days if d.stiffness is not None]
    return Chart(
        days=days,
        stiffness=_points(days, "stiffness", width, bottom),
        pain=_points(days, "pain", width, bottom),
        cramp_x=[_x(i, count, width) for i, d in enumerate(days) if d.cramp_night],
        label_days=[(_x(i, count, width), days[i].day) for i in _label_indexes(count, labels)],
        avg_stiffness=_mean([d.stiffness for d in seen]),
        avg_pain=_mean([d.pain for d in seen]),
        cramp_nights=sum(d.cramp_night for d in days),
        checkin_days=len(seen),
        width=width,
        height=height,
        bottom=bottom,
    )


def build(entries: Sequence[CheckIn | Any], last: date) -> Chart:
    """The diary's chart: the 30 days ending `last`."""
    return build_period(entries, last - timedelta(days=DAYS - 1), last)


# ------------------------------------------------------------------ the diary's longer trends

PERIODS = (30, 90, 365)  # the diary chart's periods in days; 30 is the plain /dagboek/
WEEKLY = 365  # from this period on, the chart shows one point per ISO week (weekly medians)
DIARY_COLUMNS = (*COLUMNS, "stiffness_minutes")
TREND_HEIGHT = {False: HEIGHT, True: HEIGHT + 16}  # the year's cramp counts need a taller row
CRAMP_STEP = 2  # px per cramp night in a week's mark (7 nights: 14 px)
MINUTES_HEIGHT = 100
MINUTES_TOP = 8
MINUTES_BOTTOM = 76
MINUTES_SCALES = (
    30,
    60,
    90,
    120,
    180,
    240,
    360,
    480,
    720,
)  # the minutes axis ends at the first that fits


@dataclass(frozen=True)
class Point:
    """A day (30 and 90 days) or an ISO week (the year) with at least one check-in.

    A day's scores are its highest; a week's are the medians of its days' scores. `minutes` is
    None when no check-in in it answered the minutes: a gap, never 0."""

    first: date  # the day, or the Monday of the week
    days: int  # check-in days in it (1 for a day)
    stiffness: float
    pain: float
    minutes: float | None
    cramp_nights: int
    x: float


@dataclass(frozen=True)
class Trend:
    period: int
    weekly: bool
    first: date
    last: date
    slots: int  # days, or weeks, along the x axis
    points: list[Point]  # oldest first
    label_days: list[tuple[float, date]]
    minutes_max: int
    avg_stiffness: float | None
    avg_pain: float | None
    cramp_nights: int
    checkin_days: int
    minutes_days: int

    width: int = WIDTH
    left: int = LEFT
    top: int = TOP
    bottom: int = BOTTOM
    minutes_height: int = MINUTES_HEIGHT
    minutes_top: int = MINUTES_TOP
    minutes_bottom: int = MINUTES_BOTTOM

    @property
    def height(self) -> int:
        return TREND_HEIGHT[self.weekly]

    @property
    def x_first(self) -> float:
        return _x(0, self.slots, self.width)

    @property
    def x_last(self) -> float:
        return _x(self.slots - 1, self.slots, self.width)

    def y(self, score: float) -> float:
        return round(self.bottom - score * (self.bottom - self.top) / 10, 1)

    def minutes_y(self, minutes: float) -> float:
        span = self.minutes_bottom - self.minutes_top
        return round(self.minutes_bottom - minutes * span / self.minutes_max, 1)

    def line(self, series: str) -> list[tuple[float, float]]:
        """The stiffness or pain points: every point has both (the check-in requires them)."""
        return [(p.x, self.y(getattr(p, series))) for p in self.points]

    @property
    def minutes_segments(self) -> list[list[tuple[float, float]]]:
        """The minutes line, broken where a day (or week) with check-ins left the minutes
        unanswered: the line never bridges a missing answer."""
        segments: list[list[tuple[float, float]]] = []
        run: list[tuple[float, float]] = []
        for p in self.points:
            if p.minutes is None:
                if run:
                    segments.append(run)
                run = []
            else:
                run.append((p.x, self.minutes_y(p.minutes)))
        if run:
            segments.append(run)
        return segments

    @property
    def cramp_base(self) -> float:
        """The baseline of the cramp marks, under the 0 line."""
        return self.bottom + (6 if not self.weekly else 4 + 7 * CRAMP_STEP)

    polyline = staticmethod(Chart.polyline)


def median(values: Sequence[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count); None for none."""
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return None
    middle = ordered[n // 2]
    return middle if n % 2 else (ordered[n // 2 - 1] + middle) / 2


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _minutes_max(values: list[float]) -> int:
    top = max(values, default=0)
    return next((m for m in MINUTES_SCALES if top <= m), MINUTES_SCALES[-1])


def build_trend(entries: Sequence[Any], last: date, period: int) -> Trend:
    """The diary chart of the `period` days ending `last`, from check-ins or rows with at least
    the DIARY_COLUMNS: one point per check-in day, or for the year one per ISO week (the medians
    of its check-in days). Days without a check-in, and unanswered minutes, are left out."""
    first = last - timedelta(days=period - 1)
    by_day: dict[date, list[Any]] = {}
    for e in entries:
        if first <= e.date <= last:
            by_day.setdefault(e.date, []).append(e)
    days = []  # (day, stiffness, pain, minutes, cramp night), oldest first
    for day in sorted(by_day):
        todays = by_day[day]
        answered = [e.stiffness_minutes for e in todays if e.stiffness_minutes is not None]
        days.append(
            (
                day,
                max(e.stiffness for e in todays),
                max(e.pain for e in todays),
                max(answered) if answered else None,
                any(e.cramp and "night" in e.cramp_when for e in todays),
            )
        )
    weekly = period >= WEEKLY
    points: list[Point] = []
    if weekly:
        start = _monday(first)
        slots = (_monday(last) - start).days // 7 + 1
        weeks: dict[date, list[tuple[Any, ...]]] = {}
        for d in days:
            weeks.setdefault(_monday(d[0]), []).append(d)
        for monday, group in weeks.items():
            minutes = [d[3] for d in group if d[3] is not None]
            points.append(
                Point(
                    first=monday,
                    days=len(group),
                    stiffness=median([d[1] for d in group]) or 0,
                    pain=median([d[2] for d in group]) or 0,
                    minutes=median(minutes),
                    cramp_nights=sum(d[4] for d in group),
                    x=_x((monday - start).days // 7, slots),
                )
            )
        label_at = [start + timedelta(weeks=i) for i in _label_indexes(slots, 3)]
    else:
        slots = period
        for day, stiffness, pain, minutes, cramp in days:
            x = _x((day - first).days, slots)
            points.append(Point(day, 1, stiffness, pain, minutes, int(cramp), x))
        label_at = [first + timedelta(days=i) for i in _label_indexes(slots, 3)]
    step = 7 if weekly else 1
    origin = _monday(first) if weekly else first
    answered_minutes = [d[3] for d in days if d[3] is not None]
    return Trend(
        period=period,
        weekly=weekly,
        first=first,
        last=last,
        slots=slots,
        points=points,
        label_days=[(_x((d - origin).days // step, slots), d) for d in label_at],
        minutes_max=_minutes_max([p.minutes for p in points if p.minutes is not None]),
        avg_stiffness=_mean([d[1] for d in days]),
        avg_pain=_mean([d[2] for d in days]),
        cramp_nights=sum(d[4] for d in days),
        checkin_days=len(days),
        minutes_days=len(answered_minutes),
    )
