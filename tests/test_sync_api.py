"""The sync API: idempotent PUT, last edit wins, listing, delete, isolation and CSRF."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import contract_checkin
from helpers import csrf_token
from helpers import rows

pytestmark = pytest.mark.database  # run again on PostgreSQL in CI


def put(client: FlaskClient, entry: dict, **headers: str):
    return client.put(f"/api/v1/checkins/{entry['id']}", json=entry, headers=headers)


def test_the_same_entry_twice_is_one_row(app: Flask, client: FlaskClient) -> None:
    entry = contract_checkin(stiffness=4, areas=["knees"])
    first = put(client, entry)
    assert first.status_code == 201
    second = put(client, entry)
    assert second.status_code == 200
    assert second.get_json() == first.get_json()
    assert len(rows(app)) == 1
    assert rows(app)[0].stiffness == 4


def test_a_later_edit_wins_and_an_older_one_is_ignored(app: Flask, client: FlaskClient) -> None:
    entry = contract_checkin(stiffness=4)
    put(client, {**entry, "updated_at": "2026-01-02T08:00:00Z"})
    later = put(client, {**entry, "stiffness": 6, "updated_at": "2026-01-02T09:00:00+00:00"})
    assert later.status_code == 200 and later.get_json()["checkin"]["stiffness"] == 6
    older = put(client, {**entry, "stiffness": 1, "updated_at": "2026-01-02T08:30:00Z"})
    assert older.get_json()["checkin"]["stiffness"] == 6
    assert older.get_json()["checkin"]["updated_at"] == "2026-01-02T09:00:00Z"
    assert [r.stiffness for r in rows(app)] == [6]


def test_bad_entries_are_refused_and_nothing_is_stored(app: Flask, client: FlaskClient) -> None:
    entry = contract_checkin(pain=11)
    response = put(client, entry)
    assert response.status_code == 400
    assert response.get_json()["errors"]["pain"] == "Kies een heel getal van 0 tot en met 10."
    other = contract_checkin()
    response = client.put(f"/api/v1/checkins/{contract_checkin()['id']}", json=other)
    assert response.status_code == 400 and "id" in response.get_json()["errors"]
    response = client.put(
        f"/api/v1/checkins/{other['id']}", data="{", content_type="application/json"
    )
    assert response.status_code == 400
    response = put(client, {**other, "updated_at": "yesterday"})
    assert "updated_at" in response.get_json()["errors"]
    assert rows(app) == []


def test_list_since_and_delete(client: FlaskClient) -> None:
    old, new = contract_checkin(days_ago=2), contract_checkin()
    put(client, {**old, "updated_at": "2026-01-01T00:00:00Z"})
    put(client, {**new, "updated_at": "2026-03-01T00:00:00Z"})
    listed = client.get("/api/v1/checkins").get_json()
    assert [c["id"] for c in listed["checkins"]] == [new["id"], old["id"]]
    assert listed["server_time"].endswith("Z")
    since = client.get("/api/v1/checkins?since=2026-02-01T00:00:00Z").get_json()
    assert [c["id"] for c in since["checkins"]] == [new["id"]]
    assert client.get("/api/v1/checkins?since=soon").status_code == 400
    assert client.delete(f"/api/v1/checkins/{old['id']}").status_code == 204
    assert client.delete(f"/api/v1/checkins/{old['id']}").status_code == 404
    assert [c["id"] for c in client.get("/api/v1/checkins").get_json()["checkins"]] == [new["id"]]


def test_one_browser_cannot_touch_another_browsers_entries(app: Flask) -> None:
    anna, bea = app.test_client(), app.test_client()
    entry = contract_checkin(note="van Anna")
    assert put(anna, entry).status_code == 201
    assert put(bea, {**entry, "note": "overschreven"}).status_code == 404
    assert bea.delete(f"/api/v1/checkins/{entry['id']}").status_code == 404
    assert bea.get("/api/v1/checkins").get_json()["checkins"] == []
    assert [r.note for r in rows(app)] == ["van Anna"]


def test_profile_and_rules_for_the_offline_app(client: FlaskClient) -> None:
    client.post("/welkom", data={"perimenopause": "y"})
    assert client.get("/api/v1/profile").get_json()["perimenopause"] is True
    bundle = client.get("/api/v1/rules").get_json()
    assert bundle["catalogue"]["rules"]
    assert bundle["texts"]["rk1"]["steps"]
    assert bundle["categories"]["warmte"] == "Warmte"
    every_text = {r["text"] for r in bundle["catalogue"]["rules"]}
    assert every_text <= set(bundle["texts"])


def test_sync_needs_the_csrf_header(csrf_app: Flask) -> None:
    app = csrf_app
    client = app.test_client()
    entry = contract_checkin()
    assert put(client, entry).status_code == 400
    token = client.get("/api/v1/session").get_json()["csrf_token"]
    assert put(client, entry, **{"X-CSRFToken": token}).status_code == 201
    page_token = csrf_token(client.get("/profiel").get_data(as_text=True))
    assert (
        client.delete(
            f"/api/v1/checkins/{entry['id']}", headers={"X-CSRFToken": page_token}
        ).status_code
        == 204
    )
    assert rows(app) == []
    assert json.loads(client.post("/api/v1/tips", json={"checkin": entry}).data)["tips"] == []


def test_openapi_documents_the_sync_api(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    put_op = paths["/api/v1/checkins/{id}"]["put"]
    assert set(put_op["responses"]) == {"200", "201", "400", "404"}
    assert any(p["name"] == "X-CSRFToken" for p in put_op["parameters"])
    assert "delete" in paths["/api/v1/checkins/{id}"]
    assert paths["/api/v1/checkins"]["get"]["parameters"][0]["name"] == "since"


def test_a_new_diary_never_gets_an_erased_diarys_tag(app: Flask) -> None:
    """SQLite hands an erased user's row id to the next person: the tag must not follow it."""
    from flouria_pwa import diary_store
    from flouria_pwa.extensions import db
    from flouria_pwa.identity import diary_tag
    from flouria_pwa.models import User

    with app.test_request_context():
        first = User(token_hash="a" * 64)
        db.session.add(first)
        db.session.commit()
        first_id, first_tag = first.id, diary_tag(first)
        diary_store.erase(first)
        second = User(token_hash="b" * 64)
        db.session.add(second)
        db.session.commit()
        if db.engine.dialect.name == "sqlite":
            assert second.id == first_id  # the reuse this test is about
        assert diary_tag(second) != first_tag
