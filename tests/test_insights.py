"""The insights (issue 14): the statistics without an app (planted effects are found, noise and
too little data claim nothing, unanswered questions do not count, random diaries show no false
links), and the page and API on a real diary."""

from __future__ import annotations

import re
import subprocess
import uuid
from datetime import date
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from flask.testing import FlaskClient
from synthetic_diaries import diary

from flouria_pwa.dates import today
from flouria_pwa.insights import stats
from flouria_pwa.insights.views import TIPS

PLANTED = {"days": 30, "seed": 12, "effect": 3.0}  # a month with poor sleep -> stiffness +3


def summary(rows: list[dict[str, Any]]) -> stats.Summary:
    records = stats.day_records(rows)
    return stats.compare(records, records[-1].date)


def shown(result: stats.Summary) -> dict[tuple[str, str, int], stats.Insight]:
    return {(i.factor, i.outcome, i.lag_days): i for i in result.insights}


# ---------------------------------------------------------------------------- statistics


def test_a_planted_effect_is_likely_and_noise_is_not_shown() -> None:
    result = summary(diary(**PLANTED))
    found = shown(result)
    assert set(found) == {("sleep", "stiffness", 0)}  # no noise factor, no other outcome
    insight = found[("sleep", "stiffness", 0)]
    assert insight.certainty == "likely"
    assert insight.direction == "higher"
    assert insight.with_ - insight.without >= 2
    assert insight.interval[0] > 0
    assert insight.days_with >= stats.MIN_GROUP and insight.days_without >= stats.MIN_GROUP


def test_the_same_diary_without_the_effect_shows_nothing() -> None:
    assert summary(diary(**(PLANTED | {"effect": 0.0}))).insights == []


def test_ten_days_claim_nothing() -> None:
    result = summary(diary(10, seed=2, effect=5.0, gaps=0))
    assert result.insights == []
    assert result.days_logged == 10
    assert result.days_to_go == 4
    assert result.to_json() == {"days_logged": 10, "days_needed": 14, "insights": []}


def _separated(good_days: tuple[int, ...]) -> list[dict[str, Any]]:
    """A year: a bad night and a stiff morning, except on `good_days` (a good night, an easy
    morning). The difference is as clear as it gets; only the number of good days varies."""
    rows = diary(365, seed=3, gaps=0)
    start = rows[0]["date"]
    for row in rows:
        good = (row["date"] - start).days in good_days
        row["sleep"], row["stiffness"] = ("good", 1) if good else ("poor", 8)
    return rows


def test_five_days_with_and_four_without_is_not_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    four = (40, 100, 250, 300)  # two in each half of the year
    pair = ("sleep", "stiffness", 0)
    assert pair not in shown(summary(_separated(four)))
    # One more good night and the same diary shows the difference...
    assert pair in shown(summary(_separated((*four, 200))))
    # ... and so would four, were the threshold lower: it is the threshold that holds it back.
    monkeypatch.setattr(stats, "MIN_GROUP", 4)
    assert pair in shown(summary(_separated(four)))


def test_missing_answers_stay_missing() -> None:
    rows = [
        {"date": date(2025, 1, 1), "stiffness": 2, "pain": 1, "stiffness_minutes": None}
        | {"cramp": False}
        | {name: None for name in stats.FACTORS},
        {"date": date(2025, 1, 1), "stiffness": 5, "pain": 0, "stiffness_minutes": None}
        | {"cramp": True}
        | {name: None for name in stats.FACTORS}
        | {"sleep": "good"},
    ]
    (record,) = stats.day_records(rows)
    assert record.outcomes == {"stiffness": 5, "stiffness_minutes": None, "pain": 1, "cramp": True}
    assert record.factors["sleep"] is False  # answered once: good
    assert record.factors["stress"] is None  # never answered: not "low"
    assert record.factors["coffee"] is None  # not 0 cups


def test_unanswered_nights_are_not_counted_as_good_ones() -> None:
    rows = diary(**PLANTED)
    for row in rows:
        if row["sleep"] == "good":
            row["sleep"] = None
    # Only nights "with" are left: were a missing answer a good night, the effect would show.
    assert ("sleep", "stiffness", 0) not in shown(summary(rows))


