"""The report for the GP on paper: A4 from the page's own @page rule, black and white, no menus."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from helpers import checkin_form
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect
from pwa_helpers import DUTCH
from pypdf import PdfReader

from flouria_pwa.dates import today

pytestmark = pytest.mark.e2e

A4 = (595.28, 841.89)  # points
NOTE = "Kuit deed pijn na het fietsen"


@pytest.fixture
def desk(browser: Browser) -> Iterator[Page]:
    """A fresh, private desktop browser in Dutch (reports are printed from a computer too)."""
    context = browser.new_context(
        **DUTCH, viewport={"width": 1000, "height": 900}, service_workers="block"
    )
    page = context.new_page()
    yield page
    context.close()


def _check_in(page: Page, live_server: str, days_ago: int, **fields: Any) -> None:
    """Post a check-in the way the form does, with this browser's cookies and CSRF token."""
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    date = (today() - timedelta(days=days_ago)).isoformat()
    form = checkin_form(csrf_token=token, date=date, time="08:00", **fields)
    response = page.request.post(
        live_server + "/",
        data=urlencode(form, doseq=True),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        max_redirects=0,
    )
    assert response.status == 303, response.text()


def _diary(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    _check_in(page, live_server, 20, stiffness="3", pain="2", stiffness_minutes="20")
    _check_in(page, live_server, 9, stiffness="6", pain="4", cramp="y", cramp_when=["night"])
    _check_in(page, live_server, 4, stiffness="5", pain="8", swelling="y", note=NOTE)
    _check_in(page, live_server, 1, stiffness="4", pain="3", stiffness_minutes="45")


def test_the_report_prints_on_a4_without_the_menus(desk: Page, live_server: str) -> None:
    _diary(desk, live_server)
    desk.goto(live_server + "/rapport")
    expect(desk.get_by_role("heading", level=1)).to_have_text(
        "Rapport voor je huisarts of fysiotherapeut"
    )
    pdf = desk.pdf(prefer_css_page_size=True, print_background=False)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    for sheet in reader.pages:
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert abs(width - A4[0]) <= 2 and abs(height - A4[1]) <= 2, (width, height)
    raw = " ".join(sheet.extract_text() for sheet in reader.pages)
    text = " ".join(unicodedata.normalize("NFKC", raw).split())  # "ﬁ" ligatures become "fi"
    for heading in (
        "Rapport voor je huisarts of fysiotherapeut",
        "Stijfheid en pijn",
        "Nachten met kramp",
        "Momenten om met je huisarts te bespreken",
        "Notities",
        NOTE,
        "Laat de zwelling nakijken",
    ):
        assert heading in text, heading
    menus = ("Dagboek", "Tips", "Naar de inhoud", "Je gegevens", "Inloggen", "Privacy")
    controls = ("Bewaar als PDF of print", "Toon rapport", "menu van je browser")
    for screen_only in (*menus, *controls):
        assert screen_only not in text, screen_only


def test_print_styles_hide_the_menus_and_keep_the_series_apart(
    desk: Page, live_server: str
) -> None:
    _diary(desk, live_server)
    desk.goto(live_server + "/rapport")
    button = desk.get_by_role("button", name="Bewaar als PDF of print")
    expect(button).to_be_visible()  # JavaScript shows it, and hides the "use the menu" hint
    expect(desk.locator("#print-hint")).to_be_hidden()
    desk.evaluate("window.print = () => { window.__printed = true; }")
    button.click()
    assert desk.evaluate("window.__printed === true")

    desk.emulate_media(media="print")
    for selector in ("nav.tabs", "header.top", "#install-area", "form.report-period", "footer"):
        expect(desk.locator(selector)).to_be_hidden()
    expect(button).to_be_hidden()
    expect(desk.locator("svg.report-chart")).to_be_visible()
    style = desk.evaluate(
        """() => ['stiffness', 'pain'].map(s => {
             const c = getComputedStyle(document.querySelector('.report-chart .line.' + s));
             return {dash: c.strokeDasharray, stroke: c.stroke};
           })"""
    )
    stiffness, pain = style
    assert stiffness["dash"] != pain["dash"], style
    for series in style:  # black and grey only: no colour carries meaning on paper
        red, green, blue = (int(v) for v in series["stroke"][4:-1].split(","))
        assert red == green == blue, style
    color = desk.evaluate("getComputedStyle(document.querySelector('h1')).color")
    assert color == "rgb(0, 0, 0)"


def test_without_javascript_the_page_explains_the_print_menu(
    browser: Browser, live_server: str
) -> None:
    context = browser.new_context(**DUTCH, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/rapport")
    expect(page.locator("#print-hint")).to_be_visible()
    expect(page.locator("#print-hint")).to_contain_text("menu van je browser")
    expect(page.locator("#print-button")).to_be_hidden()
    context.close()


def test_on_a_phone_the_report_opens_with_the_summary_and_prints_every_column(
    phone: Page, live_server: str
) -> None:
    """Issue 11, item 5, at 390 px: the summary first, the day table after it (a quiet stretch
    as one row), nothing wider than the screen, and on A4 every column of the day table."""
    phone.goto(live_server + "/")
    for days_ago in (12, 11, 10):  # three quiet days in a row: one row
        _check_in(phone, live_server, days_ago, stiffness="2", pain="1")
    _check_in(
        phone,
        live_server,
        3,
        stiffness="7",
        pain="6",
        areas=["back"],
        numbness="y",
        sleep="poor",
        cramp="y",
        cramp_when=["night"],
        cramp_count="2",
    )
    phone.goto(live_server + "/rapport")
    headings = phone.locator("h2").all_inner_texts()
    assert headings.index("In het kort") < headings.index("Dag voor dag")
    assert headings.index("In het kort") < headings.index(
        "Momenten om met je huisarts te bespreken"
    )
    wide = phone.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, wide  # wide tables scroll in their own box, the page does not
    days = phone.get_by_role("region", name="Wat je invulde, dag voor dag")
    expect(days).to_be_visible()
    expect(days.locator("tbody tr")).to_have_count(2)
    expect(days.locator("tbody tr").first).to_contain_text("(3 dagen)")
    pdf = phone.pdf(prefer_css_page_size=True, print_background=False)
    reader = PdfReader(io.BytesIO(pdf))
    for sheet in reader.pages:
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert abs(width - A4[0]) <= 2 and abs(height - A4[1]) <= 2, (width, height)
    raw = " ".join(sheet.extract_text() for sheet in reader.pages)
    text = " ".join(unicodedata.normalize("NFKC", raw).split())
    assert text.index("In het kort") < text.index("Dag voor dag")
    for cell in ("Signalen", "Belemmert", "Kramp", "doof gevoel of tintelingen", "(2×)", "3 dagen"):
        assert cell in text, cell
