"""The insights' statistics (issue 14), without an app: planted effects are found, too little
data claims nothing, unanswered questions do not count."""

from __future__ import annotations

import random
from datetime import date
from datetime import timedelta
from typing import Any

from flouria_pwa.insights import stats

START = date(2025, 1, 1)


def diary(days: int, seed: int, effect: float = 0.0) -> list[dict[str, Any]]:
    """A synthetic diary: stiffness and pain drift from day to day; poor or fair sleep adds
    `effect` to stiffness; every other factor is independent noise."""
    rng = random.Random(seed)
    rows = []
    level = 4.0
    for i in range(days):
        level = 0.5 * level + 2 + rng.gauss(0, 1.2)
        sleep = rng.choice(["good", "good", "fair", "poor"])
        stiffness = level + (effect if sleep != "good" else 0) + rng.gauss(0, 1)
        rows.append(
            {
                "date": START + timedelta(days=i),
                "stiffness": max(0, min(10, round(stiffness))),
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


def summary(rows: list[dict[str, Any]]) -> stats.Summary:
    records = stats.day_records(rows)
    return stats.compare(records, records[-1].date)


def test_a_planted_effect_is_likely_and_noise_is_not_shown() -> None:
    result = summary(diary(60, seed=1, effect=3.0))
    shown = {(i.factor, i.outcome, i.lag_days): i for i in result.insights}
    found = shown[("sleep", "stiffness", 0)]
    assert found.certainty == "likely"
    assert found.direction == "higher"
    assert found.with_ - found.without >= 2
    assert {factor for factor, _, _ in shown} == {"sleep"}


def test_ten_days_claim_nothing() -> None:
    result = summary(diary(10, seed=2, effect=5.0))
    assert result.insights == []
    assert result.days_logged == 10
    assert result.days_to_go == 4
    assert result.to_json() == {"days_logged": 10, "days_needed": 14, "insights": []}


def test_five_days_with_and_four_without_is_not_shown() -> None:
    rows = diary(30, seed=3)
    for i, row in enumerate(rows):
        row["sleep"] = None
        if i % 6 == 0:  # days 0, 6, ..., 24: a poor night and a stiff morning
            row["sleep"], row["stiffness"] = "poor", 9
        elif i % 6 == 3 and i < 24:  # days 3, 9, 15, 21: a good night and an easy morning
            row["sleep"], row["stiffness"] = "good", 1
    assert not [i for i in summary(rows).insights if i.factor == "sleep"]
    # One more good night (day 27) and the same diary shows the difference.
    rows[27]["sleep"], rows[27]["stiffness"] = "good", 1
    assert [i for i in summary(rows).insights if i.factor == "sleep"]


def test_missing_answers_stay_missing() -> None:
    rows = [
        {"date": START, "stiffness": 2, "pain": 1, "stiffness_minutes": None, "cramp": False}
        | {name: None for name in stats.FACTORS},
        {"date": START, "stiffness": 5, "pain": 0, "stiffness_minutes": None, "cramp": True}
        | {name: None for name in stats.FACTORS}
        | {"sleep": "good"},
    ]
    (record,) = stats.day_records(rows)
    assert record.outcomes == {"stiffness": 5, "stiffness_minutes": None, "pain": 1, "cramp": True}
    assert record.factors["sleep"] is False  # answered once: good
    assert record.factors["stress"] is None  # never answered: not "low"
    assert record.factors["coffee"] is None  # not 0 cups


def test_the_answer_is_stable() -> None:
    rows = diary(40, seed=4, effect=3.0)
    assert summary(rows) == summary(list(reversed(rows)))


def test_json_shape() -> None:
    result = summary(diary(60, seed=1, effect=3.0)).to_json()
    assert set(result) == {"days_logged", "days_needed", "insights"}
    assert set(result["insights"][0]) == {
        *("factor", "outcome", "lag_days", "days_with", "days_without"),
        *("with", "without", "direction", "certainty"),
    }
