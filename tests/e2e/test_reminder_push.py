"""Reminders in a real Chromium (issue 13). Headless Chromium has no push service here, so the
page's `pushManager.subscribe` is stubbed for the subscription flow; a push is delivered to the
real service worker with the DevTools protocol (`ServiceWorker.deliverPushMessage`), and the
notification it shows is read back with `registration.getNotifications()`. A tap on a system
notification cannot be made from the protocol: the worker gets the `notificationclick` event of
that notification dispatched in its own scope, and the page must open the check-in."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page
from playwright.sync_api import expect
from pwa_helpers import LiveServer
from pwa_helpers import controlled
from pwa_helpers import fill_checkin
from pwa_helpers import submit
from pwa_helpers import wait_until

from flouria_pwa.extensions import db
from flouria_pwa.store.models import PushSubscription

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reset_server")]

FAKE_SERVICE = "http://127.0.0.1:9/"  # never reached: nothing is sent in this test


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _stub() -> str:
    """`pushManager.subscribe` and `getSubscription` in the page, with a real P-256 key."""
    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    subscription = {
        "endpoint": FAKE_SERVICE + "push/e2e",
        "expirationTime": None,
        "keys": {"p256dh": _b64(point), "auth": _b64(b"0123456789abcdef")},
    }
    return f"""
      (() => {{
        if (!self.PushManager) return;
        const data = {json.dumps(subscription)};
        const sub = {{
          endpoint: data.endpoint, toJSON: () => data,
          unsubscribe: async () => {{ localStorage.removeItem('stub-subscribed'); return true; }},
        }};
        PushManager.prototype.subscribe = async function (options) {{
          const key = new Uint8Array(options.applicationServerKey);
          localStorage.setItem('stub-key-bytes', key.length);
          localStorage.setItem('stub-subscribed', '1');
          return sub;
        }};
        PushManager.prototype.getSubscription = async function () {{
          return localStorage.getItem('stub-subscribed') ? sub : null;
        }};
      }})();
    """


@pytest.fixture
def push_server(server: LiveServer) -> Any:
    server.app.config["FLOURIA_PUSH_TEST_ENDPOINTS"] = FAKE_SERVICE
    key = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value
    server.app.config["FLOURIA_VAPID_PRIVATE_KEY"] = _b64(key.to_bytes(32, "big"))
    yield server
    server.app.config.pop("FLOURIA_PUSH_TEST_ENDPOINTS")
    with server.app.app_context():
        db.session.execute(db.delete(PushSubscription))
        db.session.commit()
        db.session.remove()


def _subscriptions(server: LiveServer) -> list[dict[str, Any]]:
    with server.app.app_context():
        rows = db.session.execute(db.select(PushSubscription)).scalars()
        found = [{"time": r.time, "days": r.days, "timezone": r.timezone} for r in rows]
        db.session.remove()
        return found


def _notifications(page: Page) -> list[list[str]]:
    return page.evaluate(
        "navigator.serviceWorker.ready.then((r) => r.getNotifications())"
        ".then((list) => list.map((n) => [n.title, n.body]))"
    )


def _deliver(cdp: Any, origin: str, registration_id: str, data: str, page: Page) -> Any:
    """Deliver a push over CDP until its notification shows. A worker that a busy machine is
    still starting can miss a delivery; the notification's tag makes a second one replace the
    first, so retrying never shows two."""
    for _attempt in range(4):
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": origin, "registrationId": registration_id, "data": data},
        )
        try:
            return wait_until(lambda: _notifications(page), timeout=8.0)
        except AssertionError:
            continue
    raise AssertionError("no notification after four pushes")


def test_reminder_on_then_a_push_shows_a_neutral_notification_that_opens_the_check_in(
    new_context: Callable[..., BrowserContext], push_server: LiveServer
) -> None:
    server = push_server
    context = new_context(init_script=_stub())
    context.grant_permissions(["notifications"], origin=server.url)
    page = controlled(context, server.url)

    page.goto(server.url + "/dagboek/")
    not_today = page.get_by_role("link", name="Je hebt vandaag nog niet ingecheckt")
    expect(not_today).to_be_visible()
    not_today.click()
    fill_checkin(page)
    submit(page)
    page.wait_for_url("**/tips/**")
    expect(page.get_by_text("Je hebt vandaag nog niet ingecheckt")).to_have_count(0)

    page.goto(server.url + "/profiel")
    expect(page.get_by_text("Je hebt vandaag nog niet ingecheckt")).to_have_count(0)
    section = page.locator("#herinnering")
    section.get_by_label("Stuur me een herinnering").check()
    section.get_by_label("Hoe laat").fill("07:30")
    section.get_by_label("zondag").uncheck()
    section.get_by_role("button", name="Herinnering opslaan").click()
    expect(section.get_by_role("status")).to_have_text("Je herinnering staat aan.")
    assert _subscriptions(server) == [
        {"time": "07:30", "days": [1, 2, 3, 4, 5, 6], "timezone": "Europe/Amsterdam"}
    ]
    assert page.evaluate("localStorage.getItem('stub-key-bytes')") == "65"

    # Every start sends the subscription again: a lost row on the server comes back.
    with server.app.app_context():
        db.session.execute(db.delete(PushSubscription))
        db.session.commit()
        db.session.remove()
    page.reload()
    wait_until(lambda: _subscriptions(server))

    cdp = context.new_cdp_session(page)
    registrations: list[dict[str, Any]] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    wait_until(lambda: registrations, step=0.05, page=page)  # Playwright hears events meanwhile
    registration = next(r for r in registrations if r["scopeURL"] == server.url + "/")
    message = {"title": "Herinnering", "body": "Tijd voor je check-in", "url": server.url + "/"}
    shown = _deliver(cdp, server.url, registration["registrationId"], json.dumps(message), page)
    assert shown == [["Herinnering", "Tijd voor je check-in"]]

    # A push it cannot read still shows a notification, with the neutral Dutch words.
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": server.url, "registrationId": registration["registrationId"], "data": "{"},
    )
    wait_until(lambda: _notifications(page) == [["Herinnering", "Tijd voor je check-in"]])

    worker = context.service_workers[0]
    worker.evaluate(
        """self.registration.getNotifications().then((list) => self.dispatchEvent(
             new NotificationEvent('notificationclick', { notification: list[0] })))"""
    )
    page.wait_for_url(server.url + "/")
    expect(page.get_by_role("button", name="Opslaan en tips bekijken")).to_be_visible()
    wait_until(lambda: _notifications(page) == [])


def test_without_push_the_settings_say_so_with_the_ios_steps(
    new_context: Callable[..., BrowserContext], push_server: LiveServer
) -> None:
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
    )
    context = new_context(
        init_script="delete window.PushManager; "
        f"Object.defineProperty(navigator, 'userAgent', {{ get: () => {json.dumps(iphone)} }});"
    )
    page = controlled(context, push_server.url)
    fill_checkin(page)
    submit(page)
    page.wait_for_url("**/tips/**")
    page.goto(push_server.url + "/profiel")
    section = page.locator("#herinnering")
    expect(section.get_by_text("alleen als Flouria op je beginscherm staat")).to_be_visible()
    expect(section.get_by_text("Open Flouria in Safari en tik op Deel.")).to_be_visible()
    expect(section.get_by_label("Stuur me een herinnering")).to_be_hidden()
