"""The derived facts of docs/rules.md §1–§3, one fact at a time, with their edge cases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any

import pytest
from helpers import D
from helpers import ago
from helpers import entry

from flouria_pwa.rules import catalogue
from flouria_pwa.rules import facts


def compute(
    history: Sequence[dict[str, Any]] = (),
    profile: dict[str, Any] | None = None,
    **current: Any,
) -> facts.Facts:
    """The facts for a check-in on D with these fields."""
    return facts.compute_facts(entry(0, **current), profile, history)


def compute_with(
    params: catalogue.Parameters, history: Sequence[dict[str, Any]] = (), **current: Any
) -> facts.Facts:
    """The facts for a check-in on D, computed with these parameters."""
    return facts.compute_facts(entry(0, **current), None, history, params)


def test_the_facts_read_the_parameters_they_are_given() -> None:
    """Without parameters the facts use the shipped catalogue's; given some, only those."""
    shipped = catalogue.default_parameters()
    assert shipped == catalogue.parameters_of(catalogue.read_catalogue())
    today = {"stiffness": 2, "stiffness_minutes": 29}
    assert compute(**today).stiff is False
    assert compute_with(replace(shipped, stiff_score=2), **today).stiff is True
    assert compute_with(replace(shipped, stiff_minutes=29), **today).stiff is True
    loaded = {"activity": "heavier", "pain": 2}
    assert compute(**loaded).overloaded is False
    assert compute_with(replace(shipped, overload_pain=2), **loaded).overloaded is True
    no_load = replace(shipped, load_activities=frozenset())
    assert compute(**loaded).recent_load is True
    assert compute_with(no_load, **loaded).recent_load is False


def days_of(checkin: dict[str, Any], history: list[dict[str, Any]]) -> list[facts.Day]:
    return facts.day_records(facts.collect_entries(checkin, history))


# ---------------------------------------------------------------------------- normalising


def test_absent_fields_take_contract_defaults() -> None:
    clean = facts.normalise_checkin({"id": "x", "date": "2025-03-15"})
    assert clean["date"] == D
    assert clean["stiffness"] == 0 and clean["pain"] == 0 and clean["coffee"] == 0
    assert clean["stiffness_minutes"] == 0
    assert clean["areas"] == frozenset() and clean["limits"] == frozenset()
    assert clean["cramp"] is False and clean["swelling"] is False
    assert clean["strength_loss"] == "none"
    assert clean["fluid"] == "normal"
    assert clean["sleep"] == "good"
    assert clean["activity"] == "usual"
    assert clean["stress"] == "low"
    assert clean["note"] == ""


def test_null_minutes_count_as_zero() -> None:
    assert (
        facts.normalise_checkin({"id": "x", "date": D, "stiffness_minutes": None})[
            "stiffness_minutes"
        ]
        == 0
    )


def test_cramp_details_count_only_with_a_cramp() -> None:
    details = {"cramp_when": ["night"], "cramp_where": ["calf"]}
    without = facts.normalise_checkin({"id": "x", "date": D, **details})
    with_cramp = facts.normalise_checkin({"id": "x", "date": D, "cramp": True, **details})
    assert without["cramp_when"] == frozenset() and without["cramp_where"] == frozenset()
    assert with_cramp["cramp_when"] == {"night"} and with_cramp["cramp_where"] == {"calf"}


@pytest.mark.parametrize("value", ["2025-03-15", D, datetime(2025, 3, 15, 8, 30)])
def test_dates_arrive_as_strings_or_dates(value: Any) -> None:
    assert facts.to_date(value) == D


def test_profile_defaults_and_dates() -> None:
    assert facts.normalise_profile(None) == {
        "perimenopause": False,
        "osteoarthritis": frozenset(),
        "medication": frozenset(),
        "assessed": False,
        "long_standing": False,
        "strength_training_since": None,
    }
    since = facts.normalise_profile({"strength_training_since": "2025-03-01"})
    assert since["strength_training_since"] == date(2025, 3, 1)


