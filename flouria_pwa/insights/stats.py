"""What her diary shows: a fixed list of habit/morning pairs, compared honestly (docs/insights.md).

Pure Python, no Flask and no database. `day_records` turns stored check-ins into one record per
check-in day (the rules' merge of RULES.md §2.2: the worst score of the day, "any" for yes/no
answers), except that an unanswered question stays unanswered (None) instead of taking the rules'
default. `compare` then looks at each pair of the fixed list `PAIRS`:

- nothing at all with fewer than `MIN_DAYS` check-in days;
- a pair only with at least `MIN_GROUP` days with and `MIN_GROUP` days without the factor
  (days on which the factor or the outcome was not answered are left out);
- the difference of medians (for cramp, a yes/no outcome: the share of nights with cramp), with
  a moving-block bootstrap (blocks of neighbouring days, because neighbouring days are alike);
- `"likely"` when the Benjamini–Hochberg correction over the whole fixed list keeps the pair at
  `FDR`, which is when its corrected interval excludes 0; `"hint"` when it keeps it only at
  `HINT_FDR`; both only for a *consistent* difference (`_consistent`); nothing otherwise.

Work in progress: on random diaries this still shows far too many "likely"s (docs/insights.md,
"Open problem"); no page or API uses it yet.

Speed: the bootstrap never touches single days. Every check-in day becomes one big integer that
holds, in `_WIDTH`-bit fields, a count of 1 in the (pair, with/without, outcome value) cells it
falls in. A block of days is then the difference of two prefix sums, a resample is the sum of
its blocks' integers (an addition done in C), and one `array` read gives every cell's count, from
which each pair's two medians follow. The number of blocks in a resample is at most
`MAX_BLOCKS` (long diaries get longer blocks), so a five-year diary costs what a year costs.
"""

from __future__ import annotations

import hashlib
import statistics
import sys
from array import array
from bisect import bisect_right
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from itertools import accumulate
from math import ceil
from random import Random
from typing import Any

MIN_DAYS = 14  # [P] check-in days before any comparison is made
MIN_GROUP = 5  # [P] days with and days without the factor a pair needs
FDR = 0.05  # [P] Benjamini–Hochberg false discovery rate for "likely"
HINT_FDR = 0.20  # [P] the looser rate a "hint" must pass (with `_consistent`)
RESAMPLES = 1000  # bootstrap resamples
BLOCK_DAYS = 7  # [P] the shortest block: a week of check-in days
MAX_BLOCKS = 52  # blocks in a resample at most; longer diaries get longer blocks
LAST_WEEK_DAYS = 7

_WIDTH = 32  # bits per cell: a count never exceeds the resample's length
_TYPECODE = "I"

# Which answer makes a day a day "with" the factor. The keys are contract field names.
FACTORS: dict[str, Any] = {
    "sleep": lambda v: v in ("fair", "poor"),
    "long_sitting": bool,
    "activity": lambda v: v in ("new", "heavier"),
    "stress": lambda v: v == "high",
    "fluid": lambda v: v == "low",
    "alcohol": bool,
    "coffee": lambda v: v >= 4,
}
OUTCOMES = ("stiffness", "stiffness_minutes", "pain", "cramp")
SHARE_OUTCOMES = frozenset({"cramp"})  # yes/no outcomes: compared as a share, not a median

COLUMNS = ("date", *OUTCOMES, *FACTORS)
"""The check-in columns `day_records` reads."""


@dataclass(frozen=True)
class Pair:
    """A factor against an outcome. `lag_days` 1: the factor as answered in the check-in of the
    calendar day before (that day must have one), against this morning's outcome."""

    factor: str
    outcome: str
    lag_days: int = 0


PAIRS: tuple[Pair, ...] = (
    Pair("sleep", "stiffness"),
    Pair("sleep", "stiffness_minutes"),
    Pair("sleep", "pain"),
    Pair("long_sitting", "stiffness"),
    Pair("long_sitting", "pain"),
    Pair("activity", "pain"),
    Pair("activity", "stiffness"),
    Pair("activity", "cramp"),
    Pair("stress", "stiffness"),
    Pair("stress", "pain"),
    Pair("fluid", "cramp"),
    Pair("alcohol", "cramp"),
    Pair("coffee", "cramp"),
    # "Terugkijken" (seed 002): the load and the cramp pairs once more, a day further back.
    Pair("activity", "pain", 1),
    Pair("activity", "stiffness", 1),
    Pair("activity", "cramp", 1),
    Pair("fluid", "cramp", 1),
    Pair("alcohol", "cramp", 1),
    Pair("coffee", "cramp", 1),
)
"""The fixed list: the number of comparisons the correction counts is always `len(PAIRS)`."""


