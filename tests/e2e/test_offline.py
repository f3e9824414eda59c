"""The offline app in a real Chromium with its service worker: install, offline pages, the
offline check-in with tips chosen on the phone, and the outbox that reaches the server exactly
once — through 503s, double flushes, 4xx answers, a new worker version and without SyncManager.

Each test gets a fresh persistent Chromium profile (workers need one; a plain context also
reports `in-incognito` to the installability check). One live server per module sits behind a
WSGI recorder, so every test can count what really reached the server (docs/offline.md §4).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from datetime import timedelta
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
ONE_WAITING = "1 nog niet verstuurd"
ONE_REFUSED = "1 niet aangenomen: kijk hem na"
SENT = "Je check-in is verstuurd."
# Background Sync registrations still waiting or running (a sync's tag goes once its event ends)
SYNC_TAGS = "async () => (await navigator.serviceWorker.ready).sync.getTags()"


@pytest.fixture
def phone(new_context: Callable[..., BrowserContext], server: LiveServer) -> Page:
    return controlled(new_context(), server.url)


def badge(page: Page):
    return page.locator("#outbox-badge")


def outbox_rows(page: Page) -> list[dict]:
    return page.evaluate("FlouriaOutbox.rows()")


def tip_titles(page: Page, local: bool) -> dict[str, list[str]]:
    root, shown = (
        ("#local-tips ", ".local-tips-list > details.tip")
        if local
        else ("", "#today-tips > details.tip")
    )
    gp = ".gp-reasons .gp-title" if local else ".gp-reasons h3"
    return {
        "gp": page.locator(root + gp).all_text_contents(),
        "shown": page.locator(root + shown + " .tip-title").all_text_contents(),
        "more": page.locator(root + ".more-tips .tip-title").all_text_contents(),
    }


def test_installable(new_context: Callable[..., BrowserContext], server: LiveServer) -> None:
    page = controlled(new_context(), server.url)
    cdp = page.context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert manifest["url"].endswith("/manifest.webmanifest")
    # the app is not installed, so no install prompt UI is forced; iOS help stays hidden here
    expect(page.locator("#ios-install")).to_be_hidden()
    expect(page.locator("#update-banner")).to_be_hidden()


def test_worker_controls_and_pages_open_offline(phone: Page, server: LiveServer) -> None:
    scope = phone.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert scope == server.url + "/"
    first_id = phone.input_value("#id")
    # a redirect is followed but never cached; private API answers are never cached
    phone.goto(server.url + "/dagboek")
    expect(phone).to_have_url(server.url + "/dagboek/")
    phone.goto(server.url + "/")
    cached = phone.evaluate(
        """async () => {
             const urls = [];
             for (const name of await caches.keys())
               for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
             return urls.map(u => new URL(u).pathname);
           }"""
    )
    assert {"/", "/dagboek/", "/offline", "/api/v1/rules"} <= set(cached)
    assert [p for p in cached if re.fullmatch(r"/static/js/outbox\.[0-9a-f]{12}\.js", p)]
    assert "/dagboek" not in cached
    assert not [u for u in cached if u.startswith(("/api/v1/checkins", "/api/v1/session"))]

    # The page's own start-up requests (the session check) finish first: one still in flight
    # when the network goes would reach the server after the mark.
    phone.wait_for_load_state("networkidle")
    phone.context.set_offline(True)
    went_offline(phone)
    mark = server.recorder.mark()
    phone.reload()
    expect(phone.get_by_role("heading", name="Goedemorgen")).to_be_visible()
    second_id = phone.input_value("#id")
    phone.reload()
    # a cached page never reuses an id: every load is a new check-in
    assert len({first_id, second_id, phone.input_value("#id")}) == 3
    today = datetime.now(AMSTERDAM).date()
    assert phone.input_value("#date") == today.isoformat()
    summary = phone.locator("details.when > summary").inner_text()
    assert str(today.day) in summary

    phone.goto(server.url + "/dagboek/")
    expect(phone.get_by_role("heading", name="Je dagboek")).to_be_visible()
    phone.goto(server.url + "/tips/alle")
    expect(phone.locator("details.tip").first).to_be_attached()
    phone.goto(server.url + "/profiel/")  # never visited: the offline page
    expect(phone.get_by_role("heading", name="Je bent offline")).to_be_visible()
    # HTML only for navigations: a missing file fails instead of getting a page
    failed = phone.evaluate(
        "fetch('/static/nope.css').then(r => 'answered ' + r.status, () => 'failed')"
    )
    assert failed == "failed"
    assert server.recorder.since(mark) == []  # nothing above reached the server


def test_offline_checkin_shows_tips_and_arrives_once(phone: Page, server: LiveServer) -> None:
    phone.context.set_offline(True)
    went_offline(phone)
    mark = server.recorder.mark()
    checkin_id = fill_checkin(phone)
    submit(phone)

    local = phone.locator("#local-tips")
    expect(local).to_be_visible()
    expect(phone.locator("form.checkin")).to_be_hidden()
    expect(local.locator("details.tip").first).to_be_visible()
    expect(badge(phone)).to_have_text(ONE_WAITING)
    # headless Chromium refuses persistent storage (docs/offline.md §2): the note says what that
    # means, next to the waiting check-in (not on top of every page)
    expect(phone.locator("#local-tips #storage-note")).to_be_visible()
    expect(phone.locator("#storage-hint")).to_be_hidden()
    assert phone.evaluate("FlouriaOutbox.getMeta('persist')") is False
    local_titles = tip_titles(phone, local=True)
    assert local_titles["shown"] and all(local_titles["shown"])
    first = local.locator(".local-tips-list > details.tip").first
    expect(first).to_have_attribute("open", "")
    expect(first.locator(".tip-sources cite").first).not_to_be_empty()

    phone.goto(server.url + "/dagboek/")  # the diary, offline, shows the waiting entry
    waiting = phone.locator("#waiting-entries")
    expect(waiting).to_be_visible()
    expect(waiting.locator("li.entry")).to_have_count(1)
    expect(waiting.locator(".entry-summary")).to_contain_text("Stijfheid 6, pijn 4")
    assert server.recorder.since(mark) == []  # offline means offline: not one request

    phone.context.set_offline(False)
    wait_until(lambda: server.rows(checkin_id) == 1)
    expect(badge(phone)).to_be_hidden()
    expect(phone.locator("#sent-status")).to_have_text(SENT)  # back online, it says so
    expect(waiting).to_be_hidden()
    assert len(server.recorder.puts(checkin_id, ok=True)) == 1
    stored = server.stored(checkin_id)
    assert stored is not None
    assert (stored["stiffness"], stored["pain"], stored["areas"]) == (6, 4, ["back"])
    assert (stored["cramp"], stored["cramp_when"], stored["cramp_where"]) == (
        True,
        ["night"],
        ["calf"],
    )
    assert stored["stiffness_minutes"] is None and stored["coffee"] is None  # not answered
    wait_until(lambda: phone.evaluate("FlouriaOutbox.mirror()"))

    # offline again: the cached diary is older than the entry, the phone's copy fills it in
    phone.context.set_offline(True)
    phone.reload()
    device = phone.locator("#device-entries")
    expect(device).to_be_visible()
    expect(device.locator("li.entry")).to_have_count(1)
    phone.context.set_offline(False)

    # the phone chose the same tips as the server does for that check-in
    phone.goto(server.url + f"/tips/{checkin_id}")
    expect(phone.get_by_role("heading", name="Vandaag voor jou")).to_be_visible()
    assert tip_titles(phone, local=False) == local_titles
    assert len(server.recorder.puts(checkin_id)) == 1


def test_online_checkin_goes_straight_to_the_tips(phone: Page, server: LiveServer) -> None:
    checkin_id = fill_checkin(phone)
    submit(phone)
    phone.wait_for_url(f"**/tips/{checkin_id}")
    expect(phone.locator("#today-tips > details.tip").first).to_be_visible()
    assert server.rows(checkin_id) == 1
    assert outbox_rows(phone) == []
    wait_until(lambda: phone.evaluate("FlouriaOutbox.mirror()"))  # the phone keeps a copy

    # deleted on the server: the phone's copy goes too, so the offline diary does not revive it
    phone.goto(server.url + f"/checkin/{checkin_id}/verwijderen")
    phone.get_by_role("button", name="Ja, verwijderen").click()
    expect(phone.get_by_role("heading", name="Je dagboek")).to_be_visible()
    assert server.rows(checkin_id) == 0
    assert phone.evaluate("FlouriaOutbox.mirror()") == []
    phone.context.set_offline(True)
    phone.reload()
    expect(phone.locator("#device-entries")).to_be_hidden()


def test_install_help(browser: Browser, server: LiveServer) -> None:
    """The install button waits for Chrome's prompt; iOS gets the share-sheet help until she
    hides it; an app already on the home screen shows neither."""
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
    )
    fake_prompt = """() => {
        const event = new Event('beforeinstallprompt', {cancelable: true});
        event.prompt = () => { window.prompted = true; };
        event.userChoice = Promise.resolve({outcome: 'accepted'});
        window.dispatchEvent(event);
        return event.defaultPrevented;
    }"""
    for user_agent, standalone in ((None, False), (iphone, False), (iphone, True)):
        context = browser.new_context(user_agent=user_agent, service_workers="block")
        if standalone:
            context.add_init_script("Object.defineProperty(navigator, 'standalone', {value: true})")
        page = context.new_page()
        page.goto(server.url + "/")
        page.wait_for_load_state("load")
        ios_help = page.locator("#ios-install")
        if user_agent and not standalone:
            expect(ios_help).to_be_visible()
            page.get_by_role("button", name="Begrepen, verberg dit").click()
            expect(ios_help).to_be_hidden()
            page.reload()
            page.wait_for_load_state("load")
            expect(ios_help).to_be_hidden()  # once hidden, it stays away
        else:
            expect(ios_help).to_be_hidden()
        if user_agent is None:
            button = page.locator("#install-button")
            expect(button).to_be_hidden()
            assert page.evaluate(fake_prompt) is True
            expect(button).to_be_visible()
            button.click()
            assert page.evaluate("window.prompted") is True
            expect(button).to_be_hidden()
        if standalone:
            page.evaluate(fake_prompt)
            expect(page.locator("#install-button")).to_be_hidden()
        context.close()


def test_503_keeps_the_entry_and_sends_it_later(phone: Page, server: LiveServer) -> None:
    server.recorder.refuse_puts(503)
    checkin_id = fill_checkin(phone)
    submit(phone)
    expect(phone.locator("#local-tips details.tip").first).to_be_visible()
    expect(badge(phone)).to_have_text(ONE_WAITING)
    assert server.rows(checkin_id) == 0
    assert server.recorder.puts(checkin_id) and not server.recorder.puts(checkin_id, ok=True)
    row = outbox_rows(phone)[0]
    assert row["id"] == checkin_id and row["attempts"] >= 1 and "error" not in row

    server.recorder.accept_puts()  # the next retry (backoff 2 s, 4 s, …) gets through
    wait_until(lambda: server.rows(checkin_id) == 1, timeout=20)
    expect(badge(phone)).to_be_hidden()
    assert len(server.recorder.puts(checkin_id, ok=True)) == 1


def test_the_same_entry_flushed_twice_is_one_row(phone: Page, server: LiveServer) -> None:
    checkin_id = str(uuid.uuid4())
    payload = {
        "id": checkin_id,
        "date": datetime.now(AMSTERDAM).date().isoformat(),
        "stiffness": 5,
        "pain": 3,
        "updated_at": datetime.now(UTC).isoformat(),
    }
    # two flushes in the page and the worker's Background Sync, all at once
    phone.evaluate(
        """async (p) => {
             await FlouriaOutbox.save(p);
             const reg = await navigator.serviceWorker.ready;
             await Promise.all([FlouriaOutbox.flush(), FlouriaOutbox.flush(),
                                reg.sync.register('flouria-outbox')]);
           }""",
        payload,
    )
    wait_until(lambda: server.rows(checkin_id) == 1)
    wait_until(lambda: outbox_rows(phone) == [])
    # every sender is done: both flushes were awaited, and the worker's sync event has ended
    wait_until(lambda: phone.evaluate(SYNC_TAGS) == [])
    assert len(server.recorder.puts(checkin_id, ok=True)) == 1

    # and the server itself: the same PUT replayed twice at once is still one row
    statuses = phone.evaluate(
        """async (p) => {
             const {csrf_token} = await (await fetch('/api/v1/session')).json();
             const put = () => fetch('/api/v1/checkins/' + p.id, {method: 'PUT',
               headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrf_token},
               body: JSON.stringify(p)}).then(r => r.status);
             return Promise.all([put(), put()]);
           }""",
        payload,
    )
    assert statuses == [200, 200]
    assert server.rows(checkin_id) == 1


def test_a_4xx_is_shown_and_kept_in_the_diary(phone: Page, server: LiveServer) -> None:
    phone.locator("details.when > summary").click()
    future = (datetime.now(AMSTERDAM).date() + timedelta(days=3)).isoformat()
    phone.fill("#date", future)
    checkin_id = fill_checkin(phone)
    submit(phone)

    error = phone.locator("#date-error")
    expect(error).to_have_text("Deze datum ligt in de toekomst.")
    expect(phone.locator(".question.invalid #date")).to_have_attribute("aria-invalid", "true")
    expect(phone.locator(".error-summary")).to_be_visible()
    expect(phone.locator("form.checkin")).to_be_visible()
    expect(badge(phone)).to_have_text(ONE_REFUSED)
    [row] = outbox_rows(phone)
    assert row["id"] == checkin_id
    assert row["error"] == {"date": "Deze datum ligt in de toekomst."}

    # fixed and sent again: the same form keeps its id, the row is replaced, then sent
    phone.fill("#date", datetime.now(AMSTERDAM).date().isoformat())
    submit(phone)
    phone.wait_for_url(f"**/tips/{checkin_id}")
    assert server.rows(checkin_id) == 1

    # a payload the server refuses (forced into the outbox) waits in the diary with its message,
    # apart from the ones waiting for the network
    bad_id = str(uuid.uuid4())
    phone.evaluate(
        """async (p) => { await FlouriaOutbox.save(p); await FlouriaOutbox.flush(); }""",
        {
            "id": bad_id,
            "date": datetime.now(AMSTERDAM).date().isoformat(),
            "stiffness": 99,
            "updated_at": datetime.now(UTC).isoformat(),
        },
    )
    phone.goto(server.url + "/dagboek/")
    entry = phone.locator("#refused-entries li.entry.has-error")
    expect(entry).to_have_count(1)
    expect(entry.locator(".entry-status")).to_contain_text(
        "Kies een heel getal van 0 tot en met 10."
    )
    expect(phone.locator("#waiting-entries")).to_be_hidden()
    expect(badge(phone)).to_have_text(ONE_REFUSED)
    assert server.rows(bad_id) == 0
    # refused once; the same payload is not sent again until she fixes it
    assert server.recorder.puts(bad_id) == [400]


def test_a_4xx_without_a_field_goes_to_the_summary(phone: Page, server: LiveServer) -> None:
    errors = {"stiffness": "Kies een heel getal van 0 tot en met 10.", "id": "Dit id klopt niet."}
    server.recorder.refuse_puts(400, {"errors": errors})
    checkin_id = fill_checkin(phone)
    submit(phone)
    expect(phone.locator("#stiffness-error")).to_have_text(errors["stiffness"])
    fieldset = phone.locator("fieldset.question.invalid:has(#stiffness-0)")
    expect(fieldset).to_have_attribute("aria-describedby", "stiffness-error")
    summary = phone.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("li")).to_have_text([errors["id"]])
    assert outbox_rows(phone)[0]["error"] == errors

    server.recorder.accept_puts()  # the same form sent again: the errors go, the entry arrives
    submit(phone)
    phone.wait_for_url(f"**/tips/{checkin_id}")
    assert server.rows(checkin_id) == 1
    assert outbox_rows(phone) == []


def test_update_banner_activates_the_new_version(phone: Page, server: LiveServer) -> None:
    [old] = phone.evaluate("caches.keys()")
    assert old.startswith("flouria-")
    expect(phone.locator("#update-banner")).to_be_hidden()

    server.app.config["SW_VERSION_SALT"] = "-next"
    phone.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    banner = phone.locator("#update-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Nieuwe versie beschikbaar — vernieuwen")
    # waiting, not active: the old cache still serves until she taps
    assert phone.evaluate("navigator.serviceWorker.getRegistration().then(r => !!r.waiting)")

    with phone.expect_event("load"):
        phone.locator("#update-button").click()
    wait_until(lambda: phone.evaluate("caches.keys()") == [old + "-next"])
    expect(phone.locator("#update-banner")).to_be_hidden()
    assert phone.evaluate("navigator.serviceWorker.controller !== null")


def test_without_sync_manager_the_page_retries(
    new_context: Callable[..., BrowserContext], server: LiveServer
) -> None:
    context = new_context(init_script="delete window.SyncManager;")
    phone = controlled(context, server.url)
    assert phone.evaluate("'SyncManager' in window") is False

    context.set_offline(True)
    checkin_id = fill_checkin(phone)
    submit(phone)
    expect(phone.locator("#local-tips details.tip").first).to_be_visible()
    expect(badge(phone)).to_have_text(ONE_WAITING)
    tags = phone.evaluate("navigator.serviceWorker.ready.then(r => r.sync.getTags())")
    assert tags == []  # no Background Sync: the page itself must send it

    # the first attempt after reconnecting fails (docs/offline.md §6); the backoff sends it anyway
    server.recorder.refuse_puts(503, times=1)
    context.set_offline(False)
    wait_until(lambda: server.rows(checkin_id) == 1, timeout=20)
    expect(badge(phone)).to_be_hidden()
    assert server.recorder.puts(checkin_id) == [503, 201]


def test_a_deleted_check_in_never_comes_back_and_leaves_every_copy(
    phone: Page, server: LiveServer
) -> None:
    checkin_id = str(uuid.uuid4())
    payload = {
        "id": checkin_id,
        "date": datetime.now(AMSTERDAM).date().isoformat(),
        "stiffness": 5,
        "pain": 0,
        "updated_at": (datetime.now(UTC) - timedelta(minutes=1)).isoformat(),
    }
    phone.evaluate(
        "async (p) => { await FlouriaOutbox.save(p); await FlouriaOutbox.flush(); }", payload
    )
    wait_until(lambda: server.rows(checkin_id) == 1)
    wait_until(lambda: any(c["id"] == checkin_id for c in phone.evaluate("FlouriaOutbox.mirror()")))
    # Deleted elsewhere (another device, with its own request): this device does not know yet.
    status = phone.evaluate(
        """async (id) => {
             const {csrf_token} = await (await fetch('/api/v1/session')).json();
             const r = await fetch('/api/v1/checkins/' + id,
               {method: 'DELETE', headers: {'X-CSRFToken': csrf_token}});
             return r.status;
           }""",
        checkin_id,
    )
    assert status == 204 and server.rows(checkin_id) == 0
    # A late copy from this device's outbox, edited before it heard of the delete.
    older = {**payload, "stiffness": 6, "updated_at": datetime.now(UTC).isoformat()}
    phone.evaluate(
        "async (p) => { await FlouriaOutbox.save(p); await FlouriaOutbox.flush(); }", older
    )
    wait_until(lambda: outbox_rows(phone) == [])
    assert server.rows(checkin_id) == 0
    assert server.recorder.puts(checkin_id)[-1] == 410
    phone.evaluate("FlouriaOutbox.pull(true)")
    wait_until(lambda: all(c["id"] != checkin_id for c in phone.evaluate("FlouriaOutbox.mirror()")))


def test_another_devices_delete_reaches_this_devices_offline_copy(
    phone: Page, server: LiveServer
) -> None:
    kept, gone = str(uuid.uuid4()), str(uuid.uuid4())
    today = datetime.now(AMSTERDAM).date().isoformat()
    for checkin_id in (kept, gone):
        payload = {"id": checkin_id, "date": today, "stiffness": 2, "pain": 0}
        phone.evaluate(
            "async (p) => { await FlouriaOutbox.save(p); await FlouriaOutbox.flush(); }", payload
        )
    phone.evaluate("FlouriaOutbox.pull(true)")
    mirror = lambda: {c["id"] for c in phone.evaluate("FlouriaOutbox.mirror()")}  # noqa: E731
    wait_until(lambda: {kept, gone} <= mirror())
    phone.evaluate(
        """async (id) => {
             const {csrf_token} = await (await fetch('/api/v1/session')).json();
             await fetch('/api/v1/checkins/' + id,
               {method: 'DELETE', headers: {'X-CSRFToken': csrf_token}});
           }""",
        gone,
    )
    phone.evaluate("FlouriaOutbox.pull(true)")  # an incremental pull: since the last one
    wait_until(lambda: gone not in mirror())
    assert kept in mirror()


def test_offline_sudden_weakness_shows_only_the_call_now_card(
    phone: Page, server: LiveServer
) -> None:
    """docs/rules.md §9 offline too: the urgency first, 112, no self-care tips, the safety line."""
    phone.context.set_offline(True)
    went_offline(phone)
    checkin_id = fill_checkin(phone)
    phone.locator("details.more:has(#strength_loss-0) > summary").click()
    phone.locator("label.chip:has(#strength_loss-3)").click()
    submit(phone)
    local = phone.locator("#local-tips")
    card = local.locator(".gp-card")
    expect(card).to_have_class(re.compile(r"\burgency-now\b"))
    expect(card.locator("h2")).to_contain_text("Bel nu je huisarts")
    expect(card.locator(".urgency-sentence")).to_contain_text("112")
    expect(card.locator(".urgency-sentence")).to_contain_text("huisartsenpost")
    expect(card.locator(".gp-title")).to_have_text(["Plotseling minder kracht"])
    expect(local.locator("details.tip")).to_have_count(0)
    expect(local.locator(".safety-line")).to_contain_text("stelt geen diagnose")

    phone.context.set_offline(False)
    wait_until(lambda: server.rows(checkin_id) == 1)
    phone.goto(server.url + f"/tips/{checkin_id}")
    online = phone.locator(".gp-card")
    expect(online).to_have_class(re.compile(r"\burgency-now\b"))
    expect(online.locator("h3")).to_have_text(["Plotseling minder kracht"])
    expect(phone.locator("details.tip")).to_have_count(0)