def test_history_dates_may_be_date_objects() -> None:
    history = [{"id": "h1", "date": D - timedelta(days=1), "limits": ["work"]}]
    assert compute(history, limits=["sleep"]).limited_days_7 == 2


# ---------------------------------------------------------------------------- S and day records


def test_duplicate_ids_only_the_first_counts() -> None:
    history = [
        {"id": "h1", "date": ago(1), "pain": 2},
        {"id": "h1", "date": ago(1), "pain": 9},
        {"id": "h1", "date": ago(2), "pain": 9},
    ]
    days = days_of(entry(0), history)
    assert [d.date for d in days] == [D, D - timedelta(days=1)]
    assert days[1].pain == 2


def test_a_repeated_id_is_represented_by_its_first_entry_even_if_future() -> None:
    history = [{"id": "h1", "date": ago(-1)}, {"id": "h1", "date": ago(3)}]
    assert [d.date for d in days_of(entry(0), history)] == [D]


def test_history_carrying_the_current_id_is_dropped() -> None:
    current = entry(0, pain=1)
    history = [
        {"id": current["id"], "date": ago(1), "pain": 8},
        {"id": current["id"], "date": ago(0), "pain": 9},
    ]
    days = days_of(current, history)
    assert [d.date for d in days] == [D]
    assert days[0].pain == 1


def test_history_after_d_is_ignored() -> None:
    days = days_of(entry(0), [entry(-1, pain=9), entry(1, pain=2)])
    assert [(d.date, d.pain) for d in days] == [(D, 0), (D - timedelta(days=1), 2)]


def test_same_day_entries_merge_into_one_day_record() -> None:
    current = entry(0, pain=2, stiffness=1, areas=["back"])
    history = [
        entry(0, pain=5, stiffness=0, stiffness_minutes=45, areas=["knees"], cramp=True),
        entry(0, limits=["work"], activity="heavier", stiffness=2),
    ]
    (today,) = days_of(current, history)
    assert today == facts.Day(
        date=D,
        pain=5,
        stiffness=2,
        stiff=True,  # only through the 45 minutes of one entry
        cramp=True,
        limited=True,
        areas=frozenset({"back", "knees"}),
        load=True,
    )


def test_day_records_are_newest_first_and_d_is_always_a_check_in_day() -> None:
    days = days_of(entry(0), [entry(5), entry(2), entry(9)])
    assert [d.date for d in days] == [D - timedelta(days=n) for n in (0, 2, 5, 9)]


# ---------------------------------------------------------------------------- current facts


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"stiffness": 2}, False),
        ({"stiffness": 3}, True),
        ({"stiffness_minutes": 29}, False),
        ({"stiffness_minutes": 30}, True),
        ({"stiffness": 2, "stiffness_minutes": None}, False),
    ],
)
def test_stiff(fields: dict[str, Any], expected: bool) -> None:
    assert compute(**fields).stiff is expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [({}, False), ({"swelling": True}, True), ({"injury": True}, True)],
)
def test_acute(fields: dict[str, Any], expected: bool) -> None:
    assert compute(**fields).acute is expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, False),
        ({"numbness": True}, True),
        ({"radiating": True}, True),
        ({"strength_loss": "new"}, True),
        ({"strength_loss": "gradual"}, False),
    ],
)
def test_neuro(fields: dict[str, Any], expected: bool) -> None:
    assert compute(**fields).neuro is expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"activity": "new", "pain": 3}, True),
        ({"activity": "new", "pain": 2}, False),
        ({"activity": "heavier", "cramp": True}, True),
        ({"activity": "heavier", "stiffness_minutes": 30}, True),
        ({"activity": "usual", "pain": 9, "cramp": True, "stiffness": 9}, False),
    ],
)
def test_overloaded(fields: dict[str, Any], expected: bool) -> None:
    assert compute(**fields).overloaded is expected


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ({"osteoarthritis": ["knees"], "strength_training_since": ago(0)}, True),
        ({"osteoarthritis": ["knees"], "strength_training_since": ago(28)}, True),
        ({"osteoarthritis": ["knees"], "strength_training_since": ago(29)}, False),
        ({"osteoarthritis": ["knees"], "strength_training_since": ago(-1)}, False),
        ({"osteoarthritis": ["knees"], "strength_training_since": None}, False),
        ({"osteoarthritis": [], "strength_training_since": ago(5)}, False),
    ],
)
def test_oa_start(profile: dict[str, Any], expected: bool) -> None:
    assert compute(profile=profile).oa_start is expected


