"""The body outline of the check-in (issue 15) in Chromium the size of a phone (390 px): two spots
chosen with the keyboard alone (each spot a checkbox named "knie links", the focused dot outlined),
saved and shown in the diary; axe-core finds no WCAG 2.2 AA violation and nothing scrolls
sideways, at 100 % and 200 % text.

With FLOURIA_SCREENSHOTS set to a folder, the outline is photographed there at 390×844 (for a
person to look at: is left and right clear?)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect
from pwa_helpers import DUTCH
from pwa_helpers import PHONE
from pwa_helpers import violations

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get("FLOURIA_SCREENSHOTS")


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def dot_outline(page: Page) -> float:
    """The outline width of the dot drawn for the focused spot (the checkbox itself is hidden)."""
    return page.evaluate(
        """() => { const el = document.activeElement;
                   const style = getComputedStyle(el.nextElementSibling);
                   return style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth); }"""
    )


def shoot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.locator("details.body-map").screenshot(path=str(Path(SHOTS) / f"{name}.png"))
        page.screenshot(path=str(Path(SHOTS) / f"{name}-screen.png"))


def test_two_spots_with_the_keyboard_alone(browser: Browser, live_server: str) -> None:
    context = browser.new_context(**DUTCH, **PHONE, service_workers="block")
    page = context.new_page()
    page.goto(live_server + "/welkom")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="Goedemorgen")).to_be_visible()
    page.wait_for_load_state("load")

    drawing = page.locator("details.body-map")
    expect(drawing).not_to_have_attribute("open", "")
    tab_to(page, "details.body-map > summary")
    page.keyboard.press("Enter")
    expect(drawing).to_have_attribute("open", "")
    expect(page.get_by_text("Links op de tekening is altijd jouw linkerkant.")).to_be_visible()

    tab_to(page, "input[name=spots][value=knee_left]")
    assert dot_outline(page) >= 2
    page.keyboard.press("Space")
    tab_to(page, "input[name=spots][value=lower_back]")
    assert dot_outline(page) >= 2
    page.keyboard.press("Space")
    # what a screen reader hears: each spot is a checkbox with its own name
    expect(page.get_by_role("checkbox", name="knie links", exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name="onderrug", exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name="knie rechts", exact=True)).not_to_be_checked()
    expect(page.get_by_role("group", name="Voorkant, zoals in de spiegel")).to_be_visible()
    shoot(page, "body-map-100")

    # the left knee sits left on the screen, the right one right of it
    left = page.locator("label.spot-knee_left").bounding_box()
    right = page.locator("label.spot-knee_right").bounding_box()
    assert left and right and left["x"] + left["width"] <= right["x"]

    page.locator("label.chip:has(#stiffness-3)").click()
    page.locator("label.chip:has(#pain-2)").click()
    page.get_by_role("button", name="Opslaan en tips bekijken").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Goedemorgen")
    page.goto(live_server + "/dagboek/")
    expect(page.locator("li.entry").first).to_contain_text("onderrug, knie links")
    context.close()


@pytest.mark.parametrize("text_size", ["100%", "200%"])
def test_the_body_outline_is_accessible_at_390_px(
    browser: Browser, live_server: str, text_size: str
) -> None:
    context = browser.new_context(**DUTCH, **PHONE, service_workers="block")
    page = context.new_page()
    page.goto(live_server + "/welkom")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="Goedemorgen")).to_be_visible()
    page.locator("details.body-map > summary").click()
    page.locator("label.spot-hip_left").click()  # a tap on the dot ticks the spot
    expect(page.get_by_role("checkbox", name="heup links", exact=True)).to_be_checked()
    found = violations(page, text_size)  # opens every <details>
    page.locator("details.body-map > summary").scroll_into_view_if_needed()
    shoot(page, f"body-map-{text_size.rstrip('%')}-text")
    context.close()
    assert found == []
