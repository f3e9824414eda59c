"""What her diary shows: a fixed list of habit/morning pairs, compared honestly (docs/insights.md).

No Flask and no database: `day_records` turns stored check-ins into one record per check-in day
(the rules' merge of docs/rules.md §2.2: the worst score of the day, "any" for yes/no answers),
except that an unanswered question stays unanswered (None) instead of taking the rules' default.
`compare` then looks at each pair of the fixed list `PAIRS`, over the last `WINDOW_DAYS`
calendar days:

- nothing at all with fewer than `MIN_DAYS` check-in days;
- a pair only with at least `MIN_GROUP` days with and `MIN_GROUP` days without the factor
  (a day on which the factor or the outcome was not answered is out of that pair);
- what is shown: the difference of medians, with minus without (for cramp, a yes/no outcome, the
  difference of the shares of days with cramp), with a moving-block bootstrap interval;
- the p-value from a block permutation test: the order of blocks of `PERMUTATION_BLOCK` day
  records of the factor series is shuffled (the outcome stays where it is), `PERMUTATIONS` times,
  on the difference of *means* (`_tested`: measured to find far more, with as few false links);
- Benjamini–Hochberg over the whole fixed list (a pair without enough days counts with p = 1):
  `"likely"` when kept at `LIKELY_FDR` and the moving-block bootstrap interval at the adjusted
  level excludes 0; `"hint"` when kept at `HINT_FDR` and the older and newer half of its days
  show the difference in the same direction; both only when the medians shown differ in the
  direction the test found; nothing otherwise.

Speed: no Python loop over permutations or resamples. Outcomes are small integers, so a group's
count per outcome value is a matrix product: the K×n "with" masks (or the bootstrap's count of
each day in each resample) times the n×V one-hot of the outcome; medians come from the
cumulative counts. At most a year is analysed, so a five-year diary costs what a year costs.
"""

from __future__ import annotations

import hashlib
import os
import statistics
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from typing import Any

# One thread for the matrix products: they are small, and a web worker that starts a BLAS thread
# pool on every core of a shared machine gets slower, not faster (measured: BENCHMARKS.md). This
# only takes effect when this module is the first to load numpy (in the app it is).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

MIN_DAYS = 14  # [P] check-in days before any comparison is made
MIN_GROUP = 5  # [P] days with and days without the factor a pair needs
LIKELY_FDR = 0.02  # [P] Benjamini–Hochberg rate for "likely" (0.01 cannot keep a lone pair: below)
HINT_FDR = 0.05  # [P] Benjamini–Hochberg rate for "hint"
PERMUTATIONS = 999
PERMUTATION_BLOCK = 3  # day records per shuffled block
RESAMPLES = 999  # bootstrap resamples
BOOTSTRAP_BLOCK = 7  # day records per bootstrap block (circular)
WINDOW_DAYS = 365  # calendar days analysed at most: "het afgelopen jaar"
LAST_WEEK_DAYS = 7
HALF_GROUP = 2  # days with and without each half needs for the direction check

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
    """One pair that is shown. `with_`/`without`: the medians of the outcome on days with and
    without the factor (for cramp: the share of days with cramp)."""

    factor: str
    outcome: str
    lag_days: int
    days_with: int
    days_without: int
    with_: float
    without: float
    direction: str  # "higher" or "lower": the outcome on days with the factor
    certainty: str  # "likely" or "hint"
    p_value: float  # the block-permutation p-value
    interval: tuple[float, float]  # the block-bootstrap interval at the BH-adjusted level
    cases_with: int | None = None  # yes/no outcomes: the days with cramp in each group
    cases_without: int | None = None

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


