"""The facts the rules read: a normalised check-in, profile and history (docs/rules.md §1–§3).

Pure Python, no Flask: the same computation must be reproducible by the browser's evaluator,
so every step follows the pseudo-code of docs/rules.md literally.

`build_env` returns one flat mapping that the rule conditions read:
  - `c.<field>`: the current check-in, contract defaults applied;
  - `p.<field>`: the profile, contract defaults applied;
  - bare names: the derived facts of §3 (see `Facts`).
Lists become frozensets and dates `datetime.date`s.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import fields
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any

from . import catalogue
from .catalogue import Parameters
from .contract import RULES_CHECKIN_FIELDS
from .contract import RULES_PROFILE_FIELDS
from .contract import Field
from .contract import areas_with_spots

# Every product parameter [P] of the fact computations (thresholds, windows, value sets) is in
# catalogue.json's "parameters" (docs/rules.md §8): the functions below take them as `params`, and
# without one use the shipped catalogue's. Thresholds that sit in rule conditions are there too.
Params = Parameters | None


def _given(params: Params) -> Parameters:
    return catalogue.default_parameters() if params is None else params


# Contract field kinds mapped to the kinds the condition language knows.
_KIND = {
    "int": "number",
    "bool": "bool",
    "choice": "string",
    "set": "set",
    "text": "string",
    "date": "date",
    "time": "string",
    "uuid": "string",
}
_CRAMP_DETAILS = ("cramp_when", "cramp_where")


# ---------------------------------------------------------------------------- normalising


def to_date(value: str | date) -> date:
    """An ISO `YYYY-MM-DD` string or a date (a datetime counts by its date)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _normalise(raw: Mapping[str, Any], spec: Iterable[Field]) -> dict[str, Any]:
    """Apply contract defaults to absent or null fields; sets become frozensets.

    `raw` is a contract value (`values.CheckInValue`, `values.ProfileValue`: real dates, read
    like a mapping) or a JSON payload (the browser engine's cases: ISO dates, which `to_date`
    reads); both give the same normalised entry."""
    clean: dict[str, Any] = {}
    for field in spec:
        value = raw.get(field.name)
        if value is None:  # not answered: what docs/rules.md reads then
            value = field.default if field.engine_default is None else field.engine_default
        if field.kind == "set":
            value = frozenset(value or ())
        elif field.kind == "date" and value is not None:
            value = to_date(value)
        clean[field.name] = value
    return clean


