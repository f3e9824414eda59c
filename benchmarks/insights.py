"""Time the insights of a synthetic diary of 30 days, a year and five years, and count how many
random diaries (no effect planted) show a "likely" or a "hint".

Usage: PYTHONPATH=. python benchmarks/insights.py [random diaries, default 200]
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date
from datetime import timedelta
from typing import Any

from flouria_pwa.insights import stats


def diary(days: int, seed: int, effect: float = 0.0) -> list[dict[str, Any]]:
    """Like tests/test_insights.py's: poor or fair sleep adds `effect` to stiffness."""
    rng = random.Random(seed)
    start = date(2020, 1, 1)
    rows = []
    level = 4.0
    for i in range(days):
        level = 0.5 * level + 2 + rng.gauss(0, 1.2)
        sleep = rng.choice(["good", "good", "fair", "poor"])
        rows.append(
            {
                "date": start + timedelta(days=i),
                "stiffness": max(0, min(10, round(level + (effect if sleep != "good" else 0)))),
                "pain": max(0, min(10, round(level + rng.gauss(0, 1.5)))),
                "stiffness_minutes": rng.choice([None, 0, 10, 15, 30, 45, 60]),
                "cramp": rng.random() < 0.25,
                "sleep": sleep,
                "long_sitting": rng.random() < 0.4,
                "activity": rng.choice(["usual", "usual", "new", "heavier", None]),
                "stress": rng.choice(["low", "medium", "high"]),
                "fluid": rng.choice(["low", "normal", "high"]),
                "alcohol": rng.random() < 0.3,
                "coffee": rng.choice([0, 1, 2, 3, 4, 5, None]),
            }
        )
    return rows


def main(diaries: int) -> None:
    for days in (30, 365, 5 * 365):
        records = stats.day_records(diary(days, 1, 3.0))
        times = []
        for _ in range(5):
            begin = time.perf_counter()
            stats.compare(records, records[-1].date)
            times.append(time.perf_counter() - begin)
        print(f"{days:5} days: median {statistics.median(times) * 1000:.0f} ms")
    for days in (30, 90):
        likely = hint = 0
        for seed in range(diaries):
            records = stats.day_records(diary(days, 10_000 + seed))
            shown = stats.compare(records, records[-1].date).insights
            likely += any(i.certainty == "likely" for i in shown)
            hint += any(i.certainty == "hint" for i in shown)
        print(f"{diaries} random diaries of {days} days: {likely} with a likely, {hint} a hint")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
