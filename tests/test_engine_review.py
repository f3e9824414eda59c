"""Independent review cases for the rule engine, written straight from docs/rules.md.

Every case gives a check-in, a profile and a history to the pure engine (`engine.select_tips`,
what POST /api/v1/tips answers with, without an app or a database) and asserts the exact ordered
list of tip ids. Dates are fixed relative to D = 2026-06-30 (in the past), so the cases
do not depend on today's date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from helpers import ago as days_before
from helpers import entry

from flouria_pwa.rules import engine

D = date(2026, 6, 30)


def day(days: int) -> str:
    """The ISO date `days` days before D (negative: after D)."""
    return days_before(days, D)


def e(days: int, id: str | None = None, **fields: Any) -> dict[str, Any]:
    """A check-in dated D - days, with a fresh deterministic uuid unless one is given."""
    return entry(days, D, **({"id": id} if id else {}), **fields)


def tips(checkin: dict, profile: dict | None = None, history=()) -> list[str]:
    """The tip ids for this request, in display order (all of them, as the API lists them)."""
    return [t.tip_id for t in engine.select_tips(checkin, profile or {}, list(history))]


def text_of(tip_id: str, checkin: dict, profile: dict | None = None, history=()) -> str:
    """The text id a tip is shown with (a variant's when one matches)."""
    selected = engine.select_tips(checkin, profile or {}, list(history))
    return next(t.text_id for t in selected if t.tip_id == tip_id)


CRAMP_TIPS = ["rk2", "w2", "v1", "b4"]  # c.cramp with no cramp_where, normal fluid
FIXED_ID = "11111111-2222-4333-8444-555555555555"
DUP_ID = "99999999-8888-4777-8666-555555555555"


# --------------------------------------------------------------------------------------------
# History builders
# --------------------------------------------------------------------------------------------


def increasing_history(
    e_pain: int = 1, l_pain: int = 3, l_override: dict[int, dict] | None = None
) -> list[dict]:
    """13 history days D-13..D-1: E = D-13..D-7 at e_pain, L (without D) = D-6..D-1 at l_pain."""
    override = l_override or {}
    hist = [e(ago, pain=e_pain) for ago in range(13, 6, -1)]
    for ago in range(6, 0, -1):
        fields = {"pain": l_pain, **override.get(ago, {})}
        hist.append(e(ago, **fields))
    return hist


def six_block_history(pains: dict[int, int] | None = None, **fields: Any) -> list[dict]:
    """One check-in in each of B_0..B_5 (D-3, D-10, D-17, D-24, D-31, D-38)."""
    pains = pains or {}
    return [
        e(
            ago,
            pain=pains.get(ago, fields.get("pain", 0)),
            **{k: v for k, v in fields.items() if k != "pain"},
        )
        for ago in (3, 10, 17, 24, 31, 38)
    ]


# --------------------------------------------------------------------------------------------
# Cases from the current check-in and the profile only
# --------------------------------------------------------------------------------------------

SIMPLE_CASES: list[tuple[str, dict, dict, list[str]]] = [
    ("empty_checkin", {}, {}, []),
    ("stiff_by_scale_3", {"stiffness": 3}, {}, ["w1", "b1", "rk4"]),
    ("not_stiff_2_and_29_minutes", {"stiffness": 2, "stiffness_minutes": 29}, {}, []),
    ("stiff_by_30_minutes", {"stiffness": 0, "stiffness_minutes": 30}, {}, ["w1", "b1", "rk4"]),
    ("stiffness_minutes_null_counts_as_0", {"stiffness": 2, "stiffness_minutes": None}, {}, []),
    ("cramp_without_where", {"cramp": True}, {}, CRAMP_TIPS),
    (
        "cramp_calf_exercise_low_fluid_alcohol_stress",
        {
            "cramp": True,
            "cramp_where": ["calf"],
            "cramp_when": ["exercise"],
            "fluid": "low",
            "alcohol": True,
            "stress": "high",
        },
        {},
        ["rk1", "w2", "d1", "d2", "d3", "rk3", "o2", "v1", "b4"],
    ),
    (
        "cramp_when_where_ignored_without_cramp",
        {"cramp": False, "cramp_when": ["exercise"], "cramp_where": ["calf"], "fluid": "low"},
        {},
        ["d4"],
    ),
    (
        "calf_and_hamstring_coffee_4",
        {"cramp": True, "cramp_where": ["calf", "hamstring"], "coffee": 4},
        {},
        ["rk1", "rk2", "w2", "d3", "v1", "b4"],
    ),
    ("foot_cramp_coffee_3", {"cramp": True, "cramp_where": ["foot"], "coffee": 3}, {}, CRAMP_TIPS),
    ("fluid_high_triggers_nothing", {"fluid": "high", "cramp": False}, {}, []),
    (
        "swelling_removes_warmth_stretch_movement",
        {
            "swelling": True,
            "stiffness": 5,
            "cramp": True,
            "pain": 4,
            "long_sitting": True,
            "stress": "high",
            "sleep": "poor",
        },
        {},
        ["rf1", "k1", "o1", "o2", "s1", "v1"],
    ),
    ("injury_only", {"injury": True}, {}, ["rf9", "k1"]),
    (
        "pain_7_removes_kracht_keeps_v2",
        {"pain": 7},
        {"perimenopause": True, "osteoarthritis": ["knees"], "assessed": True},
        ["rf2", "v2"],
    ),
    ("pain_6_perimenopause", {"pain": 6}, {"perimenopause": True}, ["kr2", "v2"]),
    (
        "numbness_stiff_b5_replaces_b1_no_warmth_p9",
        {"numbness": True, "stiffness": 4},
        {},
        ["rf7", "b5", "rk4"],
    ),
    (
        "new_strength_loss_perimenopause_stiff_today_only_the_card_p8",
        {"strength_loss": "new", "stiffness": 3},
        {"perimenopause": True},
        ["rf7"],
    ),
    (
        "gradual_strength_loss_is_kr2_not_rf7",
        {"strength_loss": "gradual"},
        {"perimenopause": True},
        ["kr2"],
    ),
    (
        "radiating_and_injury_remove_b5",
        {"radiating": True, "injury": True, "stiffness": 3},
        {},
        ["rf7", "rf9", "k1"],
    ),
    (
        "overloaded_without_oa_start_removes_b1_and_kr1",
        {"activity": "heavier", "stiffness": 3},
        {"osteoarthritis": ["knees"]},
        ["w1", "b3", "rk4"],
    ),
    (
        "overloaded_with_oa_start_keeps_kr1",
        {"activity": "new", "pain": 3, "stiffness": 3},
        {"osteoarthritis": ["knees"], "strength_training_since": day(10)},
        ["w1", "b3", "kr1", "rk4"],
    ),
    (
        "activity_new_pain_2_not_overloaded",
        {"activity": "new", "pain": 2},
        {"osteoarthritis": ["hips"]},
        ["kr1"],
    ),
    (
        "pain_7_removes_kr1_even_under_oa_start",
        {"pain": 7},
        {"osteoarthritis": ["knees"], "strength_training_since": day(5)},
        ["rf2"],
    ),
    (
        "swelling_removes_kr1",
        {"swelling": True, "pain": 2},
        {"osteoarthritis": ["knees"]},
        ["rf1", "k1"],
    ),
    ("profile_long_standing_only", {}, {"long_standing": True}, ["kr3", "v3"]),
    (
        "profile_long_standing_stiff",
        {"stiffness": 3},
        {"long_standing": True},
        ["w1", "b1", "kr3", "v3", "rk4"],
    ),
    (
        "long_standing_overloaded_by_cramp_removes_kr3",
        {"activity": "heavier", "cramp": True, "cramp_where": ["calf"]},
        {"long_standing": True},
        ["rk1", "w2", "b3", "v1", "v3", "b4"],
    ),
    (
        "long_standing_overloaded_oa_start_keeps_kr3",
        {"activity": "heavier", "cramp": True, "cramp_where": ["calf"]},
        {"long_standing": True, "osteoarthritis": ["back"], "strength_training_since": day(3)},
        ["rk1", "w2", "b3", "kr3", "v1", "v3", "b4"],
    ),
    ("long_sitting_pain_1", {"long_sitting": True, "pain": 1}, {}, ["b2"]),
    ("long_sitting_alone", {"long_sitting": True}, {}, []),
    ("sleep_fair_pain_3", {"sleep": "fair", "pain": 3}, {}, ["s1"]),
    ("sleep_fair_pain_2", {"sleep": "fair", "pain": 2}, {}, []),
    ("stress_high_pain_3", {"stress": "high", "pain": 3}, {}, ["o1"]),
    (
        "neuro_and_overloaded_no_warmth_p9",
        {"numbness": True, "activity": "heavier", "stiffness": 3},
        {},
        ["rf7", "b3", "b5", "rk4"],
    ),
    ("rf2_not_muted_by_assessed", {"pain": 8}, {"assessed": True}, ["rf2"]),
    (
        "rf8_first_cramp_with_statin",
        {"cramp": True},
        {"medication": ["statin"]},
        ["rf8", *CRAMP_TIPS],
    ),
    ("other_medication_no_rf8", {"cramp": True}, {"medication": ["other"]}, CRAMP_TIPS),
    (
        "stiffness_with_statin_no_rf8",
        {"stiffness": 3},
        {"medication": ["statin"]},
        ["w1", "b1", "rk4"],
    ),
    (
        "acute_oa_start_overloaded_removes_all_kracht",
        {"injury": True, "activity": "new", "pain": 4, "stiffness": 4},
        {
            "osteoarthritis": ["knees"],
            "strength_training_since": day(2),
            "perimenopause": True,
            "long_standing": True,
        },
        ["rf9", "k1", "v2", "v3"],
    ),
]


@pytest.mark.parametrize(
    ("checkin", "profile", "expected"),
    [pytest.param(c, p, x, id=name) for name, c, p, x in SIMPLE_CASES],
)
def test_current_checkin_and_profile(checkin, profile, expected) -> None:
    assert tips(e(0, **checkin), profile) == expected


def test_all_red_flags_in_order() -> None:
    c = e(0, swelling=True, injury=True, pain=8, numbness=True, limits=["move"])
    history = [e(1, limits=["sleep"])]
    assert tips(c, {}, history) == ["rf1", "rf2", "rf4", "rf7", "rf9", "k1"]


def test_rk4_long_standing_variant_has_other_text() -> None:
    plain = text_of("rk4", e(0, stiffness=4), {})
    assert text_of("rk4", e(0, stiffness=4), {"long_standing": True}) != plain


def test_rk4_variant_from_derived_long_standing() -> None:
    history = six_block_history(stiffness=4)
    assert tips(e(0, stiffness=4), {}, history) == ["w1", "b1", "kr3", "v3", "rk4"]
    plain = text_of("rk4", e(0, stiffness=4))
    assert text_of("rk4", e(0, stiffness=4), {}, history) != plain


# --------------------------------------------------------------------------------------------
# RF8 spacing
# --------------------------------------------------------------------------------------------

RF8_CASES = [
    ("cramp_13_days_ago_not_due", [13], False),
    ("cramp_14_days_ago_due", [14], True),
    ("chain_20_6_not_due", [20, 6], False),
    ("chain_20_10_due", [20, 10], True),
    ("chain_14_7_due", [14, 7], True),
]


@pytest.mark.parametrize(
    ("cramp_days", "due"), [pytest.param(d, due, id=n) for n, d, due in RF8_CASES]
)
def test_rf8_spacing(cramp_days, due) -> None:
    history = [e(ago, cramp=True) for ago in cramp_days]
    expected = (["rf8"] if due else []) + CRAMP_TIPS
    assert tips(e(0, cramp=True), {"medication": ["diuretic"]}, history) == expected


def test_rf8_not_without_cramp_today() -> None:
    history = [e(30, cramp=True)]
    c = e(0, stiffness=3)
    assert tips(c, {"medication": ["diuretic"]}, history) == ["w1", "b1", "rk4"]


def test_rf8_same_day_earlier_cramp_counts_as_today() -> None:
    # Cramp days D-10 and D (twice): shown = D-10, D is 10 days later -> not due.
    history = [e(10, cramp=True), e(0, cramp=True)]
    assert tips(e(0, cramp=True), {"medication": ["beta_blocker"]}, history) == CRAMP_TIPS


# --------------------------------------------------------------------------------------------
# RF6: cramp_days_14 and cramp_run_days
# --------------------------------------------------------------------------------------------

RF6_CASES = [
    ("run_20_four_days", [20, 10, 5, 2], True),
    ("run_13_not_tried", [13, 10, 5], False),
    ("gap_28_continues_stretch", [40, 12, 8, 4], True),
    ("gap_29_breaks_stretch", [41, 12, 8, 4], False),
    ("only_3_days_in_14", [20, 14, 10, 5], False),
]


@pytest.mark.parametrize(
    ("cramp_days", "fires"), [pytest.param(d, f, id=n) for n, d, f in RF6_CASES]
)
def test_rf6(cramp_days, fires) -> None:
    history = [e(ago, cramp=True) for ago in cramp_days]
    expected = (["rf6"] if fires else []) + CRAMP_TIPS
    assert tips(e(0, cramp=True), {}, history) == expected


def test_rf6_without_cramp_today() -> None:
    history = [e(ago, cramp=True) for ago in (30, 9, 6, 3, 1)] + [e(20)]
    assert tips(e(0), {}, history) == ["rf6"]


def test_rf6_same_day_cramps_count_once() -> None:
    history = [e(20, cramp=True), e(10, cramp=True), e(10, cramp=True), e(5, cramp=True)]
    assert tips(e(0, cramp=True), {}, history) == CRAMP_TIPS


def test_rf6_with_statin_rf8_not_due() -> None:
    history = [e(ago, cramp=True) for ago in (20, 10, 5, 2)]
    assert tips(e(0, cramp=True), {"medication": ["statin"]}, history) == [
        "rf6",
        *CRAMP_TIPS,
    ]


def test_rf6_and_rf8_together() -> None:
    history = [e(ago, cramp=True) for ago in (14, 10, 6, 3)]
    expected = ["rf6", "rf8", *CRAMP_TIPS]
    assert tips(e(0, cramp=True), {"medication": ["statin"]}, history) == expected


# --------------------------------------------------------------------------------------------
# RF4, same-day entries, ids, dates after D
# --------------------------------------------------------------------------------------------


def test_rf4_two_limited_days_sparse_history() -> None:
    assert tips(e(0, limits=["work"]), {}, [e(20, limits=["sleep"])]) == ["rf4"]


def test_rf4_limited_day_is_8th_check_in_day() -> None:
    history = [e(ago) for ago in range(1, 7)] + [e(7, limits=["sleep"])]
    assert tips(e(0, limits=["work"]), {}, history) == []


def test_rf4_limited_day_is_7th_check_in_day() -> None:
    history = [e(ago) for ago in range(1, 6)] + [e(6, limits=["sleep"]), e(7)]
    assert tips(e(0, limits=["work"]), {}, history) == ["rf4"]


def test_rf4_same_day_entries_are_one_day() -> None:
    assert tips(e(0, limits=["sleep"]), {}, [e(0, limits=["move"])]) == []


def test_history_entry_with_current_id_is_ignored() -> None:
    history = [e(1, id=FIXED_ID, limits=["move"])]
    assert tips(e(0, id=FIXED_ID, limits=["sleep"]), {}, history) == []


def test_duplicate_history_ids_first_counts() -> None:
    history = [e(3, id=DUP_ID), e(2, id=DUP_ID, limits=["move"])]
    assert tips(e(0, limits=["sleep"]), {}, history) == []


def test_duplicate_history_ids_first_counts_reversed() -> None:
    history = [e(2, id=DUP_ID, limits=["move"]), e(3, id=DUP_ID)]
    assert tips(e(0, limits=["sleep"]), {}, history) == ["rf4"]


def test_history_after_d_is_ignored() -> None:
    assert tips(e(0, limits=["sleep"]), {}, [e(-3, limits=["work"])]) == []


def test_same_day_history_does_not_set_current_facts() -> None:
    history = [e(0, swelling=True, injury=True, stiffness=8, pain=8, cramp=True, numbness=True)]
    assert tips(e(0), {}, history) == []


# --------------------------------------------------------------------------------------------
# Six-week window: long_standing and persistent_pain_6w
# --------------------------------------------------------------------------------------------


def test_derived_long_standing_all_blocks_covered() -> None:
    # W = 7 days, 6 stiff: 60 >= 49.
    assert tips(e(0), {}, six_block_history(stiffness=4)) == ["kr3", "v3"]


def test_derived_long_standing_missing_block() -> None:
    # B_3 = [D-27, D-21] holds no check-in day.
    history = [e(ago, stiffness=4) for ago in (3, 10, 17, 28, 31, 38)]
    assert tips(e(0), {}, history) == []


def test_derived_long_standing_missing_oldest_block() -> None:
    # B_5 = [D-41, D-35] empty; a check-in at D-42 is outside the window.
    history = [e(ago, stiffness=4) for ago in (3, 10, 17, 24, 31, 42)]
    assert tips(e(0), {}, history) == []


def _seventy_percent_history(stiff_d31: bool) -> list[dict]:
    # W has 10 days: D (not stiff), D-1, D-2 (two entries), D-3, D-5, D-10, D-17, D-24, D-31, D-38.
    return [
        e(1, stiffness=5),
        e(2, stiffness=1),
        e(2, stiffness=0, stiffness_minutes=45),
        e(3, stiffness=3),
        e(5, stiffness=1),
        e(10, stiffness=6),
        e(17, stiffness=4),
        e(24, stiffness=3),
        e(31, stiffness=3 if stiff_d31 else 2),
        e(38, stiffness=0),
        e(50, stiffness=0),
        e(51, stiffness=0),
        e(52, stiffness=0),
    ]


def test_derived_long_standing_exactly_70_percent() -> None:
    assert tips(e(0), {}, _seventy_percent_history(True)) == ["kr3", "v3"]


def test_derived_long_standing_60_percent() -> None:
    assert tips(e(0), {}, _seventy_percent_history(False)) == []


def test_persistent_pain_not_improving() -> None:
    assert tips(e(0, pain=4), {}, six_block_history(pain=4)) == ["rf3"]


def test_persistent_pain_improving_weighted_means() -> None:
    # B0: 5, 4, 4 (sum 13, n 3); B5: 4, 5 (sum 9, n 2): 26 < 27 -> improving.
    history = six_block_history(pain=4) + [e(5, pain=4), e(40, pain=5)]
    assert tips(e(0, pain=5), {}, history) == []


def test_persistent_pain_not_improving_weighted_means() -> None:
    # B0: 5, 4, 5 (sum 14, n 3); B5: 4, 5 (sum 9, n 2): 28 >= 27.
    history = six_block_history(pain=4) + [e(5, pain=5), e(40, pain=5)]
    assert tips(e(0, pain=5), {}, history) == ["rf3"]


def test_persistent_pain_improving_clearly() -> None:
    history = six_block_history(pain=4, pains={38: 8})
    assert tips(e(0, pain=4), {}, history) == []


def test_persistent_pain_muted_by_assessed() -> None:
    assert tips(e(0, pain=4), {"assessed": True}, six_block_history(pain=4)) == []


def test_persistent_pain_area_outside_osteoarthritis() -> None:
    c = e(0, pain=4, areas=["knees", "back"])
    assert tips(c, {"osteoarthritis": ["knees"]}, six_block_history(pain=4)) == [
        "rf3",
        "kr1",
    ]


def test_persistent_pain_all_areas_osteoarthritis_is_assessed() -> None:
    c = e(0, pain=4, areas=["knees"])
    assert tips(c, {"osteoarthritis": ["knees"]}, six_block_history(pain=4)) == ["kr1"]


def test_persistent_pain_five_of_seven_days() -> None:
    history = six_block_history(pain=4, pains={10: 2, 24: 2})
    assert tips(e(0, pain=4), {}, history) == ["rf3"]


def test_persistent_pain_four_of_seven_days() -> None:
    history = six_block_history(pain=4, pains={10: 2, 24: 2, 17: 3})
    assert tips(e(0, pain=4), {}, history) == []


def test_persistent_pain_uses_day_max() -> None:
    # c has pain 2, but an earlier check-in today has pain 5: pain(D) = 5.
    history = six_block_history(pain=4) + [e(0, pain=5)]
    assert tips(e(0, pain=2), {}, history) == ["rf3"]


# --------------------------------------------------------------------------------------------
# increasing and RF5 exceptions
# --------------------------------------------------------------------------------------------


def test_increasing_exactly_14_days_diff_14() -> None:
    assert tips(e(0, pain=3), {}, increasing_history()) == ["rf5"]


def test_increasing_diff_13() -> None:
    history = increasing_history(l_override={1: {"pain": 2}})
    assert tips(e(0, pain=3), {}, history) == []


def test_increasing_needs_14_check_in_days() -> None:
    history = [e(ago, pain=0) for ago in range(12, 6, -1)] + [
        e(ago, pain=5) for ago in range(6, 0, -1)
    ]
    assert tips(e(0, pain=5), {}, history) == []


def test_increasing_14_entries_on_13_days() -> None:
    history = [e(ago, pain=0) for ago in range(12, 6, -1)] + [
        e(ago, pain=5) for ago in range(6, 0, -1)
    ]
    history.append(e(3, pain=5))
    assert tips(e(0, pain=5), {}, history) == []


def test_increasing_by_stiffness() -> None:
    history = [e(ago, stiffness=0) for ago in range(13, 6, -1)] + [
        e(ago, stiffness=2) for ago in range(6, 0, -1)
    ]
    assert tips(e(0, stiffness=2), {}, history) == ["rf5"]


def test_increasing_ignores_days_before_e() -> None:
    history = increasing_history() + [e(14, pain=10), e(15, pain=10)]
    assert tips(e(0, pain=3), {}, history) == ["rf5"]


def test_increasing_counts_check_in_days_not_calendar_days() -> None:
    # 14 check-in days every second day: L = D..D-12, E = D-14..D-26.
    history = [e(ago, pain=1) for ago in range(26, 13, -2)] + [
        e(ago, pain=3) for ago in range(12, 0, -2)
    ]
    assert tips(e(0, pain=3), {}, history) == ["rf5"]


def test_increasing_uses_day_max() -> None:
    history = increasing_history(l_override={1: {"pain": 2}}) + [e(1, pain=3)]
    assert tips(e(0, pain=3), {}, history) == ["rf5"]


def test_rf5_exception_load_at_d_minus_2() -> None:
    history = increasing_history(l_override={2: {"activity": "new"}})
    assert tips(e(0, pain=3), {}, history) == []


def test_rf5_exception_load_at_d_minus_3_expired() -> None:
    history = increasing_history(l_override={3: {"activity": "heavier"}})
    assert tips(e(0, pain=3), {}, history) == ["rf5"]


def test_rf5_exception_holds_at_pain_5() -> None:
    history = increasing_history(l_override={2: {"activity": "new"}})
    assert tips(e(0, pain=5), {}, history) == []


def test_rf5_exception_lost_at_pain_6() -> None:
    history = increasing_history(l_override={2: {"activity": "new"}})
    assert tips(e(0, pain=6), {}, history) == ["rf5"]


def test_rf5_exception_cancelled_by_swelling() -> None:
    history = increasing_history(l_override={2: {"activity": "new"}})
    assert tips(e(0, pain=3, swelling=True), {}, history) == ["rf1", "rf5", "k1"]


def test_rf5_exception_oa_start_day_28() -> None:
    profile = {"osteoarthritis": ["knees"], "strength_training_since": day(28)}
    assert tips(e(0, pain=3), profile, increasing_history()) == ["kr1"]


def test_rf5_exception_oa_start_day_29_expired() -> None:
    profile = {"osteoarthritis": ["knees"], "strength_training_since": day(29)}
    assert tips(e(0, pain=3), profile, increasing_history()) == ["rf5", "kr1"]


def test_rf5_training_start_after_d_is_not_oa_start() -> None:
    profile = {"osteoarthritis": ["knees"], "strength_training_since": day(-5)}
    assert tips(e(0, pain=3), profile, increasing_history()) == ["rf5", "kr1"]


def test_rf5_training_without_osteoarthritis_is_not_oa_start() -> None:
    profile = {"strength_training_since": day(10)}
    assert tips(e(0, pain=3), profile, increasing_history()) == ["rf5"]


def test_rf5_cramps_do_not_count_as_increasing() -> None:
    history = [e(ago) for ago in range(13, 6, -1)] + [e(ago, cramp=True) for ago in range(6, 0, -1)]
    assert tips(e(0, cramp=True), {}, history) == CRAMP_TIPS


# --------------------------------------------------------------------------------------------
# new_area_days
# --------------------------------------------------------------------------------------------


def test_new_area_three_days() -> None:
    history = [e(1, areas=["hips"]), e(2, areas=["hips"]), e(31)]
    assert tips(e(0, areas=["hips"]), {}, history) == ["rf5"]


def test_new_area_two_days() -> None:
    history = [e(1, areas=["hips"]), e(2), e(31)]
    assert tips(e(0, areas=["hips"]), {}, history) == []


def test_new_area_reaches_back_exactly_28_days() -> None:
    history = [e(1, areas=["hips"]), e(2, areas=["hips"]), e(30)]
    assert tips(e(0, areas=["hips"]), {}, history) == ["rf5"]


def test_new_area_does_not_reach_back() -> None:
    history = [e(1, areas=["hips"]), e(2, areas=["hips"]), e(29)]
    assert tips(e(0, areas=["hips"]), {}, history) == []


def test_new_area_present_28_days_before_first_day() -> None:
    history = [e(1, areas=["hips"]), e(2, areas=["hips"]), e(10), e(30, areas=["hips"])]
    assert tips(e(0, areas=["hips"]), {}, history) == []


def test_new_area_present_29_days_before_first_day() -> None:
    history = [e(1, areas=["hips"]), e(2, areas=["hips"]), e(10), e(31, areas=["hips"])]
    assert tips(e(0, areas=["hips"]), {}, history) == ["rf5"]


def test_new_area_run_over_calendar_gaps() -> None:
    history = [e(5, areas=["hips"]), e(10, areas=["hips"]), e(40)]
    assert tips(e(0, areas=["hips"]), {}, history) == ["rf5"]


def test_new_area_run_reaching_the_oldest_day_has_nothing_before() -> None:
    # The run covers every check-in day, so no day lies 28 days before its first day.
    history = [e(1, areas=["hips"]), e(2, areas=["hips"]), e(31, areas=["hips"])]
    assert tips(e(0, areas=["hips"]), {}, history) == []


def test_new_area_same_day_union() -> None:
    history = [e(1), e(1, areas=["hips"]), e(2, areas=["hips", "back"]), e(31, areas=["back"])]
    assert tips(e(0, areas=["hips", "back"]), {}, history) == ["rf5"]


def test_new_area_exception_by_todays_load() -> None:
    history = [e(1, areas=["hips"]), e(2, areas=["hips"]), e(31)]
    assert tips(e(0, areas=["hips"], activity="heavier"), {}, history) == []


def test_new_area_exception_by_oa_start_on_day_0() -> None:
    history = [e(1, areas=["hips"]), e(2, areas=["hips"]), e(31)]
    profile = {"osteoarthritis": ["knees"], "strength_training_since": day(0)}
    assert tips(e(0, areas=["hips"], pain=2), profile, history) == ["kr1"]


# --------------------------------------------------------------------------------------------
# A 90-day history with two check-ins a day
# --------------------------------------------------------------------------------------------


def test_ninety_days_two_a_day() -> None:
    history = [e(ago, stiffness=4) for ago in range(0, 91) for _ in range(2)]
    assert tips(e(0, stiffness=4), {}, history) == ["w1", "b1", "kr3", "v3", "rk4"]


# --------------------------------------------------------------------------------------------
# More interplay
# --------------------------------------------------------------------------------------------

MORE_SIMPLE = [
    ("b2_with_cramp", {"long_sitting": True, "cramp": True}, {}, ["rk2", "w2", "b2", "v1", "b4"]),
    ("b2_with_stiff", {"long_sitting": True, "stiffness": 3}, {}, ["w1", "b2", "b1", "rk4"]),
    ("d4_with_stiff", {"fluid": "low", "stiffness": 3}, {}, ["w1", "b1", "d4", "rk4"]),
    ("activity_heavier_only_no_kr1", {"activity": "heavier"}, {"osteoarthritis": ["knees"]}, []),
    (
        "overloaded_removes_kr2_without_oa_start",
        {"activity": "heavier", "stiffness": 3},
        {"perimenopause": True},
        ["w1", "b3", "v2", "rk4"],
    ),
    (
        "overloaded_keeps_kr1_kr2_with_oa_start",
        {"activity": "heavier", "stiffness": 3},
        {"perimenopause": True, "osteoarthritis": ["hips"], "strength_training_since": day(0)},
        ["w1", "b3", "kr1", "kr2", "v2", "rk4"],
    ),
    (
        "oa_start_ended_day_29_overloaded_removes_kr1",
        {"activity": "heavier", "stiffness": 3},
        {"osteoarthritis": ["hips"], "strength_training_since": day(29)},
        ["w1", "b3", "rk4"],
    ),
    (
        "neuro_acute_cramp_keeps_drinking_food",
        {
            "numbness": True,
            "swelling": True,
            "cramp": True,
            "fluid": "low",
            "cramp_when": ["exercise"],
        },
        {},
        ["rf1", "rf7", "k1", "d1", "d2", "v1"],
    ),
    (
        "strength_loss_new_pain_3_peri_today_only_the_card_p8",
        {"strength_loss": "new", "pain": 3},
        {"perimenopause": True, "long_standing": True},
        ["rf7"],
    ),
    (
        "overloaded_by_cramp_only",
        {"activity": "new", "cramp": True, "cramp_where": ["other"]},
        {},
        ["rk2", "w2", "b3", "v1", "b4"],
    ),
    (
        "overloaded_pain_3_no_stiff_no_b1",
        {"activity": "heavier", "pain": 3, "sleep": "poor", "stress": "high"},
        {},
        ["b3", "o1", "s1"],
    ),
]


@pytest.mark.parametrize(
    ("checkin", "profile", "expected"),
    [pytest.param(c, p, x, id=name) for name, c, p, x in MORE_SIMPLE],
)
def test_more_interplay(checkin, profile, expected) -> None:
    assert tips(e(0, **checkin), profile) == expected


def test_rf4_last_7_check_in_days_not_entries() -> None:
    history = [e(1) for _ in range(6)] + [e(5, limits=["work"])]
    assert tips(e(0, limits=["sleep"]), {}, history) == ["rf4"]


def test_rf4_limited_history_after_d_ignored_even_same_id_free() -> None:
    history = [e(-1, limits=["work"]), e(-2, limits=["work"])]
    assert tips(e(0, limits=["sleep"]), {}, history) == []


def test_rf8_history_cramp_after_d_ignored() -> None:
    # A cramp at D-14 starts the spacing; a cramp after D must not move it.
    history = [e(14, cramp=True), e(-5, cramp=True)]
    assert tips(e(0, cramp=True), {"medication": ["ranitidine"]}, history) == [
        "rf8",
        *CRAMP_TIPS,
    ]


def test_rf6_history_after_d_ignored() -> None:
    history = [e(ago, cramp=True) for ago in (20, 10, 5)] + [e(-2, cramp=True)]
    # cramp_days_14 = D-10, D-5, D = 3 -> no RF6
    assert tips(e(0, cramp=True), {}, history) == CRAMP_TIPS


def test_long_standing_block_edges() -> None:
    # D-7 is in B_1, D-14 in B_2, D-21 in B_3, D-28 in B_4, D-41 in B_5.
    history = [e(ago, stiffness=4) for ago in (7, 14, 21, 28, 41)]
    assert tips(e(0, stiffness=4), {}, history) == ["w1", "b1", "kr3", "v3", "rk4"]


def test_long_standing_block_edges_gap_in_b1() -> None:
    # D-6 is in B_0, so B_1 = [D-13, D-7] is empty.
    history = [e(ago, stiffness=4) for ago in (6, 14, 21, 28, 41)]
    assert tips(e(0, stiffness=4), {}, history) == ["w1", "b1", "rk4"]


def test_long_standing_stiffness_minutes_null_in_history() -> None:
    history = [e(ago, stiffness=2, stiffness_minutes=None) for ago in (3, 10, 17, 24, 31, 38)]
    assert tips(e(0, stiffness=4), {}, history) == ["w1", "b1", "rk4"]


def test_persistent_pain_b5_day_max() -> None:
    # B5 day D-38 has entries 4 and 6: pain = 6. B0: 4, 4 -> 8*1 < 6*2 -> improving.
    history = six_block_history(pain=4) + [e(38, pain=6)]
    assert tips(e(0, pain=4), {}, history) == []


def test_rf3_and_rf5_together() -> None:
    history = six_block_history(pain=4) + [
        e(1, pain=4, areas=["feet"]),
        e(2, pain=4, areas=["feet"]),
    ]
    assert tips(e(0, pain=4, areas=["feet"]), {}, history) == ["rf3", "rf5"]


def test_rf5_exception_not_cancelled_by_injury() -> None:
    history = increasing_history(l_override={2: {"activity": "new"}})
    assert tips(e(0, pain=3, injury=True), {}, history) == ["rf9", "k1"]


def test_rf5_exception_from_same_day_history_load() -> None:
    history = increasing_history() + [e(0, activity="heavier")]
    assert tips(e(0, pain=3), {}, history) == []


def test_rf5_oa_start_cancelled_by_swelling() -> None:
    profile = {"osteoarthritis": ["knees"], "strength_training_since": day(10)}
    assert tips(e(0, pain=3, swelling=True), profile, increasing_history()) == [
        "rf1",
        "rf5",
        "k1",
    ]


def test_rf5_overloaded_pain_6() -> None:
    assert tips(e(0, pain=6, activity="heavier"), {}, increasing_history()) == ["rf5", "b3"]


def test_rf5_overloaded_pain_3_excepted() -> None:
    assert tips(e(0, pain=3, activity="heavier"), {}, increasing_history()) == ["b3"]


def test_new_area_in_history_only_does_not_count() -> None:
    history = [e(1, areas=["hips"]), e(2, areas=["hips"]), e(31)]
    assert tips(e(0, areas=["back"]), {}, history) == []


def test_new_area_max_over_areas() -> None:
    # back is long known (present at D-20), hips is new for 3 days.
    history = [e(1, areas=["hips", "back"]), e(2, areas=["hips"]), e(20, areas=["back"]), e(40)]
    assert tips(e(0, areas=["back", "hips"]), {}, history) == ["rf5"]


def test_rf3_osteoarthritis_profile_without_areas_is_not_assessed() -> None:
    c = e(0, pain=4)
    assert tips(c, {"osteoarthritis": ["knees"]}, six_block_history(pain=4)) == [
        "rf3",
        "kr1",
    ]


def test_rf6_today_cramp_from_earlier_same_day_entry() -> None:
    # Cramp days in [D-13, D]: D-10, D-5, D-2 and D (only through the earlier entry) = 4.
    history = [e(ago, cramp=True) for ago in (20, 10, 5, 2)]
    assert tips(e(0), {"medication": ["statin"]}, history) == []
    history.append(e(0, cramp=True))
    assert tips(e(0), {"medication": ["statin"]}, history) == ["rf6"]


def test_rf4_without_limits_today() -> None:
    history = [e(1, limits=["move"]), e(4, limits=["work"])]
    assert tips(e(0), {}, history) == ["rf4"]


def test_history_order_does_not_matter() -> None:
    history = list(reversed(increasing_history()))
    assert tips(e(0, pain=3), {}, history) == ["rf5"]


def test_increasing_stiffness_ignores_minutes() -> None:
    history = [e(ago, stiffness=0) for ago in range(13, 6, -1)] + [
        e(ago, stiffness=0, stiffness_minutes=600) for ago in range(6, 0, -1)
    ]
    assert tips(e(0, stiffness=0, stiffness_minutes=None), {}, history) == []


def test_pain_7_keeps_b1_no_b5() -> None:
    assert tips(e(0, pain=7, stiffness=3), {"long_standing": True}, []) == [
        "rf2",
        "w1",
        "b1",
        "v3",
        "rk4",
    ]


def test_unused_fields_ignored() -> None:
    c = e(0, time="07:30", cramp=False, cramp_count=5, note="kramp in de kuit")
    assert tips(c, {}, []) == []


def test_missing_profile_takes_defaults() -> None:
    assert [t.tip_id for t in engine.select_tips(e(0, stiffness=3), None, [])] == [
        "w1",
        "b1",
        "rk4",
    ]


def test_new_area_history_after_d_ignored() -> None:
    # hips on a date after D must not count as present: run 3, nothing before in 28 days.
    history = [e(1, areas=["hips"]), e(2, areas=["hips"]), e(-3, areas=["hips"]), e(31)]
    assert tips(e(0, areas=["hips"]), {}, history) == ["rf5"]


def test_increasing_day_after_d_does_not_count() -> None:
    # 13 valid check-in days plus one after D: fewer than 14 check-in days.
    history = [e(ago, pain=0) for ago in range(12, 6, -1)] + [
        e(ago, pain=5) for ago in range(6, 0, -1)
    ]
    history.append(e(-1, pain=0))
    assert tips(e(0, pain=5), {}, history) == []


def test_six_week_block_not_covered_by_entry_after_d() -> None:
    history = [e(ago, stiffness=4) for ago in (3, 10, 17, 31, 38)] + [e(-24, stiffness=4)]
    assert tips(e(0, stiffness=4), {}, history) == ["w1", "b1", "rk4"]
