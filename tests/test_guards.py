"""Guards on every route: isolation by id, CSRF on every state change, headers on every answer.

Each test walks the app's URL map, so a new route is checked (or the test says it is missing).
"""

from __future__ import annotations

import uuid

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import Auth
from helpers import checkin_form
from helpers import contract_checkin
from helpers import csrf_token
from helpers import rows

from flouria_pwa.extensions import db
from flouria_pwa.store.models import Profile
from flouria_pwa.store.models import User

pytestmark = pytest.mark.database  # run again on PostgreSQL in CI

# Every route that takes an id, and how a stranger would try it.
ID_ROUTES = {
    ("checkin.edit", "GET"): {},
    ("checkin.edit", "POST"): {"data": {"stiffness": "9"}},
    ("checkin.delete", "GET"): {},
    ("checkin.delete", "POST"): {},
    ("checkin.helped", "POST"): {"data": {"index": "0", "effect": "5"}},
    ("tips.for_checkin", "GET"): {},
    ("api.put_checkin", "PUT"): {
        "json": {"date": contract_checkin()["date"], "stiffness": 9, "pain": 0}
    },
    ("api.delete_checkin", "DELETE"): {},
}

# Routes that change nothing, or that need no token because they store nothing.
SAFE = {"GET", "HEAD", "OPTIONS"}
CSRF_EXEMPT = {"api.tips"}  # stateless: computes tips, stores nothing


def _rules(app: Flask):
    return [r for r in app.url_map.iter_rules() if r.endpoint != "static"]


def _call(client: FlaskClient, method: str, url: str, **kwargs):
    response = client.open(url, method=method, **kwargs)
    response.get_data()  # run a streamed answer to its end, inside its request
    response.close()
    return response


