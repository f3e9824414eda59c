"""Realistic mornings, derived from docs/rules.md, with the exact ordered tips each one should
get."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from helpers import D
from helpers import ago
from helpers import entry

from flouria_pwa.rules import engine

_ids = itertools.count(1)  # the current check-in's id


def series(days_ago: Iterable[int], **fields: Any) -> list[dict[str, Any]]:
    return [entry(n, **fields) for n in days_ago]


def run(
    checkin: dict[str, Any], profile: dict[str, Any] | None, history: list[dict[str, Any]]
) -> list[engine.SelectedTip]:
    current = {"id": f"c-{next(_ids)}", "date": D.isoformat(), **checkin}
    return engine.select_tips(current, profile, history)


def ids(selected: list[engine.SelectedTip]) -> list[str]:
    return [t.tip_id for t in selected]


def text_of(selected: list[engine.SelectedTip], tip_id: str) -> str:
    return next(t.text_id for t in selected if t.tip_id == tip_id)


def test_perimenopause_morning_stiffness_and_poor_sleep() -> None:
    """Stiff hands and knees for 45 minutes after a poor night, a desk job, ten days of diary."""
    areas = ["hands_wrists", "knees"]
    history = series(range(1, 11), stiffness=3, stiffness_minutes=30, pain=2, areas=areas)
    checkin = {
        "stiffness": 4, "stiffness_minutes": 45, "areas": areas, "pain": 3,
        "sleep": "poor", "stress": "medium", "long_sitting": True, "coffee": 2,
    }  # fmt: skip
    selected = run(checkin, {"perimenopause": True}, history)
    assert ids(selected) == ["w1", "b2", "b1", "kr2", "s1", "v2", "rk4"]
    assert text_of(selected, "rk4") == "rk4"  # ten days are not six weeks


def test_night_calf_cramps_low_fluid_and_a_diuretic() -> None:
    """The first calf cramp at night, little water, five coffees, on a water pill."""
    history = series(range(1, 6), stiffness=1)
    checkin = {
        "cramp": True, "cramp_when": ["night"], "cramp_where": ["calf"], "cramp_count": 2,
        "fluid": "low", "coffee": 5,
    }  # fmt: skip
    selected = run(checkin, {"medication": ["diuretic"]}, history)
    assert ids(selected) == ["rf8", "rk1", "w2", "d1", "d3", "v1", "b4"]
    assert text_of(selected, "d1") == "d1_fluid_limit"  # docs/rules.md §9 P12
    gp, shown, rest = engine.display_selection(selected)
    assert [t.tip_id for t in gp] == ["rf8"]
    assert [t.tip_id for t in shown] == ["rk1", "w2", "d1"]  # the most fitting, no rotation
    assert [t.tip_id for t in rest] == ["d3", "v1", "b4"]


def knee_training_history() -> list[dict[str, Any]]:
    """Quiet weeks, then sore knees since starting strength training ten days ago."""
    quiet = series((40, 33, 26, 19, 12), pain=1)
    training = series((9, 7, 5), areas=["knees"], pain=3) + [
        entry(3, areas=["knees"], pain=4, activity="heavier")
    ]
    return quiet + training


KNEE_OA_TRAINING = {"osteoarthritis": ["knees"], "strength_training_since": ago(10)}


def test_knee_osteoarthritis_soreness_after_starting_strength_training() -> None:
    """New knee soreness in the first weeks of training is expected: no RF5, KR1 stays."""
    checkin = {"areas": ["knees"], "pain": 4, "stiffness": 3, "activity": "heavier"}
    selected = run(checkin, KNEE_OA_TRAINING, knee_training_history())
    assert ids(selected) == ["w1", "b3", "kr1", "rk4"]
    assert text_of(selected, "kr1") == "kr1_start"


def test_knee_osteoarthritis_training_with_pain_6_goes_to_the_gp() -> None:
    checkin = {"areas": ["knees"], "pain": 6, "stiffness": 3, "activity": "heavier"}
    selected = run(checkin, KNEE_OA_TRAINING, knee_training_history())
    assert ids(selected) == ["rf5", "w1", "b3", "kr1", "rk4"]


def test_a_fall_with_a_swollen_foot() -> None:
    """Cold and the GP; sleep advice stays, warmth and movement wait."""
    history = series((40, 30, 20, 10, 5, 1), pain=1)
    checkin = {"injury": True, "swelling": True, "pain": 6, "areas": ["feet"], "sleep": "fair"}
    assert ids(run(checkin, None, history)) == ["rf1", "rf9", "k1", "s1"]


def test_radiating_back_pain_with_numbness() -> None:
    """Nerve signs: the GP card, calm movement (B5), no strength training, no warmth on numb
    skin (docs/rules.md §9 P9)."""
    checkin = {
        "areas": ["back", "legs"], "pain": 6, "stiffness": 5, "radiating": True,
        "numbness": True, "long_sitting": True, "sleep": "poor",
    }  # fmt: skip
    selected = run(checkin, {"perimenopause": True}, [])
    assert ids(selected) == ["rf7", "b2", "b5", "s1", "v2", "rk4"]
    assert [t.urgency for t in selected if t.category == "huisarts"] == ["soon"]


def test_sudden_weakness_with_radiating_pain_and_numbness() -> None:
    """The persona the safety review found: the card says call now, and nothing competes."""
    checkin = {
        "areas": ["back", "legs"], "pain": 6, "stiffness": 5, "radiating": True,
        "numbness": True, "strength_loss": "sudden", "long_sitting": True,
    }  # fmt: skip
    selected = run(checkin, {"perimenopause": True}, [])
    assert ids(selected) == ["rf7"]
    assert selected[0].urgency == "now" and text_of(selected, "rf7") == "rf7_now"


def test_long_standing_back_stiffness_over_six_weeks() -> None:
    """Stiff every other day for six weeks: strength, food and the stretching caveat."""
    history = series(range(2, 42, 2), stiffness=4, stiffness_minutes=40, areas=["back"], pain=3)
    checkin = {
        "stiffness": 5, "stiffness_minutes": 60, "areas": ["back"], "pain": 3, "stress": "high",
    }  # fmt: skip
    selected = run(checkin, None, history)
    assert ids(selected) == ["w1", "b1", "kr3", "o1", "v3", "rk4"]
    assert text_of(selected, "rk4") == "rk4_long"


def test_persistent_knee_pain_until_it_is_assessed() -> None:
    """Six weeks of unchanged knee pain: RF3, until osteoarthritis is diagnosed there."""
    history = series(range(1, 42, 3), pain=5, areas=["knees"])
    checkin = {"pain": 5, "areas": ["knees"], "sleep": "fair"}
    assert ids(run(checkin, None, history)) == ["rf3", "s1"]
    assert ids(run(checkin, {"osteoarthritis": ["knees"]}, history)) == ["kr1", "s1"]


def test_cramps_keep_coming_back_on_a_statin() -> None:
    """Five cramp days in two weeks after 18 days of measures; the statin card was shown
    two days ago, so it waits."""
    history = series((18, 12, 9, 5, 2), cramp=True, cramp_where=["calf"])
    checkin = {"cramp": True, "cramp_when": ["night"], "cramp_where": ["calf"]}
    assert ids(run(checkin, {"medication": ["statin"]}, history)) == [
        "rf6", "rk1", "w2", "v1", "b4",
    ]  # fmt: skip


def test_weekend_hike_with_a_hamstring_cramp() -> None:
    """A new, long hike: cramp during exercise, stiff, little to drink. Rest replaces B1."""
    checkin = {
        "activity": "new", "cramp": True, "cramp_when": ["exercise"],
        "cramp_where": ["hamstring"], "stiffness": 3, "fluid": "low", "areas": ["legs"],
    }  # fmt: skip
    assert ids(run(checkin, None, [])) == [
        "rk2", "w1", "w2", "d1", "d2", "b3", "rk3", "v1", "b4", "rk4",
    ]  # fmt: skip


def test_increasing_hip_pain_in_perimenopause_is_not_explained_away() -> None:
    """The 7-day mean rose from 2 to 4: RF5, whatever hormones may explain."""
    history = series(range(7, 14), pain=2, areas=["hips"]) + series(
        range(1, 7), pain=4, areas=["hips"]
    )
    selected = run({"pain": 4, "areas": ["hips"]}, {"perimenopause": True}, history)
    assert ids(selected) == ["rf5", "kr2", "v2"]


def test_pain_keeps_her_from_sleeping_and_working() -> None:
    history = [
        entry(1, pain=4),
        entry(2, pain=5, limits=["sleep", "work"]),
        entry(4, pain=4),
        entry(5, pain=5, limits=["sleep"]),
    ]
    checkin = {"pain": 5, "limits": ["sleep"], "sleep": "poor"}
    selected = run(checkin, {"perimenopause": True}, history)
    assert ids(selected) == ["rf4", "kr2", "s1", "v2"]
    assert text_of(selected, "rf4") == "rf4_peri"


def test_sore_shoulders_after_gardening_then_the_exception_ends() -> None:
    """A new area right after heavy gardening is expected; three days on, it is not."""
    history = series(range(4, 42, 4), pain=2)
    history += [
        entry(2, areas=["neck_shoulders"], pain=4, activity="heavier"),
        entry(1, areas=["neck_shoulders"], pain=4),
    ]
    checkin = {"areas": ["neck_shoulders"], "pain": 4, "stress": "high"}
    assert ids(run(checkin, None, history)) == ["o1"]

    later = D + timedelta(days=2)
    history += [
        {"id": "today", "date": D.isoformat(), **checkin},
        {"id": "tomorrow", "date": ago(-1), "areas": ["neck_shoulders"], "pain": 4},
    ]
    selected = engine.select_tips(
        {"id": "later", "date": later.isoformat(), **checkin}, None, history
    )
    assert ids(selected) == ["rf5", "o1"]
