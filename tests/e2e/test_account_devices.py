"""Accounts in a real Chromium with the service worker: saving the diary, a second device that
gets the whole diary (also offline), and signing out, which clears what this device held."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from helpers import PASSWORD
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page
from playwright.sync_api import expect
from pwa_helpers import LiveServer
from pwa_helpers import controlled
from pwa_helpers import fill_checkin
from pwa_helpers import save_diary
from pwa_helpers import sign_in
from pwa_helpers import submit
from pwa_helpers import wait_until
from pwa_helpers import went_offline

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reset_server")]

CACHED_PATHS = """async () => {
  const paths = [];
  for (const name of await caches.keys())
    for (const request of await (await caches.open(name)).keys())
      paths.push(new URL(request.url).pathname);
  return paths;
}"""


def test_a_second_device_gets_the_whole_diary_and_keeps_it_offline(
    new_context: Callable[..., BrowserContext], server: LiveServer
) -> None:
    phone = controlled(new_context(), server.url)
    checkin_id = fill_checkin(phone)
    submit(phone)
    phone.wait_for_url(f"**/tips/{checkin_id}")
    name = save_diary(phone, server.url)

    tablet = controlled(new_context(), server.url)
    sign_in(tablet, server.url, name)
    entry = tablet.locator(f"[data-checkin-id='{checkin_id}']")
    expect(entry).to_be_visible()
    mirrored = "async (id) => (await FlouriaOutbox.mirror()).some((c) => c.id === id)"
    wait_until(lambda: tablet.evaluate(mirrored, checkin_id))

    tablet.context.set_offline(True)
    went_offline(tablet)
    tablet.reload()
    expect(tablet.locator(f"[data-checkin-id='{checkin_id}']")).to_be_visible()


def test_sign_out_warns_about_waiting_entries_and_clears_the_device(
    new_context: Callable[..., BrowserContext], server: LiveServer
) -> None:
    phone = controlled(new_context(), server.url)
    sent_id = fill_checkin(phone)
    submit(phone)
    phone.wait_for_url(f"**/tips/{sent_id}")
    save_diary(phone, server.url)
    phone.goto(server.url + "/dagboek/")
    phone.goto(server.url + "/")
    server.recorder.refuse_puts(503)
    waiting_id = fill_checkin(phone)
    submit(phone)
    expect(phone.locator("#outbox-badge")).to_have_text("1 nog niet verstuurd")

    phone.goto(server.url + "/account/uitloggen")
    warning = phone.locator("#waiting-warning")
    expect(warning).to_have_text(
        "1 check-in is nog niet verstuurd. Als je nu uitlogt, raak je die kwijt."
    )
    phone.get_by_role("button", name="Uitloggen").click()
    expect(phone.get_by_role("button", name="Toch uitloggen")).to_be_visible()
    assert phone.url.endswith("/account/uitloggen")  # the first tap only warned
    phone.get_by_role("button", name="Toch uitloggen").click()
    phone.wait_for_url(server.url + "/")
    expect(phone.get_by_text("Je bent uitgelogd.")).to_be_visible()

    assert phone.evaluate("FlouriaOutbox.rows()") == []
    assert phone.evaluate("FlouriaOutbox.mirror()") == []
    cached = phone.evaluate(CACHED_PATHS)
    personal = [p for p in cached if p.startswith(("/dagboek", "/tips/", "/account"))]
    assert set(personal) <= {"/tips/alle"}, cached  # the tips library is the same for everyone
    assert phone.evaluate("fetch('/api/v1/checkins').then(r => r.json())")["checkins"] == []
    assert server.rows(sent_id) == 1 and server.rows(waiting_id) == 0


def test_a_waiting_entry_only_ever_goes_to_its_own_diary(
    new_context: Callable[..., BrowserContext], server: LiveServer
) -> None:
    phone = controlled(new_context(), server.url)
    name = save_diary(phone, server.url)
    phone.goto(server.url + "/")
    phone.context.set_offline(True)
    went_offline(phone)
    waiting_id = fill_checkin(phone)
    submit(phone)
    expect(phone.locator("#outbox-badge")).to_have_text("1 nog niet verstuurd")

    phone.context.clear_cookies()  # her session is gone (signed out elsewhere, say)
    phone.context.set_offline(False)
    phone.goto(server.url + "/dagboek/")
    held = phone.locator(f"[data-outbox-id='{waiting_id}'] .entry-status")
    expect(held).to_have_text(
        "Niet verstuurd: deze check-in hoort bij een ander dagboek. "
        "Log in met dat account om hem te versturen."
    )
    assert server.rows(waiting_id) == 0  # not in the anonymous diary of whoever is here now

    sign_in(phone, server.url, name)
    wait_until(lambda: server.rows(waiting_id) == 1)
    expect(phone.locator("#outbox-badge")).to_be_hidden()


def download_codes(page: Page) -> list[str]:
    """Tap "Download de codes": the codes in the downloaded file (the page stays)."""
    with page.expect_download() as info:
        page.get_by_role("button", name="Download de codes").click()
    download = info.value
    assert download.suggested_filename == "flouria-herstelcodes.txt"
    path = download.path()
    assert path is not None
    return re.findall(r"^([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})\r?$", path.read_text(), re.M)


def test_the_recovery_codes_download_from_both_pages_every_time(
    new_context: Callable[..., BrowserContext], server: LiveServer
) -> None:
    phone = controlled(new_context(), server.url)
    save_diary(phone, server.url)
    shown = phone.locator("ol.codes code").all_inner_texts()
    assert len(shown) == 10
    assert download_codes(phone) == shown
    assert download_codes(phone) == shown  # again: the page still works

    phone.goto(server.url + "/account")
    phone.get_by_label("Je wachtwoord").fill(PASSWORD)
    phone.get_by_role("button", name="Maak tien nieuwe codes").click()
    expect(phone.get_by_role("heading", name="Je herstelcodes")).to_be_visible()
    new = phone.locator("ol.codes code").all_inner_texts()
    assert len(new) == 10 and not set(new) & set(shown)
    assert download_codes(phone) == new
    assert download_codes(phone) == new
