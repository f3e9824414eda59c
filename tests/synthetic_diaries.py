"""Synthetic diaries for the insights' tests and benchmark (`tests/test_insights.py`,
`benchmarks/insights.py`): check-in rows as `stats.day_records` reads them.

A realistic diary with nothing to find: stiffness, pain and cramp drift from day to day (an
AR(1) level, so neighbouring days are alike), some days have no check-in, some two, and now and
then a question is not answered. The factors are independent noise, except where `effect`
plants one: a fair or poor night adds `effect` to that morning's stiffness.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import date
from datetime import timedelta
from typing import Any

START = date(2020, 1, 1)
MINUTES = (0, 5, 10, 15, 20, 30, 45, 60, 90, 120)


def _clip(value: float, high: int = 10) -> int:
    return max(0, min(high, round(value)))


def diary(
    days: int,
    seed: int,
    effect: float = 0.0,
    start: date = START,
    gaps: float = 0.1,
    habits: float = 0.0,
) -> list[dict[str, Any]]:
    """`days` calendar days from `start`; a share `gaps` of them without a check-in. With
    `habits` > 0 the habits persist too: each check-in repeats the last answer to a question
    with that probability (still independent of the mornings)."""
    rng = random.Random(seed)
    last: dict[str, Any] = {}

    def keep(name: str, draw: Callable[[], Any]) -> Any:
        if habits and name in last and rng.random() < habits:
            return last[name]
        last[name] = draw()
        return last[name]

    centre = rng.uniform(2, 6)
    persistence = rng.uniform(0.3, 0.85)
    level = centre
    cramp_centre = rng.uniform(-3, -0.5)  # log-odds of a night with cramp
    cramp = cramp_centre

    def maybe(value: Any, missing: float = 0.08) -> Any:
        return None if rng.random() < missing else value

    rows: list[dict[str, Any]] = []
    for i in range(days):
        level = centre + persistence * (level - centre) + rng.gauss(0, 1.3)
        cramp = cramp_centre + 0.6 * (cramp - cramp_centre) + rng.gauss(0, 0.8)
        if rng.random() < gaps:
            continue
        for _ in range(2 if rng.random() < 0.05 else 1):
            sleep = keep("sleep", lambda: maybe(rng.choice(("good", "good", "fair", "poor"))))
            stiffness = level + rng.gauss(0, 0.8) + (effect if sleep in ("fair", "poor") else 0)
            rows.append(
                {
                    "date": start + timedelta(days=i),
                    "stiffness": _clip(stiffness),
                    "pain": _clip(0.8 * level + rng.gauss(0, 1.2)),
                    "stiffness_minutes": maybe(
                        MINUTES[_clip(level + rng.gauss(0, 1.5), len(MINUTES) - 1)], 0.3
                    ),
                    "cramp": rng.random() < 1 / (1 + math.exp(-cramp)),
                    "sleep": sleep,
                    "long_sitting": keep("long_sitting", lambda: rng.random() < 0.4),
                    "activity": keep(
                        "activity",
                        lambda: maybe(rng.choice(("usual", "usual", "usual", "new", "heavier"))),
                    ),
                    "stress": keep(
                        "stress", lambda: maybe(rng.choice(("low", "medium", "medium", "high")))
                    ),
                    "fluid": keep(
                        "fluid", lambda: maybe(rng.choice(("low", "normal", "normal", "high")))
                    ),
                    "alcohol": keep("alcohol", lambda: rng.random() < 0.3),
                    "coffee": keep("coffee", lambda: maybe(rng.choice((0, 1, 2, 2, 3, 3, 4, 5)))),
                }
            )
    return rows