@pytest.mark.parametrize(
    ("areas", "profile", "expected"),
    [
        ([], {"assessed": True}, True),
        ([], {"osteoarthritis": ["knees"]}, False),
        (["knees"], {"osteoarthritis": ["knees", "hips"]}, True),
        (["knees", "back"], {"osteoarthritis": ["knees"]}, False),
        (["knees"], None, False),
    ],
)
def test_assessed(areas: list[str], profile: dict[str, Any] | None, expected: bool) -> None:
    assert compute(profile=profile, areas=areas).assessed is expected


@pytest.mark.parametrize(
    ("cramp", "medication", "expected"),
    [
        (True, ["diuretic"], True),
        (True, ["statin", "other"], True),
        (True, ["beta_blocker"], True),
        (True, ["ranitidine"], True),
        (True, ["other"], False),
        (False, ["diuretic"], False),
    ],
)
def test_cramp_med(cramp: bool, medication: list[str], expected: bool) -> None:
    assert compute(profile={"medication": medication}, cramp=cramp).cramp_med is expected


# ---------------------------------------------------------------------------- six-week window


def weekly(**fields: Any) -> list[dict[str, Any]]:
    """One history check-in in each of the blocks B_1..B_5 (at D-7k)."""
    return [entry(7 * k, **fields) for k in range(1, 6)]


def test_blocks_are_seven_day_windows_back_from_d() -> None:
    history = [entry(n) for n in (6, 7, 34, 35, 41, 42)]
    blocks = facts.blocks(days_of(entry(0), history), D)
    as_ago = [[(D - d.date).days for d in block] for block in blocks]
    assert as_ago == [[0, 6], [7], [], [], [34], [35, 41]]


def test_covered6w_needs_every_block() -> None:
    assert compute(weekly()).covered6w is True
    assert compute(weekly()[:-1] + [entry(41)]).covered6w is True
    assert compute(weekly()[:-1] + [entry(42)]).covered6w is False
    gap = [e for e in weekly() if e["date"] != ago(14)]  # B_2 = [D-20, D-14] is empty
    assert compute(gap).covered6w is False


def test_long_standing_from_the_profile() -> None:
    assert compute(profile={"long_standing": True}).long_standing is True


def ten_days(stiff_days: int) -> list[dict[str, Any]]:
    """Nine history check-in days covering the six blocks; with today, `stiff_days` of 10 stiff."""
    offsets = [1, 7, 8, 14, 15, 21, 28, 35, 36]
    return [entry(n, stiffness=4 if i < stiff_days - 1 else 0) for i, n in enumerate(offsets)]


def test_long_standing_needs_70_percent_of_check_in_days() -> None:
    assert compute(ten_days(7), stiffness=3).long_standing is True
    assert compute(ten_days(6), stiffness=3).long_standing is False


def test_the_share_is_the_catalogues_share_percent_in_whole_numbers() -> None:
    """7 stiff days of 10 is exactly 70 %: enough at share_percent 70, not at 71, with no float
    rounding at the boundary; 6 of 10 is enough at 60."""
    shipped = catalogue.default_parameters()
    assert shipped.share_percent == 70
    assert compute_with(shipped, ten_days(7), stiffness=3).long_standing
    assert not compute_with(
        replace(shipped, share_percent=71), ten_days(7), stiffness=3
    ).long_standing
    assert compute_with(replace(shipped, share_percent=60), ten_days(6), stiffness=3).long_standing


