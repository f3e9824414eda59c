"""Reminders that fire (issue 13): a fake push service on loopback receives each push, checks
its VAPID token and headers, and decrypts it with the subscription's private key; the due rule,
exactly once (also with two senders at once), the push service's answers, the endpoint checks,
and what signing out, erasing and the export do with subscriptions."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from flask import Flask
from flask.testing import FlaskClient
from helpers import INSTANCE
from helpers import STATIC_BUILDS
from helpers import TRANSLATIONS
from helpers import Auth
from helpers import checkin_form
from helpers import make_app
from helpers import with_test_folders

from flouria_pwa import create_app
from flouria_pwa.config import ConfigError
from flouria_pwa.extensions import db
from flouria_pwa.reminders import sending
from flouria_pwa.reminders import subscriptions as push_subscriptions
from flouria_pwa.store.models import PushSubscription
from flouria_pwa.store.models import ReminderSent

pytestmark = pytest.mark.database  # run again on PostgreSQL in CI

ROOT = Path(__file__).resolve().parent.parent
SUBJECT = "mailto:herinneringen@example.org"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# ------------------------------------------------------------------------ the fake push service


class PushService:
    """A push service on 127.0.0.1: it keeps every request and answers with `status` (per
    path, else 201)."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.status: dict[str, int] = {}
        self.lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with service.lock:
                    service.received.append(
                        {"path": self.path, "headers": dict(self.headers), "body": body}
                    )
                self.send_response(service.status.get(self.path, 201))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Browser:
    """A browser's push subscription: its own P-256 key pair and auth secret."""

    def __init__(self, endpoint: str) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint

    def subscription(self) -> dict[str, Any]:
        point = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": b64(point), "auth": b64(self.auth)},
        }

    def decrypt(self, body: bytes) -> dict[str, Any]:
        plain = http_ece.decrypt(
            body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


@pytest.fixture
def service() -> Iterator[PushService]:
    server = PushService()
    yield server
    server.close()


VAPID_KEY = ec.generate_private_key(ec.SECP256R1())
VAPID_RAW = b64(VAPID_KEY.private_numbers().private_value.to_bytes(32, "big"))


def _config(tmp_path: Path, service: PushService, **extra: Any) -> dict[str, Any]:
    return with_test_folders(
        **{
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'push.sqlite'}",
            "WTF_CSRF_ENABLED": False,
            "FLOURIA_PUSH_TEST_ENDPOINTS": service.origin + "/",
            "FLOURIA_VAPID_PRIVATE_KEY": VAPID_RAW,
            "FLOURIA_VAPID_SUBJECT": SUBJECT,
            "FLOURIA_PUBLIC_URL": "https://flouria.example.nl",
            **extra,
        }
    )


@pytest.fixture
def app(tmp_path: Path, service: PushService) -> Iterator[Flask]:
    app = make_app(_config(tmp_path, service))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def checked_in(client: FlaskClient, day: date) -> None:
    response = client.post("/", data=checkin_form(date=day.isoformat()))
    assert response.status_code in (200, 303), response.get_data(as_text=True)


def subscribe(
    client: FlaskClient, browser: Browser, *, first_checkin: date | None = None, **settings: Any
) -> Any:
    """Her first check-in (long ago, so it never counts for a reminder's day), then the PUT."""
    if first_checkin is not None:
        checked_in(client, first_checkin)
    body = {"subscription": browser.subscription(), "timezone": "Europe/Amsterdam", **settings}
    return client.put("/api/v1/push/subscription", json=body)


LONG_AGO = date(2024, 1, 1)


def local(*args: int) -> datetime:
    """A moment in Amsterdam, as the UTC instant the sender sees."""
    return datetime(*args, tzinfo=AMSTERDAM).astimezone(UTC)


def send(app: Flask, now: datetime) -> sending.Outcome:
    with app.app_context():
        return sending.send_due(now)


def subscriptions(app: Flask) -> list[PushSubscription]:
    with app.app_context():
        return list(db.session.execute(db.select(PushSubscription)).scalars())


@pytest.fixture
def phone(client: FlaskClient, service: PushService) -> Browser:
    """A browser with a diary and a reminder at 08:00 on every day."""
    browser = Browser(service.origin + "/push/phone")
    assert subscribe(client, browser, first_checkin=LONG_AGO, time="08:00").status_code == 201
    return browser


# ------------------------------------------------------------------------ the push itself


def _jwt_part(text: str) -> dict[str, Any]:
    return json.loads(unb64(text))


