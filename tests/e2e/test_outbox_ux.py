"""The offline outbox and the check-in page as she meets them (issue 11, items 1, 3 and 9): a
refused check-in opens in the form to fix or throw away, the badge and hints tell the truth, a
second visit on the same day says she already checked in (online, offline, without JavaScript),
a long note is counted instead of cut, "sent" is said when it is, the offline chart shows the
waiting entry, an erase on another device is named, and the storage note is said once.

Each test gets its own Chromium profile with the service worker, against one live server per
module that records every request (pwa_helpers.LiveServer).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page
from playwright.sync_api import expect
from pwa_helpers import LiveServer
from pwa_helpers import controlled
from pwa_helpers import fill_checkin
from pwa_helpers import submit
from pwa_helpers import wait_until
from pwa_helpers import went_offline

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reset_server")]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MINUTES_MESSAGE = "Kies een heel getal van 0 tot en met 720."
WHEN_ONLINE = "zodra je online bent"


@pytest.fixture
def phone(new_context: Callable[..., BrowserContext], server: LiveServer) -> Page:
    """The page sends by itself (no Background Sync): a worker started while the test is
    offline may not be offline in Playwright, and would send behind the test's back."""
    return controlled(new_context(init_script="delete window.SyncManager;"), server.url)


def badge(page: Page):
    return page.locator("#outbox-badge")


def outbox_rows(page: Page) -> list[dict]:
    return page.evaluate("FlouriaOutbox.rows()")


def refused_in_outbox(page: Page, **fields: object) -> str:
    """A check-in the server refuses (an old client sent 99999 minutes of stiffness)."""
    checkin_id = str(uuid.uuid4())
    payload = {
        "id": checkin_id,
        "date": datetime.now(AMSTERDAM).date().isoformat(),
        "time": "07:45",
        "stiffness": 6,
        "pain": 4,
        "stiffness_minutes": 99999,
        "updated_at": datetime.now(UTC).isoformat(),
        **fields,
    }
    page.evaluate(
        "async (p) => { await FlouriaOutbox.save(p); await FlouriaOutbox.flush(); }", payload
    )
    wait_until(lambda: (outbox_rows(page) or [{}])[0].get("error"))
    return checkin_id


def test_a_refused_check_in_opens_in_the_form_and_is_fixed(phone: Page, server: LiveServer) -> None:
    checkin_id = refused_in_outbox(phone, spots=["knee_left"])
    # the badge says it needs her, not the network
    expect(badge(phone)).to_have_text("1 niet aangenomen: kijk hem na")

    phone.goto(server.url + "/dagboek/")
    refused = phone.locator("#refused-entries")
    expect(refused).to_be_visible()
    expect(refused.locator("li.entry")).to_have_count(1)
    expect(refused.locator(".entry-status")).to_contain_text(MINUTES_MESSAGE)
    expect(phone.locator("#waiting-entries")).to_be_hidden()
    assert WHEN_ONLINE not in phone.locator("main").inner_text()  # she is online

    refused.get_by_role("link", name="Openen en verbeteren").click()
    phone.wait_for_url(re.compile(r"/#nakijken="))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Check-in nakijken")
    expect(phone.locator(".error-summary")).to_contain_text("niet aangenomen")
    # her answers are back in the form, the server's message on the field it is about
    expect(phone.locator("#stiffness_minutes")).to_have_value("99999")
    expect(phone.locator("#stiffness-6")).to_be_checked()
    expect(phone.locator("#pain-4")).to_be_checked()
    expect(phone.locator("#stiffness_minutes-error")).to_have_text(MINUTES_MESSAGE)
    expect(phone.locator("#stiffness_minutes")).to_have_attribute("aria-invalid", "true")
    # the spot she chose is shown: the drawing opens with it
    expect(phone.locator("details.body-map")).to_have_attribute("open", "")
    expect(phone.locator("input[name=spots][value=knee_left]")).to_be_checked()
    assert phone.input_value("#id") == checkin_id

    phone.fill("#stiffness_minutes", "30")
    submit(phone)
    phone.wait_for_url(f"**/tips/{checkin_id}")
    stored = server.stored(checkin_id)
    assert stored is not None and stored["stiffness_minutes"] == 30 and stored["time"] == "07:45"
    assert stored["spots"] == ["knee_left"] and stored["areas"] == ["knees"]
    assert outbox_rows(phone) == []
    expect(badge(phone)).to_be_hidden()
    # refused once, then sent once fixed: a refused payload is not sent again on every visit
    assert server.recorder.puts(checkin_id) == [400, 201]


