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