def test_long_standing_counts_days_not_entries_and_minutes_count() -> None:
    history = [entry(7 * k, stiffness_minutes=40) for k in range(1, 6)]
    history += [entry(7 * k) for k in range(1, 6)]  # a second, non-stiff entry the same days
    assert compute(history, stiffness=3).long_standing is True


def test_long_standing_needs_covered_six_weeks() -> None:
    history = [entry(n, stiffness=5) for n in range(1, 35)]
    assert compute(history, stiffness=5).long_standing is False


def test_long_standing_ignores_days_older_than_six_weeks() -> None:
    history = weekly(stiffness=5) + [entry(n, stiffness=0) for n in range(42, 70)]
    assert compute(history, stiffness=5).long_standing is True


def pain_weeks(recent: int, old: int, mid: int = 5) -> list[dict[str, Any]]:
    """History with pain `old` in B_5, `mid` in B_1..B_4, and `recent` in B_0 (besides D)."""
    history = [entry(n, pain=old) for n in (36, 40)]
    history += [entry(n, pain=mid) for n in (8, 15, 22, 29)]
    history += [entry(n, pain=recent) for n in (2, 4)]
    return history


def test_persistent_pain_when_not_improving() -> None:
    assert compute(pain_weeks(recent=5, old=5), pain=5).persistent_pain_6w is True
    assert compute(pain_weeks(recent=6, old=5), pain=6).persistent_pain_6w is True


def test_persistent_pain_not_when_improving() -> None:
    assert compute(pain_weeks(recent=5, old=6), pain=5).persistent_pain_6w is False


def test_persistent_pain_compares_means_not_sums() -> None:
    # B_0 holds three days of 5 (sum 15), B_5 two of 6 (sum 12): the mean fell, so improving.
    assert compute(pain_weeks(recent=5, old=6), pain=5).persistent_pain_6w is False
    # One B_5 day of 7 against B_0 days of 7, 7, 7: equal means, not improving.
    history = [entry(40, pain=7)] + [entry(n, pain=5) for n in (8, 15, 22, 29)]
    history += [entry(n, pain=7) for n in (2, 4)]
    assert compute(history, pain=7).persistent_pain_6w is True


def test_persistent_pain_needs_pain_4_on_70_percent() -> None:
    # Nine days (today, 2, 4, 8, 15, 22, 29, 36, 40) plus two days of pain 3: 9 of 11.
    enough = pain_weeks(recent=5, old=5, mid=5) + [entry(30, pain=3), entry(31, pain=3)]
    assert compute(enough, pain=5).persistent_pain_6w is True  # 9 of 11 >= 70 %
    too_few = pain_weeks(recent=5, old=5, mid=3)
    assert compute(too_few, pain=5).persistent_pain_6w is False  # 5 of 9 < 70 %


def test_persistent_pain_needs_covered_six_weeks() -> None:
    history = [e for e in pain_weeks(recent=5, old=5) if e["date"] != ago(15)]
    assert compute(history, pain=5).persistent_pain_6w is False


# ---------------------------------------------------------------------------- trends


def rising(days: int, early: int, late: int, field: str = "pain") -> list[dict[str, Any]]:
    """History over `days` check-in days before D: `early` for the 7 oldest, then `late`."""
    return [entry(n, **{field: early if n >= 7 else late}) for n in range(1, days)]


def test_increasing_needs_14_check_in_days() -> None:
    assert compute(rising(14, early=1, late=3), pain=3).increasing is True
    assert compute(rising(13, early=1, late=3), pain=3).increasing is False