def test_a_refused_check_in_can_be_thrown_away(phone: Page, server: LiveServer) -> None:
    checkin_id = refused_in_outbox(phone)
    phone.goto(server.url + f"/#nakijken={checkin_id}")
    throw = phone.get_by_role("button", name="Gooi deze check-in weg")
    expect(throw).to_be_visible()

    phone.once("dialog", lambda dialog: dialog.dismiss())  # she changes her mind
    throw.click()
    expect(phone.locator("form.checkin")).to_be_visible()
    assert [row["id"] for row in outbox_rows(phone)] == [checkin_id]

    messages: list[str] = []

    def accept(dialog) -> None:  # noqa: ANN001
        messages.append(dialog.message)
        dialog.accept()

    phone.once("dialog", accept)
    throw.click()
    expect(
        phone.get_by_role("status").filter(has_text="De check-in is weggegooid.")
    ).to_be_visible()
    assert messages and "weggooien" in messages[0]
    expect(phone.locator("form.checkin")).to_be_hidden()
    assert outbox_rows(phone) == []
    expect(badge(phone)).to_be_hidden()
    phone.goto(server.url + "/dagboek/")
    expect(phone.locator("#refused-entries")).to_be_hidden()
    assert server.rows(checkin_id) == 0


def test_a_second_visit_on_the_same_day(phone: Page, server: LiveServer, browser: Browser) -> None:
    checkin_id = fill_checkin(phone)
    submit(phone)
    phone.wait_for_url(f"**/tips/{checkin_id}")
    stored = server.stored(checkin_id)
    assert stored is not None
    time = stored["time"]

    def says_checked_in(page: Page) -> None:
        notice = page.locator("#today-notice")
        expect(notice).to_be_visible()
        expect(notice.get_by_role("heading")).to_have_text("Je hebt vandaag al ingecheckt")
        expect(notice).to_contain_text(f"Dat was om {time}.")
        expect(
            notice.get_by_role("link", name="Bekijk de tips van die check-in")
        ).to_have_attribute("href", f"/tips/{checkin_id}")
        expect(notice.get_by_role("link", name="Pas die check-in aan")).to_have_attribute(
            "href", f"/checkin/{checkin_id}"
        )
        expect(
            page.get_by_role("heading", name="Tweede check-in vandaag", exact=True)
        ).to_be_visible()
        expect(page.locator("form.checkin")).to_be_visible()

    phone.goto(server.url + "/")
    says_checked_in(phone)
    phone.get_by_role("link", name="Pas die check-in aan").click()
    expect(phone.get_by_role("heading", name="Check-in aanpassen")).to_be_visible()

    # offline: the cached page and the phone's copy say the same, and the tips open here
    wait_until(lambda: phone.evaluate("FlouriaOutbox.mirror()"))
    phone.context.set_offline(True)
    phone.goto(server.url + "/")
    says_checked_in(phone)
    phone.get_by_role("link", name="Bekijk de tips van die check-in").click()
    expect(phone.locator("#local-tips details.tip").first).to_be_visible()
    phone.context.set_offline(False)

    # without JavaScript the server says it too; a new diary's page does not (no cached notice)
    plain = browser.new_context(java_script_enabled=False, service_workers="block")
    plain.add_cookies(phone.context.cookies())
    page = plain.new_page()
    page.goto(server.url + "/")
    says_checked_in(page)
    plain.close()
    stranger = browser.new_context(java_script_enabled=False, service_workers="block")
    page = stranger.new_page()
    page.goto(server.url + "/")
    expect(page.get_by_role("heading", name="Goedemorgen")).to_be_visible()
    expect(page.locator("#today-notice")).to_be_hidden()
    stranger.close()


def test_a_second_check_in_made_offline_is_named_on_the_page(
    phone: Page, server: LiveServer
) -> None:
    phone.context.set_offline(True)
    went_offline(phone)
    checkin_id = fill_checkin(phone)
    submit(phone)
    expect(phone.locator("#local-tips details.tip").first).to_be_visible()
    phone.reload()
    notice = phone.locator("#today-notice")
    expect(notice).to_be_visible()
    # the cached page knew of none today: the phone's outbox counts
    expect(phone.locator("#another-title")).to_have_text("Tweede check-in vandaag")
    # the questions that name a day follow the time field
    drink = phone.locator("fieldset:has([name=fluid]) legend")
    phone.locator("details.when > summary").click()
    phone.fill("#time", "08:00")
    expect(drink).to_have_text("Hoeveel heb je gisteren gedronken?")
    phone.fill("#time", "19:30")
    expect(drink).to_have_text("Hoeveel heb je vandaag gedronken?")
    expect(phone.locator("label.switch:has(#alcohol) span")).to_have_text(
        "Ik heb vandaag alcohol gedronken"
    )
    phone.get_by_role("link", name="Pas die check-in aan").click()  # not on the server yet
    expect(phone.locator("#stiffness-6")).to_be_checked()
    assert phone.input_value("#id") == checkin_id
    phone.context.set_offline(False)
    wait_until(lambda: server.rows(checkin_id) == 1)