def test_the_push_is_vapid_signed_encrypted_and_says_only_neutral_dutch(
    app: Flask, client: FlaskClient, service: PushService, phone: Browser
) -> None:
    now = local(2026, 6, 3, 8, 5)
    assert send(app, now).sent == 1
    [request] = service.received
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert request["path"] == "/push/phone"
    assert headers["content-encoding"] == "aes128gcm"
    assert 3600 <= int(headers["ttl"]) <= 24 * 3600  # hours: a phone that is offline still gets it

    scheme, _space, params = headers["authorization"].partition(" ")
    assert scheme == "vapid"
    fields = dict(part.split("=", 1) for part in params.split(","))
    token, key = fields["t"], fields["k"]
    assert key == client.get("/api/v1/push/key").get_json()["publicKey"]
    head, claims_part, signature = token.split(".")
    assert _jwt_part(head) == {"typ": "JWT", "alg": "ES256"}
    claims = _jwt_part(claims_part)
    assert claims["aud"] == service.origin
    assert claims["sub"] == SUBJECT
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    raw = unb64(signature)
    assert len(raw) == 64
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(key))
    public.verify(der, f"{head}.{claims_part}".encode(), ec.ECDSA(hashes.SHA256()))

    message = phone.decrypt(request["body"])
    assert message["title"] == "Herinnering"
    assert message["body"] == "Tijd voor je check-in"
    assert message["url"] == "https://flouria.example.nl/"
    assert "web_push" not in message  # only Apple endpoints get the declarative shape


def test_her_own_lock_screen_text_and_a_fresh_token_per_push(
    app: Flask, client: FlaskClient, service: PushService
) -> None:
    first = Browser(service.origin + "/push/a")
    second = Browser(service.origin + "/push/b")
    subscribe(client, first, first_checkin=LONG_AGO, text="  Even stilstaan  ")
    other = app.test_client()
    subscribe(other, second, first_checkin=LONG_AGO)
    assert send(app, local(2026, 6, 3, 8, 30)).sent == 2
    by_path = {r["path"]: r for r in service.received}
    assert first.decrypt(by_path["/push/a"]["body"])["body"] == "Even stilstaan"
    assert second.decrypt(by_path["/push/b"]["body"])["body"] == "Tijd voor je check-in"


def test_apple_endpoints_also_get_the_declarative_shape(app: Flask) -> None:
    row = PushSubscription(endpoint="https://web.push.apple.com/QGx1", text="")
    with app.app_context():
        data = sending.payload(row)
    assert data["web_push"] == 8030
    assert data["notification"] == {
        "title": "Herinnering",
        "body": "Tijd voor je check-in",
        "navigate": "https://flouria.example.nl/",
    }


# ------------------------------------------------------------------------ the due rule


def test_due_once_after_her_time_and_never_twice_on_one_day(
    app: Flask, service: PushService, phone: Browser
) -> None:
    assert send(app, local(2026, 6, 3, 7, 59)).sent == 0  # not yet
    assert send(app, local(2026, 6, 3, 8, 0)).sent == 1
    assert send(app, local(2026, 6, 3, 8, 10)).sent == 0
    assert send(app, local(2026, 6, 3, 9, 0)).sent == 0
    assert len(service.received) == 1
    assert send(app, local(2026, 6, 4, 8, 1)).sent == 1  # the next day again
    assert len(service.received) == 2


def test_not_when_she_already_checked_in_that_day(
    app: Flask, client: FlaskClient, service: PushService, phone: Browser
) -> None:
    checked_in(client, date(2026, 6, 3))
    assert send(app, local(2026, 6, 3, 8, 5)).sent == 0
    assert service.received == []


def test_not_on_a_weekday_she_did_not_choose(
    app: Flask, client: FlaskClient, service: PushService
) -> None:
    browser = Browser(service.origin + "/push/weekdays")
    assert subscribe(client, browser, first_checkin=LONG_AGO, days=[1, 2, 3, 4, 5]).status_code
    assert send(app, local(2026, 6, 6, 8, 30)).sent == 0  # a Saturday
    assert send(app, local(2026, 6, 8, 8, 30)).sent == 1  # a Monday


def test_not_more_than_three_hours_late(app: Flask, service: PushService, phone: Browser) -> None:
    assert send(app, local(2026, 6, 3, 11, 1)).sent == 0  # the server was down all morning
    assert send(app, local(2026, 6, 3, 10, 59)).sent == 1


