"""Her data: JSON and CSV export, import with no duplicates, erase everything, privacy page."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import Auth
from helpers import checkin_form
from helpers import rows

from flouria_pwa import export
from flouria_pwa.accounts.throttle import account_key
from flouria_pwa.extensions import db
from flouria_pwa.rules.contract import CHECKIN_FIELDS
from flouria_pwa.store import queries
from flouria_pwa.store.models import AuthFailure
from flouria_pwa.store.models import CheckIn
from flouria_pwa.store.models import User

pytestmark = pytest.mark.database  # run again on PostgreSQL in CI

NOTE = 'Café-bezoek; "stijf" – één knie, ’s ochtends'


def fill(client: FlaskClient) -> list[dict]:
    client.post("/welkom", data={"perimenopause": "y", "osteoarthritis": ["knees"]})
    entries = [
        checkin_form(
            stiffness="7", stiffness_minutes="45", areas=["knees", "hands_wrists"], note=NOTE
        ),
        checkin_form(cramp="y", cramp_when=["night"], cramp_where=["calf"], time="07:00"),
        checkin_form(pain="3", note="=SOM(A1:A9)"),
    ]
    for entry in entries:
        assert client.post("/", data=entry).status_code == 303
    return entries


def export_json(client: FlaskClient) -> dict:
    response = client.get("/gegevens/flouria.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.is_streamed  # a diary of years is written out piece by piece
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    return json.loads(response.get_data(as_text=True))


def upload(client: FlaskClient, content: bytes, name: str = "flouria.json"):
    return client.post(
        "/gegevens/importeren",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_json_export_is_complete(client: FlaskClient) -> None:
    entries = fill(client)
    data = export_json(client)
    assert data["format"] == "flouria-export" and data["version"] == 1
    assert data["profile"]["perimenopause"] is True and data["profile"]["osteoarthritis"] == [
        "knees"
    ]
    assert {c["id"] for c in data["checkins"]} == {e["id"] for e in entries}
    first = next(c for c in data["checkins"] if c["id"] == entries[0]["id"])
    assert first["note"] == NOTE and first["stiffness_minutes"] == 45
    assert first["created_at"].endswith("Z") and first["updated_at"].endswith("Z")


def test_export_erase_import_round_trip_is_identical(app: Flask, client: FlaskClient) -> None:
    fill(client)
    before = export_json(client)
    assert client.post("/gegevens/wissen", data={}).status_code == 303
    assert rows(app) == []
    fresh = app.test_client()
    response = upload(fresh, json.dumps(before).encode())
    assert response.status_code == 303
    assert "3 check-ins toegevoegd" in fresh.get("/dagboek/").get_data(as_text=True)
    after = export_json(fresh)
    del before["exported_at"], after["exported_at"]
    assert after == before
    again = upload(fresh, json.dumps(before).encode())  # the same file twice: no duplicates
    assert again.status_code == 303
    assert len(rows(app)) == 3
    assert "0 check-ins toegevoegd, 0 bijgewerkt, 3 stonden er al" in fresh.get("/").get_data(
        as_text=True
    )


def test_import_keeps_a_later_edit_and_takes_a_newer_one(app: Flask, client: FlaskClient) -> None:
    fill(client)
    data = export_json(client)
    old = json.loads(json.dumps(data))
    newer = data["checkins"][0]
    newer["pain"], newer["updated_at"] = 9, "2099-01-01T00:00:00Z"
    upload(client, json.dumps(data).encode())
    assert {c.id: c.pain for c in rows(app)}[newer["id"]] == 9
    upload(client, json.dumps(old).encode())  # an older copy does not undo the edit
    assert {c.id: c.pain for c in rows(app)}[newer["id"]] == 9


def test_another_persons_file_never_touches_her_diary(app: Flask) -> None:
    anna, bea = app.test_client(), app.test_client()
    fill(anna)
    file = export_json(anna)
    assert upload(bea, json.dumps(file).encode()).status_code == 303
    assert upload(bea, json.dumps(file).encode()).status_code == 303
    assert len(rows(app)) == 6  # Bea has her own copies, once; Anna's rows are untouched
    assert len(export_json(anna)["checkins"]) == len(export_json(bea)["checkins"]) == 3


def test_a_bad_file_is_refused_in_dutch_and_nothing_is_stored(
    app: Flask, client: FlaskClient
) -> None:
    fill(client)
    good = export_json(client)
    broken = json.loads(json.dumps(good))
    broken["checkins"].append(
        {**broken["checkins"][0], "id": "f" * 8 + "-0000-4000-8000-" + "0" * 12}
    )
    broken["checkins"][-1]["stiffness"] = 11
    cases = [
        (b"not json at all", "Dit bestand is geen export uit Flouria."),
        (json.dumps({"checkins": []}).encode(), "Dit bestand is geen export uit Flouria."),
        (json.dumps({**good, "version": 2}).encode(), "nieuwere Flouria"),
        (json.dumps(broken).encode(), "Check-in 4 in het bestand is niet te lezen"),
    ]
    for content, message in cases:
        response = upload(client, content)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert upload(client, b"{}", name="dagboek.txt").status_code == 400
    assert len(rows(app)) == 3


def test_csv_opens_with_the_right_characters(client: FlaskClient) -> None:
    fill(client)
    response = client.get("/gegevens/flouria.csv")
    assert response.mimetype == "text/csv" and response.mimetype_params.get("charset") == "utf-8"
    assert response.is_streamed
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # the mark that makes Excel read UTF-8
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, body = table[0], table[1:]
    assert header[:3] == ["Datum", "Tijd", "Stijfheid (0-10)"] and header[-2:] == [
        "Notitie",
        "Medicijnen",
    ]
    assert len(body) == 3 and all(len(row) == len(header) for row in body)
    by_note = {row[-2]: dict(zip(header, row, strict=True)) for row in body}
    first = by_note[NOTE]
    assert first["Waar"] == "Knieën, Handen en polsen"
    assert first["Minuten ochtendstijfheid"] == "45" and first["Kramp"] == "nee"
    assert by_note["'=SOM(A1:A9)"]["Pijn (0-10)"] == "3"  # a note never runs as a formula


def test_erase_leaves_nothing_of_her_in_the_database(app: Flask, tmp_path: Path) -> None:
    anna = app.test_client()
    fill(anna)
    Auth(anna).save_diary("anna.devries@example.nl")
    Auth(anna).sign_out()
    Auth(anna).sign_in("anna.devries@example.nl", "x" * 9, adopt=False)
    Auth(anna).sign_in("anna.devries@example.nl", "lange zomeravond", adopt=False)
    wrong = Auth(app.test_client()).sign_in("anna.devries@example.nl", "geraden?", adopt=False)
    assert wrong.status_code == 400
    bea = app.test_client()
    bea.post("/", data=checkin_form(note="Bea blijft"))
    with app.test_request_context():
        her_key = account_key("anna.devries@example.nl")
        assert db.session.execute(db.select(AuthFailure).filter_by(key=her_key)).first()
    page = anna.get("/gegevens/wissen").get_data(as_text=True)
    assert "Je account anna.devries@example.nl wordt ook verwijderd." in page
    assert anna.post("/gegevens/wissen", data={}).status_code == 303
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(User.id))).scalar_one() == 1
        assert db.session.execute(db.select(AuthFailure).filter_by(key=her_key)).first() is None
        dump = "\n".join(
            repr(row)
            for table in db.metadata.sorted_tables
            for row in db.session.execute(db.select(table)).all()
        )
    for trace in ("anna.devries", NOTE, "SOM(A1", "knees"):
        assert trace not in dump, trace
    assert "Bea blijft" in dump
    assert [r.note for r in rows(app)] == ["Bea blijft"]
    assert anna.get("/api/v1/checkins").get_json()["checkins"] == []


def test_privacy_page_says_what_is_stored_and_links_export_and_erase(client: FlaskClient) -> None:
    page = client.get("/privacy").get_data(as_text=True)
    for words in ("Wat we bewaren", "Waar het staat", "Hoe lang", "15 minuten", "scrypt"):
        assert words in page
    assert 'href="/gegevens/"' in page
    overview = client.get("/gegevens/").get_data(as_text=True)
    for link in ("/gegevens/flouria.csv", "/gegevens/flouria.json", "/gegevens/wissen", "/rapport"):
        assert f'href="{link}' in overview


def test_an_import_only_ever_writes_her_own_rows(app: Flask) -> None:
    """Ids already taken by other people never let a file reach into their diaries."""
    alice, bob, carol = app.test_client(), app.test_client(), app.test_client()
    fill(alice)
    file = export_json(alice)
    target = file["checkins"][0]["id"]
    bob.post("/", data=checkin_form())
    with app.app_context():
        bob_id = max(db.session.execute(db.select(User.id)).scalars())
    planted = str(uuid.uuid5(export._REMAP, f"{bob_id}:{target}"))
    carol.post("/", data=checkin_form(id=planted, note="van Carol"))
    assert upload(bob, json.dumps(file).encode()).status_code == 303
    notes = {r.id: r.note for r in rows(app)}
    assert notes[planted] == "van Carol" and notes[target] == NOTE
    assert len(export_json(bob)["checkins"]) == 4


def test_an_older_file_never_undoes_a_newer_profile(client: FlaskClient) -> None:
    fill(client)
    old = export_json(client)
    client.post("/profiel", data={"medication": ["statin"]})
    upload(client, json.dumps(old).encode())
    assert export_json(client)["profile"]["medication"] == ["statin"]


def test_a_file_holding_a_taken_id_and_the_id_it_would_get_is_still_one_row_each(
    app: Flask,
) -> None:
    alice, bob = app.test_client(), app.test_client()
    fill(alice)
    taken = export_json(alice)["checkins"][0]["id"]
    bob.post("/", data=checkin_form())
    with app.app_context():
        bob_id = max(db.session.execute(db.select(User.id)).scalars())
    own = str(uuid.uuid5(export._REMAP, f"{bob_id}:{taken}"))
    file = export_json(bob)
    first = {**file["checkins"][0], "note": "eerste"}
    file["checkins"] = [{**first, "id": taken}, {**first, "id": own, "note": "tweede"}]
    response = upload(bob, json.dumps(file).encode())
    assert response.status_code == 303
    notes = sorted(c["note"] for c in export_json(bob)["checkins"])
    assert notes.count("eerste") == 1 and notes.count("tweede") == 1
    assert {r.note for r in rows(app) if r.id == taken} == {NOTE}  # Alice's row is untouched


def test_an_import_never_brings_back_a_deleted_check_in(client: FlaskClient) -> None:
    fill(client)
    file = export_json(client)
    gone = file["checkins"][0]["id"]
    assert client.post(f"/checkin/{gone}/verwijderen", data={}).status_code == 303
    assert upload(client, json.dumps(file).encode()).status_code == 303
    assert gone not in {c["id"] for c in export_json(client)["checkins"]}


def test_an_import_that_would_overfill_the_diary_stores_nothing(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:

    fill(client)
    file = export_json(client)
    file["checkins"] = [{**c, "id": str(uuid.uuid4())} for c in file["checkins"]]
    monkeypatch.setattr(queries, "MAX_CHECKINS_PER_DIARY", 4)
    response = upload(client, json.dumps(file).encode())
    assert response.status_code == 400
    assert "Meer bewaart Flouria niet in één dagboek" in response.get_data(as_text=True)
    assert len(rows(app)) == 3


def test_the_kept_tips_of_each_check_in_travel_with_export_and_import(
    app: Flask, client: FlaskClient
) -> None:
    client.post("/welkom", data={})
    swollen = checkin_form(swelling="y", areas=["knees"])
    assert client.post("/", data=swollen).status_code == 303
    data = export_json(client)
    tips = data["checkins"][0]["tips"]
    assert tips[0] == {"id": "rf1", "text_id": "rf1", "urgency": "soon"}
    assert client.post("/gegevens/wissen", data={}).status_code == 303
    fresh = app.test_client()
    assert upload(fresh, json.dumps(data).encode()).status_code == 303
    assert export_json(fresh)["checkins"][0]["tips"] == tips
    with app.app_context():
        assert db.session.get(CheckIn, swollen["id"]).tips == tips


def test_an_old_file_without_kept_tips_still_imports(app: Flask, client: FlaskClient) -> None:
    fill(client)
    data = export_json(client)
    for checkin in data["checkins"]:
        del checkin["tips"]
    assert client.post("/gegevens/wissen", data={}).status_code == 303
    fresh = app.test_client()
    assert upload(fresh, json.dumps(data).encode()).status_code == 303
    assert all(c.tips is None for c in rows(app)) and len(rows(app)) == 3
    assert all(c["tips"] is None for c in export_json(fresh)["checkins"])


def test_a_file_with_unreadable_tips_is_refused(app: Flask, client: FlaskClient) -> None:
    fill(client)
    data = export_json(client)
    data["checkins"][1]["tips"] = [{"id": "w1", "text_id": 3}]
    response = upload(client, json.dumps(data).encode())
    assert response.status_code == 400
    assert "Check-in 2 in het bestand is niet te lezen" in response.get_data(as_text=True)


def test_a_question_she_did_not_answer_is_an_empty_cell_in_the_csv(app: Flask) -> None:
    """Answers are becoming optional (None: not answered, except date, stiffness and pain): the
    CSV leaves such a cell empty instead of writing "nee" or failing."""
    fields = dict.fromkeys(f.name for f in CHECKIN_FIELDS)
    row = SimpleNamespace(**{**fields, "date": date(2026, 11, 3), "stiffness": 4, "pain": 2})
    with app.test_request_context():
        cells = {title: value(row) for title, value in export.csv_columns()}
    assert cells["Datum"] == "2026-11-03" and cells["Stijfheid (0-10)"] == "4"
    answered = {"Datum", "Stijfheid (0-10)", "Pijn (0-10)"}
    assert {title: v for title, v in cells.items() if title not in answered} == dict.fromkeys(
        set(cells) - answered, ""
    )


def test_a_file_from_the_far_future_cannot_freeze_a_check_in(
    app: Flask, client: FlaskClient
) -> None:
    fill(client)
    file = export_json(client)
    target = file["checkins"][0]
    file["checkins"] = [{**target, "pain": 1, "updated_at": "9999-01-01T00:00:00Z"}]
    assert upload(client, json.dumps(file).encode()).status_code == 303
    edit = {**{k: v for k, v in target.items() if k not in ("created_at", "updated_at", "tips")}}
    edit["pain"] = 8
    answer = client.put(f"/api/v1/checkins/{target['id']}", json=edit)
    assert answer.status_code == 200 and answer.get_json()["checkin"]["pain"] == 8
    assert {r.pain for r in rows(app) if r.id == target["id"]} == {8}


def test_the_same_file_imported_twice_at_once_is_never_a_500(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second of two imports racing for the same ids loses at the commit: a Dutch answer."""
    from sqlalchemy.exc import IntegrityError

    fill(client)
    file = export_json(client)
    file["checkins"] = [{**c, "id": str(uuid.uuid4())} for c in file["checkins"]]
    real_commit = db.session.commit

    def raced() -> None:
        raise IntegrityError("INSERT", {}, Exception("duplicate key"))

    monkeypatch.setattr(db.session, "commit", raced)
    response = upload(client, json.dumps(file).encode())
    monkeypatch.setattr(db.session, "commit", real_commit)
    assert response.status_code == 409
    assert "op hetzelfde moment al geïmporteerd" in response.get_data(as_text=True)
    assert len(rows(app)) == 3
