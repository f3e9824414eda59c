"""The rule engine: every rule, suppression, variant and ordering rule of docs/rules.md §4–§6."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import D
from helpers import ago
from helpers import entry

from flouria_pwa.rules import catalogue
from flouria_pwa.rules import engine
from flouria_pwa.rules import facts

CASES_FILE = Path(__file__).parent / "cases" / "engine_cases.json"

# docs/rules.md P1 and P6, written out here so the catalogue is checked against the spec.
SPEC_ORDER = [
    *(f"RF{n}" for n in range(1, 12)),
    *("K1", "RK1", "RK2", "W1", "W2"),
    *("D1", "D2", "D3", "B2", "B3", "B5", "RK3"),
    *("B1", "KR1", "KR2", "KR3", "O1", "O2", "S1", "V1", "V2", "V3", "D4", "B4", "RK4"),
]


def tips(
    history: list[dict[str, Any]] | None = None,
    profile: dict[str, Any] | None = None,
    **current: Any,
) -> list[str]:
    """The ordered tip ids for a check-in on D with these fields."""
    return [t.tip_id for t in engine.select_tips(entry(0, **current), profile, history or [])]


def texts(
    profile: dict[str, Any] | None = None,
    history: list[dict[str, Any]] | None = None,
    **current: Any,
) -> dict[str, str]:
    """The text id of each selected tip."""
    selected = engine.select_tips(entry(0, **current), profile, history or [])
    return {t.tip_id: t.text_id for t in selected}


# Shared situations.
CALF_CRAMP = {"cramp": True, "cramp_where": ["calf"]}
OA_KNEES = {"osteoarthritis": ["knees"]}
PERI = {"perimenopause": True}


def new_knees_history(load_days_ago: int | None = None) -> list[dict[str, Any]]:
    """Knees appear at D-2 after 38 days without: with today, a new area for 3 check-in days."""
    history = [entry(40, areas=["back"]), entry(2, areas=["knees"]), entry(1, areas=["knees"])]
    if load_days_ago is not None:
        history.append(entry(load_days_ago, activity="heavier"))
    return history


def persistent_pain_history(**fields: Any) -> list[dict[str, Any]]:
    return [entry(n, pain=5, **fields) for n in range(1, 42, 3)]


def recurring_cramps() -> list[dict[str, Any]]:
    """Cramps since D-20, and on D-9, D-6 and D-3: with today, 4 cramp days in 14."""
    return [entry(n, cramp=True) for n in (20, 9, 6, 3)]


# ---------------------------------------------------------------------------- every rule


# (rule, check-in fields, profile, history, fires?)
RULE_CASES: list[tuple[str, dict[str, Any], dict[str, Any] | None, Any, bool]] = [
    ("RF1", {"swelling": True}, None, None, True),
    ("RF1", {"pain": 9, "injury": True}, None, None, False),
    ("RF2", {"pain": 7}, None, None, True),
    ("RF2", {"pain": 7, "areas": ["knees"]}, {"assessed": True, **OA_KNEES}, None, True),
    ("RF2", {"pain": 6}, None, None, False),
    ("RF3", {"pain": 5}, None, persistent_pain_history, True),
    ("RF3", {"pain": 5}, {"assessed": True}, persistent_pain_history, False),
    ("RF3", {"pain": 5}, {"osteoarthritis": ["knees"]}, persistent_pain_history, True),
    # Today's pain 3 is not a pain day, but B_0's mean (3, 5, 7, 5) still equals B_5's.
    ("RF3", {"pain": 3}, None, lambda: persistent_pain_history() + [entry(2, pain=7)], True),
    ("RF3", {"pain": 3}, None, persistent_pain_history, False),  # B_0 mean 4.3 < 5: improving
    ("RF3", {"pain": 2}, None, lambda: [entry(n, pain=2) for n in range(1, 42, 3)], False),
    ("RF4", {"limits": ["sleep"]}, None, lambda: [entry(6, limits=["work"])], True),
    ("RF4", {"limits": ["sleep"]}, None, lambda: [entry(6)], False),
    ("RF4", {}, None, lambda: [entry(0, limits=["move"]), entry(1, limits=["work"])], True),
    ("RF5", {"areas": ["knees"], "pain": 3}, None, new_knees_history, True),
    ("RF5", {"areas": ["knees"], "pain": 3}, None, lambda: new_knees_history()[1:], False),
    ("RF6", CALF_CRAMP, None, recurring_cramps, True),
    ("RF6", CALF_CRAMP, None, lambda: recurring_cramps()[1:], False),  # run of 9 days
    ("RF6", CALF_CRAMP, None, lambda: recurring_cramps()[:-1], False),  # 3 cramp days
    ("RF7", {"numbness": True}, None, None, True),
    ("RF7", {"radiating": True}, None, None, True),
    ("RF7", {"strength_loss": "new"}, None, None, True),
    ("RF7", {"strength_loss": "gradual", "pain": 5}, None, None, False),
    ("RF8", CALF_CRAMP, {"medication": ["diuretic"]}, None, True),
    ("RF8", CALF_CRAMP, {"medication": ["other"]}, None, False),
    ("RF8", {"stiffness": 6}, {"medication": ["statin"]}, None, False),
    ("RF9", {"injury": True}, None, None, True),
    ("RF9", {"swelling": True}, None, None, False),
    ("RF7", {"strength_loss": "sudden"}, None, None, True),  # docs/rules.md §9
    ("RF7", {"saddle_numbness": True}, None, None, True),  # §9: neuro
    ("RF10", {"saddle_numbness": True}, None, None, True),
    ("RF10", {"numbness": True, "radiating": True}, None, None, False),
    ("RF11", {"swelling": True, "areas": ["legs"]}, None, None, True),
    ("RF11", {"swelling": True, "areas": ["knees"]}, None, None, False),
    ("RF11", {"swelling": True, "areas": ["legs"], "injury": True}, None, None, False),
    ("RF11", {"areas": ["legs"], "pain": 5}, None, None, False),
    ("K1", {"injury": True}, None, None, True),
    ("K1", {"swelling": True}, None, None, True),
    ("K1", {**CALF_CRAMP, "stiffness": 8, "pain": 8}, None, None, False),
    ("W1", {"stiffness": 3}, None, None, True),
    ("W1", {"stiffness_minutes": 30}, None, None, True),
    ("W1", {"stiffness": 2, "stiffness_minutes": 29}, None, None, False),
    ("W2", {"cramp": True}, None, None, True),
    ("W2", {"cramp_where": ["calf"]}, None, None, False),
    ("RK1", CALF_CRAMP, None, None, True),
    ("RK1", {"cramp": True, "cramp_where": ["foot"]}, None, None, False),
    ("RK2", {"cramp": True}, None, None, True),
    ("RK2", {"cramp": True, "cramp_where": ["hamstring"]}, None, None, True),
    ("RK2", {"cramp": True, "cramp_where": ["calf", "other"]}, None, None, True),
    ("RK2", CALF_CRAMP, None, None, False),
    ("RK3", {"cramp": True, "cramp_when": ["exercise", "night"]}, None, None, True),
    ("RK3", {"cramp": True, "cramp_when": ["night", "rest"]}, None, None, False),
    ("RK3", {"cramp_when": ["exercise"]}, None, None, False),
    ("RK4", {"stiffness": 3}, None, None, True),
    ("RK4", {"pain": 6}, None, None, False),
    ("D1", {"cramp": True, "fluid": "low"}, None, None, True),
    ("D1", {"cramp": True, "fluid": "normal"}, None, None, False),
    ("D2", {"cramp": True, "cramp_when": ["exercise"]}, None, None, True),
    ("D2", {"cramp": True, "cramp_when": ["rest"]}, None, None, False),
    ("D3", {"cramp": True, "coffee": 4}, None, None, True),
    ("D3", {"cramp": True, "alcohol": True}, None, None, True),
    ("D3", {"cramp": True, "coffee": 3}, None, None, False),
    ("D3", {"alcohol": True, "coffee": 8}, None, None, False),
    ("D4", {"fluid": "low"}, None, None, True),
    ("D4", {"fluid": "low", "cramp": True}, None, None, False),
    ("D4", {"fluid": "high", "stiffness": 5}, None, None, False),
    ("B1", {"stiffness": 3}, None, None, True),
    ("B1", {"stiffness": 3, "radiating": True}, None, None, False),
    ("B2", {"long_sitting": True, "pain": 1}, None, None, True),
    ("B2", {"long_sitting": True, "cramp": True}, None, None, True),
    ("B2", {"long_sitting": True, "stiffness_minutes": 30}, None, None, True),
    ("B2", {"long_sitting": True, "stiffness": 2}, None, None, False),
    ("B2", {"pain": 5}, None, None, False),
    ("B3", {"activity": "new", "pain": 3}, None, None, True),
    ("B3", {"activity": "heavier", "cramp": True}, None, None, True),
    ("B3", {"activity": "new", "pain": 2}, None, None, False),
    ("B3", {"activity": "usual", "pain": 5}, None, None, False),
    ("B4", {"cramp": True}, None, None, True),
    ("B4", {"stiffness": 5}, None, None, False),
    ("B5", {"numbness": True}, None, None, True),
    ("B5", {"strength_loss": "gradual"}, None, None, False),
    ("KR1", {"pain": 1}, OA_KNEES, None, True),
    ("KR1", {"activity": "new"}, OA_KNEES, None, True),
    ("KR1", {"stiffness": 3}, OA_KNEES, None, True),
    ("KR1", {}, OA_KNEES, None, False),
    ("KR1", {"pain": 5}, None, None, False),
    ("KR2", {"strength_loss": "gradual"}, PERI, None, True),
    ("KR2", {"pain": 3}, PERI, None, True),
    ("KR2", {"pain": 2}, PERI, None, False),
    ("KR2", {"pain": 5}, None, None, False),
    ("KR3", {}, {"long_standing": True}, None, True),
    ("KR3", {"stiffness": 5}, None, None, False),
    ("O1", {"stress": "high", "pain": 3}, None, None, True),
    ("O1", {"stress": "high", "pain": 2}, None, None, False),
    ("O1", {"stress": "medium", "stiffness": 5}, None, None, False),
    ("O2", {"cramp": True, "stress": "high"}, None, None, True),
    ("O2", {"cramp": True, "stress": "medium"}, None, None, False),
    ("V1", {"cramp": True}, None, None, True),
    ("V1", {"stiffness": 4}, None, None, False),
    ("V2", {"stiffness": 3}, PERI, None, True),
    ("V2", {"pain": 2}, PERI, None, False),
    ("V3", {}, {"long_standing": True}, None, True),
    ("V3", {"stiffness": 6}, None, None, False),
    ("S1", {"sleep": "fair", "pain": 3}, None, None, True),
    ("S1", {"sleep": "poor", "stiffness": 3}, None, None, True),
    ("S1", {"sleep": "poor", "pain": 2}, None, None, False),
    ("S1", {"sleep": "good", "pain": 6}, None, None, False),
]


@pytest.mark.parametrize(
    ("rule", "fields", "profile", "history", "fires"),
    RULE_CASES,
    ids=[f"{c[0]}-{'fires' if c[4] else 'silent'}-{i}" for i, c in enumerate(RULE_CASES)],
)
def test_rule(
    rule: str, fields: dict[str, Any], profile: dict[str, Any] | None, history: Any, fires: bool
) -> None:
    result = tips(history() if history else None, profile, **fields)
    assert (rule.lower() in result) is fires, result


def test_every_rule_has_a_firing_and_a_silent_case() -> None:
    fired = {c[0] for c in RULE_CASES if c[4]}
    silent = {c[0] for c in RULE_CASES if not c[4]}
    assert fired == silent == set(SPEC_ORDER)


# ---------------------------------------------------------------------------- RF5 exceptions


@pytest.mark.parametrize(
    ("load_days_ago", "fields", "fires"),
    [
        (None, {}, True),
        (2, {}, False),  # load on D-2: inside the 3-day window
        (0, {}, False),
        (3, {}, True),  # the window has ended
        (2, {"pain": 5}, False),
        (2, {"pain": 6}, True),  # pain 6 cancels the exception
        (2, {"swelling": True}, True),  # so does swelling
    ],
)
def test_rf5_recent_load_exception(
    load_days_ago: int | None, fields: dict[str, Any], fires: bool
) -> None:
    fields = {"areas": ["knees"], "pain": 3, **fields}
    if load_days_ago == 0:
        history, fields["activity"] = new_knees_history(), "new"
    else:
        history = new_knees_history(load_days_ago)
    assert ("rf5" in tips(history, **fields)) is fires


@pytest.mark.parametrize(
    ("since", "pain", "fires"),
    [(0, 3, False), (28, 3, False), (29, 3, True), (10, 5, False), (10, 6, True), (None, 3, True)],
)
def test_rf5_oa_start_exception(since: int | None, pain: int, fires: bool) -> None:
    started = None if since is None else ago(since)
    profile = {"osteoarthritis": ["hips"], "strength_training_since": started}
    assert ("rf5" in tips(new_knees_history(), profile, areas=["knees"], pain=pain)) is fires


def test_rf5_on_increasing_complaints_and_not_on_cramps() -> None:
    rising = [entry(n, pain=1 if n >= 7 else 3) for n in range(1, 14)]
    assert "rf5" in tips(rising, pain=3)
    assert "rf5" not in tips(rising[1:], pain=3)  # 13 check-in days only
    cramping = [entry(n, cramp=True) for n in range(1, 14)]
    assert "rf5" not in tips(cramping, cramp=True)


# ---------------------------------------------------------------------------- RF8 cadence


@pytest.mark.parametrize(
    ("cramp_days_ago", "fires"), [((), True), ((13,), False), ((14,), True), ((20, 14), True)]
)
def test_rf8_every_14_days(cramp_days_ago: tuple[int, ...], fires: bool) -> None:
    history = [entry(n, cramp=True) for n in cramp_days_ago]
    result = tips(history, {"medication": ["statin"]}, **CALF_CRAMP)
    assert ("rf8" in result) is fires


# ---------------------------------------------------------------------------- suppressions

P2_TRIGGERS = [{"swelling": True}, {"injury": True}]
EVERYTHING = {
    **CALF_CRAMP,
    "cramp_when": ["exercise"],
    "stiffness": 5,
    "long_sitting": True,
    "fluid": "low",
    "stress": "high",
    "sleep": "poor",
    "alcohol": True,
}


@pytest.mark.parametrize("trigger", P2_TRIGGERS)
def test_p2_acute_removes_warmth_stretching_movement_and_strength(trigger: dict) -> None:
    profile = {**OA_KNEES, **PERI, "long_standing": True}
    before = tips(None, profile, **EVERYTHING)
    after = tips(None, profile, **EVERYTHING, **trigger)
    assert {"w1", "w2", "rk1", "rk3", "rk4", "b1", "b2", "b4", "kr1", "kr2", "kr3"} <= set(before)
    kept = ["k1", "d1", "d2", "d3", "o1", "o2", "s1", "v1", "v2", "v3"]
    red_flag = "rf1" if "swelling" in trigger else "rf9"
    assert after == [red_flag, *kept]


def test_p2_removes_b5_too() -> None:
    assert tips(numbness=True) == ["rf7", "b5"]
    assert tips(numbness=True, injury=True) == ["rf7", "rf9", "k1"]


def test_p2_removes_b3_under_overload() -> None:
    assert tips(activity="heavier", pain=4, swelling=True) == ["rf1", "k1"]


@pytest.mark.parametrize("fields", [{"numbness": True}, {"radiating": True}, {"pain": 7}])
def test_p3_removes_strength(fields: dict[str, Any]) -> None:
    profile = {**OA_KNEES, **PERI, "long_standing": True}
    result = tips(None, profile, stiffness=4, **fields)
    assert not {"kr1", "kr2", "kr3"} & set(result)
    assert {"kr1", "kr2", "kr3"} <= set(tips(None, profile, stiffness=4, pain=6))


def test_p3_neuro_b5_replaces_b1() -> None:
    assert tips(stiffness=4) == ["w1", "b1", "rk4"]
    assert tips(stiffness=4, radiating=True) == ["rf7", "w1", "b5", "rk4"]


def test_p4_overload_removes_strength_and_b1() -> None:
    profile = {**OA_KNEES, **PERI, "long_standing": True}
    assert tips(None, profile, stiffness=4) == ["w1", "b1", "kr1", "kr2", "kr3", "v2", "v3", "rk4"]
    assert tips(None, profile, stiffness=4, activity="new") == ["w1", "b3", "v2", "v3", "rk4"]


def test_p4_spares_strength_under_oa_start_but_still_removes_b1() -> None:
    profile = {**OA_KNEES, **PERI, "long_standing": True, "strength_training_since": ago(28)}
    result = tips(None, profile, stiffness=4, activity="heavier")
    assert result == ["w1", "b3", "kr1", "kr2", "kr3", "v2", "v3", "rk4"]
    profile["strength_training_since"] = ago(29)
    assert tips(None, profile, stiffness=4, activity="heavier") == ["w1", "b3", "v2", "v3", "rk4"]


def test_p4_oa_start_does_not_spare_strength_from_p2_or_p3() -> None:
    profile = {**OA_KNEES, "strength_training_since": ago(5)}
    assert "kr1" not in tips(None, profile, activity="heavier", pain=7)
    assert "kr1" not in tips(None, profile, activity="heavier", pain=4, swelling=True)


def test_extra_load_without_complaints_is_no_overload() -> None:
    assert tips(activity="new", pain=2) == []
    assert tips(activity="new", pain=3) == ["b3"]
    assert tips(activity="usual", stiffness=4) == ["w1", "b1", "rk4"]


def test_p5_cold_only_when_acute() -> None:
    assert "k1" not in tips(**EVERYTHING)
    assert "k1" in tips(swelling=True)


# ---------------------------------------------------------------------------- order


def test_p1_red_flags_first_in_order_rf1_to_rf9() -> None:
    history = [entry(1, limits=["work"])] + [entry(n, pain=5) for n in range(1, 42, 3)]
    result = tips(
        history,
        {"medication": ["diuretic"]},
        swelling=True,
        pain=8,
        numbness=True,
        injury=True,
        limits=["sleep"],
        **CALF_CRAMP,
    )
    assert result == ["rf1", "rf2", "rf3", "rf4", "rf7", "rf8", "rf9", "k1", "v1"]


def test_p6_order_of_self_care() -> None:
    profile = {**OA_KNEES, **PERI, "long_standing": True}
    result = tips(None, profile, **{**EVERYTHING, "cramp_where": ["calf", "foot"]})
    assert result == [
        "rk1", "rk2", "w1", "w2",
        "d1", "d2", "d3", "b2", "rk3",
        "b1", "kr1", "kr2", "kr3", "o1", "o2", "s1", "v1", "v2", "v3", "b4", "rk4",
    ]  # fmt: skip


def test_p6_order_with_overload_neuro_and_d4() -> None:
    profile = {**OA_KNEES, "strength_training_since": ago(3)}
    result = tips(None, profile, stiffness=4, activity="new", fluid="low", radiating=True)
    assert result == ["rf7", "w1", "b3", "b5", "d4", "rk4"]


def test_catalogue_order_is_the_spec_order() -> None:
    assert engine.load_catalogue()["order"] == SPEC_ORDER


# ---------------------------------------------------------------------------- variants


def test_rk4_long_standing_variant() -> None:
    assert texts(stiffness=4)["rk4"] == "rk4"
    assert texts({"long_standing": True}, stiffness=4)["rk4"] == "rk4_long"
    history = [entry(n, stiffness=4) for n in range(1, 42, 3)]
    assert texts(None, history, stiffness=4)["rk4"] == "rk4_long"


def test_kr1_oa_start_variant() -> None:
    assert texts(OA_KNEES, pain=2)["kr1"] == "kr1"
    assert texts({**OA_KNEES, "strength_training_since": ago(28)}, pain=2)["kr1"] == "kr1_start"
    assert texts({**OA_KNEES, "strength_training_since": ago(29)}, pain=2)["kr1"] == "kr1"


def test_rf4_perimenopause_variant() -> None:
    history = [entry(1, limits=["move"])]
    assert texts(None, history, limits=["sleep"])["rf4"] == "rf4"
    assert texts(PERI, history, limits=["sleep"])["rf4"] == "rf4_peri"


def test_the_text_variants_are_the_specified_ones() -> None:
    variants = {
        (rule["id"], v["text"])
        for rule in engine.load_catalogue()["rules"]
        for v in rule.get("variants", [])
    }
    assert variants == {
        ("RK4", "rk4_long"),
        ("KR1", "kr1_start"),
        ("RF4", "rf4_peri"),
        ("RF4", "rf4"),  # §9 P10: next to an urgent reason, no physiotherapy as an option
        ("RF3", "rf3_gp"),
        ("RF7", "rf7_now"),
        ("RF7", "rf7_gp"),
        ("D1", "d1_fluid_limit"),  # §9 P12
        ("D2", "d2_fluid_limit"),
        ("D4", "d4_fluid_limit"),
    }


def test_other_texts_are_the_rule_id() -> None:
    for rule in engine.load_catalogue()["rules"]:
        assert rule["text"] == rule["id"].lower()


# ---------------------------------------------------------------------------- selected tips


def test_selected_tip_fields() -> None:
    (tip,) = engine.select_tips(entry(0, swelling=False, long_sitting=True, pain=2), None, [])
    assert tip == engine.SelectedTip(
        rule_id="B2",
        tip_id="b2",
        category="bewegen",
        text_id="b2",
        sources=(
            "000_857e1474ad647ed5.txt",
            "001_977e3c1125d7eedf.txt",
            "003_cbb1bc0f2eec1fe6.txt",
        ),
        source_ids=("000", "001", "003"),
        urgency=None,
    )
    with pytest.raises(AttributeError):
        tip.rule_id = "B1"  # type: ignore[misc]


SPEC_SOURCES = {
    "RF1": "000", "RF2": "000 001", "RF3": "001 003", "RF4": "000", "RF5": "000 001 004",
    "RF6": "001 002", "RF7": "001 002 003", "RF8": "001 002", "RF9": "000 001",
    "RF10": "003", "RF11": "001",
    "K1": "001", "W1": "000 001", "W2": "001 002", "RK1": "001 002", "RK2": "002",
    "RK3": "001", "RK4": "000 003", "D1": "000 001 002", "D2": "001", "D3": "001 002",
    "D4": "000", "B1": "000 003", "B2": "000 001 003", "B3": "001 002 003", "B4": "001",
    "B5": "003", "KR1": "004", "KR2": "000", "KR3": "002 003", "O1": "003", "O2": "002",
    "V1": "001 002", "V2": "000", "V3": "002 003", "S1": "000 002",
}  # fmt: skip
SPEC_CATEGORIES = {
    "K1": "kou", "W1": "warmte", "W2": "warmte", "RK1": "rekken", "RK2": "rekken",
    "RK3": "rekken", "RK4": "rekken", "D1": "drinken", "D2": "drinken", "D3": "drinken",
    "D4": "drinken", "B1": "bewegen", "B2": "bewegen", "B3": "bewegen", "B4": "bewegen",
    "B5": "bewegen", "KR1": "kracht", "KR2": "kracht", "KR3": "kracht", "O1": "ontspanning",
    "O2": "ontspanning", "V1": "voeding", "V2": "voeding", "V3": "voeding", "S1": "slaap",
}  # fmt: skip


def test_catalogue_sources_categories_and_tiers_match_the_spec() -> None:
    catalogue = engine.load_catalogue()
    for rule in catalogue["rules"]:
        assert rule["sources"] == SPEC_SOURCES[rule["id"]].split(), rule["id"]
        assert rule["category"] == SPEC_CATEGORIES.get(rule["id"], "huisarts"), rule["id"]
    tiers = {r["id"]: r.get("tier") for r in catalogue["rules"] if r["category"] == "huisarts"}
    assert tiers == {
        "RF1": "A", "RF2": "A", "RF3": "B", "RF4": "B", "RF5": "B",
        "RF6": "B", "RF7": "A", "RF8": "B", "RF9": "A", "RF10": "A", "RF11": "A",
    }  # fmt: skip
    assert catalogue["categories"] == [
        "warmte", "kou", "rekken", "drinken", "bewegen",
        "kracht", "ontspanning", "voeding", "slaap", "huisarts",
    ]  # fmt: skip
    assert catalogue["display_cap"] == 3


def test_catalogue_sources_are_the_seed_files() -> None:
    sources = engine.load_catalogue()["sources"]
    assert {k: v["file"] for k, v in sources.items()} == {
        "000": "000_857e1474ad647ed5.txt",
        "001": "001_977e3c1125d7eedf.txt",
        "002": "002_779c33415413a94d.txt",
        "003": "003_cbb1bc0f2eec1fe6.txt",
        "004": "004_7a690b6e8c84d79d.txt",
    }
    assert sources["004"]["title"] == "Krachttraining bij artrose"


# ---------------------------------------------------------------------------- robustness


def test_a_minimal_payload_does_not_crash() -> None:
    assert engine.select_tips({"id": "a", "date": "2025-03-15"}, None, []) == []
    assert engine.select_tips({"id": "a", "date": D}, {}, [{"id": "b", "date": "2025-03-14"}]) == []


def test_explicit_nulls_take_defaults() -> None:
    checkin = {"id": "a", "date": "2025-03-15", "stiffness_minutes": None, "cramp_count": None}
    profile = {"strength_training_since": None, "osteoarthritis": ["knees"]}
    assert engine.select_tips({**checkin, "pain": 2}, profile, []) == engine.select_tips(
        {**checkin, "pain": 2}, {"osteoarthritis": ["knees"]}, []
    )


# ---------------------------------------------------------------------------- display


def fake(tip_id: str, category: str = "rekken") -> engine.SelectedTip:
    urgency = "soon" if category == "huisarts" else None
    return engine.SelectedTip(tip_id.upper(), tip_id, category, tip_id, (), (), urgency)


GP = [fake("rf1", "huisarts"), fake("rf7", "huisarts")]
CARE = [fake(f"t{n}") for n in range(7)]


def test_display_shows_the_card_then_the_first_three_then_the_rest() -> None:
    """docs/rules.md §9 P6 revised: the most fitting tips are always the ones on top."""
    gp, shown, rest = engine.display_selection(GP + CARE)
    assert gp == GP
    assert shown == CARE[:3]
    assert rest == CARE[3:]


def test_display_never_rotates() -> None:
    assert engine.display_selection(CARE) == engine.display_selection(list(CARE))
    assert engine.display_selection(CARE)[1] == CARE[:3]


def test_display_with_few_tips_shows_all() -> None:
    assert engine.display_selection(GP + CARE[:3]) == (GP, CARE[:3], [])
    assert engine.display_selection(GP) == (GP, [], [])


@pytest.mark.parametrize("cap", [0, 1, 2, 5])
def test_display_cap_override(cap: int) -> None:
    _, shown, rest = engine.display_selection(CARE, cap=cap)
    assert shown == CARE[:cap]
    assert rest == CARE[cap:]


# ---------------------------------------------------------------------------- conditions


ENV = {"c.pain": 5, "c.areas": frozenset({"knees"}), "c.sleep": "fair", "stiff": True}


@pytest.mark.parametrize(
    ("cond", "expected"),
    [
        ({"fact": "stiff"}, True),
        ({"not": {"fact": "stiff"}}, False),
        ({"cmp": ["c.pain", ">=", 5]}, True),
        ({"cmp": ["c.pain", ">", 5]}, False),
        ({"cmp": ["c.pain", "<=", 4]}, False),
        ({"cmp": ["c.pain", "<", 6]}, True),
        ({"cmp": ["c.pain", "==", 5]}, True),
        ({"cmp": ["c.pain", "!=", 5]}, False),
        ({"cmp": ["c.sleep", "==", "fair"]}, True),
        ({"has": ["c.areas", "knees"]}, True),
        ({"has": ["c.areas", "back"]}, False),
        ({"overlaps": ["c.areas", ["back", "knees"]]}, True),
        ({"overlaps": ["c.areas", ["back"]]}, False),
        ({"empty": "c.areas"}, False),
        ({"in": ["c.sleep", ["fair", "poor"]]}, True),
        ({"in": ["c.sleep", ["good"]]}, False),
        ({"all": [{"fact": "stiff"}, {"cmp": ["c.pain", ">=", 6]}]}, False),
        ({"any": [{"fact": "stiff"}, {"cmp": ["c.pain", ">=", 6]}]}, True),
    ],
)
def test_evaluate(cond: dict[str, Any], expected: bool) -> None:
    assert engine.evaluate(cond, ENV) is expected


@pytest.mark.parametrize(
    ("cond", "message"),
    [
        ({"xor": []}, "unknown operator 'xor'"),
        ({"fact": "stiffness"}, "unknown name 'stiffness'"),
        ({"cmp": ["c.pain", "=>", 3]}, "cmp"),
        ({"fact": "stiff", "not": {"fact": "stiff"}}, "one operator"),
        ({"all": []}, "non-empty"),
    ],
)
def test_evaluate_rejects_bad_conditions(cond: dict[str, Any], message: str) -> None:
    with pytest.raises(engine.CatalogueError, match=message):
        engine.evaluate(cond, ENV)


def condition_names(cond: Any) -> Iterator[str]:
    """Every name a condition reads."""
    ((op, arg),) = cond.items()
    if op in ("all", "any"):
        for sub in arg:
            yield from condition_names(sub)
    elif op == "not":
        yield from condition_names(arg)
    elif op in ("fact", "empty"):
        yield arg
    else:
        yield arg[0]


def all_conditions(catalogue: dict[str, Any]) -> Iterator[Any]:
    for rule in catalogue["rules"]:
        yield rule["when"]
        yield from (v["when"] for v in rule.get("variants", []))
    yield from (s["when"] for s in catalogue["suppressions"])


def test_every_name_in_the_catalogue_exists() -> None:
    catalogue = engine.load_catalogue()
    env = engine.fire(facts.build_env({"id": "a", "date": "2025-03-15"}, None, []), catalogue).env
    names = {n for cond in all_conditions(catalogue) for n in condition_names(cond)}
    assert names <= set(env)
    assert names <= set(facts.NAMES) | set(engine.outcome_names(catalogue))
    assert {"stiff", "neuro", "long_standing", "c.pain", "p.osteoarthritis"} <= names


def broken(path: list[Any], value: Any) -> dict[str, Any]:
    """A copy of the catalogue with the item at `path` replaced."""
    catalogue = copy.deepcopy(engine.load_catalogue())
    target = catalogue
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return catalogue


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (["rules", 0, "when"], {"fact": "swollen"}, "unknown name 'swollen'"),
        (["rules", 0, "when"], {"maybe": "stiff"}, "unknown operator 'maybe'"),
        (["rules", 0, "when"], {"fact": "c.pain"}, "is a number, expected bool"),
        (["rules", 0, "when"], {"cmp": ["c.sleep", ">=", "fair"]}, "cannot compare"),
        (["rules", 0, "when"], {"cmp": ["c.pain", "~", 3]}, "cmp"),
        (["rules", 0, "when"], {"has": ["c.cramp_where", "calves"]}, "'calves' is not a value"),
        (["rules", 0, "when"], {"in": ["c.fluid", ["dry"]]}, "'dry' is not a value"),
        (["rules", 0, "when"], {"empty": "c.fluid"}, "is a string, expected set"),
        (["rules", 0, "category"], "pijn", "unknown category"),
        (["rules", 0, "tier"], "C", "tier A or B"),
        (["rules", 11, "tier"], "A", "only red flags"),
        (["rules", 11, "urgency"], "now", "only red flags have an urgency"),
        (["rules", 0, "urgency"], "later", "urgency must be one of"),
        (["rules", 0, "when"], {"fact": "urgent"}, "unknown name 'urgent'"),
        (["rules", 6, "urgency_variants", 0, "when"], {"fact": "urgent"}, "unknown name"),
        (["rules", 0, "sources"], ["007"], "unknown or missing sources"),
        (["rules", 3, "variants", 0, "when"], {"fact": "peri"}, "unknown name 'peri'"),
        (["suppressions", 0, "remove_categories"], ["warmth"], "unknown category"),
        (["suppressions", 3, "remove_rules"], ["B9"], "unknown rule"),
        (["suppressions", 1, "when"], {"fact": "severe"}, "unknown name 'severe'"),
        (["order", 0], "RF2", "exactly once"),
        (["display_cap"], 0, "display_cap"),
        (["parameters", "stiff_score"], "3", "stiff_score: a whole number"),
        (["parameters", "stiff_score"], True, "stiff_score: a whole number"),
        (["parameters", "block_days"], 0, "block_days: a whole number of at least 1"),
        (["parameters", "share_percent"], 101, "share_percent: at most 100"),
        (["parameters", "load_activities"], ["running"], "load_activities: a list of values"),
        (["parameters", "cramp_medication"], "statin", "cramp_medication: a list of values"),
        (["parameters", "trend_dayz"], 7, "unknown trend_dayz"),
        (["parameters"], {"stiff_score": 3}, "missing stiff_minutes"),
        (["parameters"], [], "no 'parameters' object"),
    ],
)
def test_validate_catalogue_rejects_broken_catalogues(
    path: list[Any], value: Any, message: str
) -> None:
    with pytest.raises(engine.CatalogueError, match=message):
        engine.validate_catalogue(broken(path, value))


def test_validate_catalogue_requires_red_flags_first() -> None:
    order = list(SPEC_ORDER)
    order[10], order[11] = order[11], order[10]
    with pytest.raises(engine.CatalogueError, match="red flags"):
        engine.validate_catalogue(broken(["order"], order))


def test_the_shipped_catalogue_is_valid() -> None:
    engine.validate_catalogue(json.loads(catalogue.CATALOGUE_PATH.read_text(encoding="utf-8")))


def test_a_catalogue_of_its_own_moves_the_engine() -> None:
    """select_tips reads the facts' parameters from the catalogue it is given: stiffness 4 is
    stiff at stiff_score 3 (the shipped value) and not at 5."""
    stiff4 = entry(0, stiffness=4)
    stricter = broken(["parameters", "stiff_score"], 5)
    assert [t.tip_id for t in engine.select_tips(stiff4, None, [])] == ["w1", "b1", "rk4"]
    assert engine.select_tips(stiff4, None, [], stricter) == []
    assert engine.select_tips(entry(0, stiffness=5), None, [], stricter) == engine.select_tips(
        entry(0, stiffness=5), None, []
    )


# ---------------------------------------------------------------------------- the shared table


def load_cases() -> list[dict[str, Any]]:
    return json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", load_cases(), ids=lambda case: case["name"])
def test_engine_cases(case: dict[str, Any]) -> None:
    selected = engine.select_tips(case["checkin"], case["profile"], case["history"])
    assert [t.tip_id for t in selected] == case["expected"]


def test_engine_cases_cover_every_rule_and_suppression() -> None:
    cases = load_cases()
    assert len(cases) >= 40
    assert len({c["name"] for c in cases}) == len(cases)
    expected = {tip for case in cases for tip in case["expected"]}
    assert expected == {rule_id.lower() for rule_id in SPEC_ORDER}
    catalogue = engine.load_catalogue()
    for suppression in catalogue["suppressions"]:
        assert any(_suppresses(suppression, case, catalogue) for case in cases), suppression["id"]


def _suppresses(suppression: dict[str, Any], case: dict[str, Any], catalogue: dict) -> bool:
    """Whether the suppression actually removes a fired tip in this case."""
    env = facts.build_env(case["checkin"], case["profile"], case["history"])
    firing = engine.fire(env, catalogue)
    if not engine.evaluate(suppression["when"], firing.env):
        return False
    removed = set(suppression.get("remove_categories", ()))
    removed_rules = set(suppression.get("remove_rules", ()))
    return any(rule["category"] in removed or rule["id"] in removed_rules for rule in firing.rules)


# ---------------------------------------------------------------------------- §9 the safety net


def urgencies(profile: dict[str, Any] | None = None, **current: Any) -> dict[str, str | None]:
    selected = engine.select_tips(entry(0, **current), profile, [])
    return {t.tip_id: t.urgency for t in selected if t.category == "huisarts"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"saddle_numbness": True}, {"rf7": "soon", "rf10": "now"}),
        ({"strength_loss": "sudden"}, {"rf7": "now"}),
        ({"strength_loss": "new"}, {"rf7": "today"}),
        ({"strength_loss": "new", "numbness": True}, {"rf7": "today"}),
        ({"numbness": True, "radiating": True}, {"rf7": "soon"}),
        ({"swelling": True, "areas": ["legs"]}, {"rf1": "soon", "rf11": "today"}),
        ({"pain": 8, "injury": True}, {"rf2": "soon", "rf9": "soon"}),
    ],
)
def test_every_red_flag_says_how_soon(fields: dict[str, Any], expected: dict[str, str]) -> None:
    assert urgencies(**fields) == expected


def test_the_answer_takes_the_highest_urgency() -> None:
    assert engine.most_urgent(["soon", "now", "today"]) == "now"
    assert engine.most_urgent(["soon", "today"]) == "today"
    assert engine.most_urgent([None, "soon"]) == "soon"
    assert engine.most_urgent([]) is None


def test_p8_calling_now_or_today_leaves_only_the_card_and_cold() -> None:
    busy = {"stiffness": 7, **CALF_CRAMP, "fluid": "low", "stress": "high", "long_sitting": True}
    assert tips(None, PERI, **busy, strength_loss="sudden") == ["rf7"]
    assert tips(None, PERI, **busy, strength_loss="new") == ["rf7"]
    assert tips(None, None, **busy, swelling=True, areas=["legs"]) == ["rf1", "rf11", "k1"]
    calm = tips(None, PERI, **busy, radiating=True)  # soon: self-care tips stay
    assert calm[0] == "rf7" and len(calm) > 3


def test_p9_no_warmth_on_numb_skin() -> None:
    assert "w1" in tips(stiffness=5) and "w2" in tips(**CALF_CRAMP)
    assert not {"w1", "w2"} & set(tips(stiffness=5, numbness=True, **CALF_CRAMP))
    assert not {"w1", "w2"} & set(tips(stiffness=5, saddle_numbness=True, **CALF_CRAMP))
    assert "w1" in tips(stiffness=5, radiating=True)  # radiating pain alone: skin feels


def test_p10_urgent_cards_name_only_the_gp() -> None:
    assert texts(strength_loss="sudden")["rf7"] == "rf7_now"
    assert texts(strength_loss="new")["rf7"] == "rf7_gp"
    assert texts(numbness=True)["rf7"] == "rf7"  # soon: GP or physiotherapist
    assert texts(saddle_numbness=True)["rf7"] == "rf7_gp"  # next to RF10 (now)
    history = [entry(1, limits=["move"])]
    assert texts(PERI, history, limits=["sleep"], strength_loss="new")["rf4"] == "rf4"


def test_p11_start_of_training_wording_only_when_nothing_else_is_wrong() -> None:
    started = {**OA_KNEES, "strength_training_since": ago(5)}
    assert texts(started, pain=5)["kr1"] == "kr1_start"
    assert texts(started, pain=6)["kr1"] == "kr1"
    # RF5 (a new painful spot for three days) fired: plain wording
    new_knees = [entry(n, areas=["knees"], pain=6) for n in (1, 2)] + [entry(40)]
    assert texts(started, new_knees, areas=["knees"], pain=6)["kr1"] == "kr1"


def test_p12_drinking_tips_mention_a_fluid_restriction_with_a_water_pill() -> None:
    water_pill = {"medication": ["diuretic"]}
    cramp = {**CALF_CRAMP, "fluid": "low", "cramp_when": ["exercise"]}
    with_pill = texts(water_pill, **cramp)
    assert (with_pill["d1"], with_pill["d2"]) == ("d1_fluid_limit", "d2_fluid_limit")
    assert texts(water_pill, fluid="low")["d4"] == "d4_fluid_limit"
    assert texts(None, **cramp)["d1"] == "d1"
