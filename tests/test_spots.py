"""Where exactly (issue 15, part 2): the spots of a check-in, her own left and right.

The contract's table (`contract.SPOT_AREA`) gives each spot one of the eight areas; the areas the
rules read are those given plus those of the spots, on the server (validation) and in both
engines (the shared cases in tests/cases/ hold spots). Here: the limits, the storage round trip
through the sync API, the export, the import and the CSV, and the words on the form, the diary
and the report.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import checkin_form
from helpers import contract_checkin
from helpers import rows

from flouria_pwa.dates import today
from flouria_pwa.rules import catalogue as rules_catalogue
from flouria_pwa.rules import contract
from flouria_pwa.rules import engine
from flouria_pwa.rules import facts
from flouria_pwa.validation import validate_checkin

pytestmark = pytest.mark.database  # run again on PostgreSQL in CI


def put(client: FlaskClient, entry: dict):
    return client.put(f"/api/v1/checkins/{entry['id']}", json=entry)


# ---------------------------------------------------------------------------- the table


def test_the_table_is_small_and_every_spot_lies_in_one_of_todays_areas() -> None:
    assert 20 <= len(contract.SPOTS) <= 26
    assert set(contract.SPOT_AREA.values()) <= set(contract.AREAS)
    # left and right come in pairs: every *_left has its *_right
    sided = [s for s in contract.SPOTS if s.endswith(("_left", "_right"))]
    assert {s.rsplit("_", 1)[0] for s in sided if s.endswith("_left")} == {
        s.rsplit("_", 1)[0] for s in sided if s.endswith("_right")
    }
    assert contract.SPOT_AREA["knee_left"] == contract.SPOT_AREA["knee_right"] == "knees"


def test_areas_are_the_areas_given_plus_those_of_the_spots_in_contract_order() -> None:
    raw = contract_checkin(areas=["knees"], spots=["lower_back", "hand_right", "knee_left"])
    value, errors = validate_checkin(raw)
    assert errors == {} and value is not None
    assert value.areas == ("back", "knees", "hands_wrists")
    assert value.spots == ("lower_back", "hand_right", "knee_left")  # contract order
    # only spots: the areas follow from them; no spots: the areas as given
    assert validate_checkin(contract_checkin(spots=["foot_left"]))[0].areas == ("feet",)
    assert validate_checkin(contract_checkin(areas=["other"]))[0].areas == ("other",)


def test_the_python_engine_reads_the_spots_areas_from_a_bare_payload_too() -> None:
    """A JSON payload that never went through validation (a shared case, a history entry)
    gives the engine the same areas as a validated one."""
    bare = {"id": contract_checkin()["id"], "date": "2025-03-15", "spots": ["calf_right"]}
    assert facts.normalise_checkin(bare)["areas"] == frozenset({"legs"})
    swollen = {**bare, "swelling": True}
    assert "rf11" in [t.tip_id for t in engine.select_tips(swollen, None, [])]
    ankle = {**swollen, "spots": ["ankle_right"]}
    assert "rf11" not in [t.tip_id for t in engine.select_tips(ankle, None, [])]


def test_the_rules_bundle_carries_the_table_the_browser_engine_reads() -> None:
    bundle = rules_catalogue.rules_bundle(engine.load_catalogue())
    assert bundle["contract"]["spot_areas"] == contract.SPOT_AREA
    spots = next(f for f in bundle["contract"]["checkin"] if f["name"] == "spots")
    assert spots["choices"] == list(contract.SPOTS) and spots["default"] == []


# ---------------------------------------------------------------------------- limits


@pytest.mark.parametrize(
    ("spots", "message"),
    [
        (["elbow_left"], "Een van deze keuzes kennen we niet."),
        ("knee_left", "Kies uit de mogelijkheden."),
        ([1], "Kies uit de mogelijkheden."),
        ({"knee_left": True}, "Kies uit de mogelijkheden."),
    ],
)
def test_a_wrong_spot_is_a_dutch_400_and_nothing_is_stored(
    app: Flask, client: FlaskClient, spots: object, message: str
) -> None:
    response = put(client, contract_checkin(spots=spots))
    assert response.status_code == 400
    assert response.get_json()["errors"] == {"spots": message}
    assert rows(app) == []


def test_the_form_refuses_an_unknown_spot_in_dutch_and_stores_nothing(
    app: Flask, client: FlaskClient
) -> None:
    client.post("/welkom", data={})
    response = client.post("/", data=checkin_form(spots=["knee_left", "elbow_left"]))
    assert response.status_code == 400
    assert rows(app) == []
    page = response.get_data(as_text=True)
    assert '<details class="body-map" open>' in page  # the drawing opens on its error
    assert '<p class="error" id="spots-error">Een van deze keuzes kennen we niet.</p>' in page


# ---------------------------------------------------------------------------- round trip


def test_spots_survive_put_get_export_import_and_csv(app: Flask, client: FlaskClient) -> None:
    entry = contract_checkin(days_ago=1, pain=4, areas=["other"], spots=["knee_left", "lower_back"])
    response = put(client, entry)
    assert response.status_code == 201
    stored = response.get_json()["checkin"]
    assert stored["spots"] == ["lower_back", "knee_left"]
    assert stored["areas"] == ["back", "knees", "other"]
    listed = client.get("/api/v1/checkins").get_json()["checkins"]
    assert [(c["spots"], c["areas"]) for c in listed] == [(stored["spots"], stored["areas"])]

    exported = json.loads(client.get("/gegevens/flouria.json").get_data(as_text=True))
    assert exported["checkins"][0]["spots"] == ["lower_back", "knee_left"]
    assert client.post("/gegevens/wissen", data={}).status_code == 303
    assert rows(app) == []
    fresh = app.test_client()
    upload = fresh.post(
        "/gegevens/importeren",
        data={"file": (io.BytesIO(json.dumps(exported).encode()), "flouria.json")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 303
    (row,) = rows(app)
    assert row.spots == ["lower_back", "knee_left"] and row.areas == ["back", "knees", "other"]

    raw = fresh.get("/gegevens/flouria.csv").get_data().decode("utf-8-sig")
    header, line = list(csv.reader(io.StringIO(raw), delimiter=";"))
    where, exactly = header.index("Waar"), header.index("Waar precies")
    assert exactly == where + 1
    assert line[exactly] == "onderrug, knie links"
    assert line[where] == "Rug, Knieën, Ergens anders"


def test_an_old_export_without_spots_still_imports(app: Flask, client: FlaskClient) -> None:
    put(client, contract_checkin(days_ago=2, areas=["hips"]))
    exported = json.loads(client.get("/gegevens/flouria.json").get_data(as_text=True))
    for entry in exported["checkins"]:
        del entry["spots"]  # a file written before issue 15
    client.post("/gegevens/wissen", data={})
    fresh = app.test_client()
    upload = fresh.post(
        "/gegevens/importeren",
        data={"file": (io.BytesIO(json.dumps(exported).encode()), "flouria.json")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 303
    (row,) = rows(app)
    assert row.spots == [] and row.areas == ["hips"]


# ---------------------------------------------------------------------------- words


def test_the_form_draws_a_checkbox_per_spot_and_says_whose_left(client: FlaskClient) -> None:
    client.post("/welkom", data={})
    page = client.get("/").get_data(as_text=True)
    boxes = re.findall(r'<input[^>]*name="spots"[^>]*value="([a-z_]+)"', page)
    assert sorted(boxes) == sorted(contract.SPOTS)
    assert "Links op de tekening is altijd jouw linkerkant." in page
    assert "Voorkant, zoals in de spiegel" in page and "jouw links" in page
    assert re.search(
        r'value="knee_left"[^>]*>\s*<span class="dot"></span>'
        r'<span class="visually-hidden">knie links</span>',
        page,
    )
    assert 'name="areas"' in page  # the chips stay: the way without the drawing


def test_a_form_post_with_spots_stores_them_and_their_areas(
    app: Flask, client: FlaskClient
) -> None:
    client.post("/welkom", data={})
    form = checkin_form(stiffness="3", pain="4", spots=["hip_right", "neck"])
    assert client.post("/", data=form).status_code == 303
    (row,) = rows(app)
    assert row.spots == ["neck", "hip_right"] and row.areas == ["neck_shoulders", "hips"]
    page = client.get(f"/checkin/{row.id}").get_data(as_text=True)  # editing it
    checked = re.findall(r'<input[^>]*name="spots"[^>]*>', page)
    assert sorted(re.search(r'value="(\w+)"', i)[1] for i in checked if "checked" in i) == [
        "hip_right",
        "neck",
    ]
    assert '<details class="body-map" open>' in page


def test_the_diary_shows_the_spots_and_else_the_areas(client: FlaskClient) -> None:
    client.post("/welkom", data={})
    client.post("/", data=checkin_form(spots=["knee_left", "lower_back"], areas=["feet"]))
    client.post("/", data=checkin_form(areas=["hips"], time="09:00"))
    page = client.get("/dagboek/").get_data(as_text=True)
    assert "onderrug, knie links, voeten" in page  # feet: no spot of hers lies there
    assert " · Heupen</p>" in page


def test_the_report_shows_the_spots_by_day_and_per_week(client: FlaskClient) -> None:
    client.post("/welkom", data={})
    monday = today() - timedelta(days=today().weekday() + 7)
    back = (today() - monday).days
    for days_ago, spots in ((back, ["knee_left"]), (back - 1, ["knee_left", "lower_back"])):
        day = (today() - timedelta(days=days_ago)).isoformat()
        assert client.post("/", data=checkin_form(date=day, spots=spots)).status_code == 303
    day = (today() - timedelta(days=back - 2)).isoformat()
    client.post("/", data=checkin_form(date=day, areas=["hips"]))
    page = client.get(f"/rapport?van={monday.isoformat()}").get_data(as_text=True)
    days = page[page.index('id="days-title"') :]
    cells = re.findall(r"<td>([^<]*)</td>", days)
    assert "knie links" in cells and "onderrug, knie links" in cells and "Heupen" in cells
    weeks = page[page.index('id="summary-title"') : page.index('id="days-title"')]
    assert "Waar (aantal dagen)" in weeks
    assert "knie links 2×, onderrug 1×, heupen 1×" in weeks