def test_a_long_note_is_counted_and_refused_not_cut(phone: Page, server: LiveServer) -> None:
    checkin_id = fill_checkin(phone)
    phone.locator("details.more:has(#note) > summary").click()
    mark = server.recorder.mark()
    phone.fill("#note", "a" * 2001)  # as a paste: the browser would cut it at maxlength
    assert len(phone.input_value("#note")) == 2001
    counter = phone.locator("#note-hint")
    expect(counter).to_have_text(
        "Je notitie is 2001 tekens lang. Er passen er 2000 in. Maak hem wat korter."
    )
    submit(phone)
    expect(phone.locator("#note-error")).to_contain_text("2001 tekens")
    summary = phone.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Er is nog niets bewaard.")
    assert outbox_rows(phone) == []
    assert [r for r in server.recorder.since(mark) if r[0] == "PUT"] == []

    phone.locator("#note").press("End")
    phone.locator("#note").press("Backspace")
    expect(counter).to_have_text("2000 van 2000 tekens")
    submit(phone)
    phone.wait_for_url(f"**/tips/{checkin_id}")
    stored = server.stored(checkin_id)
    assert stored is not None and len(stored["note"]) == 2000


def test_waiting_entry_in_the_chart_then_sent_and_said(phone: Page, server: LiveServer) -> None:
    first = fill_checkin(phone)
    submit(phone)
    phone.wait_for_url(f"**/tips/{first}")
    phone.goto(server.url + "/dagboek/")  # the kept copy of the diary now has a chart
    expect(phone.locator("svg.chart")).to_be_visible()

    phone.context.set_offline(True)
    went_offline(phone)
    phone.goto(server.url + "/")
    waiting_id = fill_checkin(phone)
    submit(phone)
    local = phone.locator("#local-tips")
    expect(local.locator("details.tip").first).to_be_visible()
    # the storage note is said here, next to the waiting check-in, not on top of every page
    expect(local.locator("#storage-note")).to_be_visible()
    expect(phone.locator("#storage-hint")).to_be_hidden()

    phone.goto(server.url + "/dagboek/")
    chart = phone.locator("svg.chart")
    expect(chart.locator("circle.dot.waiting")).to_have_count(2)  # stiffness and pain
    expect(phone.locator(".legend-waiting")).to_have_text("Nog niet verstuurd")
    waiting = phone.locator("#waiting-entries")
    expect(waiting).to_contain_text(WHEN_ONLINE)  # offline: true
    note = waiting.locator("#storage-note")
    expect(note).to_be_visible()
    note.get_by_role("button", name="Begrepen, verberg dit").click()
    expect(note).to_be_hidden()
    phone.reload()
    expect(waiting.locator("li.entry")).to_have_count(1)
    expect(note).to_be_hidden()  # dismissed once, for good

    phone.context.set_offline(False)
    wait_until(lambda: server.rows(waiting_id) == 1)
    sent = phone.locator("#sent-status")
    expect(sent).to_have_text("Je check-in is verstuurd.")
    expect(sent).to_have_attribute("role", "status")
    expect(badge(phone)).to_be_hidden()
    expect(waiting).to_be_hidden()


def test_sent_is_said_on_the_tips_shown_on_the_phone(phone: Page, server: LiveServer) -> None:
    server.recorder.refuse_puts(503)  # online, but the server cannot take it just now
    checkin_id = fill_checkin(phone)
    submit(phone)
    lead = phone.locator("#local-tips .lead")
    expect(lead).to_have_text(
        "Je check-in staat op deze telefoon. Versturen lukte net niet; "
        "Flouria probeert het vanzelf opnieuw."
    )
    assert WHEN_ONLINE not in lead.inner_text()  # she is online: that would not be true
    server.recorder.accept_puts()  # the next retry gets through
    wait_until(lambda: server.rows(checkin_id) == 1, timeout=20)
    expect(lead).to_have_text("Je check-in is verstuurd.")
    expect(phone.locator("#sent-status")).to_be_hidden()  # said once, where she looks


def test_erased_on_another_device_is_said(
    phone: Page, server: LiveServer, browser: Browser
) -> None:
    checkin_id = fill_checkin(phone)
    submit(phone)
    phone.wait_for_url(f"**/tips/{checkin_id}")
    wait_until(lambda: phone.evaluate("FlouriaOutbox.mirror()"))

    other = browser.new_context(service_workers="block")  # the same diary, another browser
    other.add_cookies(phone.context.cookies())
    page = other.new_page()
    page.goto(server.url + "/gegevens/wissen")
    page.get_by_role("button", name="Ja, wis alles").click()
    page.wait_for_url(server.url + "/")
    other.close()
    assert server.rows(checkin_id) == 0

    phone.goto(server.url + "/dagboek/")
    notice = phone.locator("#erased-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Je dagboek is gewist")
    assert phone.evaluate("FlouriaOutbox.mirror()") == []
