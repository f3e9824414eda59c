"""The sync API: idempotent PUT, last edit wins, listing, delete, isolation and CSRF."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import contract_checkin
from helpers import csrf_token
from helpers import rows

from flouria_pwa.dates import today
from flouria_pwa.extensions import db
from flouria_pwa.store import queries
from flouria_pwa.store.models import CheckIn

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
    first = client.get("/api/v1/checkins").get_json()["server_time"]
    put(client, {**new, "stiffness": 3, "updated_at": "2026-03-02T00:00:00Z"})  # received after
    since = client.get("/api/v1/checkins", query_string={"since": first}).get_json()
    assert [c["id"] for c in since["checkins"]] == [new["id"]]
    assert client.get("/api/v1/checkins?since=soon").status_code == 400
    assert client.delete(f"/api/v1/checkins/{old['id']}").status_code == 204
    assert client.delete(f"/api/v1/checkins/{uuid.uuid4()}").status_code == 404
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
    assert set(put_op["responses"]) >= {"200", "201", "400", "404"}
    assert any(p["name"] == "X-CSRFToken" for p in put_op["parameters"])
    assert "delete" in paths["/api/v1/checkins/{id}"]
    assert paths["/api/v1/checkins"]["get"]["parameters"][0]["name"] == "since"


def test_a_new_diary_never_gets_an_erased_diarys_tag(app: Flask) -> None:
    """SQLite hands an erased user's row id to the next person: the tag must not follow it."""
    from flouria_pwa.extensions import db
    from flouria_pwa.identity import diary_tag
    from flouria_pwa.store import queries
    from flouria_pwa.store.models import User

    with app.test_request_context():
        first = User(token_hash="a" * 64)
        db.session.add(first)
        db.session.commit()
        first_id, first_tag = first.id, diary_tag(first)
        queries.erase(first, None)
        second = User(token_hash="b" * 64)
        db.session.add(second)
        db.session.commit()
        if db.engine.dialect.name == "sqlite":
            assert second.id == first_id  # the reuse this test is about
        assert diary_tag(second) != first_tag


def _same_browser(app: Flask, client: FlaskClient) -> FlaskClient:
    """A second client holding the first one's cookies: a page and its worker, or a double tap."""
    twin = app.test_client()
    for cookie in client._cookies.values():
        twin.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    return twin


