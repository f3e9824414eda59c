"""What she took, in a real browser at 390 px: a medicine from her own list in two taps after
the two required answers, and "Hielp het?" answered on her next visit (issue 15)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def _checkins(page: Page, live_server: str) -> list[dict]:
    response = page.request.get(live_server + "/api/v1/checkins")
    assert response.ok
    return response.json()["checkins"]


def _answer_the_two_questions(page: Page) -> None:
    page.get_by_role("group", name="Hoe stijf voel je je?").get_by_text("3", exact=True).click()
    page.get_by_role("group", name="Hoeveel pijn heb je?").get_by_text("2", exact=True).click()


def test_a_medicine_from_her_list_in_two_taps_and_did_it_help(
    phone: Page, live_server: str
) -> None:
    phone.goto(live_server + "/profiel")
    mine = phone.locator("#my-medicines")
    mine.get_by_label("Medicijn").first.fill("paracetamol")
    mine.get_by_label("Gewone dosis").first.fill("500 mg")
    phone.get_by_role("button", name="Bewaren").click()
    expect(phone.get_by_text("Je gegevens zijn bewaard.")).to_be_visible()

    phone.goto(live_server + "/")
    medicines = phone.get_by_role("group", name="Wat heb je genomen?")
    expect(medicines).to_be_visible()
    _no_sideways_scroll(phone)
    _answer_the_two_questions(phone)
    medicines.get_by_text("paracetamol 500 mg", exact=True).click()  # tap 1
    phone.get_by_role("button", name="Opslaan en tips bekijken").click()  # tap 2
    expect(phone.get_by_role("heading", name="Vandaag voor jou")).to_be_visible()
    [entry] = _checkins(phone, live_server)
    [taken] = entry["medicines_taken"]
    assert taken["name"] == "paracetamol" and taken["dose"] == "500 mg" and taken["count"] == 1
    assert re.fullmatch(r"[0-2][0-9]:[0-5][0-9]", taken["time"])
    assert taken["as_needed"] is False and taken["effect"] is None

    # Another check-in: the same medicine, now as needed (its details open once ticked).
    phone.goto(live_server + "/")
    medicines = phone.get_by_role("group", name="Wat heb je genomen?")
    as_needed = medicines.locator(".med-row.pick").get_by_text("Zo nodig")
    expect(as_needed).to_be_hidden()
    _answer_the_two_questions(phone)
    medicines.get_by_text("paracetamol 500 mg", exact=True).click()
    as_needed.click()
    _no_sideways_scroll(phone)
    phone.get_by_role("button", name="Opslaan en tips bekijken").click()
    expect(phone.get_by_role("heading", name="Vandaag voor jou")).to_be_visible()

    # Her next visit asks whether it helped; once answered it is not asked again.
    phone.goto(live_server + "/")
    question = phone.locator("form.helped")
    expect(question).to_have_count(1)
    expect(question.get_by_role("group")).to_contain_text("Hielp het? paracetamol 500 mg")
    _no_sideways_scroll(phone)
    question.get_by_text("6", exact=True).click()
    question.get_by_role("button", name="Bewaren").click()
    expect(phone.get_by_text("Dank je. Je antwoord is bewaard.")).to_be_visible()
    expect(phone.locator("form.helped")).to_have_count(0)
    effects = sorted(
        (m["as_needed"], m["effect"])
        for e in _checkins(phone, live_server)
        for m in e["medicines_taken"]
    )
    assert effects == [(False, None), (True, 6)]


def test_a_new_medicine_typed_in_and_a_row_added(phone: Page, live_server: str) -> None:
    phone.goto(live_server + "/welkom")
    phone.get_by_role("button", name="Opslaan en beginnen").click()
    medicines = phone.get_by_role("group", name="Wat heb je genomen?")
    names = medicines.get_by_label("Ander medicijn")
    expect(names).to_have_count(2)
    expect(names.nth(1)).to_be_hidden()  # the script shows one empty row, and a button for more
    _answer_the_two_questions(phone)
    names.first.fill("magnesium")
    medicines.get_by_role("button", name="Nog een medicijn").click()
    expect(names.nth(1)).to_be_visible()
    names.nth(1).fill("ibuprofen")
    medicines.get_by_label("Dosis").nth(1).fill("200 mg")
    phone.get_by_role("button", name="Opslaan en tips bekijken").click()
    expect(phone.get_by_role("heading", name="Vandaag voor jou")).to_be_visible()
    [entry] = _checkins(phone, live_server)
    assert [(m["name"], m["dose"]) for m in entry["medicines_taken"]] == [
        ("magnesium", ""),
        ("ibuprofen", "200 mg"),
    ]
