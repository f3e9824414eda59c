"""What she took (issue 15, part 1): `medicines_taken` on a check-in, her own list of medicines
in the profile, "Hielp het?", and the medicines in the API, the export, the CSV and the report.
The rules never read them."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import checkin_form
from helpers import contract_checkin
from helpers import csrf_token
from helpers import rows
from werkzeug.datastructures import MultiDict

from flouria_pwa.dates import now_local
from flouria_pwa.dates import today
from flouria_pwa.extensions import db
from flouria_pwa.rules import engine
from flouria_pwa.rules.values import MedicineTaken
from flouria_pwa.store.models import CheckIn
from flouria_pwa.validation import validate_checkin

pytestmark = pytest.mark.database

PARACETAMOL = {
    "name": "paracetamol",
    "dose": "500 mg",
    "count": 2,
    "time": "08:00",
    "as_needed": True,
    "effect": 6,
}


def put(client: FlaskClient, entry: dict):
    return client.put(f"/api/v1/checkins/{entry['id']}", json=entry)


def medicine(**overrides: object) -> dict:
    return {**PARACETAMOL, **overrides}


@pytest.mark.parametrize(
    ("medicines", "field", "message"),
    [
        ([medicine(name="")], "medicines_taken[0].name", "Vul de naam van het medicijn in."),
        ([{"dose": "1"}], "medicines_taken[0].name", "Vul de naam van het medicijn in."),
        ([medicine(name="x" * 81)], "medicines_taken[0].name", "Houd dit onder 80 tekens."),
        ([medicine(dose="x" * 41)], "medicines_taken[0].dose", "Houd dit onder 40 tekens."),
        (
            [medicine(), medicine(), medicine(count=0)],
            "medicines_taken[2].count",
            "Kies een heel getal van 1 tot en met 20.",
        ),
        (
            [medicine(count=21)],
            "medicines_taken[0].count",
            "Kies een heel getal van 1 tot en met 20.",
        ),
        (
            [medicine(count=True)],
            "medicines_taken[0].count",
            "Kies een heel getal van 1 tot en met 20.",
        ),
        (
            [medicine(count=1.5)],
            "medicines_taken[0].count",
            "Kies een heel getal van 1 tot en met 20.",
        ),
        ([medicine(time="8:00")], "medicines_taken[0].time", "Vul een tijd in als UU:MM."),
        ([medicine(time="24:00")], "medicines_taken[0].time", "Vul een tijd in als UU:MM."),
        ([medicine(time="")], "medicines_taken[0].time", "Vul een tijd in als UU:MM."),
        (
            [medicine(effect=11)],
            "medicines_taken[0].effect",
            "Kies een heel getal van 0 tot en met 10.",
        ),
        (
            [medicine(effect=-1)],
            "medicines_taken[0].effect",
            "Kies een heel getal van 0 tot en met 10.",
        ),
        ([medicine(as_needed="yes")], "medicines_taken[0].as_needed", "Antwoord met ja of nee."),
        (
            [medicine(name="para\x00")],
            "medicines_taken[0].name",
            "Deze tekst bevat tekens die we niet kunnen bewaren.",
        ),
        (
            [medicine(name="\ud800")],
            "medicines_taken[0].name",
            "Deze tekst bevat tekens die we niet kunnen bewaren.",
        ),
        ([medicine()] * 13, "medicines_taken", "Noteer hoogstens 12 medicijnen per check-in."),
        ("paracetamol", "medicines_taken", "Stuur de medicijnen als een lijst."),
        (["paracetamol"], "medicines_taken[0]", "Stuur elk medicijn als object met een naam."),
    ],
)
def test_each_limit_gives_a_dutch_400_and_stores_nothing(
    app: Flask, client: FlaskClient, medicines: object, field: str, message: str
) -> None:
    entry = contract_checkin(medicines_taken=medicines)
    response = put(client, entry)
    assert response.status_code == 400
    assert response.get_json()["errors"] == {field: message}
    assert rows(app) == []


def test_a_round_trip_put_get_export_import_csv_keeps_them(app: Flask, client: FlaskClient) -> None:
    taken = [
        PARACETAMOL,
        medicine(
            name="ibuprofen; forte", dose="", count=1, time=None, as_needed=False, effect=None
        ),
    ]
    entry = contract_checkin(medicines_taken=taken)
    assert put(client, entry).status_code == 201
    listed = client.get("/api/v1/checkins").get_json()["checkins"]
    assert listed[0]["medicines_taken"] == taken
    exported = client.get("/gegevens/flouria.json").get_data()
    assert json.loads(exported)["checkins"][0]["medicines_taken"] == taken
    assert client.post("/gegevens/wissen", data={}).status_code == 303
    assert rows(app) == []
    response = client.post(
        "/gegevens/importeren",
        data={"file": (io.BytesIO(exported), "flouria.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code in (200, 303)
    [row] = rows(app)
    assert row.medicines_taken == taken
    raw = client.get("/gegevens/flouria.csv").get_data().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(raw), delimiter=";"))
    assert dict(zip(table[0], table[1], strict=True))["Medicijnen"] == (
        "paracetamol 500 mg ×2 08:00 (zo nodig, hielp 6/10), ibuprofen; forte"
    )


def test_an_old_export_without_medicines_still_imports(app: Flask, client: FlaskClient) -> None:
    entry = contract_checkin(stiffness=3)
    old = {
        "format": "flouria-export",
        "version": 1,
        "profile": {"perimenopause": True},
        "checkins": [entry],
    }
    response = client.post(
        "/gegevens/importeren",
        data={"file": (io.BytesIO(json.dumps(old).encode()), "flouria.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code in (200, 303)
    [row] = rows(app)
    assert row.stiffness == 3 and row.medicines_taken == []
    with app.app_context():
        assert db.session.get(CheckIn, entry["id"]).value().medicines_taken == ()


def test_her_list_is_kept_in_the_profile_and_never_suggested(client: FlaskClient) -> None:
    page = client.get("/profiel").get_data(as_text=True)
    assert "Mijn medicijnen" in page and "paracetamol" not in page.lower()
    response = client.post(
        "/profiel",
        data={
            "my_medicines-0-name": " paracetamol ",
            "my_medicines-0-dose": "500 mg",
            "my_medicines-1-name": "",
            "my_medicines-1-dose": "",
        },
    )
    assert response.status_code == 303
    profile = client.get("/api/v1/profile").get_json()
    assert profile["my_medicines"] == [{"name": "paracetamol", "dose": "500 mg"}]
    refused = client.post("/profiel", data={"my_medicines-0-name": "", "my_medicines-0-dose": "5"})
    assert refused.status_code == 400
    assert "Vul de naam van het medicijn in." in refused.get_data(as_text=True)
    # the check-in offers her own medicine, nothing else
    form = client.get("/").get_data(as_text=True)
    assert "paracetamol 500 mg" in form
    assert "ibuprofen" not in form.lower()


def _my_list(client: FlaskClient) -> None:
    data = {"my_medicines-0-name": "paracetamol", "my_medicines-0-dose": "500 mg"}
    assert client.post("/profiel", data=data).status_code == 303


def test_the_form_without_javascript_stores_a_medicine_from_her_list(
    app: Flask, client: FlaskClient
) -> None:
    _my_list(client)
    page = client.get("/").get_data(as_text=True)
    # Her medicine is row 0: name and dose filled in, not ticked; the free rows follow.
    assert 'name="medicines_taken-0-name" type="hidden" value="paracetamol"' in page
    assert re.search(r'name="medicines_taken-0-take" type="checkbox" value="y">', page)
    form = {
        name: value
        for name, value in re.findall(r'name="(medicines_taken-\d+-\w+)"[^>]*value="([^"]*)"', page)
        if not name.endswith(("-take", "-as_needed"))
    }
    form["medicines_taken-0-take"] = "y"  # the one tap
    form["medicines_taken-2-name"] = "magnesium"  # and one typed in a free row
    response = client.post("/", data=checkin_form(**form))
    assert response.status_code == 303
    [row] = rows(app)
    first, second = row.medicines_taken
    assert first["name"] == "paracetamol" and first["dose"] == "500 mg" and first["count"] == 1
    assert re.fullmatch(r"[0-2][0-9]:[0-5][0-9]", first["time"]) and first["as_needed"] is False
    assert second == {
        "name": "magnesium",
        "dose": "",
        "count": 1,
        "time": None,
        "as_needed": False,
        "effect": None,
    }


def test_a_bad_row_in_the_form_is_marked_and_nothing_is_stored(
    app: Flask, client: FlaskClient
) -> None:
    response = client.post(
        "/",
        data=checkin_form(
            **{"medicines_taken-0-name": "paracetamol", "medicines_taken-0-count": "25"}
        ),
    )
    assert response.status_code == 400
    assert "Kies een heel getal van 1 tot en met 20." in response.get_data(as_text=True)
    assert rows(app) == []


def _as_needed_two_hours_ago(client: FlaskClient) -> dict:
    """An as-needed medicine taken three hours ago (yesterday's check-in just after midnight)."""
    earlier = now_local() - timedelta(hours=3)
    entry = contract_checkin(
        days_ago=(today() - earlier.date()).days,
        medicines_taken=[
            medicine(effect=None, time=earlier.strftime("%H:%M")),
            medicine(name="vitamine D", as_needed=False, effect=None),
        ],
    )
    assert put(client, entry).status_code == 201
    return entry


def test_did_it_help_is_asked_stored_and_asked_once(app: Flask, client: FlaskClient) -> None:
    entry = _as_needed_two_hours_ago(client)
    page = client.get("/").get_data(as_text=True)
    action = f"/checkin/{entry['id']}/hielp-het"
    assert action in page and "Hielp het?" in page
    assert page.count(f'action="{action}"') == 1  # not the one that is not as needed
    assert action in client.get("/tips/").get_data(as_text=True)  # three hours old
    bad = client.post(action, data={"index": "0", "effect": "11"})
    assert bad.status_code == 400
    assert "Kies hoeveel het hielp (0 is helemaal niet)." in bad.get_data(as_text=True)
    assert rows(app)[0].medicines_taken[0]["effect"] is None
    assert (
        client.post(action, data={"index": "0", "effect": "7", "back": "tips"}).status_code == 303
    )
    assert rows(app)[0].medicines_taken[0]["effect"] == 7
    assert action not in client.get("/").get_data(as_text=True)
    assert action not in client.get("/tips/").get_data(as_text=True)
    client.post(action, data={"index": "0", "effect": "2"})  # sent twice: the first answer stays
    assert rows(app)[0].medicines_taken[0]["effect"] == 7
    # not an as-needed entry, or no such entry: nothing to answer
    for index in ("1", "9", "x"):
        answer = client.post(action, data={"index": index, "effect": "5"})
        assert answer.status_code == (400 if index == "x" else 404), index
    # and the API sees it
    listed = client.get("/api/v1/checkins").get_json()["checkins"]
    assert listed[0]["medicines_taken"][0]["effect"] == 7


def test_the_tips_page_waits_about_two_hours(client: FlaskClient) -> None:
    entry = contract_checkin(
        medicines_taken=[medicine(effect=None, time=now_local().strftime("%H:%M"))]
    )
    put(client, entry)
    action = f"/checkin/{entry['id']}/hielp-het"
    assert action in client.get("/").get_data(as_text=True)
    assert action not in client.get("/tips/").get_data(as_text=True)


def test_did_it_help_is_not_for_a_strangers_check_in(app: Flask, client: FlaskClient) -> None:
    entry = _as_needed_two_hours_ago(client)
    stranger = app.test_client()
    stranger.post("/welkom", data={})
    assert entry["id"] not in stranger.get("/").get_data(as_text=True)
    answer = stranger.post(f"/checkin/{entry['id']}/hielp-het", data={"index": "0", "effect": "3"})
    assert answer.status_code == 404
    assert rows(app)[0].medicines_taken[0]["effect"] is None


def test_did_it_help_needs_the_csrf_token(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    token = csrf_token(client.get("/").get_data(as_text=True))
    entry = contract_checkin(medicines_taken=[medicine(effect=None, time="00:00")])
    response = client.put(
        f"/api/v1/checkins/{entry['id']}", json=entry, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201
    action = f"/checkin/{entry['id']}/hielp-het"
    assert client.post(action, data={"index": "0", "effect": "4"}).status_code == 400
    assert rows(csrf_app)[0].medicines_taken[0]["effect"] is None
    page = client.get("/").get_data(as_text=True)
    token = re.search(rf'action="{action}".*?name="csrf_token" value="([^"]+)"', page, re.S)[1]
    assert (
        client.post(action, data={"index": "0", "effect": "4", "csrf_token": token}).status_code
        == 303
    )
    assert rows(csrf_app)[0].medicines_taken[0]["effect"] == 4


def test_the_report_shows_the_weeks_medicines_and_the_days(client: FlaskClient) -> None:
    for days_ago, effect in ((0, 6), (1, 4), (2, None)):
        taken = [
            medicine(effect=effect),
            medicine(name="vitamine D", dose="", count=1, as_needed=False, effect=None, time=None),
        ]
        put(client, contract_checkin(days_ago=days_ago, medicines_taken=taken))
    van = (today() - timedelta(days=2)).isoformat()
    page = client.get(f"/rapport?van={van}&tot={today().isoformat()}").get_data(as_text=True)
    assert "Genomen medicijnen" in page
    # per week (the three days may span two weeks): each week names both medicines
    assert re.search(r"paracetamol 500 mg: [1-3]×, zo nodig [1-3]×", page)
    assert "vitamine D: " in page
    if today().weekday() >= 2:  # one week: both ratings, their median
        assert "paracetamol 500 mg: 3×, zo nodig 3×, hielp (mediaan) 5/10" in page
    assert "paracetamol 500 mg ×2 08:00 (zo nodig, hielp 6/10), vitamine D" in page


def test_the_rules_never_read_them() -> None:
    """Same tips with and without medicines: the rules do not see them."""
    base = contract_checkin(stiffness=7, pain=6, cramp=True, cramp_when=["night"])
    plain, _ = validate_checkin(base)
    taken, _ = validate_checkin({**base, "medicines_taken": [PARACETAMOL] * 12})
    assert plain is not None and taken is not None
    assert taken.medicines_taken == (MedicineTaken(**PARACETAMOL),) * 12
    profile = {"medication": ["statin"], "my_medicines": [{"name": "statine", "dose": ""}]}
    history = [taken] * 5
    assert engine.select_tips(taken, profile, history) == engine.select_tips(
        plain, {"medication": ["statin"]}, [plain] * 5
    )


class _Inputs(HTMLParser):
    """What a browser would post from a page's check-in form, without changing anything."""

    def __init__(self) -> None:
        super().__init__()
        self.data: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag != "input" or not name or name == "csrf_token":
            return
        if a.get("type") in ("checkbox", "radio") and "checked" not in a:
            return
        self.data.append((name, a.get("value") or ""))


def test_editing_a_check_in_keeps_what_she_took(app: Flask, client: FlaskClient) -> None:
    _my_list(client)
    taken = [medicine(), medicine(name="vitamine D", dose="", as_needed=False, effect=None)]
    entry = contract_checkin(stiffness=2, pain=1, medicines_taken=taken)
    assert put(client, entry).status_code == 201
    page = client.get(f"/checkin/{entry['id']}").get_data(as_text=True)
    inputs = _Inputs()
    inputs.feed(page.split('class="checkin"', 1)[1].split("</form>", 1)[0])
    form = MultiDict(inputs.data)
    form.setlist("stiffness", ["2"])
    form.setlist("pain", ["1"])
    assert client.post(f"/checkin/{entry['id']}", data=form).status_code == 303
    [row] = rows(app)
    assert row.medicines_taken == taken  # her own list's paracetamol 500 mg is not doubled