def test_the_same_new_checkin_sent_at_once_is_one_row_and_never_a_500(
    app: Flask, client: FlaskClient
) -> None:
    assert put(client, contract_checkin(days_ago=3)).status_code == 201  # her diary exists
    for _attempt in range(4):
        entry = contract_checkin(stiffness=5)
        clients = [_same_browser(app, client) for _ in range(6)]
        barrier = threading.Barrier(len(clients))
        statuses: list[int] = []

        def send(
            c: FlaskClient,
            entry: dict = entry,
            barrier: threading.Barrier = barrier,
            statuses: list[int] = statuses,
        ) -> None:
            barrier.wait()
            statuses.append(put(c, entry).status_code)

        threads = [threading.Thread(target=send, args=(c,)) for c in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(statuses)[-1] <= 201 and 201 in statuses, statuses
        assert [r.id for r in rows(app)].count(entry["id"]) == 1


def test_a_stamp_from_the_far_future_cannot_freeze_an_entry(
    app: Flask, client: FlaskClient
) -> None:
    entry = contract_checkin(stiffness=4)
    first = put(client, {**entry, "updated_at": "9999-12-31T23:59:59Z"})
    assert first.status_code == 201
    assert not first.get_json()["checkin"]["updated_at"].startswith("9999")
    later = put(client, {**entry, "stiffness": 7})  # an ordinary edit, stamped by the server
    assert later.get_json()["checkin"]["stiffness"] == 7
    assert [r.stiffness for r in rows(app)] == [7]


def test_a_deleted_checkin_never_comes_back(app: Flask, client: FlaskClient) -> None:
    entry = contract_checkin(stiffness=4)
    put(client, {**entry, "updated_at": "2026-01-02T08:00:00Z"})
    before = client.get("/api/v1/checkins").get_json()["server_time"]
    assert client.delete(f"/api/v1/checkins/{entry['id']}").status_code == 204
    assert client.delete(f"/api/v1/checkins/{entry['id']}").status_code == 204  # already gone
    late_copy = put(client, {**entry, "updated_at": "2026-01-02T09:00:00Z"})
    assert late_copy.status_code == 410
    assert late_copy.get_json()["errors"]["id"] == (
        "Deze check-in is verwijderd. Hij komt niet terug."
    )
    assert rows(app) == []
    listed = client.get("/api/v1/checkins").get_json()
    assert listed["checkins"] == []
    assert [d["id"] for d in listed["deleted"]] == [entry["id"]]
    assert listed["deleted"][0]["deleted_at"].endswith("Z")
    since = client.get("/api/v1/checkins", query_string={"since": before}).get_json()
    assert [d["id"] for d in since["deleted"]] == [entry["id"]]
    later = client.get("/api/v1/checkins", query_string={"since": since["server_time"]})
    assert later.get_json()["deleted"] == []
    stranger = app.test_client()
    assert put(stranger, entry).status_code == 404  # the id stays hers, gone or not
    assert stranger.get("/api/v1/checkins").get_json()["deleted"] == []


def test_the_list_comes_in_pages_newest_first(app: Flask, client: FlaskClient) -> None:
    put(client, contract_checkin(days_ago=0))  # her diary
    with app.app_context():
        user_id = rows(app)[0].user_id
        db.session.add_all(
            CheckIn(id=str(uuid.uuid4()), user_id=user_id, date=today() - timedelta(days=n // 3))
            for n in range(1, 250)
        )
        db.session.commit()
    first = client.get("/api/v1/checkins").get_json()
    assert len(first["checkins"]) == 200 and first["next"]
    second = client.get("/api/v1/checkins", query_string={"cursor": first["next"]}).get_json()
    assert len(second["checkins"]) == 50 and second["next"] is None
    ids = [c["id"] for c in first["checkins"] + second["checkins"]]
    assert len(set(ids)) == 250
    dates = [c["date"] for c in first["checkins"] + second["checkins"]]
    assert dates == sorted(dates, reverse=True)
    bad = client.get("/api/v1/checkins", query_string={"cursor": "not-a-cursor"})
    assert bad.status_code == 400 and "cursor" in bad.get_json()["errors"]


def test_a_full_diary_takes_no_new_entries_but_edits_still_work(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setattr(queries, "MAX_CHECKINS_PER_DIARY", 2)
    kept = [contract_checkin(days_ago=n) for n in range(2)]
    for entry in kept:
        assert put(client, entry).status_code == 201
    refused = put(client, contract_checkin(days_ago=5))
    assert refused.status_code == 409
    assert "20.000" not in refused.get_json()["errors"]["diary"]  # the limit it names is 2
    assert "2 check-ins" in refused.get_json()["errors"]["diary"]
    assert put(client, {**kept[0], "stiffness": 8}).get_json()["checkin"]["stiffness"] == 8
    assert len(rows(app)) == 2


# ------------------------------------------------------------ the tips a check-in was given


def kept(app: Flask, checkin_id: str) -> list[dict] | None:
    with app.app_context():
        return db.session.get(CheckIn, checkin_id).tips


def test_a_synced_check_in_keeps_the_tips_the_server_gives_it(
    app: Flask, client: FlaskClient
) -> None:
    entry = contract_checkin(swelling=True, areas=["knees"], pain=8)
    assert put(client, entry).status_code == 201
    tips = kept(app, entry["id"])
    assert tips is not None and tips[:2] == [
        {"id": "rf1", "text_id": "rf1", "urgency": "soon"},
        {"id": "rf2", "text_id": "rf2", "urgency": "soon"},
    ]
    assert any(t["id"] == "k1" and t["urgency"] is None for t in tips)
    page = client.get(f"/tips/{entry['id']}").get_data(as_text=True)
    assert "Laat de zwelling nakijken" in page


def test_the_tips_an_offline_phone_showed_are_kept(app: Flask, client: FlaskClient) -> None:
    """The phone showed its own engine's tips offline; those are the tips of that check-in."""
    entry = contract_checkin(stiffness=6, strength_loss="sudden")
    response = put(client, {**entry, "tips": ["rf7"]})
    assert response.status_code == 201
    assert kept(app, entry["id"]) == [
        {"id": "rf7", "text_id": "rf7_now", "urgency": "now"},  # its variant, as the phone chose
    ]
    page = client.get(f"/tips/{entry['id']}").get_data(as_text=True)
    assert "112" in page and "Je tips" not in page


@pytest.mark.parametrize(
    "tips",
    [["nope"], "w1", [1], ["w1", "w1"], [{"id": "w1"}], ["W1 "], ["w1"] * 100],
)
def test_tips_that_are_not_in_the_catalogue_are_refused(
    app: Flask, client: FlaskClient, tips: object
) -> None:
    entry = contract_checkin()
    response = put(client, {**entry, "tips": tips})
    assert response.status_code == 400
    assert response.get_json()["errors"]["tips"] == (
        "Stuur de tips als een lijst van tip-id's uit de catalogus, elk één keer."
    )
    assert rows(app) == []


def test_a_later_edit_from_the_phone_saves_its_tips_again(app: Flask, client: FlaskClient) -> None:
    entry = contract_checkin(stiffness=6)
    put(client, {**entry, "tips": ["w1"], "updated_at": "2026-01-02T08:00:00Z"})
    put(client, {**entry, "pain": 9, "updated_at": "2026-01-02T09:00:00Z"})
    assert [t["id"] for t in kept(app, entry["id"])][:1] == ["rf2"]  # the server's, for the edit
    put(client, {**entry, "pain": 1, "tips": ["d1"], "updated_at": "2026-01-02T10:00:00Z"})
    assert [t["id"] for t in kept(app, entry["id"])] == ["d1"]


def test_a_phone_can_never_leave_out_a_red_flag_it_did_not_show(
    app: Flask, client: FlaskClient
) -> None:
    """The phone's tips choose among the self-care tips only; the red flags, with their
    urgency, are always the server's own (an old catalogue or a thin history on the phone)."""
    entry = contract_checkin(stiffness=6, numbness=True, saddle_numbness=True, tips=[])
    assert put(client, entry).status_code == 201
    (row,) = rows(app)
    assert {(t["id"], t["urgency"]) for t in row.tips} == {("rf7", "soon"), ("rf10", "now")}
    page = client.get(f"/tips/{entry['id']}").get_data(as_text=True)
    assert "urgency-now" in page and "Bel nu je huisarts" in page
    numb = contract_checkin(stiffness=6, numbness=True, tips=["w1", "b5", "rk4"])
    put(client, numb)
    kept = next(r for r in rows(app) if r.id == numb["id"]).tips
    assert [t["id"] for t in kept] == ["rf7", "b5", "rk4"]  # no warmth on numb skin (P9)


def test_an_edit_that_reaches_the_server_late_is_still_listed_since(client: FlaskClient) -> None:
    """`since` is the server's clock: a check-in written offline hours ago and sent now is new
    to the other devices, whatever its own stamp says."""
    before = client.get("/api/v1/checkins").get_json()["server_time"]
    late = contract_checkin(updated_at="2026-01-01T06:00:00Z")  # written long before it arrived
    assert put(client, late).status_code == 201
    since = client.get("/api/v1/checkins", query_string={"since": before}).get_json()
    assert [c["id"] for c in since["checkins"]] == [late["id"]]
    assert since["checkins"][0]["updated_at"] == "2026-01-01T06:00:00Z"  # last edit still wins


def test_the_store_writes_but_the_request_commits(app: Flask) -> None:
    """The commit rule (flouria_pwa.store): a store function flushes, the view commits; so a
    view that refuses after a store write can still undo it."""
    from flouria_pwa.store.models import User
    from flouria_pwa.validation import validate_checkin

    with app.test_request_context():
        user = User(token_hash="c" * 64)
        db.session.add(user)
        db.session.commit()
        value, _errors = validate_checkin(contract_checkin(), stored=True)
        assert value is not None
        entry = queries.save_checkin(user, value, tips=lambda row: [])
        assert queries.owned_checkin(user, value.id) is entry  # written in this transaction
        db.session.rollback()
        assert queries.owned_checkin(user, value.id) is None
        queries.delete_checkin(queries.save_checkin(user, value, tips=lambda row: []))
        db.session.rollback()
        assert not queries.is_deleted(user, value.id)
