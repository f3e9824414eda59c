"""'Zoals gisteren' in a phone-sized Chromium with its worker (issue 15): four taps (the
control, stiffness, pain, save) make a check-in with her last one's where and cramp and
today's scores, online and offline (from the phone's copy); axe clean at 390 px."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page
from playwright.sync_api import expect
from pwa_helpers import LiveServer
from pwa_helpers import controlled
from pwa_helpers import submit
from pwa_helpers import violations
from pwa_helpers import wait_until
from pwa_helpers import went_offline

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reset_server")]

COPIED = {
    "areas": ["back", "knees"],
    "spots": ["knee_left"],
    "cramp": True,
    "cramp_when": ["night"],
    "cramp_where": ["calf"],
}


def four_taps(page: Page, stiffness: int, pain: int) -> str:
    """ "Zoals gisteren", stiffness, pain, save; returns the new check-in's id."""
    page.get_by_role("link", name="Zoals gisteren").click()
    expect(page.get_by_text("Overgenomen van je vorige check-in")).to_be_visible()
    # the focus is on the stiffness question, the next tap's
    assert page.evaluate("document.activeElement.name") == "stiffness"
    expect(page.get_by_role("checkbox", name="knie links", exact=True)).to_be_checked()
    expect(page.get_by_role("group", name="Waar had je kramp?")).to_be_visible()
    checkin_id = page.input_value("#id")
    page.locator(f"label.chip:has(#stiffness-{stiffness})").click()
    page.locator(f"label.chip:has(#pain-{pain})").click()
    submit(page)
    return checkin_id


def todays(stored: dict | None, stiffness: int, pain: int) -> None:
    assert stored is not None
    assert {name: stored[name] for name in COPIED} == COPIED
    assert (stored["stiffness"], stored["pain"]) == (stiffness, pain)
    assert stored["sleep"] is None and stored["cramp_count"] is None and stored["note"] == ""


def test_like_yesterday_in_four_taps_online_and_offline(
    new_context: Callable[..., BrowserContext], server: LiveServer
) -> None:
    phone = controlled(new_context(), server.url)
    expect(phone.locator("#like-last")).to_be_hidden()  # nothing to copy yet
    for input_id in ("stiffness-6", "areas-1", "pain-4"):
        phone.locator(f"label.chip:has(#{input_id})").click()
    phone.locator("details.body-map > summary").click()
    phone.locator("label.spot-knee_left").click()
    phone.get_by_text("Ik had kramp").click()
    phone.locator("label.chip:has(#cramp_when-0)").click()
    phone.locator("label.chip:has(#cramp_where-0)").click()
    first = phone.input_value("#id")
    submit(phone)
    expect(phone.get_by_role("heading", name="Vandaag voor jou")).to_be_visible()
    assert server.stored(first) is not None

    phone.goto(server.url + "/")
    wait_until(lambda: phone.evaluate("FlouriaOutbox.mirror()"), page=phone)
    expect(phone.locator("details.body-map")).not_to_have_attribute("open", "")
    online = four_taps(phone, 3, 2)
    expect(phone.get_by_role("heading", name="Vandaag voor jou")).to_be_visible()
    todays(server.stored(online), 3, 2)

    phone.goto(server.url + "/")
    wait_until(lambda: len(phone.evaluate("FlouriaOutbox.mirror()")) == 2, page=phone)
    phone.context.set_offline(True)
    went_offline(phone)
    phone.reload()  # the worker's copy of the page
    mark = server.recorder.mark()
    offline = four_taps(phone, 5, 1)
    expect(phone.locator("#local-tips")).to_be_visible()
    [row] = phone.evaluate("FlouriaOutbox.rows()")
    assert row["id"] == offline
    assert {name: row["payload"][name] for name in COPIED} == COPIED
    assert server.recorder.since(mark) == []
    phone.context.set_offline(False)
    todays(wait_until(lambda: server.stored(offline), page=phone), 5, 1)


def test_copied_answers_are_accessible_at_390_px_and_can_be_cleared(
    new_context: Callable[..., BrowserContext], server: LiveServer
) -> None:
    phone = controlled(new_context(), server.url)
    phone.locator("label.chip:has(#stiffness-2)").click()
    phone.locator("label.chip:has(#pain-2)").click()
    phone.locator("details.body-map > summary").click()
    phone.locator("label.spot-hip_left").click()
    submit(phone)
    expect(phone.get_by_role("heading", name="Vandaag voor jou")).to_be_visible()
    phone.goto(server.url + "/")
    wait_until(lambda: phone.evaluate("FlouriaOutbox.mirror()"), page=phone)
    phone.get_by_role("link", name="Zoals gisteren").click()
    spot = phone.get_by_role("checkbox", name="heup links", exact=True)
    expect(spot).to_be_checked()
    expect(phone.locator("details.body-map")).to_have_attribute("open", "")
    phone.get_by_role("link", name="Leegmaken").click()
    expect(phone.locator("input[name=spots][value=hip_left]")).not_to_be_checked()
    expect(phone.locator("details.body-map")).not_to_have_attribute("open", "")
    expect(phone.get_by_text("Overgenomen van je vorige check-in")).to_be_hidden()
    expect(phone.get_by_role("link", name="Zoals gisteren")).to_be_focused()
    phone.get_by_role("link", name="Zoals gisteren").click()
    assert violations(phone, "100%") == []
