"""Time the insights of a synthetic diary of 30 days, a year and five years, and count how many
random diaries (nothing planted) show a "likely" or anything at all, and how often a planted
effect (poor sleep -> stiffness +3) is found.

Usage: PYTHONPATH=. python benchmarks/insights.py [random diaries per length, default 200]
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from synthetic_diaries import diary  # noqa: E402  (after the path is set)

from flouria_pwa.insights import stats  # noqa: E402


def timings() -> None:
    """`compare` alone on all day records, and the page's path: day records of the rows the query
    returns (the last `WINDOW_DAYS` days and the day before), then `compare`."""
    for days in (30, 365, 5 * 365):
        every = diary(days, 1, 3.0)
        last = every[-1]["date"]
        rows = [r for r in every if r["date"] >= last - timedelta(days=stats.WINDOW_DAYS)]
        all_records = stats.day_records(every)
        times, whole = [], []
        for _ in range(7):
            begin = time.perf_counter()
            stats.compare(all_records, last)
            times.append(time.perf_counter() - begin)
            begin = time.perf_counter()
            records = stats.day_records(rows)
            stats.compare(records, last)
            whole.append(time.perf_counter() - begin)
        print(
            f"{days:5} days: compare {statistics.median(times) * 1000:.0f} ms, "
            f"the page's path {statistics.median(whole) * 1000:.0f} ms (median of 7)"
        )


def false_links(diaries: int, habits: float = 0.0) -> None:
    for days in (30, 90, 365):
        likely = anything = 0
        for seed in range(diaries):
            records = stats.day_records(diary(days, 10_000 + seed, habits=habits))
            shown = stats.compare(records, records[-1].date).insights
            likely += any(i.certainty == "likely" for i in shown)
            anything += bool(shown)
        kind = f" (habits kept with probability {habits})" if habits else ""
        print(
            f"{diaries} random diaries of {days} days{kind}: {likely} with a likely, "
            f"{anything} with anything"
        )


def planted(diaries: int) -> None:
    for days in (30, 60, 90, 365):
        likely = hint = 0
        for seed in range(diaries):
            records = stats.day_records(diary(days, seed, effect=3.0))
            found = [
                i
                for i in stats.compare(records, records[-1].date).insights
                if (i.factor, i.outcome, i.lag_days) == ("sleep", "stiffness", 0)
            ]
            likely += bool(found) and found[0].certainty == "likely"
            hint += bool(found) and found[0].certainty == "hint"
        print(f"planted effect, {diaries} diaries of {days} days: {likely} likely, {hint} hint")


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    timings()
    false_links(count)
    false_links(count, habits=0.6)
    planted(count // 4)