def test_increasing_needs_a_rise_of_14() -> None:
    history = rising(14, early=1, late=3)
    history[-1]["pain"] = 2  # the oldest day: E's sum goes from 7 to 8, so the rise is 13
    assert compute(history, pain=3).increasing is False


def test_increasing_on_stiffness() -> None:
    assert compute(rising(14, 0, 2, "stiffness"), stiffness=2).increasing is True


def test_increasing_uses_check_in_days_not_calendar_days() -> None:
    history = [entry(3 * n, pain=1 if n >= 7 else 3) for n in range(1, 14)]
    assert compute(history, pain=3).increasing is True


def test_increasing_uses_the_highest_value_of_a_day() -> None:
    history = rising(14, early=1, late=1) + [entry(n, pain=3) for n in range(1, 7)]
    assert compute(history, pain=3).increasing is True


def test_increasing_ignores_older_days_beyond_the_last_14() -> None:
    history = rising(14, early=1, late=3) + [entry(n, pain=9) for n in range(14, 30)]
    assert compute(history, pain=3).increasing is True


# ---------------------------------------------------------------------------- new_area_days


def new_knees(run_days: tuple[int, ...] = (1, 2), oldest: int = 40) -> list[dict[str, Any]]:
    return [entry(oldest, areas=["back"])] + [entry(n, areas=["knees"]) for n in run_days]


def test_new_area_days_counts_the_run_up_to_d() -> None:
    assert compute(new_knees(), areas=["knees"]).new_area_days == 3
    assert compute(new_knees((1,)), areas=["knees"]).new_area_days == 2
    assert compute(new_knees(()), areas=["knees"]).new_area_days == 1


def test_new_area_days_counts_check_in_days_not_calendar_days() -> None:
    assert compute(new_knees((3, 9)), areas=["knees"]).new_area_days == 3


def test_new_area_days_needs_history_reaching_back_28_days_before_the_run() -> None:
    # The run starts at D-2, so a check-in day on or before D-30 is needed.
    assert compute(new_knees(oldest=30), areas=["knees"]).new_area_days == 3
    assert compute(new_knees(oldest=29), areas=["knees"]).new_area_days == 0


def test_new_area_days_needs_the_area_absent_for_28_days() -> None:
    # The check-in at D-3 without knees ends the run, which starts at D-2.
    seen_at_30 = new_knees() + [entry(3), entry(30, areas=["knees"])]
    seen_at_31 = new_knees() + [entry(3), entry(31, areas=["knees"])]
    assert compute(seen_at_30, areas=["knees"]).new_area_days == 0
    assert compute(seen_at_31, areas=["knees"]).new_area_days == 3


def test_new_area_days_a_run_older_than_the_history_is_not_new() -> None:
    history = [entry(n, areas=["knees"]) for n in range(1, 60)]
    assert compute(history, areas=["knees"]).new_area_days == 0


def test_new_area_days_takes_the_longest_new_area_and_only_todays_areas() -> None:
    history = new_knees() + [entry(1, areas=["hips"]), entry(3, areas=["feet"])]
    history += [entry(n, areas=["feet"]) for n in (1, 2)]
    assert compute(history, areas=["knees", "hips"]).new_area_days == 3
    assert compute(history, areas=["hips"]).new_area_days == 2
    assert compute(history, areas=[]).new_area_days == 0  # feet is not in today's areas


def test_new_area_days_same_day_entries_extend_the_run() -> None:
    history = new_knees((1,)) + [entry(2, areas=["back"]), entry(2, areas=["knees"])]
    assert compute(history, areas=["knees"]).new_area_days == 3


# ---------------------------------------------------------------------------- cramps


def cramps(*days_ago: int) -> list[dict[str, Any]]:
    return [entry(n, cramp=True) for n in days_ago]