@pytest.mark.parametrize("signed_up", [False, True], ids=["anonymous", "account"])
def test_another_persons_id_gives_404_on_every_route(app: Flask, signed_up: bool) -> None:
    anna, bea = app.test_client(), app.test_client()
    entry = checkin_form(stiffness="2", note="alleen van Anna")
    anna.post("/", data=entry)
    bea.post("/", data=checkin_form())
    if signed_up:
        Auth(anna).save_diary("anna")
        Auth(bea).save_diary("bea")
    routes = {
        (rule.endpoint, method)
        for rule in _rules(app)
        if rule.arguments
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == set(ID_ROUTES), "a route with an id is not covered here"
    for (endpoint, method), kwargs in ID_ROUTES.items():
        rule = next(r for r in _rules(app) if r.endpoint == endpoint)
        url = rule.build({"checkin_id": entry["id"]})[1]
        response = _call(bea, method, url, **kwargs)
        assert response.status_code == 404, (endpoint, method)
        body = response.get_data(as_text=True)
        assert "alleen van Anna" not in body and "403" not in body
    stored = {r.id: r for r in rows(app)}
    assert stored[entry["id"]].stiffness == 2 and stored[entry["id"]].note == "alleen van Anna"


def test_no_list_shows_another_persons_data(app: Flask) -> None:
    anna, bea = app.test_client(), app.test_client()
    anna.post("/welkom", data={"medication": ["statin"]})
    anna.post("/", data=checkin_form(note="geheim van Anna"))
    bea.post("/", data=checkin_form(note="Bea"))
    for url in (
        "/",
        "/dagboek/",
        "/tips/",
        "/api/v1/checkins",
        "/api/v1/profile",
        "/gegevens/flouria.json",
        "/gegevens/flouria.csv",
        "/rapport",
    ):
        body = bea.get(url).get_data(as_text=True)
        assert "geheim van Anna" not in body and "statin" not in body.lower(), url


def test_every_state_change_needs_the_csrf_token(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    client.get("/")  # a session, as a real browser has
    anna = csrf_app.test_client()
    with csrf_app.app_context():
        user = User(token_hash="x" * 64)
        db.session.add(user)
        db.session.commit()
    unsafe = [
        (rule, method)
        for rule in _rules(csrf_app)
        for method in sorted(rule.methods - SAFE)
        if rule.endpoint not in CSRF_EXEMPT
    ]
    assert len(unsafe) >= 12
    for rule, method in unsafe:
        url = rule.build({"checkin_id": str(uuid.uuid4())})[1]
        kwargs = {"json": contract_checkin()} if rule.rule.startswith("/api/") else {"data": {}}
        response = _call(client, method, url, **kwargs)
        assert response.status_code == 400, (rule.rule, method)
        if rule.rule.startswith("/api/"):
            assert "csrf" in response.get_json()["errors"]
        else:
            assert "Laad de pagina opnieuw" in response.get_data(as_text=True)
    del anna
    with csrf_app.app_context():
        assert db.session.execute(db.select(db.func.count(User.id))).scalar_one() == 1
        assert db.session.execute(db.select(db.func.count(Profile.user_id))).scalar_one() == 0
    assert rows(csrf_app) == []


def _check_headers(response, where: str) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, where
    assert "unsafe-inline" not in csp, where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") == "no-referrer", where
    assert "Permissions-Policy" in headers, where
    assert headers.get("Strict-Transport-Security", "").startswith("max-age="), where


def test_security_headers_on_every_response(app: Flask) -> None:
    client = app.test_client()
    entry = checkin_form()
    client.post("/", data=entry, base_url="https://flouria.test")
    for rule in _rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            url = rule.build({"checkin_id": entry["id"]})[1]
            response = _call(client, method, url, base_url="https://flouria.test")
            _check_headers(response, f"{method} {url} → {response.status_code}")
            if rule.rule != "/sw.js" and method == "GET":
                assert response.headers["Cache-Control"] == "no-store", url
    for url in ("/static/app.css", "/bestaat-niet", "/api/v1/bestaat-niet"):
        _check_headers(_call(client, "GET", url, base_url="https://flouria.test"), url)
    plain = client.get("/")
    assert "Strict-Transport-Security" not in plain.headers  # only over HTTPS


def test_errors_are_dutch_pages_and_json_for_the_api(client: FlaskClient) -> None:
    page = client.get("/bestaat-niet")
    assert page.status_code == 404 and "Deze pagina bestaat niet (meer)." in page.get_data(
        as_text=True
    )
    api = client.get("/api/v1/bestaat-niet")
    assert api.status_code == 404 and "body" in api.get_json()["errors"]
    wrong_method = client.delete("/api/v1/profile")
    assert wrong_method.status_code == 405 and wrong_method.get_json()["errors"]


def test_nothing_is_loaded_from_another_origin(client: FlaskClient) -> None:
    client.post("/", data=checkin_form())
    for url in ("/", "/dagboek/", "/tips/", "/tips/alle", "/gegevens/", "/privacy", "/rapport"):
        page = client.get(url).get_data(as_text=True)
        for attribute in ('src="http', "src='http", 'href="http', "url(http", 'action="http'):
            assert attribute not in page, (url, attribute)


def test_health_check_answers_ok(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok"


# How Chromium sends a same-origin write under `Referrer-Policy: no-referrer`: no Referer, an
# `Origin: null` on form posts, and `Sec-Fetch-Site: same-origin`.
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin", "Origin": "null"}


def _https_client(csrf_app: Flask) -> FlaskClient:
    client = csrf_app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    return client


def test_writes_over_https_work_the_way_a_browser_sends_them(csrf_app: Flask) -> None:
    client = _https_client(csrf_app)
    page = client.get("https://localhost/", headers={"Sec-Fetch-Site": "none"})
    assert page.status_code == 200
    form = checkin_form(stiffness="6")
    form["csrf_token"] = csrf_token(page.get_data(as_text=True))
    saved = client.post("https://localhost/", data=form, headers=SAME_ORIGIN)
    assert saved.status_code == 303, saved.get_data(as_text=True)[:300]
    token = client.get("https://localhost/api/v1/session").get_json()["csrf_token"]
    entry = contract_checkin(days_ago=1, stiffness=3)
    synced = client.put(
        f"https://localhost/api/v1/checkins/{entry['id']}",
        json=entry,
        headers={"X-CSRFToken": token, "Sec-Fetch-Site": "same-origin"},
    )
    assert synced.status_code == 201, synced.get_data(as_text=True)
    assert sorted(r.stiffness for r in rows(csrf_app)) == [3, 6]


def test_a_write_from_another_site_is_refused_even_with_a_token(csrf_app: Flask) -> None:
    client = _https_client(csrf_app)
    page = client.get("https://localhost/")
    form = checkin_form()
    form["csrf_token"] = csrf_token(page.get_data(as_text=True))
    for site in ("cross-site", "same-site"):
        refused = client.post("https://localhost/", data=form, headers={"Sec-Fetch-Site": site})
        assert refused.status_code == 400
        assert "Laad de pagina opnieuw" in refused.get_data(as_text=True)
    token = client.get("https://localhost/api/v1/session").get_json()["csrf_token"]
    entry = contract_checkin()
    refused = client.put(
        f"https://localhost/api/v1/checkins/{entry['id']}",
        json=entry,
        headers={"X-CSRFToken": token, "Sec-Fetch-Site": "cross-site"},
    )
    assert refused.status_code == 400 and "csrf" in refused.get_json()["errors"]
    without_token = client.post("https://localhost/", data=checkin_form(), headers=SAME_ORIGIN)
    assert without_token.status_code == 400
    assert rows(csrf_app) == []