def _seed(records: Sequence[DayRecord]) -> int:
    """A seed made from the data: the same diary always gets the same answer."""
    text = repr([(r.date, sorted(r.outcomes.items()), sorted(r.factors.items())) for r in records])
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _block_permutations(n: int, count: int, rng: np.random.Generator) -> np.ndarray:
    """`count` orders of the day positions 0..n-1 (a count × n array): the blocks of
    `PERMUTATION_BLOCK` neighbouring positions shuffled, each block kept whole (the last one may
    be shorter)."""
    blocks = -(-n // PERMUTATION_BLOCK)
    base = np.arange(blocks * PERMUTATION_BLOCK).reshape(blocks, PERMUTATION_BLOCK)
    base[base >= n] = -1
    order = np.argsort(rng.random((count, blocks)), axis=1)
    positions = base[order].reshape(count, -1)
    return positions[positions >= 0].reshape(count, n)


def _bootstrap_counts(n: int, count: int, rng: np.random.Generator) -> np.ndarray:
    """How often each day position is drawn in each of `count` moving-block bootstrap resamples
    (a count × n array): blocks of `BOOTSTRAP_BLOCK` positions, circular, until n are drawn."""
    length = min(BOOTSTRAP_BLOCK, n)
    blocks = -(-n // length)
    starts = rng.integers(0, n, size=(count, blocks))
    drawn = (starts[:, :, None] + np.arange(length)).reshape(count, -1)[:, :n] % n
    flat = drawn + (np.arange(count) * n)[:, None]
    return np.bincount(flat.ravel(), minlength=count * n).reshape(count, n).astype(np.float32)


def _centres(counts: np.ndarray, values: np.ndarray, share: bool) -> np.ndarray:
    """Each row's median (for a yes/no outcome: share of yes) from its counts per value (rows ×
    V, `values` ascending); NaN for an empty row. In float64 whatever the counts came in, so the
    observed difference and the shuffled ones are computed alike, to the last bit."""
    counts = counts.astype(np.float64)
    total = counts.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        if share:
            return counts @ values / total
        cumulative = np.cumsum(counts, axis=1)
        low = (cumulative <= ((total - 1) // 2)[:, None]).sum(axis=1)
        high = (cumulative <= (total // 2)[:, None]).sum(axis=1)
        last = len(values) - 1
        middle = (values[np.minimum(low, last)] + values[np.minimum(high, last)]) / 2
    return np.where(total > 0, middle, np.nan)


def _tested(counts: np.ndarray, values: np.ndarray, share: bool) -> np.ndarray:
    """What the permutation test compares: each row's mean (for a yes/no outcome that is the
    share of yes); NaN for an empty row. Not the median: a group's median is decided by its one
    or two middle days and moves in whole points. Measured on synthetic diaries (BENCHMARKS.md):
    on medians, a planted effect in a month of check-ins came out "likely" 2 times in 50, on means
    12 times, with as few false "likely"s (docs/insights.md)."""
    counts = counts.astype(np.float64)
    total = counts.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, counts @ values / total, np.nan)


def _bh_kept(p_values: Sequence[float], rate: float) -> int:
    """How many of the smallest p-values Benjamini–Hochberg keeps at `rate`."""
    ranked = sorted(p_values)
    m = len(ranked)
    kept = 0
    for rank, p in enumerate(ranked, start=1):
        if p <= rate * rank / m:
            kept = rank
    return kept


def _halves_agree(factor: np.ndarray, outcome: np.ndarray, share: bool, sign: float) -> bool:
    """The older and the newer half of the pair's days (in date order) each show the difference
    in the same direction, each with at least `HALF_GROUP` days with and without."""
    middle = len(factor) // 2
    for part in (slice(0, middle), slice(middle, None)):
        f, y = factor[part], outcome[part]
        with_, without = y[f == 1], y[f == 0]
        if len(with_) < HALF_GROUP or len(without) < HALF_GROUP:
            return False
        if share:
            difference = with_.mean() - without.mean()
        else:
            difference = float(np.median(with_) - np.median(without))
        if difference * sign <= 0:
            return False
    return True


def last_week(records: Sequence[DayRecord], today: date) -> dict[str, float | None]:
    """The median stiffness and pain of the check-in days in the 7 days up to today."""
    first = today - timedelta(days=LAST_WEEK_DAYS - 1)
    recent = [r for r in records if first <= r.date <= today]
    result: dict[str, float | None] = {}
    for name in ("stiffness", "pain"):
        values = [v for r in recent if (v := r.outcomes[name]) is not None]
        result[name] = float(statistics.median(values)) if values else None
    return result


def _factor_series(
    records: Sequence[DayRecord], every: Sequence[DayRecord]
) -> dict[tuple[str, int], np.ndarray]:
    """Per (factor, lag): 1 with, 0 without, -1 not answered, for each analysed day. Lag 1 reads
    the check-in of the calendar day before (none that day: not answered)."""
    by_date = {r.date: r for r in every}
    series: dict[tuple[str, int], np.ndarray] = {}
    for factor, lag in sorted({(p.factor, p.lag_days) for p in PAIRS}):
        values = []
        for record in records:
            source = record if lag == 0 else by_date.get(record.date - timedelta(days=lag))
            answer = None if source is None else source.factors[factor]
            values.append(-1 if answer is None else int(answer))
        series[(factor, lag)] = np.array(values, dtype=np.int8)
    return series


@dataclass
class _Candidate:
    index: int
    values: np.ndarray  # the outcome's distinct values, ascending
    onehot: np.ndarray  # n × V, zero rows on days without an answer
    observed: float
    p_value: float = 1.0


def compare(
    records: Sequence[DayRecord],
    today: date,
    permutations: int = PERMUTATIONS,
    resamples: int = RESAMPLES,
) -> Summary:
    """The insights of a diary's day records (oldest first, as `day_records` makes them), over
    the last `WINDOW_DAYS` calendar days up to `today`."""
    first = today - timedelta(days=WINDOW_DAYS - 1)
    recent = [r for r in records if first <= r.date <= today]
    week = last_week(recent, today)
    n = len(recent)
    if n < MIN_DAYS:
        return Summary(n, [], week)

    factors = _factor_series(recent, records)
    outcomes = {
        name: np.array([np.nan if (v := r.outcomes[name]) is None else float(v) for r in recent])
        for name in OUTCOMES
    }

    # The pairs with enough days, and their one-hot outcome matrices.
    candidates: list[_Candidate] = []
    for index, pair in enumerate(PAIRS):
        f, y = factors[(pair.factor, pair.lag_days)], outcomes[pair.outcome]
        answered = ~np.isnan(y)
        with_, without = y[answered & (f == 1)], y[answered & (f == 0)]
        if len(with_) < MIN_GROUP or len(without) < MIN_GROUP:
            continue
        values = np.unique(y[answered])
        onehot = (y[:, None] == values[None, :]).astype(np.float64)
        share = pair.outcome in SHARE_OUTCOMES
        observed = float(
            _tested(onehot[f == 1].sum(axis=0)[None, :], values, share)[0]
            - _tested(onehot[f == 0].sum(axis=0)[None, :], values, share)[0]
        )
        candidates.append(_Candidate(index, values, onehot, observed))
    if not candidates:
        return Summary(n, [], week)

    seeds = np.random.SeedSequence(_seed(recent)).spawn(2)
    order = _block_permutations(n, permutations, np.random.default_rng(seeds[0]))

    # The permutation test, per factor series: its shuffled copies once, then one matrix product
    # per group for all the pairs that use it.
    for key in {(PAIRS[c.index].factor, PAIRS[c.index].lag_days) for c in candidates}:
        shuffled = factors[key][order]  # K × n
        # The "with" masks over the "without" masks: one matrix product gives both groups' counts.
        masks = np.concatenate([shuffled == 1, shuffled == 0]).astype(np.float32)
        group = [c for c in candidates if (PAIRS[c.index].factor, PAIRS[c.index].lag_days) == key]
        counts = masks @ np.hstack([c.onehot for c in group]).astype(np.float32)
        with_counts, without_counts = counts[:permutations], counts[permutations:]
        column = 0
        for c in group:
            width = len(c.values)
            share = PAIRS[c.index].outcome in SHARE_OUTCOMES
            part = slice(column, column + width)
            column += width
            differences = _tested(with_counts[:, part], c.values, share) - _tested(
                without_counts[:, part], c.values, share
            )
            # A shuffle that leaves a group empty has no difference: it counts as extreme.
            extreme = np.isnan(differences) | (np.abs(differences) >= abs(c.observed) - 1e-9)
            c.p_value = (1 + int(extreme.sum())) / (1 + permutations)
            if c.observed == 0:
                c.p_value = 1.0

    everything = [1.0] * len(PAIRS)
    for c in candidates:
        everything[c.index] = c.p_value
    likely_kept = _bh_kept(everything, LIKELY_FDR)
    hint_kept = _bh_kept(everything, HINT_FDR)
    ranked = sorted(everything)
    likely_cut = ranked[likely_kept - 1] if likely_kept else -1.0
    hint_cut = ranked[hint_kept - 1] if hint_kept else -1.0
    shown = [c for c in candidates if c.p_value <= hint_cut]
    if not shown:
        return Summary(n, [], week)

    # The moving-block bootstrap of the difference, for the pairs BH kept: each day's count in
    # each resample, times the outcome's one-hot restricted to the days with (and without).
    drawn = _bootstrap_counts(n, resamples, np.random.default_rng(seeds[1]))
    m = len(PAIRS)
    insights = []
    for c in shown:
        pair = PAIRS[c.index]
        share = pair.outcome in SHARE_OUTCOMES
        f, y = factors[(pair.factor, pair.lag_days)], outcomes[pair.outcome]
        width = len(c.values)
        rows = np.hstack([c.onehot * (f == 1)[:, None], c.onehot * (f == 0)[:, None]])
        counts = drawn @ rows.astype(np.float32)
        boot = _centres(counts[:, :width], c.values, share) - _centres(
            counts[:, width:], c.values, share
        )
        boot = np.nan_to_num(boot, nan=0.0)  # a resample without one group shows nothing
        if c.p_value <= likely_cut:
            level = likely_kept * LIKELY_FDR / m
        else:
            level = hint_kept * HINT_FDR / m
        low, high = np.quantile(boot, [level / 2, 1 - level / 2])
        interval = (float(low), float(high))
        excludes_zero = low > 0 or high < 0
        answered = ~np.isnan(y) & (f >= 0)
        sign = 1.0 if c.observed > 0 else -1.0
        shown_difference = float(
            _centres(c.onehot[f == 1].sum(axis=0)[None, :], c.values, share)[0]
            - _centres(c.onehot[f == 0].sum(axis=0)[None, :], c.values, share)[0]
        )
        if shown_difference * sign <= 0:
            continue  # the numbers shown would not show it
        if c.p_value <= likely_cut and excludes_zero:
            certainty = "likely"
        elif c.p_value <= hint_cut and _halves_agree(f[answered], y[answered], share, sign):
            certainty = "hint"
        else:
            continue
        with_data, without_data = y[answered & (f == 1)], y[answered & (f == 0)]
        if share:
            with_centre, without_centre = with_data.mean(), without_data.mean()
            cases: tuple[int | None, int | None] = (int(with_data.sum()), int(without_data.sum()))
        else:
            with_centre, without_centre = np.median(with_data), np.median(without_data)
            cases = (None, None)
        insights.append(
            Insight(
                pair.factor,
                pair.outcome,
                pair.lag_days,
                len(with_data),
                len(without_data),
                round(float(with_centre), 2),
                round(float(without_centre), 2),
                "higher" if c.observed > 0 else "lower",
                certainty,
                c.p_value,
                interval,
                *cases,
            )
        )
    insights.sort(
        key=lambda i: (
            i.certainty != "likely",
            i.p_value,
            PAIRS.index(Pair(i.factor, i.outcome, i.lag_days)),
        )
    )
    return Summary(n, insights, week)