def test_a_late_time_is_still_sent_just_after_midnight_for_the_day_before(
    app: Flask, client: FlaskClient, service: PushService
) -> None:
    browser = Browser(service.origin + "/push/late")
    subscribe(client, browser, first_checkin=LONG_AGO, time="23:30")
    assert send(app, local(2026, 6, 4, 0, 15)).sent == 1  # for June 3rd
    assert send(app, local(2026, 6, 4, 1, 0)).sent == 0


def test_daylight_saving_days(app: Flask, client: FlaskClient, service: PushService) -> None:
    """Spring forward (29 March 2026, 02:00 → 03:00) and fall back (25 October, 03:00 → 02:00)."""
    at_eight = Browser(service.origin + "/push/eight")
    subscribe(client, at_eight, first_checkin=LONG_AGO, time="08:00")
    night = Browser(service.origin + "/push/night")
    subscribe(app.test_client(), night, first_checkin=LONG_AGO, time="02:30")

    # 08:00 summer time is 06:00 UTC on the spring day; the night reminder's 02:30 does not
    # exist that day and comes at 03:30 summer time (01:30 UTC), once.
    spring = datetime(2026, 3, 29, tzinfo=UTC)
    assert send(app, spring + timedelta(hours=1, minutes=29)).sent == 0
    assert send(app, spring + timedelta(hours=1, minutes=31)).sent == 1
    assert send(app, spring + timedelta(hours=5, minutes=59)).sent == 0
    assert send(app, spring + timedelta(hours=6, minutes=1)).sent == 1
    # 08:00 winter time is 07:00 UTC on the autumn day; 02:30 happens twice, the push once.
    autumn = datetime(2026, 10, 25, tzinfo=UTC)
    assert send(app, autumn + timedelta(minutes=31)).sent == 1  # 02:30 summer time
    assert send(app, autumn + timedelta(hours=1, minutes=31)).sent == 0  # 02:30 winter time
    assert send(app, autumn + timedelta(hours=6, minutes=59)).sent == 0
    assert send(app, autumn + timedelta(hours=7, minutes=1)).sent == 1
    assert len(service.received) == 4


# ------------------------------------------------------------------- the push service's answers


def test_gone_subscriptions_are_deleted(app: Flask, service: PushService, phone: Browser) -> None:
    service.status["/push/phone"] = 410
    outcome = send(app, local(2026, 6, 3, 8, 5))
    assert outcome.gone == 1 and outcome.sent == 0
    assert subscriptions(app) == []


def test_a_busy_push_service_is_tried_again_on_a_later_run(
    app: Flask, service: PushService, phone: Browser
) -> None:
    service.status["/push/phone"] = 429
    assert send(app, local(2026, 6, 3, 8, 5)).retry == 1
    service.status["/push/phone"] = 503
    assert send(app, local(2026, 6, 3, 8, 10)).retry == 1
    del service.status["/push/phone"]
    assert send(app, local(2026, 6, 3, 8, 15)).sent == 1
    assert send(app, local(2026, 6, 3, 8, 20)).sent == 0
    assert len(service.received) == 3 and len(subscriptions(app)) == 1


def test_two_senders_at_once_send_one_push(
    app: Flask, client: FlaskClient, service: PushService
) -> None:
    """Two `flask reminders send` processes on one database: each subscription gets one push."""
    now = datetime.now(UTC)
    due = (now - timedelta(minutes=5)).astimezone(ZoneInfo("UTC"))
    browsers = [Browser(service.origin + f"/push/{n}") for n in range(3)]
    for browser in browsers:
        body = {
            "subscription": browser.subscription(),
            "timezone": "UTC",
            "time": due.strftime("%H:%M"),
        }
        other = app.test_client()
        checked_in(other, now.date() - timedelta(days=3))
        assert other.put("/api/v1/push/subscription", json=body).status_code == 201
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "FLASK_SECRET_KEY": "test-secret",
        "FLASK_SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "FLOURIA_PUSH_TEST_ENDPOINTS": service.origin + "/",
        "FLOURIA_VAPID_PRIVATE_KEY": VAPID_RAW,
        "FLOURIA_VAPID_SUBJECT": SUBJECT,
        "FLASK_STATIC_BUILD_FOLDER": str(STATIC_BUILDS),
        "FLASK_BABEL_TRANSLATION_DIRECTORIES": str(TRANSLATIONS),
        "FLOURIA_INSTANCE_PATH": str(INSTANCE),
    }
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "flask", "--app", "app", "reminders", "send"]
    runs = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert sorted(r["path"] for r in service.received) == ["/push/0", "/push/1", "/push/2"]
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(ReminderSent.id))).scalar_one() == 3