def test_cramp_days_14_window_is_d_minus_13_to_d() -> None:
    assert compute(cramps(13, 5), cramp=True).cramp_days_14 == 3
    assert compute(cramps(14, 5), cramp=True).cramp_days_14 == 2
    assert compute(cramps(5, 5, 2), cramp=False).cramp_days_14 == 2


def test_cramp_run_days_without_cramps_is_zero() -> None:
    assert compute([entry(3)]).cramp_run_days == 0


def test_cramp_run_days_a_gap_of_28_days_keeps_the_stretch() -> None:
    assert compute(cramps(40, 12), cramp=True).cramp_run_days == 40


def test_cramp_run_days_a_gap_of_29_days_ends_the_stretch() -> None:
    assert compute(cramps(41, 12), cramp=True).cramp_run_days == 12


def test_cramp_run_days_counts_to_d_even_without_a_cramp_today() -> None:
    assert compute(cramps(9, 5)).cramp_run_days == 9


def test_measures_tried_after_14_days() -> None:
    assert compute(cramps(13), cramp=True).measures_tried is False
    assert compute(cramps(14), cramp=True).measures_tried is True


@pytest.mark.parametrize(
    ("history_days", "cramp_today", "due"),
    [
        ((), True, True),  # the first cramp of all
        ((13,), True, False),
        ((14,), True, True),
        ((20, 14), True, True),  # shown at D-20, not at D-14, so due again at D
        ((28, 14), True, True),
        ((10, 3), True, False),  # shown at D-10; neither D-3 nor D is 14 days later
        ((15, 1), True, False),  # shown at D-15 and again at D-1, so not yet at D
        ((5,), False, False),  # no cramp today
    ],
)
def test_rf8_due_at_most_every_14_days(
    history_days: tuple[int, ...], cramp_today: bool, due: bool
) -> None:
    assert compute(cramps(*history_days), cramp=cramp_today).rf8_due is due


# ---------------------------------------------------------------------------- limits and load


def test_limited_days_7_counts_the_last_seven_check_in_days() -> None:
    history = [entry(n) for n in range(1, 7)] + [entry(7, limits=["move"])]
    assert compute(history, limits=["sleep"]).limited_days_7 == 1
    history = [entry(10 * n, limits=["work"]) for n in range(1, 7)]
    assert compute(history).limited_days_7 == 6


def test_limited_days_7_merges_a_day() -> None:
    history = [entry(0, limits=["work"]), entry(0, limits=["move"]), entry(1)]
    assert compute(history).limited_days_7 == 1


@pytest.mark.parametrize(
    ("days_ago", "activity", "expected"),
    [(0, "new", True), (2, "heavier", True), (3, "heavier", False), (1, "usual", False)],
)
def test_recent_load_covers_d_minus_2_to_d(days_ago: int, activity: str, expected: bool) -> None:
    history = [] if days_ago == 0 else [entry(days_ago, activity=activity)]
    current = {"activity": activity} if days_ago == 0 else {}
    assert compute(history, **current).recent_load is expected


# ---------------------------------------------------------------------------- the environment


def test_env_holds_every_known_name_and_nothing_else() -> None:
    env = facts.build_env({"id": "x", "date": "2025-03-15"}, None, [])
    assert set(env) == set(facts.NAMES)
    assert env["c.pain"] == 0 and env["p.medication"] == frozenset() and env["stiff"] is False


def test_fact_kinds_match_the_values() -> None:
    env = facts.build_env(entry(0, stiffness=4, cramp=True), {"long_standing": True}, [])
    for name, kind in facts.FACT_KINDS.items():
        expected_type = bool if kind == "bool" else int
        assert type(env[name]) is expected_type, name


def test_new_area_days_a_run_spans_calendar_gaps_without_check_ins() -> None:
    # No check-in between D-2 and D-31, so the run reaches back to D-31 and needs history
    # on or before D-59: the area is not new.
    history = new_knees() + [entry(31, areas=["knees"])]
    assert compute(history, areas=["knees"]).new_area_days == 0