def test_the_answer_is_stable() -> None:
    rows = diary(40, seed=4, effect=3.0)
    assert summary(rows) == summary(list(reversed(rows)))


def test_only_the_last_year_counts() -> None:
    rows = diary(5 * 365, seed=5, effect=2.0)
    records = stats.day_records(rows)
    last = records[-1].date
    year = [r for r in records if r.date >= last - timedelta(days=stats.WINDOW_DAYS)]
    assert stats.compare(records, last) == stats.compare(year, last)
    assert stats.compare(records, last).days_logged == sum(
        1 for r in records if r.date > last - timedelta(days=stats.WINDOW_DAYS)
    )


def test_lag_one_reads_the_check_in_of_the_day_before() -> None:
    rows = diary(90, seed=6, gaps=0)
    heavy = {row["date"] for row in rows if hash_day(row["date"]) % 3 == 0}
    for row in rows:
        row["activity"] = "heavier" if row["date"] in heavy else "usual"
        second_morning = row["date"] - timedelta(days=1) in heavy
        row["pain"] = (8 if second_morning else 2) + hash_day(row["date"]) % 2
    found = shown(summary(rows))
    assert found[("activity", "pain", 1)].direction == "higher"
    assert found[("activity", "pain", 1)].certainty == "likely"


def hash_day(day: date) -> int:
    """A fixed, irregular pattern of days (no period for the blocks to line up with)."""
    return (day.toordinal() * 2654435761 >> 7) % 1009


def test_medians_from_counts_match_numpy() -> None:
    rng = np.random.default_rng(7)
    values = np.array([0.0, 1, 2, 5, 9])
    counts = rng.integers(0, 4, size=(200, len(values))).astype(float)
    counts[counts.sum(axis=1) == 0, 0] = 1
    expected = [np.median(np.repeat(values, row.astype(int))) for row in counts]
    assert np.allclose(stats._centres(counts, values, share=False), expected)


def test_random_diaries_show_no_false_links() -> None:
    """200 diaries with nothing planted (30, 90 and 365 days; autocorrelated mornings, gaps,
    unanswered questions, independent habits): the aim is "without one false link"; the targets
    are a "likely" in at most 1 % of them and anything at all in at most 5 % (measured on this
    set: 1 and 8; more in BENCHMARKS.md)."""
    likely = anything = 0
    for seed in range(200):
        result = summary(diary((30, 90, 365)[seed % 3], seed=20_000 + seed))
        likely += any(i.certainty == "likely" for i in result.insights)
        anything += bool(result.insights)
    assert likely <= 2
    assert anything <= 10


# ---------------------------------------------------------------------------- page and API


def store(client: FlaskClient, rows: list[dict[str, Any]]) -> None:
    """Put a synthetic diary in through the API, its last day today."""
    shift = today() - max(row["date"] for row in rows)
    for row in rows:
        entry = {k: v for k, v in row.items() if v is not None}
        entry["date"] = (row["date"] + shift).isoformat()
        entry["id"] = str(uuid.uuid4())
        response = client.put(f"/api/v1/checkins/{entry['id']}", json=entry)
        assert response.status_code == 201, response.get_json()


def page(client: FlaskClient) -> str:
    response = client.get("/inzichten")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_an_empty_diary(client: FlaskClient) -> None:
    html = page(client)
    assert "<h1>Wat je dagboek laat zien</h1>" in html
    assert "Je hebt in het afgelopen jaar op 0 dagen ingecheckt." in html
    assert "Check nog 14 dagen in, dan gaat Flouria vergelijken." in html
    assert "Je hebt de afgelopen 7 dagen niet ingecheckt." in html
    answer = client.get("/api/v1/insights")
    assert answer.status_code == 200
    assert answer.get_json() == {"days_logged": 0, "days_needed": 14, "insights": []}


def test_ten_days_show_what_there_is(client: FlaskClient) -> None:
    rows = diary(10, seed=8, gaps=0)
    store(client, rows)
    html = page(client)
    assert "Je hebt in het afgelopen jaar op 10 dagen ingecheckt." in html
    assert "Check nog 4 dagen in, dan gaat Flouria vergelijken." in html
    week = stats.last_week(stats.day_records(rows), rows[-1]["date"])
    number = f"{week['stiffness']:g}".replace(".", ",")
    assert f"De afgelopen 7 dagen was je stijfheid meestal rond de {number} van de 10" in html
    assert "Wat opvalt" not in html
    assert client.get("/api/v1/insights").get_json()["days_logged"] == 10