# ------------------------------------------------------------------------ the API


def test_the_key_is_the_application_server_key(client: FlaskClient) -> None:
    key = unb64(client.get("/api/v1/push/key").get_json()["publicKey"])
    assert len(key) == 65 and key[0] == 4
    public = VAPID_KEY.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    assert key == public


def test_put_creates_then_updates_and_delete_removes(
    app: Flask, client: FlaskClient, service: PushService
) -> None:
    browser = Browser(service.origin + "/push/x")
    first = subscribe(client, browser, first_checkin=LONG_AGO, time="07:15", days=[3, 1, 1])
    assert first.status_code == 201
    assert first.get_json()["reminder"]["days"] == [1, 3]
    again = subscribe(client, browser, time="09:00")
    assert again.status_code == 200
    [row] = subscriptions(app)
    assert (row.time, row.days) == ("09:00", [1, 2, 3, 4, 5, 6, 7])  # all seven when absent
    gone = client.delete("/api/v1/push/subscription", json={"endpoint": browser.endpoint})
    assert gone.status_code == 204 and subscriptions(app) == []


def test_a_diary_without_a_check_in_cannot_subscribe(
    client: FlaskClient, service: PushService
) -> None:
    response = subscribe(client, Browser(service.origin + "/push/new"))
    assert response.status_code == 409
    assert "check-in" in response.get_json()["errors"]["diary"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"time": "25:00"}, "time"),
        ({"time": "8:00"}, "time"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": None}, "timezone"),
        ({"days": []}, "days"),
        ({"days": [0, 8]}, "days"),
        ({"days": [True]}, "days"),
        ({"text": "x" * 81}, "text"),
        ({"subscription": {"endpoint": 3}}, "subscription"),
        ({"subscription": "nee"}, "subscription"),
    ],
)
def test_bad_input_is_refused_in_dutch(
    client: FlaskClient, service: PushService, change: dict[str, Any], field: str
) -> None:
    checked_in(client, LONG_AGO)
    body = {
        "subscription": Browser(service.origin + "/push/x").subscription(),
        "timezone": "Europe/Amsterdam",
        **change,
    }
    response = client.put("/api/v1/push/subscription", json=body)
    assert response.status_code == 400
    message = response.get_json()["errors"][field]
    assert message and "the" not in message.split()  # Dutch, not English


def test_bad_keys_are_refused(client: FlaskClient, service: PushService) -> None:
    checked_in(client, LONG_AGO)
    subscription = Browser(service.origin + "/push/x").subscription()
    for wrong in (b"\x04" + b"1" * 10, b"\x04" + bytes(64)):  # too short; not on the curve
        subscription["keys"]["p256dh"] = b64(wrong)
        body = {"subscription": subscription, "timezone": "UTC"}
        response = client.put("/api/v1/push/subscription", json=body)
        assert response.status_code == 400 and response.get_json()["errors"]["subscription.keys"]


def test_writes_need_the_csrf_token(tmp_path: Path, service: PushService) -> None:
    app = make_app(_config(tmp_path, service, WTF_CSRF_ENABLED=True))
    client = app.test_client()
    body = {"endpoint": service.origin + "/push/x"}
    refused = client.delete("/api/v1/push/subscription", json=body)
    assert refused.status_code == 400 and refused.get_json()["errors"]["csrf"]
    token = client.get("/api/v1/session").get_json()["csrf_token"]
    cross = client.delete(
        "/api/v1/push/subscription",
        json=body,
        headers={"X-CSRFToken": token, "Sec-Fetch-Site": "cross-site"},
    )
    assert cross.status_code == 400
    ok = client.delete("/api/v1/push/subscription", json=body, headers={"X-CSRFToken": token})
    assert ok.status_code == 204
    with app.app_context():
        db.engine.dispose()


# ------------------------------------------------------------------------ endpoint checks


