"""The 30-day trend chart: stiffness, pain and cramp nights, as server-rendered inline SVG data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import timedelta

from .models import CheckIn

DAYS = 30
WIDTH = 330
HEIGHT = 160
TOP = 10
BOTTOM = 130  # y of a 0 score; the cramp-night marks sit below it
LEFT = 24


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
        return _y(score)

    @staticmethod
    def polyline(points: list[tuple[float, float]]) -> str:
        return " ".join(f"{x},{y}" for x, y in points)


def _x(index: int) -> float:
    return round(LEFT + index * (WIDTH - LEFT - 6) / (DAYS - 1), 1)


def _y(score: int) -> float:
    return round(BOTTOM - score * (BOTTOM - TOP) / 10, 1)


def _points(days: list[Day], attr: str) -> list[tuple[float, float]]:
    return [
        (_x(i), _y(getattr(d, attr))) for i, d in enumerate(days) if getattr(d, attr) is not None
    ]


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def build(entries: list[CheckIn], last: date) -> Chart:
    """One point per check-in day (the day's highest score) over the 30 days ending `last`."""
    first = last - timedelta(days=DAYS - 1)
    days = []
    for i in range(DAYS):
        day = first + timedelta(days=i)
        todays = [e for e in entries if e.date == day]
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
        stiffness=_points(days, "stiffness"),
        pain=_points(days, "pain"),
        cramp_x=[_x(i) for i, d in enumerate(days) if d.cramp_night],
        label_days=[(_x(i), days[i].day) for i in (0, 14, 29)],
        avg_stiffness=_mean([d.stiffness for d in seen]),
        avg_pain=_mean([d.pain for d in seen]),
        cramp_nights=sum(d.cramp_night for d in days),
        checkin_days=len(seen),
    )