def normalise_checkin(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A check-in with every field present: null minutes count as 0, the cramp details count
    only with a cramp (§1), and the areas include those of the spots (`areas_with_spots`)."""
    entry = _normalise(raw, RULES_CHECKIN_FIELDS)
    entry["areas"] = frozenset(areas_with_spots(entry["areas"], entry["spots"]))
    if entry["stiffness_minutes"] is None:
        entry["stiffness_minutes"] = 0
    if not entry["cramp"]:
        for name in _CRAMP_DETAILS:
            entry[name] = frozenset()
    return entry


def normalise_profile(raw: Mapping[str, Any] | None) -> dict[str, Any]:
    return _normalise(raw or {}, RULES_PROFILE_FIELDS)


# ---------------------------------------------------------------------------- §2 history


def is_stiff(entry: Mapping[str, Any], params: Params = None) -> bool:
    """stiff(e) of §3, on a normalised entry."""
    p = _given(params)
    return entry["stiffness"] >= p.stiff_score or entry["stiffness_minutes"] >= p.stiff_minutes


def collect_entries(
    checkin: Mapping[str, Any], history: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """S of §2.1: the (normalised) current check-in plus the history that counts.

    A repeated id counts only at its first position in the list, whatever that entry's
    date; then entries carrying the current id, and entries dated after D, are dropped.
    """
    current = normalise_checkin(checkin)
    entries = [current]
    seen: set[Any] = set()
    for raw in history:
        entry_id = raw.get("id")
        if entry_id is not None:
            if entry_id in seen:
                continue
            seen.add(entry_id)
            if entry_id == current["id"]:
                continue
        entry = normalise_checkin(raw)
        if entry["date"] <= current["date"]:
            entries.append(entry)
    return entries


@dataclass(frozen=True)
class Day:
    """The merged record of one check-in day (§2.2)."""

    date: date
    pain: int
    stiffness: int
    stiff: bool
    cramp: bool
    limited: bool
    areas: frozenset[str]
    load: bool


DAY_FIELDS = (
    *("date", "pain", "stiffness", "stiffness_minutes"),
    *("cramp", "limits", "areas", "activity"),
)
"""The check-in fields a day record reads (`_merge`): all the engine needs of a history entry
besides its id. Keep in step with `_merge`."""


def day_records(entries: Iterable[Mapping[str, Any]], params: Params = None) -> list[Day]:
    """One record per check-in day, newest first (so `days[0]` is D)."""
    p = _given(params)
    by_date: dict[date, list[Mapping[str, Any]]] = {}
    for entry in entries:
        by_date.setdefault(entry["date"], []).append(entry)
    return [_merge(day, by_date[day], p) for day in sorted(by_date, reverse=True)]


def _merge(day: date, entries: Sequence[Mapping[str, Any]], p: Parameters) -> Day:
    return Day(
        date=day,
        pain=max(e["pain"] for e in entries),
        stiffness=max(e["stiffness"] for e in entries),
        stiff=any(is_stiff(e, p) for e in entries),
        cramp=any(e["cramp"] for e in entries),
        limited=any(e["limits"] for e in entries),
        areas=frozenset().union(*(e["areas"] for e in entries)),
        load=any(e["activity"] in p.load_activities for e in entries),
    )


def merge_days(first: Day, second: Day) -> Day:
    """The record of one day made from the records of two parts of its check-ins: the same as
    `day_records` of all of them (every field is a maximum, an "any" or a union), so a day can
    be built up one check-in at a time."""
    return Day(
        date=first.date,
        pain=max(first.pain, second.pain),
        stiffness=max(first.stiffness, second.stiffness),
        stiff=first.stiff or second.stiff,
        cramp=first.cramp or second.cramp,
        limited=first.limited or second.limited,
        areas=first.areas | second.areas,
        load=first.load or second.load,
    )


def days_between(days: Iterable[Day], start: date, end: date) -> list[Day]:
    """The check-in days in [start, end], both ends included."""
    return [d for d in days if start <= d.date <= end]


def _back(today: date, n: int) -> date:
    return today - timedelta(days=n)


def blocks(days: Sequence[Day], today: date, params: Params = None) -> list[list[Day]]:
    """B_k = [D-7k-6, D-7k] for k = 0..5 (§2.4; block_days 7, block_count 6), each in the order
    of `days`.

    A day lies in B_k exactly when it is 7k to 7k+6 days before D, so one pass sorts them."""
    p = _given(params)
    result: list[list[Day]] = [[] for _ in range(p.block_count)]
    for day in days:
        back = (today - day.date).days
        if 0 <= back < p.block_days * p.block_count:
            result[back // p.block_days].append(day)
    return result


def six_weeks(days: Sequence[Day], today: date, params: Params = None) -> list[Day]:
    """W: the check-in days in [D-41, D] (all the blocks)."""
    p = _given(params)
    return days_between(days, _back(today, p.block_days * p.block_count - 1), today)


def covered6w(days: Sequence[Day], today: date, params: Params = None) -> bool:
    return all(blocks(days, today, params))


def _most(part: int, whole: int, p: Parameters) -> bool:
    """part/whole >= share_percent %, in integers (no float rounding at the boundary)."""
    return 100 * part >= p.share_percent * whole


# ---------------------------------------------------------------------------- §3 history facts


def stiff_most_of_six_weeks(days: Sequence[Day], today: date, params: Params = None) -> bool:
    """The history half of long_standing: covered, and stiff on >= share_percent % of W."""
    p = _given(params)
    return _stiff_most(blocks(days, today, p), six_weeks(days, today, p), p)


def _stiff_most(week_blocks: Sequence[Sequence[Day]], window: Sequence[Day], p: Parameters) -> bool:
    return all(week_blocks) and _most(sum(d.stiff for d in window), len(window), p)


def persistent_pain_6w(days: Sequence[Day], today: date, params: Params = None) -> bool:
    p = _given(params)
    return _persistent_pain(blocks(days, today, p), six_weeks(days, today, p), p)


def _persistent_pain(
    week_blocks: Sequence[Sequence[Day]], window: Sequence[Day], p: Parameters
) -> bool:
    """persistent_pain_6w from the blocks B_0..B_5 and W (`derive` makes them once)."""
    if not all(week_blocks):
        return False
    if not _most(sum(d.pain >= p.persistent_pain for d in window), len(window), p):
        return False
    first, last = week_blocks[0], week_blocks[-1]
    sum_0, n_0 = sum(d.pain for d in first), len(first)
    sum_5, n_5 = sum(d.pain for d in last), len(last)
    return sum_0 * n_5 >= sum_5 * n_0  # not improving: mean(B_0) >= mean(B_5)


def increasing(days: Sequence[Day], params: Params = None) -> bool:
    """The last trend_days check-in days against the trend_days before them, on pain or
    stiffness: the sum rose by at least trend_rise."""
    p = _given(params)
    n = p.trend_days
    if len(days) < 2 * n:
        return False
    late, early = days[:n], days[n : 2 * n]
    pain_rise = sum(d.pain for d in late) - sum(d.pain for d in early)
    stiffness_rise = sum(d.stiffness for d in late) - sum(d.stiffness for d in early)
    return pain_rise >= p.trend_rise or stiffness_rise >= p.trend_rise


def new_area_days(areas: Iterable[str], days: Sequence[Day], params: Params = None) -> int:
    """The pseudo-code of §3, for the areas of the current check-in."""
    lookback_days = _given(params).new_area_lookback_days
    result = 0
    for area in areas:
        run, first = 0, days[0].date
        for day in days:
            if area not in day.areas:
                break
            run += 1
            first = day.date
        lookback = _back(first, lookback_days)
        reaches_back = any(d.date <= lookback for d in days)
        absent_before = not any(
            area in d.areas for d in days_between(days, lookback, _back(first, 1))
        )
        if reaches_back and absent_before:
            result = max(result, run)
    return result


def cramp_dates(days: Iterable[Day]) -> list[date]:
    """C of §3: the check-in days with a cramp, oldest first."""
    return sorted(d.date for d in days if d.cramp)


def cramp_days_14(days: Sequence[Day], today: date, params: Params = None) -> int:
    window = days_between(days, _back(today, _given(params).cramp_window_days - 1), today)
    return sum(d.cramp for d in window)


def cramp_run_days(cramps: Sequence[date], today: date, params: Params = None) -> int:
    """Days since the first cramp of the current stretch (gaps of at most cramp_gap_days keep
    it going)."""
    if not cramps:
        return 0
    gap = _given(params).cramp_gap_days
    first = cramps[-1]
    for day in reversed(cramps[:-1]):
        if (first - day).days > gap:
            break
        first = day
    return (today - first).days


def rf8_due(cramps: Sequence[date], today: date, params: Params = None) -> bool:
    """The medication card is shown on the first cramp day and then at most every
    rf8_interval_days."""
    interval = _given(params).rf8_interval_days
    shown: date | None = None
    for day in cramps:
        if shown is None or (day - shown).days >= interval:
            shown = day
    return shown == today


def limited_days_7(days: Sequence[Day], params: Params = None) -> int:
    return sum(d.limited for d in days[: _given(params).limited_window])


def recent_load(days: Sequence[Day], today: date, params: Params = None) -> bool:
    start = _back(today, _given(params).recent_load_days - 1)
    return any(d.load for d in days_between(days, start, today))


# ---------------------------------------------------------------------------- §3 current facts


def oa_start(profile: Mapping[str, Any], today: date, params: Params = None) -> bool:
    since = profile["strength_training_since"]
    if not profile["osteoarthritis"] or since is None:
        return False
    return 0 <= (today - since).days <= _given(params).oa_start_days


def assessed(checkin: Mapping[str, Any], profile: Mapping[str, Any]) -> bool:
    """Assessed by a professional, or every area of today is a diagnosed osteoarthritis site."""
    areas = checkin["areas"]
    return bool(profile["assessed"]) or (bool(areas) and areas <= profile["osteoarthritis"])


# ---------------------------------------------------------------------------- all together


@dataclass(frozen=True)
class Facts:
    """The derived facts of §3; the field names are the bare names of the condition language."""

    stiff: bool
    acute: bool
    neuro: bool
    overloaded: bool
    oa_start: bool
    assessed: bool
    cramp_med: bool
    covered6w: bool
    long_standing: bool
    persistent_pain_6w: bool
    increasing: bool
    new_area_days: int
    cramp_days_14: int
    cramp_run_days: int
    measures_tried: bool
    limited_days_7: int
    recent_load: bool
    rf8_due: bool


def derive(
    checkin: Mapping[str, Any],
    profile: Mapping[str, Any],
    days: Sequence[Day],
    params: Params = None,
) -> Facts:
    """The facts for a normalised check-in and profile, and the day records of S."""
    p = _given(params)
    today = checkin["date"]
    stiff = is_stiff(checkin, p)
    cramps = cramp_dates(days)
    run = cramp_run_days(cramps, today, p)
    week_blocks, window = blocks(days, today, p), six_weeks(days, today, p)
    return Facts(
        stiff=stiff,
        acute=bool(checkin["swelling"] or checkin["injury"]),
        neuro=bool(  # docs/rules.md §9
            checkin["numbness"]
            or checkin["strength_loss"] in p.new_strength_loss
            or checkin["radiating"]
            or checkin["saddle_numbness"]
        ),
        overloaded=checkin["activity"] in p.load_activities
        and bool(checkin["cramp"] or stiff or checkin["pain"] >= p.overload_pain),
        oa_start=oa_start(profile, today, p),
        assessed=assessed(checkin, profile),
        cramp_med=checkin["cramp"] and bool(profile["medication"] & p.cramp_medication),
        covered6w=all(week_blocks),  # covered6w(days, today)
        long_standing=bool(profile["long_standing"]) or _stiff_most(week_blocks, window, p),
        persistent_pain_6w=_persistent_pain(week_blocks, window, p),
        increasing=increasing(days, p),
        new_area_days=new_area_days(checkin["areas"], days, p),
        cramp_days_14=cramp_days_14(days, today, p),
        cramp_run_days=run,
        measures_tried=run >= p.measures_tried_days,
        limited_days_7=limited_days_7(days, p),
        recent_load=recent_load(days, today, p),
        rf8_due=rf8_due(cramps, today, p),
    )


def _prepare(
    checkin: Mapping[str, Any],
    profile: Mapping[str, Any] | None,
    history: Iterable[Mapping[str, Any]],
    params: Params = None,
) -> tuple[dict[str, Any], dict[str, Any], Facts]:
    """The normalised check-in and profile of raw (contract) payloads, and their facts."""
    p = _given(params)
    entries = collect_entries(checkin, history)
    current, clean_profile = entries[0], normalise_profile(profile)
    return current, clean_profile, derive(current, clean_profile, day_records(entries, p), p)


def compute_facts(
    checkin: Mapping[str, Any],
    profile: Mapping[str, Any] | None,
    history: Iterable[Mapping[str, Any]],
    params: Params = None,
) -> Facts:
    """The facts of §3 for raw (contract) payloads."""
    return _prepare(checkin, profile, history, params)[2]


def build_env(
    checkin: Mapping[str, Any],
    profile: Mapping[str, Any] | None,
    history: Iterable[Mapping[str, Any]],
    params: Params = None,
) -> dict[str, Any]:
    """Every name a condition may read, with its value for this request."""
    return env_of(*_prepare(checkin, profile, history, params))


def env_of(
    current: Mapping[str, Any], clean_profile: Mapping[str, Any], derived: Facts
) -> dict[str, Any]:
    """The names of `build_env` for a normalised check-in and profile and their facts (for
    callers that build the day records themselves, such as the report's single pass)."""
    env: dict[str, Any] = {f"c.{name}": value for name, value in current.items()}
    env.update({f"p.{name}": value for name, value in clean_profile.items()})
    env.update((f.name, getattr(derived, f.name)) for f in _FACT_FIELDS)  # asdict, without copies
    return env


@dataclass(frozen=True)
class NameSpec:
    """What a name holds: its kind (bool, number, string, set, date) and its allowed values."""

    kind: str
    choices: tuple[str, ...] = ()


def _field_specs(prefix: str, spec: Iterable[Field]) -> dict[str, NameSpec]:
    return {prefix + f.name: NameSpec(_KIND[f.kind], f.choices) for f in spec}


_FACT_FIELDS = fields(Facts)
FACT_KINDS = {f.name: {"bool": "bool", "int": "number"}[str(f.type)] for f in fields(Facts)}

NAMES: dict[str, NameSpec] = {
    **_field_specs("c.", RULES_CHECKIN_FIELDS),
    **_field_specs("p.", RULES_PROFILE_FIELDS),
    **{name: NameSpec(kind) for name, kind in FACT_KINDS.items()},
}
"""Every name the condition language knows, for validating the catalogue."""
