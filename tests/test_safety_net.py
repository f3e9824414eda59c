"""docs/rules.md §9, the safety net, as a person meets it: every red flag says how soon and whom to
call, an urgent card stands alone, nothing reassures, and every tips page, the offline tips and
the report carry the safety line."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import checkin_form
from helpers import contract_checkin
from helpers import rows

pytestmark = pytest.mark.database  # run again on PostgreSQL in CI

SAFETY = "Flouria geeft algemene tips en stelt geen diagnose."
NOW = "Bel nu je huisarts"
TODAY = "Bel vandaag je huisarts"
SOON = "Maak een afspraak met je huisarts"


def tips_page(client: FlaskClient, **answers: object) -> str:
    response = client.post("/", data=checkin_form(**answers), follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def card(page: str) -> str:
    match = re.search(r'<section class="gp-card[^"]*".*?</section>', page, re.S)
    assert match, "no huisarts card on the page"
    return match.group(0)


def self_care_tips(page: str) -> int:
    return page.count('<details class="tip ')


def test_sudden_weakness_says_call_now_and_112_and_nothing_else(profiled: FlaskClient) -> None:
    page = tips_page(
        profiled, strength_loss="sudden", radiating="y", numbness="y", stiffness="6", pain="5"
    )
    gp = card(page)
    assert "urgency-now" in gp
    assert gp.index(NOW) < gp.index("<ul")  # the urgency first, then the reasons
    assert "112" in gp and "huisartsenpost" in gp
    assert "fysiotherapeut" not in gp
    assert self_care_tips(page) == 0  # P8: no warmth, no movement, no stretching
    assert "geen reden om je zorgen" not in page and "Meestal kun je" not in page
    assert SAFETY in page


def test_saddle_numbness_says_call_now(profiled: FlaskClient) -> None:
    page = tips_page(profiled, numbness="y", saddle_numbness="y", stiffness="5")
    gp = card(page)
    assert NOW in gp and "Doof rond billen of kruis" in gp
    assert self_care_tips(page) == 0


def test_a_swollen_leg_at_rest_says_call_today_and_only_cold_stays(profiled: FlaskClient) -> None:
    page = tips_page(
        profiled, swelling="y", areas=["legs"], cramp="y", cramp_when=["rest"], cramp_where=["calf"]
    )
    gp = card(page)
    assert "urgency-today" in gp and TODAY in gp and "Een gezwollen been" in gp
    assert "112" not in gp
    assert "Mineraalrijk" not in page  # P8: no food tip next to a call-today card
    assert self_care_tips(page) == 1 and "Koel de plek" in page  # K1, acute


def test_a_calm_red_flag_asks_for_an_appointment_and_keeps_the_tips(profiled: FlaskClient) -> None:
    page = tips_page(profiled, radiating="y", stiffness="5", long_sitting="y", sleep="poor")
    gp = card(page)
    assert "urgency-soon" in gp and SOON in gp
    assert "Bel nu" not in gp and "vandaag" not in gp
    assert self_care_tips(page) >= 3


def test_no_warmth_on_numb_skin(profiled: FlaskClient) -> None:
    warm = tips_page(profiled, stiffness="6")
    assert "Warmte" in warm
    numb = tips_page(profiled, stiffness="6", numbness="y")
    assert 'class="tip cat-warmte"' not in numb


def test_the_most_fitting_tips_are_on_top_every_day(app: Flask, profiled: FlaskClient) -> None:
    """P6 revised: the first three in order, the rest under 'more tips'; no rotation."""
    answers = {"stiffness": "6", "cramp": "y", "cramp_where": ["calf"], "fluid": "low"}
    first = tips_page(profiled, **answers)
    titles = re.findall(r'<span class="tip-title">([^<]+)</span>', first)
    shown, more = first.split('class="more-tips"')
    assert len(re.findall(r'<span class="tip-title">', shown)) == 3
    again = tips_page(profiled, date="2026-01-05", **answers)
    assert re.findall(r'<span class="tip-title">([^<]+)</span>', again)[:3] == titles[:3]


@pytest.mark.parametrize("path", ["/tips/", "/tips/alle", "/rapport", "/"])
def test_every_tips_page_the_offline_tips_and_the_report_carry_the_safety_line(
    profiled: FlaskClient, path: str
) -> None:
    profiled.post("/", data=checkin_form(stiffness="4"))
    page = profiled.get(path).get_data(as_text=True)
    assert SAFETY in page and "Bij spoed: bel 112." in page


def test_the_check_in_asks_the_new_questions_in_plain_words(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    for answer in (
        "Nee",
        "Ja, langzaam minder (grip, kracht)",
        "Ja, de laatste dagen of weken",
        "Ja, plotseling (vandaag)",
    ):
        assert answer in page
    assert 'name="saddle_numbness"' in page
    assert page.index('name="radiating"') < page.index('name="saddle_numbness"')
    assert "plas of ontlasting" in page


def test_the_api_says_how_soon(client: FlaskClient) -> None:
    def ask(**fields: object) -> dict:
        body = {"checkin": contract_checkin(**fields)}
        response = client.post("/api/v1/tips", json=body)
        assert response.status_code == 200
        return response.get_json()

    now = ask(strength_loss="sudden")
    assert now["urgency"] == "now"
    (rf7,) = now["tips"]
    assert rf7["urgency"] == "now" and rf7["text"].startswith("Bel nu je huisarts.")
    assert "112" in rf7["text"] and "huisartsenpost" in rf7["text"]
    today = ask(swelling=True, areas=["legs"])
    assert today["urgency"] == "today"
    assert {t["id"]: t.get("urgency") for t in today["tips"]} == {
        "rf1": "soon",
        "rf11": "today",
        "k1": None,
    }
    assert today["tips"][1]["text"].startswith("Bel vandaag je huisarts.")
    calm = ask(stiffness=5)
    assert calm["urgency"] is None and all("urgency" not in t for t in calm["tips"])
    water_pill = client.post(
        "/api/v1/tips",
        json={"checkin": contract_checkin(fluid="low"), "profile": {"medication": ["diuretic"]}},
    ).get_json()
    assert "vochtbeperking" in water_pill["tips"][0]["text"]  # P12 in the drinking tip's text


def test_the_new_answers_are_stored_exported_and_old_files_still_import(
    app: Flask, client: FlaskClient
) -> None:
    entry = contract_checkin(strength_loss="sudden", saddle_numbness=True)
    assert client.put(f"/api/v1/checkins/{entry['id']}", json=entry).status_code == 201
    (row,) = rows(app)
    assert row.saddle_numbness is True and row.strength_loss == "sudden"
    exported = json.loads(client.get("/gegevens/flouria.json").get_data(as_text=True))
    assert exported["checkins"][0]["saddle_numbness"] is True
    table = client.get("/gegevens/flouria.csv").get_data(as_text=True).lstrip("\ufeff")
    header, line = list(csv.reader(io.StringIO(table), delimiter=";"))[:2]
    assert line[header.index("Doof rond billen of kruis")] == "ja"
    assert line[header.index("Krachtverlies")] == "Ja, plotseling (vandaag)"
    old = {**exported["checkins"][0]}
    del old["saddle_numbness"]
    old["id"] = contract_checkin()["id"]
    old["strength_loss"] = "new"
    file = {**exported, "checkins": [old]}
    other = app.test_client()
    response = other.post(
        "/gegevens/importeren",
        data={"file": (io.BytesIO(json.dumps(file).encode()), "oud.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    imported = [r for r in rows(app) if r.id == old["id"]]
    assert imported and imported[0].saddle_numbness is False