def _resolver(*addresses: str) -> Any:
    def resolve(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        family = socket.AF_INET6 if ":" in addresses[0] else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]

    return resolve


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "192.168.1.10", "172.16.0.5", "169.254.169.254", "100.64.0.1",
     "::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1", "0.0.0.0"],
)  # fmt: skip
def test_endpoints_on_private_addresses_are_refused(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    monkeypatch.setattr(push_subscriptions, "resolve", _resolver("93.184.215.14", address))
    response = subscribe(client, Browser("https://push.example.net/x"), first_checkin=LONG_AGO)
    assert response.status_code == 400
    assert response.get_json()["errors"]["subscription.endpoint"]


@pytest.mark.parametrize(
    "endpoint",
    ["http://push.example.net/x", "https://user:pw@push.example.net/x", "ftp://x/y", "https:///x"],
)
def test_only_plain_https_endpoints_are_taken(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, endpoint: str
) -> None:
    monkeypatch.setattr(push_subscriptions, "resolve", _resolver("93.184.215.14"))
    response = subscribe(client, Browser(endpoint), first_checkin=LONG_AGO)
    assert response.status_code == 400


def test_a_public_endpoint_is_taken_and_checked_again_before_sending(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        push_subscriptions, "resolve", _resolver("93.184.215.14", "2606:2800:21f:cb07::1")
    )
    response = subscribe(client, Browser("https://push.example.net/x"), first_checkin=LONG_AGO)
    assert response.status_code == 201
    monkeypatch.setattr(
        push_subscriptions, "resolve", _resolver("10.0.0.7")
    )  # the name now points inside

    def no_traffic(*args: Any) -> int:
        raise AssertionError("sent to a private address")

    monkeypatch.setattr(sending, "send_one", no_traffic)
    assert send(app, local(2026, 6, 3, 8, 5)).refused == 1


def test_production_refuses_test_endpoints_and_needs_a_subject(
    tmp_path: Path, service: PushService
) -> None:
    production = {"PRODUCTION": True}
    with pytest.raises(ConfigError):
        create_app(_config(tmp_path, service, **production))
    config = _config(tmp_path, service, **production)
    del config["FLOURIA_PUSH_TEST_ENDPOINTS"], config["FLOURIA_VAPID_SUBJECT"]
    app = make_app(config)
    result = app.test_cli_runner().invoke(args=["reminders", "send"])
    assert result.exit_code != 0 and "FLOURIA_VAPID_SUBJECT" in result.output
    with app.app_context():
        assert push_subscriptions.endpoint_refusal(service.origin + "/push/x") is not None
        db.engine.dispose()


# ------------------------------------------------------------------------ this device, her data


def test_signing_out_stops_this_devices_reminder_only(app: Flask, service: PushService) -> None:
    phone, tablet = app.test_client(), app.test_client()
    checked_in(phone, LONG_AGO)
    Auth(phone).save_diary("anna")
    Auth(tablet).sign_in("anna", adopt=False)
    assert subscribe(phone, Browser(service.origin + "/push/phone")).status_code == 201
    assert subscribe(tablet, Browser(service.origin + "/push/tablet")).status_code == 201
    Auth(phone).sign_out()
    assert [s.endpoint for s in subscriptions(app)] == [service.origin + "/push/tablet"]
    tablet.post("/account/overal-uitloggen", data={})
    assert subscriptions(app) == []


def test_erasing_removes_every_subscription_and_export_has_no_keys(
    app: Flask, client: FlaskClient, service: PushService, phone: Browser
) -> None:
    send(app, local(2026, 6, 3, 8, 5))
    export = client.get("/gegevens/flouria.json")
    text = export.get_data(as_text=True)
    assert export.status_code == 200 and "checkin" in text
    keys = phone.subscription()["keys"]
    assert phone.endpoint not in text and keys["p256dh"] not in text and keys["auth"] not in text
    client.post("/gegevens/wissen", data={})
    assert subscriptions(app) == []
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(ReminderSent.id))).scalar_one() == 0


def test_one_diary_keeps_at_most_ten_devices_with_a_reminder(
    app: Flask, client: FlaskClient, service: PushService
) -> None:
    """Endpoints are URLs anyone can send: one diary cannot make the sender call thousands."""
    for n in range(push_subscriptions.MAX_DEVICES):
        answer = subscribe(client, Browser(f"{service.origin}/push/{n}"), first_checkin=LONG_AGO)
        assert answer.status_code in (200, 201)
    refused = subscribe(client, Browser(service.origin + "/push/one-too-many"))
    assert refused.status_code == 409
    assert "Zet er eerst een uit." in refused.get_json()["errors"]["subscription"]
    assert len(subscriptions(app)) == push_subscriptions.MAX_DEVICES
    again = subscribe(client, Browser(f"{service.origin}/push/0"), time="09:00")  # a change: fine
    assert again.status_code == 200
