"""Several check-ins a day, visibly (issue 15, part 4): the diary puts a day's check-ins under one
heading with their times, the check-in page says which check-in of the day this is, and an
evening entry's questions ask about today instead of yesterday."""

from __future__ import annotations

import re
from datetime import datetime
from datetime import time
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import checkin_form

from flouria_pwa import checkin
from flouria_pwa import diary
from flouria_pwa.dates import today
from flouria_pwa.forms import EVENING_FROM
from flouria_pwa.forms import is_evening

pytestmark = pytest.mark.database


def _entries_text(page: str) -> str:
    """The diary's own list (after its heading), tags dropped, whitespace squeezed."""
    part = page[page.index('id="entries-title"') :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part))


def test_two_check_ins_of_one_day_share_one_heading_with_both_times(
    profiled: FlaskClient,
) -> None:
    day = today() - timedelta(days=1)
    for at, stiffness, pain in (("08:10", "6", "4"), ("19:45", "3", "2")):
        profiled.post(
            "/",
            data=checkin_form(date=day.isoformat(), time=at, stiffness=stiffness, pain=pain),
        )
    profiled.post("/", data=checkin_form(date=day.isoformat(), time="", stiffness="1"))
    page = profiled.get("/dagboek/").get_data(as_text=True)
    assert page.count(f'id="day-{day.isoformat()}"') == 1
    assert page.count('class="day"') == 1
    text = _entries_text(page)
    # newest first, like the page; the one without a time after the timed ones, and says so
    evening = text.index("19:45 · Stijfheid 3, pijn 2")
    morning = text.index("08:10 · Stijfheid 6, pijn 4")
    untimed = text.index("zonder tijd · Stijfheid 1, pijn 0")
    assert evening < morning < untimed
    assert page.count("data-checkin-id=") == 3


def test_days_of_one_week_get_a_heading_each(profiled: FlaskClient) -> None:
    monday = today() - timedelta(days=today().weekday() + 7)
    for offset in (0, 1):
        profiled.post("/", data=checkin_form(date=(monday + timedelta(days=offset)).isoformat()))
    page = profiled.get("/dagboek/").get_data(as_text=True)
    assert page.count('class="week"') == 1 and page.count('class="day"') == 2