@dataclass(frozen=True)
class DayRecord:
    """One check-in day. Outcomes: the day's highest score (None: not answered that day);
    factors: True when any check-in of the day has the factor, False when some answered and none
    has it, None when none answered."""

    date: date
    outcomes: Mapping[str, float | None]
    factors: Mapping[str, bool | None]


@dataclass(frozen=True)
class Insight:
    factor: str
    outcome: str
    lag_days: int
    days_with: int
    days_without: int
    with_: float
    without: float
    direction: str  # "higher" or "lower": the outcome on days with the factor
    certainty: str  # "likely" or "hint"
    p_value: float
    interval: tuple[float, float]  # the bootstrap interval at the level the certainty needs

    def to_json(self) -> dict[str, Any]:
        return {
            "factor": self.factor,
            "outcome": self.outcome,
            "lag_days": self.lag_days,
            "days_with": self.days_with,
            "days_without": self.days_without,
            "with": self.with_,
            "without": self.without,
            "direction": self.direction,
            "certainty": self.certainty,
        }


@dataclass(frozen=True)
class Summary:
    """What the page and the API show."""

    days_logged: int
    insights: list[Insight]
    last_week: dict[str, float | None]  # the median stiffness and pain of the last 7 days

    days_needed: int = MIN_DAYS

    @property
    def days_to_go(self) -> int:
        return max(0, self.days_needed - self.days_logged)

    def to_json(self) -> dict[str, Any]:
        return {
            "days_logged": self.days_logged,
            "days_needed": self.days_needed,
            "insights": [i.to_json() for i in self.insights],
        }


# ---------------------------------------------------------------------------- day records


def _get(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, Mapping) else getattr(row, name)


def _highest(values: Iterable[Any]) -> float | None:
    answered = [v for v in values if v is not None]
    return max(answered) if answered else None


def _any(values: Iterable[bool | None]) -> bool | None:
    answered = [v for v in values if v is not None]
    return any(answered) if answered else None


def day_records(rows: Iterable[Any]) -> list[DayRecord]:
    """One record per check-in day, oldest first, from stored check-ins (mappings or rows with
    the `COLUMNS` as attributes). Like the rules' merge (every score a maximum, every yes/no an
    "any"), but a question nobody answered that day stays None."""
    by_date: dict[date, list[Any]] = {}
    for row in rows:
        by_date.setdefault(_get(row, "date"), []).append(row)
    records = []
    for day in sorted(by_date):
        entries = by_date[day]
        outcomes = {name: _highest(_get(e, name) for e in entries) for name in OUTCOMES}
        factors = {
            name: _any(None if (v := _get(e, name)) is None else bool(test(v)) for e in entries)
            for name, test in FACTORS.items()
        }
        records.append(DayRecord(day, outcomes, factors))
    return records


# ---------------------------------------------------------------------------- comparisons


def _edges(values: Sequence[float]) -> list[float]:
    """The cell edges of the grouped median: halfway between neighbouring values (a score of 4
    stands for anything from 3.5 to 4.5); the outer cells as wide as their neighbour gap."""
    if len(values) == 1:
        return [values[0] - 0.5, values[0] + 0.5]
    mids = [(a + b) / 2 for a, b in zip(values, values[1:], strict=False)]
    return [values[0] - (mids[0] - values[0]), *mids, values[-1] + (values[-1] - mids[-1])]


def _median_of_cells(counts: Sequence[int], edges: Sequence[float]) -> float | None:
    """The grouped (interpolated) median: a score is a rounded feeling, so the median moves
    smoothly between scores. Plain medians of scores jump in whole points, and their bootstrap
    then claims far more certainty than the data has."""
    total = sum(counts)
    if not total:
        return None
    cum = list(accumulate(counts))
    half = total / 2
    cell = bisect_right(cum, half - 1e-9)
    below = cum[cell - 1] if cell else 0
    low, high = edges[cell], edges[cell + 1]
    return low + (half - below) / counts[cell] * (high - low)


