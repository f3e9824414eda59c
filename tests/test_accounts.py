"""Accounts on top of the anonymous diary: save, sign in elsewhere, recover, sign out, limits."""

from __future__ import annotations

import re
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import PASSWORD
from helpers import Auth
from helpers import checkin_form
from helpers import contract_checkin
from helpers import csrf_token
from helpers import make_app
from helpers import rows

from flouria_pwa.accounts import throttle
from flouria_pwa.accounts.throttle import NEW_DIARIES_PER_ADDRESS
from flouria_pwa.accounts.throttle import PER_ACCOUNT
from flouria_pwa.accounts.throttle import PER_ADDRESS
from flouria_pwa.accounts.throttle import PER_DEVICE
from flouria_pwa.accounts.throttle import SIGN_UPS_PER_ADDRESS
from flouria_pwa.extensions import db
from flouria_pwa.store.models import AccountSession
from flouria_pwa.store.models import DiaryStart
from flouria_pwa.store.models import Profile
from flouria_pwa.store.models import RecoveryCode
from flouria_pwa.store.models import User

pytestmark = pytest.mark.database  # run again on PostgreSQL in CI


def diary_ids(client: FlaskClient) -> set[str]:
    return {c["id"] for c in client.get("/api/v1/checkins").get_json()["checkins"]}


def test_saving_the_diary_keeps_everything_already_written(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    client.post("/welkom", data={"perimenopause": "y"})
    entry = checkin_form(stiffness="6", note="stijve knieën")
    client.post("/", data=entry)
    codes = auth.save_diary("Anna@Example.nl ")
    assert len(codes) == 10 and len(set(codes)) == 10
    assert diary_ids(client) == {entry["id"]}
    with app.app_context():
        users = list(db.session.execute(db.select(User)).scalars())
        assert len(users) == 1  # the same user row: nothing copied, nothing left behind
        assert users[0].username == "anna@example.nl"
        assert users[0].token_hash is None
        assert users[0].password_hash.startswith("scrypt:")
        assert PASSWORD not in users[0].password_hash
        stored = db.session.execute(db.select(RecoveryCode.code_hash)).scalars().all()
        assert len(stored) == 10 and not set(codes) & set(stored)  # only hashes are kept
        assert db.session.get(Profile, users[0].id).perimenopause


def test_sign_up_refuses_bad_input_in_dutch_and_stores_nothing(
    app: Flask, client: FlaskClient
) -> None:
    cases = [
        ({"username": "an", "password": PASSWORD, "repeat": PASSWORD}, "tussen 3 en 254"),
        ({"username": "anna de boer", "password": PASSWORD, "repeat": PASSWORD}, "geen spaties"),
        ({"username": "anna", "password": "kort", "repeat": "kort"}, "minstens 8 tekens"),
        ({"username": "anna", "password": PASSWORD, "repeat": "iets anders"}, "niet hetzelfde"),
    ]
    for data, message in cases:
        response = client.post("/account/bewaren", data=data)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(User)).first() is None


def test_a_taken_name_is_refused(app: Flask) -> None:
    Auth(app.test_client()).save_diary("bea")
    response = app.test_client().post(
        "/account/bewaren", data={"username": "BEA", "password": PASSWORD, "repeat": PASSWORD}
    )
    assert response.status_code == 400
    assert "Deze naam is al in gebruik" in response.get_data(as_text=True)


def test_codes_download_as_a_file_and_only_her_current_codes(app: Flask) -> None:
    client = app.test_client()
    codes = Auth(client).save_diary()
    response = client.post(
        "/account/herstelcodes.txt", data={"codes-0": codes[0], "codes-1": codes[1]}
    )
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert codes[0] in text and codes[1] in text and "anna@example.nl" in text
    forged = client.post("/account/herstelcodes.txt", data={"codes-0": "aaaa-bbbb-cccc"})
    assert forged.status_code == 404