def test_a_day_split_over_two_pages_says_so_on_both(
    profiled: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(diary, "PAGE_SIZE", 3)
    day = today() - timedelta(days=2)
    profiled.post("/", data=checkin_form(date=today().isoformat(), time="07:00"))
    profiled.post("/", data=checkin_form(date=today().isoformat(), time="09:00"))
    for at in ("08:00", "12:00", "18:00"):
        profiled.post("/", data=checkin_form(date=day.isoformat(), time=at))
    first = _entries_text(profiled.get("/dagboek/").get_data(as_text=True))
    second = _entries_text(profiled.get("/dagboek/?pagina=2").get_data(as_text=True))
    later = "De latere check-ins van deze dag staan op de pagina hiervoor."
    earlier = "De eerdere check-ins van deze dag staan op de volgende pagina."
    assert "18:00" in first and "12:00" not in first and earlier in first and later not in first
    assert "12:00" in second and "08:00" in second and later in second and earlier not in second


def test_a_day_that_ends_exactly_at_the_page_end_is_not_called_split(
    profiled: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(diary, "PAGE_SIZE", 2)
    profiled.post("/", data=checkin_form(date=today().isoformat(), time="07:00"))
    profiled.post("/", data=checkin_form(date=today().isoformat(), time="09:00"))
    profiled.post("/", data=checkin_form(date=(today() - timedelta(days=1)).isoformat()))
    for url in ("/dagboek/", "/dagboek/?pagina=2"):
        page = profiled.get(url).get_data(as_text=True)
        assert "day-split" not in page


def _heading(page: str) -> str:
    match = re.search(r'<h2 id="another-title"[^>]*>([^<]*)</h2>', page)
    assert match is not None
    return match.group(1)


def test_the_heading_says_which_check_in_of_the_day_this_is(profiled: FlaskClient) -> None:
    first = profiled.get("/").get_data(as_text=True)
    assert 'id="another-title" class="another-title" hidden' in first
    said = []
    ids = []
    for _ in range(4):
        form = checkin_form()
        ids.append(form["id"])
        profiled.post("/", data=form)
        page = profiled.get("/").get_data(as_text=True)
        said.append(_heading(page))
        assert f'data-ids="{" ".join(reversed(ids))}"' in page or set(
            re.search(r'data-ids="([^"]*)"', page).group(1).split()  # type: ignore[union-attr]
        ) == set(ids)
    assert said == [
        "Tweede check-in vandaag",
        "Derde check-in vandaag",
        "Nog een check-in vandaag",
        "Nog een check-in vandaag",
    ]
    assert 'data-second="Tweede check-in vandaag"' in page
    assert 'data-third="Derde check-in vandaag"' in page
    assert 'data-more="Nog een check-in vandaag"' in page


def test_yesterdays_check_ins_do_not_count_for_today(profiled: FlaskClient) -> None:
    profiled.post("/", data=checkin_form(date=(today() - timedelta(days=1)).isoformat()))
    page = profiled.get("/").get_data(as_text=True)
    assert 'id="another-title" class="another-title" hidden' in page


def test_evening_starts_at_its_parameter() -> None:
    assert EVENING_FROM == time(18, 0)
    assert not is_evening(None)
    assert not is_evening(time(17, 59))
    assert is_evening(time(18, 0)) and is_evening(time(19, 30))


EVENING_WORDS = (
    "Hoeveel heb je vandaag gedronken?",
    "Hoeveel heb je vandaag bewogen?",
    "Ik heb vandaag lang stilgezeten",
    "Ik heb vandaag alcohol gedronken",
    "Koppen koffie vandaag",
)
MORNING_WORDS = tuple(w.replace("vandaag", "gisteren") for w in EVENING_WORDS)


def _labels(page: str) -> str:
    """The form's answers without its data-* (which hold both wordings)."""
    return page[page.index('name="id"') :]


@pytest.mark.parametrize(
    ("at", "words", "not_words"),
    [
        ("19:30", EVENING_WORDS, MORNING_WORDS),
        ("08:00", MORNING_WORDS, EVENING_WORDS),
    ],
)
def test_an_entrys_time_chooses_yesterday_or_today(
    profiled: FlaskClient, at: str, words: tuple[str, ...], not_words: tuple[str, ...]
) -> None:
    form = checkin_form(time=at)
    profiled.post("/", data=form)
    edit = _labels(profiled.get(f"/checkin/{form['id']}").get_data(as_text=True))
    refused = _labels(
        profiled.post("/", data=checkin_form(time=at, stiffness="")).get_data(as_text=True)
    )
    for page in (edit, refused):
        assert all(w in page for w in words), page
        assert not any(w in page for w in not_words)


def test_a_new_check_in_in_the_evening_asks_about_today(
    app: Flask, profiled: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.config["TEMPLATES_AUTO_RELOAD"] = False  # the cached blank answers, one per part of day
    app.debug = False
    for hour, words, not_words in (
        (8, MORNING_WORDS, EVENING_WORDS),
        (19, EVENING_WORDS, MORNING_WORDS),
        (7, MORNING_WORDS, EVENING_WORDS),
    ):
        now = datetime.combine(today(), time(hour, 30))
        monkeypatch.setattr(checkin, "now_local", lambda now=now: now)
        page = _labels(profiled.get("/").get_data(as_text=True))
        assert all(w in page for w in words), hour
        assert not any(w in page for w in not_words), hour


def test_the_form_carries_both_wordings_for_the_browser(profiled: FlaskClient) -> None:
    page = profiled.get("/").get_data(as_text=True)
    assert 'data-evening-from="18:00"' in page
    assert 'data-day-long-sitting="Ik heb gisteren lang stilgezeten"' in page
    assert 'data-evening-long-sitting="Ik heb vandaag lang stilgezeten"' in page
    assert 'data-evening-fluid="Hoeveel heb je vandaag gedronken?"' in page