def _share_of_cells(counts: Sequence[int], values: Sequence[float]) -> float | None:
    """The share of days with the outcome (cells: no, yes; or only one of them)."""
    total = sum(counts)
    if not total:
        return None
    return sum(c * v for c, v in zip(counts, values, strict=True)) / total


def _centre(outcome: str, data: Sequence[float]) -> float:
    """What the page shows: the plain median (for cramp, the share of nights with cramp)."""
    if outcome in SHARE_OUTCOMES:
        return sum(data) / len(data)
    return float(statistics.median(data))


def _statistic(outcome: str, data: Sequence[float], values: Sequence[float]) -> float:
    """What the test compares: the grouped median (for cramp, the share), as in the resamples."""
    where = {v: i for i, v in enumerate(values)}
    counts = [0] * len(values)
    for v in data:
        counts[where[v]] += 1
    if outcome in SHARE_OUTCOMES:
        result = _share_of_cells(counts, values)
    else:
        result = _median_of_cells(counts, _edges(values))
    assert result is not None
    return result


def _consistent(pair_days: Sequence[tuple[bool, float]], outcome: str, difference: float) -> bool:
    """A difference is consistent when the older half and the newer half of the pair's days each
    show it in the same direction (each half with at least 2 days with and 2 without)."""
    half = len(pair_days) // 2
    for part in (pair_days[:half], pair_days[half:]):
        with_ = [v for f, v in part if f]
        without = [v for f, v in part if not f]
        if len(with_) < 2 or len(without) < 2:
            return False
        part_difference = _centre(outcome, with_) - _centre(outcome, without)
        if part_difference * difference <= 0:
            return False
    return True


def _seed(records: Sequence[DayRecord]) -> int:
    """A seed made from the data: the same diary always gets the same answer."""
    text = repr([(r.date, sorted(r.outcomes.items()), sorted(r.factors.items())) for r in records])
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _bh(p_values: Sequence[float], rate: float, m: int) -> int:
    """How many of the smallest p-values Benjamini–Hochberg keeps at `rate`, over `m` tests."""
    ranked = sorted(p_values)
    kept = 0
    for rank, p in enumerate(ranked, start=1):
        if p <= rate * rank / m:
            kept = rank
    return kept


def _percentile(ordered: Sequence[float], share: float) -> float:
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def last_week(records: Sequence[DayRecord], today: date) -> dict[str, float | None]:
    """The median stiffness and pain of the check-in days in the 7 days up to today."""
    first = today - timedelta(days=LAST_WEEK_DAYS - 1)
    recent = [r for r in records if first <= r.date <= today]
    result: dict[str, float | None] = {}
    for name in ("stiffness", "pain"):
        values = [v for r in recent if (v := r.outcomes[name]) is not None]
        result[name] = float(statistics.median(values)) if values else None
    return result