def test_signing_in_elsewhere_brings_the_whole_diary(app: Flask) -> None:
    phone = app.test_client()
    mine = checkin_form(note="eerste")
    phone.post("/", data=mine)
    Auth(phone).save_diary()
    tablet = app.test_client()
    tablet_entry = checkin_form(note="op de tablet, voor het inloggen")
    tablet.post("/", data=tablet_entry)
    response = Auth(tablet).sign_in()
    assert response.status_code == 303 and response.headers["Location"].endswith("/dagboek/")
    assert diary_ids(tablet) == {mine["id"], tablet_entry["id"]}  # the tablet's entry joined her
    assert diary_ids(phone) == {mine["id"], tablet_entry["id"]}
    assert "op de tablet" in tablet.get("/dagboek/").get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(User.id))).scalar_one() == 1


def test_on_a_shared_device_the_other_diary_can_stay_apart(app: Flask) -> None:
    phone = app.test_client()
    Auth(phone).save_diary()
    shared = app.test_client()
    theirs = checkin_form(note="van de buurvrouw")
    shared.post("/", data=theirs)
    page = shared.get("/account/inloggen").get_data(as_text=True)
    assert "Op dit apparaat staat 1 check-in die niet in een account staat." in page
    assert 'name="adopt"' in page and "checked" in page  # her own phone: usually hers
    Auth(shared).sign_in(adopt=False)
    assert diary_ids(shared) == set() and diary_ids(phone) == set()
    Auth(shared).sign_out()
    assert diary_ids(shared) == {theirs["id"]}  # the neighbour's diary is back, untouched


def test_wrong_password_and_unknown_name_get_the_same_answer(app: Flask) -> None:
    Auth(app.test_client()).save_diary()
    wrong = Auth(app.test_client()).sign_in(password="verkeerd wachtwoord")
    unknown = Auth(app.test_client()).sign_in(name="niemand")
    assert wrong.status_code == unknown.status_code == 400
    message = "Deze gebruikersnaam en dit wachtwoord horen niet bij elkaar."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)


def test_sign_in_is_rate_limited_per_account(app: Flask) -> None:
    Auth(app.test_client()).save_diary()
    client = app.test_client()
    for _ in range(PER_ACCOUNT):
        assert Auth(client).sign_in(password="fout fout fout").status_code == 400
    blocked = Auth(client).sign_in()  # even the right password waits now
    assert blocked.status_code == 429
    assert "Te veel pogingen" in blocked.get_data(as_text=True)
    assert diary_ids(client) == set()
    other = app.test_client()
    Auth(other).save_diary("bea")
    Auth(other).sign_out()
    assert Auth(other).sign_in("bea").status_code == 303  # another account is not blocked


