"""A person on a phone fills the morning check-in and reads her tips."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_check_in_on_a_phone_and_read_the_tips(phone: Page, live_server: str) -> None:
    phone.goto(live_server + "/")
    expect(phone.get_by_role("heading", name="Welkom bij Flouria")).to_be_visible()
    phone.get_by_role("link", name="Ja, eerst een paar vragen").click()
    phone.get_by_label("Ik zit in de perimenopauze").check()
    phone.get_by_role("button", name="Opslaan en beginnen").click()

    expect(phone.get_by_role("heading", name="Goedemorgen")).to_be_visible()
    stiffness = phone.get_by_role("group", name="Hoe stijf voel je je?")
    stiffness.get_by_text("6", exact=True).click()
    phone.get_by_role("group", name="Waar?").get_by_text("Rug", exact=True).click()
    phone.get_by_role("group", name="Hoeveel pijn heb je?").get_by_text("4", exact=True).click()

    cramp_where = phone.get_by_role("group", name="Waar had je kramp?")
    expect(cramp_where).to_be_hidden()
    phone.get_by_text("Ik had kramp").click()
    expect(cramp_where).to_be_visible()
    cramp_where.get_by_text("Kuit", exact=True).click()
    phone.get_by_role("group", name="Wanneer had je kramp?").get_by_text("'s Nachts").click()

    phone.get_by_role("button", name="Opslaan en tips bekijken").click()

    expect(phone.get_by_role("heading", name="Vandaag voor jou")).to_be_visible()
    tips = phone.locator("#today-tips > details.tip")
    expect(tips.first).to_be_visible()
    assert tips.count() == 3  # the display cap: three tips on screen, the rest folded away
    first = tips.first
    expect(first).to_have_attribute("open", "")
    expect(first.locator(".sources")).to_contain_text("Bron")

    more = phone.locator("details.more-tips")
    more.locator(":scope > summary").click()
    expect(more.locator("details.tip").first).to_be_visible()

    phone.get_by_role("link", name="Dagboek").click()
    expect(phone.get_by_role("heading", name="Je dagboek")).to_be_visible()
    expect(phone.get_by_role("img", name="Stijfheid en pijn per dag")).to_be_visible()


def test_tap_targets_are_at_least_44_px(phone: Page, live_server: str) -> None:
    phone.goto(live_server + "/welkom")
    phone.get_by_role("button", name="Opslaan en beginnen").click()
    expect(phone.get_by_role("heading", name="Goedemorgen")).to_be_visible()
    phone.wait_for_load_state("load")  # measure with the stylesheet applied
    small = phone.evaluate(
        """() => [...document.querySelectorAll('.chip span, .switch, button, .tabs a, summary')]
              .filter(el => el.offsetParent !== null)
              .map(el => { const r = el.getBoundingClientRect();
                           return {text: el.textContent.trim(), w: r.width, h: r.height}; })
              .filter(r => r.w < 44 || r.h < 44)"""
    )
    assert small == []


def test_pages_fit_a_phone_at_200_percent_text(phone: Page, live_server: str) -> None:
    """Large text wraps; nothing makes the page scroll sideways (WCAG 1.4.4 and 1.4.10)."""
    phone.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => "
        "document.documentElement.style.fontSize = '200%')"
    )
    phone.goto(live_server + "/welkom")
    phone.get_by_role("button", name="Opslaan en beginnen").click()
    phone.get_by_role("group", name="Hoe stijf voel je je?").get_by_text("5", exact=True).click()
    phone.get_by_role("button", name="Opslaan en tips bekijken").click()
    pages = (
        *("/", "/tips/", "/tips/alle", "/dagboek/", "/profiel", "/welkom", "/rapport"),
        *("/gegevens/", "/gegevens/wissen", "/privacy"),
        *("/account/bewaren", "/account/inloggen", "/account/herstellen"),
    )
    for path in pages:
        phone.goto(live_server + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways at 200% text ({width}px)"
    phone.goto(live_server + "/account/bewaren")
    phone.get_by_label("Gebruikersnaam of e-mailadres").fill(
        "groot-" + phone.input_value("#csrf_token")[:6]
    )
    phone.get_by_label("Wachtwoord", exact=True).fill("lange zomeravond")
    phone.get_by_label("Wachtwoord nog een keer").fill("lange zomeravond")
    phone.get_by_role("button", name="Bewaar mijn dagboek").click()
    phone.wait_for_selector("ol.codes")
    for _ in ("codes page", "/account"):
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{phone.url} scrolls sideways at 200% text ({width}px)"
        phone.goto(live_server + "/account")


def test_no_request_ever_leaves_the_origin(phone: Page, live_server: str) -> None:
    """Not a font, not an image, not a beacon: every request goes to Flouria itself."""
    requests: list[str] = []
    phone.on("request", lambda request: requests.append(request.url))
    phone.goto(live_server + "/welkom")
    phone.get_by_role("button", name="Opslaan en beginnen").click()
    phone.get_by_role("group", name="Hoe stijf voel je je?").get_by_text("3", exact=True).click()
    phone.get_by_role("group", name="Hoeveel pijn heb je?").get_by_text("0", exact=True).click()
    phone.get_by_role("button", name="Opslaan en tips bekijken").click()
    phone.wait_for_url("**/tips/*")
    for path in ("/tips/alle", "/dagboek/", "/rapport", "/gegevens/", "/privacy", "/profiel"):
        phone.goto(live_server + path)
        phone.wait_for_load_state("networkidle")
    assert requests and all(url.startswith((live_server + "/", "data:")) for url in requests), [
        u for u in requests if not u.startswith(live_server)
    ]