def compare(records: Sequence[DayRecord], today: date, resamples: int = RESAMPLES) -> Summary:
    """The insights of a diary's day records (oldest first, as `day_records` makes them)."""
    week = last_week(records, today)
    if len(records) < MIN_DAYS:
        return Summary(len(records), [], week)

    # One pass: each pair's analysed days, in date order, as (has the factor, outcome value).
    by_date = {r.date: r for r in records}
    pair_days: list[list[tuple[int, bool, float]]] = [[] for _ in PAIRS]
    for position, record in enumerate(records):
        before = by_date.get(record.date - timedelta(days=1))
        for index, pair in enumerate(PAIRS):
            source = record if pair.lag_days == 0 else before
            if source is None:
                continue
            factor = source.factors[pair.factor]
            value = record.outcomes[pair.outcome]
            if factor is not None and value is not None:
                pair_days[index].append((position, factor, float(value)))

    # The pairs with enough days, and their cells in the packed integers.
    eligible: list[int] = []
    layout: dict[int, tuple[int, list[float]]] = {}  # pair -> (first cell, outcome values)
    scales: dict[int, list[float]] = {}  # pair -> what its cells hold: values, or median edges
    cells = 0
    for index, days in enumerate(pair_days):
        with_count = sum(1 for _, f, _ in days if f)
        if with_count >= MIN_GROUP and len(days) - with_count >= MIN_GROUP:
            values = sorted({v for _, _, v in days})
            eligible.append(index)
            layout[index] = (cells, values)
            shares = PAIRS[index].outcome in SHARE_OUTCOMES
            scales[index] = values if shares else _edges(values)
            cells += 2 * len(values)
    if not eligible:
        return Summary(len(records), [], week)

    n = len(records)
    vectors = [0] * n
    for index in eligible:
        first, values = layout[index]
        where = {v: i for i, v in enumerate(values)}
        for position, factor, value in pair_days[index]:
            cell = first + (len(values) if factor else 0) + where[value]
            vectors[position] += 1 << (_WIDTH * cell)

    length = max(BLOCK_DAYS, ceil(n / MAX_BLOCKS))
    length = min(length, n)
    count = ceil(n / length)
    prefix = [0, *accumulate(vectors)]
    total = prefix[n]
    blocks = [
        prefix[i + length] - prefix[i]
        if i + length <= n
        else total - prefix[i] + prefix[i + length - n]
        for i in range(n)
    ]

    rng = Random(_seed(records))
    starts = range(n)
    size = cells * (_WIDTH // 8)
    differences: dict[int, list[float]] = {i: [] for i in eligible}
    for _ in range(resamples):
        resample = sum(map(blocks.__getitem__, rng.choices(starts, k=count)))
        counts = array(_TYPECODE, resample.to_bytes(size, "little"))
        if sys.byteorder == "big":
            counts.byteswap()
        for index in eligible:
            first, values = layout[index]
            k = len(values)
            centre = _share_of_cells if PAIRS[index].outcome in SHARE_OUTCOMES else _median_of_cells
            scale = scales[index]
            without = centre(counts[first : first + k], scale)
            with_ = centre(counts[first + k : first + 2 * k], scale)
            # A resample without one of the groups shows no difference (counts against both
            # directions, so it only ever makes a pair less sure).
            differences[index].append(0.0 if with_ is None or without is None else with_ - without)

    # Observed differences, p-values and the correction over the whole fixed list.
    observed: dict[int, tuple[float, float, int, int]] = {}
    p_values: dict[int, float] = {}
    for index in eligible:
        outcome = PAIRS[index].outcome
        with_data = [v for _, f, v in pair_days[index] if f]
        without_data = [v for _, f, v in pair_days[index] if not f]
        with_centre = _centre(outcome, with_data)
        without_centre = _centre(outcome, without_data)
        observed[index] = (with_centre, without_centre, len(with_data), len(without_data))
        # The basic (centred) bootstrap test: how often a resample strays from the observed
        # difference by as much as the observed difference strays from 0.
        values = layout[index][1]
        shift = _statistic(outcome, with_data, values) - _statistic(outcome, without_data, values)
        far = sum(1 for d in differences[index] if abs(d - shift) >= abs(shift))
        p_values[index] = (far + 1) / (resamples + 1)
    m = len(PAIRS)
    ordered_p = sorted(p_values.values())
    likely_kept = _bh(ordered_p, FDR, m)
    hint_kept = _bh(ordered_p, HINT_FDR, m)
    likely_cut = ordered_p[likely_kept - 1] if likely_kept else -1.0
    hint_cut = ordered_p[hint_kept - 1] if hint_kept else -1.0

    insights = []
    for index in eligible:
        with_centre, without_centre, days_with, days_without = observed[index]
        difference = with_centre - without_centre
        if difference == 0:
            continue
        p = p_values[index]
        halves_agree = _consistent(
            [(f, v) for _, f, v in pair_days[index]], PAIRS[index].outcome, difference
        )
        if not halves_agree:
            continue
        if p <= likely_cut:
            certainty, rate, kept = "likely", FDR, likely_kept
        elif p <= hint_cut:
            certainty, rate, kept = "hint", HINT_FDR, hint_kept
        else:
            continue
        # The interval that goes with the correction (Benjamini–Yekutieli): level 1 - kept·rate/m.
        level = kept * rate / m
        draws = sorted(differences[index])
        interval = (_percentile(draws, level / 2), _percentile(draws, 1 - level / 2))
        pair = PAIRS[index]
        insights.append(
            Insight(
                pair.factor,
                pair.outcome,
                pair.lag_days,
                days_with,
                days_without,
                round(with_centre, 2),
                round(without_centre, 2),
                "higher" if difference > 0 else "lower",
                certainty,
                p,
                interval,
            )
        )
    insights.sort(key=lambda i: (i.certainty != "likely", i.p_value))
    return Summary(len(records), insights, week)