def test_sign_in_is_rate_limited_per_address(app: Flask) -> None:
    client = app.test_client()
    for n in range(PER_ADDRESS):
        assert Auth(client).sign_in(name=f"gok{n}").status_code == 400
    Auth(app.test_client()).save_diary("carla")
    response = client.post(
        "/account/inloggen",
        data={"username": "carla", "password": PASSWORD},
    )
    assert response.status_code == 429
    elsewhere = app.test_client().post(
        "/account/inloggen",
        data={"username": "carla", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )
    assert elsewhere.status_code == 303


def test_a_recovery_code_works_once_and_signs_out_other_devices(app: Flask) -> None:
    phone = app.test_client()
    phone.post("/", data=checkin_form())
    codes = Auth(phone).save_diary()
    tablet = app.test_client()
    data = {"username": "anna@example.nl", "code": codes[3].upper(), "password": "nieuw wachtwoord"}
    response = tablet.post("/account/herstellen", data={**data, "repeat": data["password"]})
    assert response.status_code == 303
    assert "nog 9 herstelcodes" in tablet.get("/account").get_data(as_text=True)
    assert len(diary_ids(tablet)) == 1
    assert diary_ids(phone) == set()  # the old session no longer opens the diary
    again = app.test_client().post(
        "/account/herstellen", data={**data, "password": "derde poging!", "repeat": "derde poging!"}
    )
    assert again.status_code == 400
    assert "Deze code werkt niet" in again.get_data(as_text=True)
    assert Auth(app.test_client()).sign_in(password="nieuw wachtwoord").status_code == 303
    assert Auth(app.test_client()).sign_in().status_code == 400


def test_recovery_is_rate_limited(app: Flask) -> None:
    Auth(app.test_client()).save_diary()
    client = app.test_client()
    data = {
        "username": "anna@example.nl",
        "password": "nieuw wachtwoord",
        "repeat": "nieuw wachtwoord",
    }
    for _ in range(PER_ACCOUNT):
        assert client.post("/account/herstellen", data={**data, "code": "gok"}).status_code == 400
    response = client.post("/account/herstellen", data={**data, "code": "nog-een-gok"})
    assert response.status_code == 429 and "Te veel pogingen" in response.get_data(as_text=True)


def test_new_codes_need_the_password_and_replace_the_old_ones(app: Flask) -> None:
    client = app.test_client()
    old = Auth(client).save_diary()
    refused = client.post("/account/herstelcodes", data={"password": "fout"})
    assert refused.status_code == 400
    page = client.post("/account/herstelcodes", data={"password": PASSWORD})
    new = re.findall(r"<code>([a-z0-9-]{14})</code>", page.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    data = {"username": "anna@example.nl", "password": "nog een keer", "repeat": "nog een keer"}
    assert (
        app.test_client().post("/account/herstellen", data={**data, "code": old[0]}).status_code
        == 400
    )
    assert (
        app.test_client().post("/account/herstellen", data={**data, "code": new[0]}).status_code
        == 303
    )


def test_sign_out_forgets_the_diary_on_this_device(app: Flask) -> None:
    client = app.test_client()
    entry = checkin_form()
    client.post("/", data=entry)
    Auth(client).save_diary()
    assert "Uitloggen op dit apparaat?" in client.get("/account/uitloggen").get_data(as_text=True)
    response = Auth(client).sign_out()
    assert response.status_code == 303
    assert diary_ids(client) == set()
    assert "flouria_diary" not in {c.key for c in client._cookies.values()}
    assert len(rows(app)) == 1  # safe on the server for the next sign-in
    Auth(client).sign_in()
    assert diary_ids(client) == {entry["id"]}


def test_an_anonymous_diary_cannot_be_signed_out_of(
    app: Flask, client: FlaskClient, auth: Auth
) -> None:
    client.post("/", data=checkin_form())
    response = auth.sign_out()
    assert response.status_code == 303
    assert len(diary_ids(client)) == 1


def test_the_session_cookies_are_strict(app: Flask) -> None:
    client = app.test_client()
    Auth(client).save_diary()
    cookies = {c.key: c for c in client._cookies.values()}
    for name in ("session", "remember_token"):
        assert cookies[name].http_only and cookies[name].same_site == "Lax", name


def test_attempts_in_flight_count_before_the_password_is_checked(app: Flask) -> None:
    """Parallel guesses cannot slip past the limit: each attempt is counted before its check."""
    with app.test_request_context(environ_base={"REMOTE_ADDR": "10.1.2.3"}):
        verdicts = [throttle.attempt("dora").allowed for _ in range(PER_ACCOUNT + 1)]
    assert verdicts == [True] * PER_ACCOUNT + [False]


def test_sign_up_is_rate_limited_per_address(app: Flask) -> None:
    client = app.test_client()
    for n in range(SIGN_UPS_PER_ADDRESS):
        response = client.post(
            "/account/bewaren",
            data={"username": f"naam{n}", "password": PASSWORD, "repeat": PASSWORD},
        )
        assert response.status_code == 200
        Auth(client).sign_out()
    refused = client.post(
        "/account/bewaren", data={"username": "nog-een", "password": PASSWORD, "repeat": PASSWORD}
    )
    assert refused.status_code == 429 and "Te veel pogingen" in refused.get_data(as_text=True)


def test_names_that_only_look_different_are_the_same(app: Flask) -> None:
    Auth(app.test_client()).save_diary("ａｎｎａ")  # full-width letters
    look_alike = app.test_client().post(
        "/account/bewaren",
        data={"username": "an\u200bna", "password": PASSWORD, "repeat": PASSWORD},
    )
    assert look_alike.status_code == 400
    assert Auth(app.test_client()).sign_in("ANNA").status_code == 303


def test_sign_out_everywhere_ends_every_session(app: Flask) -> None:
    phone, laptop = app.test_client(), app.test_client()
    phone.post("/", data=checkin_form())
    Auth(phone).save_diary()
    Auth(laptop).sign_in()
    assert len(diary_ids(laptop)) == 1
    assert phone.post("/account/overal-uitloggen", data={}).status_code == 303
    assert diary_ids(phone) == set() and diary_ids(laptop) == set()
    assert Auth(laptop).sign_in().status_code == 303 and len(diary_ids(laptop)) == 1


# A browser posts what the form holds, with the headers Chromium sends under no-referrer.
BROWSER = {"Sec-Fetch-Site": "same-origin", "Origin": "null"}


class _Forms(HTMLParser):
    """The fields of each form on a page, as a browser would post them: {action: {name: value}}."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, dict[str, str]] = {}
        self._current: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "form":
            self._current = self.forms.setdefault(named.get("action") or "", {})
        elif tag == "input" and self._current is not None and named.get("name"):
            self._current[named["name"] or ""] = named.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def form_fields(html: str, action: str) -> dict[str, str]:
    parser = _Forms()
    parser.feed(html)
    assert action in parser.forms, f"no form posting to {action}"
    return parser.forms[action]


def download(client: FlaskClient, page: str) -> list[str]:
    """Press "Download de codes" on this page: the codes in the file, or fail."""
    fields = form_fields(page, "/account/herstelcodes.txt")
    response = client.post("/account/herstelcodes.txt", data=fields, headers=BROWSER)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    return re.findall(r"^([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})\r?$", text, re.M)


def shown_codes(page: str) -> list[str]:
    return re.findall(r"<code>([a-z0-9-]{14})</code>", page)


def test_codes_download_right_after_saving_and_after_new_codes_with_csrf_on(
    csrf_app: Flask,
) -> None:
    client = csrf_app.test_client()
    token = csrf_token(client.get("/account/bewaren").get_data(as_text=True))
    data = {"username": "anna", "password": PASSWORD, "repeat": PASSWORD, "csrf_token": token}
    saved = client.post("/account/bewaren", data=data, headers=BROWSER)
    assert saved.status_code == 200
    page = saved.get_data(as_text=True)
    codes = shown_codes(page)
    assert len(codes) == 10
    assert download(client, page) == codes
    assert download(client, page) == codes  # a second time from the same page works too

    token = csrf_token(client.get("/account").get_data(as_text=True))
    fresh = client.post(
        "/account/herstelcodes", data={"password": PASSWORD, "csrf_token": token}, headers=BROWSER
    )
    assert fresh.status_code == 200
    page = fresh.get_data(as_text=True)
    new = shown_codes(page)
    assert len(new) == 10 and not set(new) & set(codes)
    assert download(client, page) == new
    assert download(client, page) == new
    with csrf_app.app_context():  # the codes were never stored in the clear
        stored = set(db.session.execute(db.select(RecoveryCode.code_hash)).scalars())
        assert not stored & set(new)


def test_first_writes_of_a_new_browser_sent_at_once_land_in_one_diary(app: Flask) -> None:
    first = app.test_client()
    first.get("/")  # the first page hands out the diary cookie, before any write
    cookie = first.get_cookie("flouria_diary")
    assert cookie is not None
    with app.app_context():
        assert db.session.execute(db.select(User)).first() is None  # nothing stored yet
    writers = 6
    barrier = threading.Barrier(writers)
    statuses: list[int] = []
    entries = [contract_checkin(days_ago=n) for n in range(writers)]

    def write(entry: dict) -> None:
        client = app.test_client()
        client.set_cookie("flouria_diary", cookie.value)
        barrier.wait()
        response = client.put(f"/api/v1/checkins/{entry['id']}", json=entry)
        statuses.append(response.status_code)

    threads = [threading.Thread(target=write, args=(entry,)) for entry in entries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * writers
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(User.id))).scalar_one() == 1
    assert diary_ids(first) == {e["id"] for e in entries}


def test_new_anonymous_diaries_per_address_are_limited(app: Flask) -> None:
    for _ in range(NEW_DIARIES_PER_ADDRESS):
        assert app.test_client().post("/welkom", data={}).status_code == 303
    page = app.test_client().post("/welkom", data={})
    assert page.status_code == 429
    assert "Er zijn het afgelopen uur te veel nieuwe dagboeken" in page.get_data(as_text=True)
    entry = contract_checkin()
    api = app.test_client().put(f"/api/v1/checkins/{entry['id']}", json=entry)
    assert api.status_code == 429 and api.headers["Retry-After"] == "3600"
    assert "te veel nieuwe dagboeken" in api.get_json()["errors"]["diary"]
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(User.id))).scalar_one() == (
            NEW_DIARIES_PER_ADDRESS
        )
        keys = db.session.execute(db.select(DiaryStart.key)).scalars().all()
        assert keys and not any("127.0.0.1" in key for key in keys)  # never the address itself
    assert rows(app) == []
    elsewhere = app.test_client().post("/welkom", data={}, environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert elsewhere.status_code == 303


def test_a_diary_started_before_the_limit_keeps_working(app: Flask) -> None:
    mine = app.test_client()
    mine.post("/welkom", data={})
    for _ in range(NEW_DIARIES_PER_ADDRESS):
        app.test_client().post("/welkom", data={})
    entry = checkin_form()
    assert mine.post("/", data=entry).status_code == 303
    assert diary_ids(mine) == {entry["id"]}


def test_strangers_cannot_lock_the_owner_out(app: Flask) -> None:
    phone = app.test_client()
    Auth(phone).save_diary()
    Auth(phone).sign_out()
    assert phone.get_cookie("flouria_device") is not None  # it outlives signing out
    assert diary_ids(phone) == set()  # and opens nothing by itself
    stranger = app.test_client()
    for _ in range(PER_ACCOUNT):
        assert Auth(stranger).sign_in(password="raden maar").status_code == 400
    assert Auth(stranger).sign_in().status_code == 429  # strangers stay throttled
    far = app.test_client().post(
        "/account/inloggen",
        data={"username": "anna@example.nl", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.9.9.9"},
    )
    assert far.status_code == 429  # the account's lock holds for strangers everywhere
    assert Auth(phone).sign_in().status_code == 303  # her own browser is not held by their lock
    assert phone.get("/account").status_code == 200
    assert Auth(stranger).sign_in().status_code == 429  # her sign-in did not lift it for strangers


def test_a_device_cookie_is_limited_too_and_only_for_its_own_name(app: Flask) -> None:
    phone = app.test_client()
    Auth(phone).save_diary()
    Auth(phone).sign_out()
    Auth(app.test_client()).save_diary("bea")
    for _ in range(PER_ACCOUNT):
        Auth(app.test_client()).sign_in("bea", password="raden maar")
    assert Auth(phone).sign_in("bea").status_code == 429  # vouches for anna only
    for _ in range(PER_DEVICE):
        assert Auth(phone).sign_in(password="fout fout fout").status_code == 400
    for _ in range(PER_ACCOUNT):  # past its own limit it counts as a stranger
        assert Auth(phone).sign_in(password="fout fout fout").status_code == 400
    assert Auth(phone).sign_in().status_code == 429


def test_her_device_is_trusted_again_after_she_gets_in(app: Flask) -> None:
    phone = app.test_client()
    Auth(phone).save_diary()
    Auth(phone).sign_out()
    for _ in range(PER_DEVICE):
        Auth(phone).sign_in(password="fout fout fout")
    assert Auth(phone).sign_in().status_code == 303  # as a stranger, within the account's limit
    Auth(phone).sign_out()
    for _ in range(PER_ACCOUNT):
        Auth(app.test_client()).sign_in(password="raden maar")
    assert Auth(phone).sign_in().status_code == 303  # her device's own count started over


def test_new_codes_are_throttled_like_sign_in(app: Flask) -> None:
    client = app.test_client()
    Auth(client).save_diary()
    for _ in range(PER_DEVICE + PER_ACCOUNT):
        assert client.post("/account/herstelcodes", data={"password": "fout"}).status_code == 400
    refused = client.post("/account/herstelcodes", data={"password": PASSWORD})
    assert refused.status_code == 429 and "Te veel pogingen" in refused.get_data(as_text=True)
    assert "<code>" not in refused.get_data(as_text=True)


def _session_cookies(client: FlaskClient) -> dict[str, str]:
    return {
        name: cookie.value
        for name in ("session", "remember_token")
        if (cookie := client.get_cookie(name)) is not None
    }


def _replay(app: Flask, cookies: dict[str, str]) -> FlaskClient:
    client = app.test_client()
    for name, value in cookies.items():
        client.set_cookie(name, value)
    return client


def test_signing_out_ends_the_session_on_the_server(app: Flask) -> None:
    phone = app.test_client()
    phone.post("/", data=checkin_form())
    Auth(phone).save_diary()
    laptop = app.test_client()
    Auth(laptop).sign_in()
    stolen = _session_cookies(phone)
    assert set(stolen) == {"session", "remember_token"}
    assert len(diary_ids(_replay(app, stolen))) == 1  # the copy works while she is signed in
    assert Auth(phone).sign_out().status_code == 303
    alone = [{name: value} for name, value in stolen.items()]
    for cookies in (stolen, *alone):
        replayed = _replay(app, cookies)
        assert diary_ids(replayed) == set(), cookies
        assert replayed.get("/account").status_code == 303
    assert len(diary_ids(laptop)) == 1  # her other sign-in is its own session and stays


def test_sign_out_everywhere_and_erase_end_every_stored_session(app: Flask) -> None:
    phone, laptop = app.test_client(), app.test_client()
    phone.post("/", data=checkin_form())
    Auth(phone).save_diary()
    Auth(laptop).sign_in()
    copies = [_session_cookies(phone), _session_cookies(laptop)]
    phone.post("/account/overal-uitloggen", data={})
    assert all(diary_ids(_replay(app, c)) == set() for c in copies)
    Auth(laptop).sign_in()
    remembered = {"remember_token": _session_cookies(laptop)["remember_token"]}
    assert laptop.get_cookie("flouria_device") is not None
    assert laptop.post("/gegevens/wissen", data={}).status_code == 303
    assert laptop.get_cookie("flouria_device") is None  # nothing of her left on the device
    with app.app_context():
        assert db.session.execute(db.select(AccountSession)).first() is None
    Auth(app.test_client()).save_diary("nieuw")  # may get the erased id again on SQLite
    assert _replay(app, remembered).get("/account").status_code == 303


def test_production_cookies_carry_the_host_prefix(tmp_path: Path) -> None:
    app = make_app(
        {
            "PRODUCTION": True,
            "SECRET_KEY": "k",
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
        }
    )
    base = "https://flouria.test"
    client = app.test_client()
    first = client.get("/", base_url=base)
    saved = client.post(
        "/account/bewaren",
        data={"username": "anna", "password": PASSWORD, "repeat": PASSWORD},
        base_url=base,
    )
    assert saved.status_code == 200
    cookies = first.headers.getlist("Set-Cookie") + saved.headers.getlist("Set-Cookie")
    names = {c.split("=", 1)[0] for c in cookies}
    assert names == {
        "__Host-flouria_diary",
        "__Host-session",
        "__Host-remember_token",
        "__Host-flouria_device",
    }, cookies
    for cookie in cookies:
        attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
        assert "secure" in attributes and "httponly" in attributes and "path=/" in attributes
        assert not any(a.startswith("domain") for a in attributes), cookie
    assert client.get("/account", base_url=base).status_code == 200  # signed in by those names
    out = client.post("/account/uitloggen", data={}, base_url=base)
    cleared = [c for c in out.headers.getlist("Set-Cookie") if "__Host-remember_token=;" in c]
    assert cleared and "Secure" in cleared[0]  # a __Host- cookie is only cleared when Secure
    assert "Strict-Transport-Security" in saved.headers
    with app.app_context():
        db.engine.dispose()