def test_a_planted_effect_in_plain_dutch(client: FlaskClient) -> None:
    rows = diary(**PLANTED)
    store(client, rows)
    expected = shown(summary(rows))[("sleep", "stiffness", 0)]
    html = page(client)
    numbers = f"{expected.with_:g} tegen {expected.without:g}".replace(".", ",")
    assert (
        f"Op dagen na een matige of slechte nacht was je stijfheid meestal hoger ({numbers}, "
        f"{expected.days_with} en {expected.days_without} dagen). Dit zie je vaak terug in je "
        "dagboek, maar het is nog steeds geen bewijs."
    ) in html
    assert '<a href="/tips/alle#slaap">Tips over slaap</a>' in html
    listed = html.split('<ul class="insights">')[1].split("</ul>")[0]
    for cause in ("door", "veroorzaak", "komt van", "zorgt voor"):  # never a cause
        assert cause not in listed
    library = client.get("/tips/alle").get_data(as_text=True)
    for anchor, _label in TIPS.values():
        assert f'id="{anchor}"' in library


def test_the_json_shape(client: FlaskClient) -> None:
    store(client, diary(**PLANTED))
    answer = client.get("/api/v1/insights")
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    body = answer.get_json()
    assert set(body) == {"days_logged", "days_needed", "insights"}
    assert body["days_needed"] == 14
    assert body["days_logged"] == len({row["date"] for row in diary(**PLANTED)})
    (insight,) = body["insights"]
    assert set(insight) == {
        *("factor", "outcome", "lag_days", "days_with", "days_without"),
        *("with", "without", "direction", "certainty"),
    }
    assert insight["factor"] == "sleep" and insight["outcome"] == "stiffness"
    assert insight["lag_days"] == 0 and insight["certainty"] == "likely"
    assert insight["direction"] == "higher" and insight["with"] > insight["without"]


def test_a_cramp_pair_says_how_many_days(client: FlaskClient) -> None:
    rows = diary(60, seed=9, gaps=0)
    for i, row in enumerate(rows):
        row["fluid"] = "low" if i % 4 == 0 else "normal"
        row["cramp"] = row["fluid"] == "low" or i % 9 == 1
    store(client, rows)
    html = page(client)
    insight = shown(summary(rows))[("fluid", "cramp", 0)]
    assert (
        "Op ochtenden na een dag waarop je te weinig dronk had je vaker kramp "
        f"({insight.cases_with} van de {insight.days_with} dagen, tegen "
        f"{insight.cases_without} van de {insight.days_without} dagen)."
    ) in html
    assert '<a href="/tips/alle#drinken">Tips over drinken</a>' in html


def test_one_diary_never_sees_another_s(app: Any) -> None:
    anna, bea = app.test_client(), app.test_client()
    store(anna, diary(**PLANTED))
    store(bea, diary(20, seed=10, gaps=0))
    assert anna.get("/api/v1/insights").get_json()["insights"]
    theirs = bea.get("/api/v1/insights").get_json()
    assert theirs == {"days_logged": 20, "days_needed": 14, "insights": []}
    assert "Tips over slaap" not in page(bea)
    stranger = app.test_client()
    assert stranger.get("/api/v1/insights").get_json()["days_logged"] == 0


def test_the_pages_are_valid_html(client: FlaskClient, app: Any, tmp_path: Path) -> None:
    from helpers import html_checker

    checker = html_checker()
    files = []
    pages = {"none": client.get("/inzichten").get_data(as_text=True)}
    store(client, diary(**PLANTED))
    pages["found"] = client.get("/inzichten").get_data(as_text=True)
    quiet = app.test_client()
    store(quiet, diary(20, seed=10, gaps=0))
    pages["nothing"] = quiet.get("/inzichten").get_data(as_text=True)
    assert "Er valt nog niets op" in pages["nothing"]
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(
        [*checker, "--errors-only", *files], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
