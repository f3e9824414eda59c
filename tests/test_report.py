"""The report for the GP or physiotherapist: its figures, the period, privacy and the page."""

from __future__ import annotations

import random
import re
import uuid
from collections import Counter
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import format_date
from helpers import days_back
from helpers import post_checkin as post
from helpers import realistic_diary
from helpers import rows

from flouria_pwa import chart
from flouria_pwa import filters
from flouria_pwa.dates import today
from flouria_pwa.extensions import db
from flouria_pwa.report import flags as gp_flags
from flouria_pwa.report import summary as figures
from flouria_pwa.report import views as report
from flouria_pwa.rules import engine
from flouria_pwa.store import queries
from flouria_pwa.store.models import CheckIn
from flouria_pwa.store.models import User
from flouria_pwa.tips import advice

pytestmark = pytest.mark.database  # run again on PostgreSQL in CI

WEDNESDAY = date(2025, 3, 5)
TODAY = today().isoformat()
TOMORROW = (today() + timedelta(days=1)).isoformat()


def entry(day: date, n: int = 0, **fields: Any) -> CheckIn:
    """A check-in in memory (never stored); `n` orders check-ins saved on the same day."""
    values: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "user_id": 1,
        "date": day,
        "time": f"08:{n:02d}",
        "stiffness": 0,
        "stiffness_minutes": None,
        "pain": 0,
        "cramp": False,
        "cramp_when": [],
        "note": "",
        "created_at": datetime(day.year, day.month, day.day, 7, n),
    }
    values.update(fields)
    return CheckIn(**values)


def section(page: str, heading_id: str) -> str:
    """The HTML of the report section whose heading has this id."""
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


# ------------------------------------------------------------------ the figures (pure functions


def test_averages_and_ranges_are_over_the_check_ins_in_the_period() -> None:
    entries = [
        entry(WEDNESDAY, stiffness=2, pain=1),
        entry(WEDNESDAY + timedelta(days=1), stiffness=4, pain=3),
        entry(WEDNESDAY + timedelta(days=1), n=5, stiffness=9, pain=8),
        entry(WEDNESDAY - timedelta(days=1), stiffness=10, pain=10),  # before the period
        entry(WEDNESDAY + timedelta(days=30), stiffness=10, pain=10),  # after it
    ]
    summary = figures.summarise(entries, WEDNESDAY, WEDNESDAY + timedelta(days=29))
    assert summary.checkins == 3 and summary.checkin_days == 2 and summary.days == 30
    assert summary.stiffness == figures.Range(5.0, 2, 9, 3)
    assert summary.pain == figures.Range(4.0, 1, 8, 3)


def test_morning_stiffness_minutes_only_count_check_ins_that_gave_them() -> None:
    entries = [
        entry(WEDNESDAY, stiffness_minutes=None),
        entry(WEDNESDAY + timedelta(days=1), stiffness_minutes=30),
        entry(WEDNESDAY + timedelta(days=2), stiffness_minutes=90),
        entry(WEDNESDAY + timedelta(days=3), stiffness_minutes=0),
    ]
    summary = figures.summarise(entries, WEDNESDAY, WEDNESDAY + timedelta(days=6))
    assert summary.minutes == figures.Range(40.0, 0, 90, 3)
    none_given = figures.summarise(entries[:1], WEDNESDAY, WEDNESDAY)
    assert none_given.minutes is None


def test_cramp_nights_are_days_with_cramp_at_night_counted_per_calendar_week() -> None:
    first = WEDNESDAY  # the first week is cut off: Wednesday to Sunday
    last = WEDNESDAY + timedelta(days=12)  # Monday two weeks later
    entries = [
        entry(first, cramp=True, cramp_when=["night"]),
        entry(first, n=1, cramp=True, cramp_when=["night", "rest"]),  # same night: counted once
        entry(first + timedelta(days=1), cramp=True, cramp_when=["exercise"]),  # not at night
        entry(first + timedelta(days=5), cramp=True, cramp_when=["rest", "night"]),
        entry(first + timedelta(days=6)),
        entry(last, cramp=True, cramp_when=["night"]),
    ]
    summary = figures.summarise(entries, first, last)
    assert summary.cramp_nights == 3
    assert [(w.first, w.last, w.checkin_days, w.cramp_nights) for w in summary.weeks] == [
        (date(2025, 3, 5), date(2025, 3, 9), 2, 1),
        (date(2025, 3, 10), date(2025, 3, 16), 2, 1),
        (date(2025, 3, 17), date(2025, 3, 17), 1, 1),
    ]
    assert summary.cramp_nights_per_week == pytest.approx(3 * 7 / 13)


def test_notes_are_the_non_empty_ones_oldest_first() -> None:
    entries = [
        entry(WEDNESDAY + timedelta(days=2), note="derde"),
        entry(WEDNESDAY, n=9, note="  tweede \n"),
        entry(WEDNESDAY, n=1, note="eerste"),
        entry(WEDNESDAY + timedelta(days=1), note="   "),
        entry(WEDNESDAY + timedelta(days=1), n=2, note=""),
    ]
    summary = figures.summarise(entries, WEDNESDAY, WEDNESDAY + timedelta(days=6))
    assert [(n.day, n.time, n.text) for n in summary.notes] == [
        (WEDNESDAY, "08:01", "eerste"),
        (WEDNESDAY, "08:09", "tweede"),
        (WEDNESDAY + timedelta(days=2), "08:00", "derde"),
    ]


def test_a_period_without_check_ins_has_no_figures() -> None:
    summary = figures.summarise([], WEDNESDAY, WEDNESDAY)
    assert summary.checkins == 0 and summary.stiffness is None and summary.minutes is None
    assert summary.cramp_nights == 0 and summary.notes == []
    assert summary.weeks == [figures.Week(WEDNESDAY, WEDNESDAY, 0, 0)]  # no medians, no GP days


def test_red_flags_name_the_gp_tips_of_each_check_in_with_its_date(app: Flask) -> None:
    profile = {"medication": ["statin"]}
    plain = entry(WEDNESDAY, stiffness=3, pain=2)
    swollen = entry(WEDNESDAY + timedelta(days=1), swelling=True, pain=8, areas=["knees"])
    entries = [swollen, plain]
    with app.test_request_context():
        flags = gp_flags.red_flags(entries, profile, entries)
    assert [(f.day, f.time) for f in flags] == [(swollen.date, "08:00")]
    assert flags[0].reasons[:2] == ("Laat de zwelling nakijken", "Veel pijn: laat het nakijken")


def test_red_flags_see_the_same_history_as_the_tips_page(app: Flask, profiled: FlaskClient) -> None:
    """RF6 (cramps that keep coming back) needs weeks of history: the report must see it too."""
    for days_ago in range(24, -1, -2):
        post(profiled, days_ago, cramp="y", cramp_when=["night"], cramp_where=["calf"])
    stored = rows(app)
    newest = max(stored, key=lambda c: c.date)
    tips_page = profiled.get(f"/tips/{newest.id}").get_data(as_text=True)
    page = profiled.get("/rapport").get_data(as_text=True)
    flags = section(page, "flags-title")
    assert "Kramp die blijft terugkomen" in tips_page
    assert today().strftime("%Y") in flags and "Kramp die blijft terugkomen" in flags


def test_the_single_pass_gives_every_check_in_the_tips_of_its_own_tips_page(
    app: Flask, profiled: FlaskClient
) -> None:
    """The report's one pass against the per-check-in path (`queries.history_for` and the
    engine), tip for tip, on a diary with several check-ins a day."""
    post(profiled, 0)
    user_id = rows(app)[0].user_id
    profile = {"medication": ["statin"], "osteoarthritis": ["knees"], "perimenopause": True}
    last = today()
    first = last - timedelta(days=59)
    with app.app_context():
        db.session.add_all(realistic_diary(user_id, last, 100, random.Random(9)))
        db.session.execute(db.update(CheckIn).values(tips=None))  # all from before kept tips
        db.session.commit()
        user = db.session.get(User, user_id)
        pool = queries.checkins_between(user, first - timedelta(days=90), last)
        entries = [e for e in pool if e.date >= first]
        one_pass = gp_flags.tips_in_one_pass(entries, profile, pool)
        assert set(one_pass) == {e.id for e in entries}
        same_day_matters = 0
        expected_flags = []
        for e in sorted(entries, key=lambda c: (c.date, c.time or "", c.created_at)):
            history = queries.history_for(e)
            expected = engine.select_tips(e.to_contract(), profile, history)
            assert one_pass[e.id] == expected, (e.date, e.time)
            gp = tuple(advice.render(t).title for t in expected if t.category == "huisarts")
            if gp:
                expected_flags.append(figures.RedFlag(e.date, e.time, gp))
            whole_day = [c.to_contract() for c in pool if c.date == e.date and c.id != e.id]
            older = [h for h in history if h["date"] != e.date.isoformat()]
            if engine.select_tips(e.to_contract(), profile, whole_day + older) != one_pass[e.id]:
                same_day_matters += 1
        with app.test_request_context():  # the report asks the engine for red flags only
            assert gp_flags.red_flags(entries, profile, pool) == expected_flags
    # The diary is one that tests something: several check-ins a day, the history-based red
    # flags fire, and for some check-ins the order of saving on their day changes the tips.
    assert max(Counter(e.date for e in entries).values()) == 8
    fired = {t.rule_id for tips in one_pass.values() for t in tips}
    assert {"RF3", "RF4", "RF5", "RF6", "RF8"} <= fired
    assert same_day_matters > 0 and len(expected_flags) > 20


def test_the_single_pass_keeps_the_edges_of_the_history(app: Flask, profiled: FlaskClient) -> None:
    """The 90-day edge and the same-day rule (docs/rules.md §2), where they change a red flag, in
    the single pass and in the per-check-in path alike."""
    post(profiled, 0)
    user_id = rows(app)[0].user_id
    d = today()

    def at(day: date, saved: str, time: str = "08:00", **fields: Any) -> CheckIn:
        hours, minutes = map(int, saved.split(":"))
        return entry(
            day,
            user_id=user_id,
            time=time,
            created_at=datetime(day.year, day.month, day.day, hours, minutes),
            **fields,
        )

    # A knee on three days in a row is new (RF5) only if the history reaches 28 days before
    # it: a check-in exactly 90 days before counts, one 91 days before does not.
    knees = [at(d - timedelta(days=n), "07:00", areas=["knees"]) for n in (2, 1, 0)]
    e = d - timedelta(days=200)
    old_knees = [at(e - timedelta(days=n), "07:00", areas=["knees"]) for n in (2, 1, 0)]
    edges = [at(d - timedelta(days=90), "07:00"), at(e - timedelta(days=91), "07:00")]
    # RF4 wants two limited days among the last seven: yesterday was, today only counts when a
    # limited check-in was saved before (not at the same moment, not after).
    f = d - timedelta(days=120)
    yesterday = at(f - timedelta(days=1), "07:00", limits=["work"])
    before = at(f, "06:55", time="10:00")
    limited = at(f, "07:00", time="09:00", limits=["work"])
    same_moment = at(f, "07:00", time="08:00")
    after = at(f, "07:05", time="07:30")
    with app.app_context():
        db.session.add_all([*knees, *old_knees, *edges, yesterday, before, limited])
        db.session.add_all([same_moment, after])
        db.session.commit()
        user = db.session.get(User, user_id)
        pool = queries.checkins_between(user, e - timedelta(days=100), d)
        tips = gp_flags.tips_in_one_pass(pool, {}, pool)
        for one in pool:
            expected = engine.select_tips(one.to_contract(), {}, queries.history_for(one))
            assert tips[one.id] == expected, (one.date, one.time)
        fired = {one.id: {t.rule_id for t in tips[one.id]} for one in pool}
    assert "RF5" in fired[knees[-1].id] and "RF5" not in fired[old_knees[-1].id]
    assert ["RF4" in fired[x.id] for x in (before, limited, same_moment, after)] == [
        False,
        True,
        False,
        True,
    ]


# ---------------------------------------------------------------------------- the chart


def test_the_diary_chart_is_the_30_day_period_chart() -> None:
    last = WEDNESDAY + timedelta(days=29)
    entries = [entry(WEDNESDAY, stiffness=4, pain=2), entry(last, stiffness=6, pain=9)]
    diary = chart.build(entries, last)
    assert diary == chart.build_period(entries, WEDNESDAY, last)
    assert (diary.width, diary.height, diary.bottom) == (330, 160, 130)
    assert diary.stiffness == [(24.0, 82.0), (324.0, 58.0)]
    assert [x for x, _ in diary.label_days] == [24.0, 168.8, 324.0]


def test_the_chart_covers_a_year_and_a_single_day() -> None:
    last = WEDNESDAY + timedelta(days=365)
    entries = [entry(WEDNESDAY + timedelta(days=i), stiffness=i % 11) for i in range(366)]
    year = chart.build_period(entries, WEDNESDAY, last, width=640, height=200, labels=5)
    assert len(year.days) == 366 and len(year.stiffness) == 366
    assert all(24 <= x <= 634 for x, _ in year.stiffness)
    assert all(10 <= y <= 170 for _, y in year.stiffness)
    assert [day for _, day in year.label_days][::4] == [WEDNESDAY, last]
    one = chart.build_period(entries, WEDNESDAY, WEDNESDAY)
    assert len(one.stiffness) == 1 and len(one.label_days) == 1


# ------------------------------------------------------------------------------ the page


def test_report_shows_the_figures_of_the_default_period(profiled: FlaskClient) -> None:
    post(profiled, 31, stiffness="10", pain="10", note="te oud")  # outside the 30 days
    post(profiled, 29, stiffness="2", pain="1", stiffness_minutes="30", note="begin periode")
    post(profiled, 3, stiffness="4", pain="3", cramp="y", cramp_when=["night"])
    post(profiled, 0, stiffness="9", pain="8", stiffness_minutes="90", note="vandaag\nnog stijf")
    response = profiled.get("/rapport")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'name="van" value="{days_back(29)}"' in page
    assert f'name="tot" value="{today().isoformat()}"' in page
    scores = section(page, "scores-title")
    assert "<td>5</td><td>2–9</td>" in scores  # stiffness
    assert "<td>4</td><td>1–8</td>" in scores  # pain
    assert "<td>60 minuten</td><td>30–90 minuten</td>" in scores
    weeks = section(page, "summary-title")  # every calendar week of the period, also empty ones
    assert weeks.count('class="week-days"') == len(
        {(today() - timedelta(days=d)).isocalendar()[:2] for d in range(30)}
    )
    notes = section(page, "notes-title")
    assert "te oud" not in page
    assert notes.index("begin periode") < notes.index("vandaag\nnog stijf")
    trend = section(page, "trend-title")
    assert '<svg class="chart report-chart"' in trend and 'role="img"' in trend
    assert trend.count('class="mark mark-stiffness"') == 3 + 1  # three days, one legend key
    assert trend.count('class="mark mark-cramp"') == 1 + 1


def test_report_shows_the_profile_in_words(client: FlaskClient) -> None:
    client.post(
        "/welkom",
        data={
            "perimenopause": "y",
            "osteoarthritis": ["knees", "hips"],
            "medication": ["statin"],
            "strength_training_since": "2025-01-06",
        },
    )
    post(client, 0)
    profile = section(client.get("/rapport").get_data(as_text=True), "profile-title")
    assert "Heupen, Knieën" in profile or "Knieën, Heupen" in profile
    assert "Cholesterolverlager (statine)" in profile
    assert "6 januari 2025" in profile


def test_red_flag_moments_have_their_dates(profiled: FlaskClient) -> None:
    post(profiled, 5, swelling="y", time="07:45")
    post(profiled, 2, stiffness="3", note="gewone dag")
    post(profiled, 0, pain="9")
    flags = section(profiled.get("/rapport").get_data(as_text=True), "flags-title")
    swollen_day = today() - timedelta(days=5)
    assert f"{swollen_day.day} " in flags and "07:45" in flags
    assert "Laat de zwelling nakijken" in flags and "Veel pijn: laat het nakijken" in flags
    plain_day = today() - timedelta(days=2)
    assert f'<th scope="row">{plain_day.day} ' not in flags
    assert flags.count('<th scope="row">') == 2


@pytest.mark.parametrize(
    ("query", "field", "message", "van_shown"),
    [
        ("van=2025-02-30&tot=2025-03-10", "van", "Vul een geldige datum in.", ""),
        ("van=20250301&tot=2025-03-10", "van", "Vul een geldige datum in.", ""),
        ("van=1999-12-31&tot=2000-01-10", "van", "Vul een geldige datum in.", ""),
        ("van=2025-03-01&tot=gisteren", "tot", "Vul een geldige datum in.", "2025-03-01"),
        ("van=&tot=2025-03-10", "van", "Vul een datum in.", ""),
        (
            "van=2025-03-10&tot=2025-03-01",
            "tot",
            "De einddatum ligt vóór de begindatum.",
            "2025-03-10",
        ),
        (
            "van=2024-01-01&tot=2025-01-01",
            "van",
            "De periode is langer dan 366 dagen. Kies een latere begindatum.",
            "2024-01-01",
        ),
        # Out of range or absurd: never a 500 (issue 9, item 6).
        ("van=9999-12-01&tot=9999-12-31", "van", "Deze datum ligt in de toekomst.", "9999-12-01"),
        ("van=9999-12-01&tot=9999-12-31", "tot", "Deze datum ligt in de toekomst.", "9999-12-01"),
        ("van=2025-03-01&tot=9999-12-31", "tot", "Deze datum ligt in de toekomst.", "2025-03-01"),
        (f"van={TODAY}&tot={TOMORROW}", "tot", "Deze datum ligt in de toekomst.", TODAY),
        (f"van={TOMORROW}&tot={TOMORROW}", "van", "Deze datum ligt in de toekomst.", TOMORROW),
        ("van=0001-01-01&tot=2025-03-10", "van", "Vul een geldige datum in.", ""),
        ("van=2025-03-01&tot=0001-01-01", "tot", "Vul een geldige datum in.", "2025-03-01"),
        (f"van={'9' * 300}-01-01&tot=2025-03-10", "van", "Vul een geldige datum in.", ""),
        ("van=2025-03-01&tot=10000-01-01", "tot", "Vul een geldige datum in.", "2025-03-01"),
        ("van=2025-03-01&tot=%2B12025-01-01", "tot", "Vul een geldige datum in.", "2025-03-01"),
        (
            "van=2020-01-01&tot=2025-01-01",  # five years: a report is about up to one year
            "van",
            "De periode is langer dan 366 dagen. Kies een latere begindatum.",
            "2020-01-01",
        ),
        (
            "van=2000-01-01&tot=2025-12-31",
            "van",
            "De periode is langer dan 366 dagen. Kies een latere begindatum.",
            "2000-01-01",
        ),
    ],
)
def test_a_bad_period_is_refused_at_its_field(
    app: Flask, profiled: FlaskClient, query: str, field: str, message: str, van_shown: str
) -> None:
    post(profiled, 0, note="geheim")
    before = len(rows(app))
    response = profiled.get(f"/rapport?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'<p class="error" id="{field}-error">{message}</p>' in page
    assert f'id="{field}" name="{field}"' in page and 'aria-invalid="true"' in page
    assert 'role="alert"' in page
    assert "scores-title" not in page and "geheim" not in page  # no report, only the form
    # What she asked for stays in the field; a date field can only hold a valid date.
    assert f'name="van" value="{van_shown}"' in page
    assert len(rows(app)) == before


def test_a_period_of_a_whole_year_is_allowed(profiled: FlaskClient) -> None:
    post(profiled, 0)
    last = today()
    first = last - timedelta(days=365)
    response = profiled.get(f"/rapport?van={first.isoformat()}&tot={last.isoformat()}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "(366 dagen)" in page
    assert len(page) < 60_000  # 53 weeks and a year of chart stay a reasonable size


def test_an_empty_period_says_so_calmly(profiled: FlaskClient) -> None:
    post(profiled, 0, note="notitie-buiten-de-periode")
    response = profiled.get("/rapport?van=2020-01-01&tot=2020-01-31")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Je hebt in deze periode geen check-ins." in page
    assert "scores-title" not in page and "notitie-buiten" not in page
    assert '<svg class="chart' not in page


def test_a_new_browser_gets_an_empty_report(app: Flask, client: FlaskClient) -> None:
    response = client.get("/rapport")
    assert response.status_code == 200
    assert "Je hebt in deze periode geen check-ins." in response.get_data(as_text=True)
    with app.app_context():  # looking stores nothing (the diary token waits for a first write)
        assert db.session.execute(db.select(User)).first() is None


def test_another_persons_data_never_appears(app: Flask) -> None:
    anna, bea = app.test_client(), app.test_client()
    anna.post("/welkom", data={"medication": ["diuretic"]})
    bea.post("/welkom", data={})
    post(anna, 1, swelling="y", stiffness="7", stiffness_minutes="45", note="alleen van Anna")
    post(bea, 1, stiffness="1", note="alleen van Bea")
    anna_page = anna.get("/rapport").get_data(as_text=True)
    bea_page = bea.get("/rapport").get_data(as_text=True)
    assert "alleen van Anna" in anna_page and "alleen van Bea" not in anna_page
    assert "alleen van Bea" in bea_page and "alleen van Anna" not in bea_page
    assert "Laat de zwelling nakijken" not in bea_page and "45 minuten" not in bea_page
    assert "Plaspil" not in bea_page and "diuretic" not in bea_page
    assert "<td>1</td><td>1–1</td>" in section(bea_page, "scores-title")
    stranger = app.test_client().get("/rapport").get_data(as_text=True)
    assert "alleen van" not in stranger


def test_the_address_holds_nothing_but_the_period(profiled: FlaskClient) -> None:
    post(profiled, 0, note="privé")
    page = profiled.get("/rapport").get_data(as_text=True)
    form = page[page.index('<form method="get"') : page.index("</form>")]
    assert set(re.findall(r'name="([^"]+)"', form)) == {"van", "tot"}
    assert 'action="/rapport"' in form


def test_page_is_printable_without_inline_script_or_style(profiled: FlaskClient) -> None:
    post(profiled, 0, note="x")
    page = profiled.get("/rapport").get_data(as_text=True)
    assert 'style="' not in page
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page) is None
    assert re.search(r'href="/static/report\.[0-9a-f]{12}\.css"', page)
    assert re.search(r'<script src="/static/js/report\.[0-9a-f]{12}\.js" defer></script>', page)
    assert '<button type="button" id="print-button" class="primary" hidden>' in page
    assert 'id="print-hint"' in page  # without JavaScript: use the browser's print menu
    diary = profiled.get("/dagboek/").get_data(as_text=True)
    assert 'href="/rapport"' in diary and "report.css" not in diary


def test_report_headings_and_print_copy_are_dutch(profiled: FlaskClient) -> None:
    post(profiled, 0, cramp="y", cramp_when=["night"], note="x")
    page = profiled.get("/rapport").get_data(as_text=True)
    for text in (
        "<h1>Rapport voor je huisarts of fysiotherapeut</h1>",
        ">Stijfheid en pijn</h2>",
        ">Nachten met kramp</h2>",
        ">Verloop</h2>",
        ">Momenten om met je huisarts te bespreken</h2>",
        ">Over mij</h2>",
        ">Notities</h2>",
        "Bewaar als PDF of print",
        "1 nacht met kramp in deze periode: gemiddeld 0,2 per week.",
    ):
        assert text in page
    assert "Rapport voor je huisarts</a>" in profiled.get("/dagboek/").get_data(as_text=True)


# ------------------------------------------------- the tips a check-in was given stay its own


def titles_on(page: str) -> set[str]:
    """The titles of the tips (and the GP card's reasons) a tips page shows."""
    page = re.sub(r'<section class="reminder-offer".*?</section>', "", page, flags=re.S)
    return {
        re.sub(r"<[^>]+>", "", t).strip()
        for t in re.findall(r"<(?:h2|h3|summary|li)[^>]*>(.*?)</(?:h2|h3|summary|li)>", page, re.S)
    }


def flag_row(page: str, day: date) -> str:
    """The row of the report's red-flag list that is about this single day."""
    flags = section(page, "flags-title")
    label = f"{day.day} {report_month(day)} {day.year}"
    start = flags.index(f'<th scope="row">{label}')
    return flags[start : flags.index("</tr>", start)]


def report_month(day: date) -> str:
    months = "januari februari maart april mei juni juli augustus september oktober november"
    return [*months.split(), "december"][day.month - 1]


def cramp_fields() -> dict[str, Any]:
    return {"cramp": "y", "cramp_when": ["night"], "cramp_where": ["calf"]}


def test_an_old_days_tips_stay_what_they_were_when_later_entries_arrive(
    app: Flask, client: FlaskClient
) -> None:
    """Issue 11, item 4: entries added later (here: days before it, filled in afterwards) never
    change the tips an old check-in gave, on its tips page or in the report."""
    client.post("/welkom", data={"medication": ["statin"]})
    post(client, 2, **cramp_fields())
    old = rows(app)[0]
    before = client.get(f"/tips/{old.id}").get_data(as_text=True)
    assert "Kramp en je medicijnen" in before and "Kramp die blijft terugkomen" not in before
    for days_ago in range(17, 2, -1):  # two weeks of cramps before it, entered later
        post(client, days_ago, **cramp_fields())
    client.post("/profiel", data={"medication": []})  # and she changed her medicines since
    after = client.get(f"/tips/{old.id}").get_data(as_text=True)
    assert "Kramp en je medicijnen" in after and "Kramp die blijft terugkomen" not in after
    assert titles_on(after) == titles_on(before)
    row = flag_row(client.get("/rapport").get_data(as_text=True), old.date)
    assert "Kramp en je medicijnen" in row and "Kramp die blijft terugkomen" not in row


def test_editing_a_check_in_saves_the_tips_it_gives_now(app: Flask, client: FlaskClient) -> None:
    client.post("/welkom", data={"medication": ["statin"]})
    form = post(client, 2, **cramp_fields())
    for days_ago in range(17, 2, -1):
        post(client, days_ago, **cramp_fields())
    response = client.post(f"/checkin/{form['id']}", data={**form, "pain": "1"})
    assert response.status_code == 303
    page = client.get(f"/tips/{form['id']}").get_data(as_text=True)
    assert "Kramp die blijft terugkomen" in page  # the history as it is at the edit
    row = flag_row(client.get("/rapport").get_data(as_text=True), today() - timedelta(days=2))
    assert "Kramp die blijft terugkomen" in row


def test_a_check_in_from_before_kept_tips_gets_them_computed(
    app: Flask, profiled: FlaskClient
) -> None:
    """Check-ins saved before tips were kept have none: the page computes them as it always did."""
    post(profiled, 0)
    user_id = rows(app)[0].user_id
    old = entry(today() - timedelta(days=1), user_id=user_id, swelling=True, areas=["knees"])
    with app.app_context():
        db.session.add(old)
        db.session.commit()
        assert db.session.get(CheckIn, old.id).tips is None
    page = profiled.get(f"/tips/{old.id}").get_data(as_text=True)
    assert "Laat de zwelling nakijken" in page
    assert "Laat de zwelling nakijken" in flag_row(
        profiled.get("/rapport").get_data(as_text=True), old.date
    )


# ------------------------------------------------ issue 11, item 5: what a GP asks first


def test_the_report_opens_with_a_summary_per_week_and_then_the_days(
    client: FlaskClient,
) -> None:
    client.post("/welkom", data={"medication": ["diuretic", "statin"]})
    monday = today() - timedelta(days=today().weekday() + 7)  # last week's Monday
    back = (today() - monday).days
    post(client, back, stiffness="2", pain="1", stiffness_minutes="10")
    post(client, back, time="20:00", stiffness="9", pain="3")  # no minutes: left out
    post(client, back - 1, stiffness="4", pain="8", stiffness_minutes="30", **cramp_fields())
    post(client, back - 2, stiffness="3", pain="2", swelling="y", areas=["knees"])
    page = client.get(f"/rapport?van={monday.isoformat()}").get_data(as_text=True)
    summary = section(page, "summary-title")
    assert page.index('id="summary-title"') < page.index('id="days-title"')
    assert page.index('id="summary-title"') < page.index('id="flags-title"')
    assert "Plastablet" in summary and "Cholesterolverlager (statine)" in summary
    week = summary[summary.index('<th scope="row">') :]
    week = week[: week.index("</tr>")]
    cells = re.findall(r"<td>(.*?)</td>", week, re.S)
    assert cells[:4] == ["3,5", "2,5", "20", "1"]  # medians of 4 check-ins; minutes of 2
    assert cells[4].startswith("2 dagen: ")  # the swollen knee and the severe pain
    assert "Laat de zwelling nakijken" in cells[4] and "Veel pijn: laat het nakijken" in cells[4]
    assert "3 dagen ingevuld" in week


def test_the_day_table_answers_what_a_gp_asks(client: FlaskClient) -> None:
    client.post("/welkom", data={})
    post(
        client,
        1,
        stiffness="6",
        pain="5",
        stiffness_minutes="45",
        areas=["back", "legs"],
        swelling="y",
        numbness="y",
        radiating="y",
        saddle_numbness="y",
        strength_loss="new",
        sleep="poor",
        limits=["work", "sleep"],
        cramp="y",
        cramp_when=["night", "rest"],
        cramp_where=["calf"],
        cramp_count="3",
    )
    post(client, 0, stiffness="1", pain="0", sleep="good")
    days = section(client.get("/rapport").get_data(as_text=True), "days-title")
    row = days[days.index('<th scope="row">') :]
    row = row[: row.index("</tr>")]
    for text in (
        "<td>6</td>",
        "<td>5</td>",
        "<td>45</td>",
        "Rug, Benen",
        "zwelling",
        "doof gevoel of tintelingen",
        "uitstralende pijn",
        "doof rond billen of kruis",
        "minder kracht sinds dagen of weken",
        "<td>Slecht</td>",
        "slapen, werken",
        "ja: &#39;s nachts, in rust (3×)",
    ):
        assert text in row, text
    quiet = days[days.rindex('<th scope="row">') :]
    assert "<td>Goed</td>" in quiet and "<td>geen</td>" in quiet and "<td>nee</td>" in quiet
    assert "Dag voor dag" in days


def test_days_in_a_row_that_read_the_same_share_one_row() -> None:
    same = {"stiffness": 3, "pain": 2}
    entries = [
        entry(date(2025, 11, 3), **same),
        entry(date(2025, 11, 4), **same),
        entry(date(2025, 11, 4), n=5, **same),  # two check-ins that day, the same answers
        entry(date(2025, 11, 5), **same),
        entry(date(2025, 11, 6), stiffness=5, pain=2),
        entry(date(2025, 11, 8), **same),  # after a day without a check-in: a row of its own
    ]
    rows_ = figures.day_rows(entries, date(2025, 11, 1), date(2025, 11, 30))
    assert [(r.first.day, r.last.day, r.checkins) for r in rows_] == [
        (3, 5, 4),
        (6, 6, 1),
        (8, 8, 1),
    ]


def test_the_run_reads_as_one_row_on_the_page(app: Flask, profiled: FlaskClient) -> None:
    for days_ago in (4, 3, 2):
        post(profiled, days_ago, stiffness="3", pain="2")
    days = section(profiled.get("/rapport").get_data(as_text=True), "days-title")
    first, last = today() - timedelta(days=4), today() - timedelta(days=2)
    assert days.count('<th scope="row">') == 1
    with app.test_request_context():
        label = filters.report_span(figures.day_rows(rows(app), first, last)[0], True)
        end = format_date(last, "d MMM")
    assert f"{label} <span" in days and "(3 dagen)" in days
    assert label.startswith(f"{first.day}") and label.endswith(end)


def test_a_run_of_days_is_named_by_its_first_and_last_day(app: Flask) -> None:
    def span(first: date, last: date, *flags: bool) -> str:
        return filters.report_span(figures.FlagRow(first, last, 1, None, ()), *flags)

    with app.test_request_context():
        assert span(date(2025, 11, 3), date(2025, 11, 3)) == "3 november 2025"
        assert span(date(2025, 11, 3), date(2025, 11, 5)) == "3–5 november 2025"
        assert span(date(2025, 11, 30), date(2025, 12, 2)) == "30 november – 2 december 2025"
        assert span(date(2025, 12, 30), date(2026, 1, 2)) == "30 december 2025 – 2 januari 2026"
        assert span(date(2025, 11, 3), date(2025, 11, 5), True) == "3–5 nov"
        assert span(date(2025, 12, 30), date(2026, 1, 2), True, True) == "30 dec 2025 – 2 jan 2026"


def test_unanswered_questions_show_a_dash_and_stay_out_of_the_medians(app: Flask) -> None:
    """The check-in's answers become optional (None: not answered), except date, stiffness and
    pain: the day table says so and the medians leave them out."""
    blank = dict.fromkeys(
        (
            "stiffness_minutes",
            "areas",
            "cramp",
            "cramp_when",
            "cramp_count",
            "swelling",
            "injury",
            "limits",
            "numbness",
            "strength_loss",
            "radiating",
            "saddle_numbness",
            "sleep",
        )
    )
    entries = [
        entry(WEDNESDAY, stiffness=4, pain=2, **blank),
        entry(
            WEDNESDAY + timedelta(days=1), stiffness=6, pain=4, **{**blank, "stiffness_minutes": 30}
        ),
    ]
    summary = figures.summarise(entries, WEDNESDAY, WEDNESDAY + timedelta(days=1))
    assert (summary.weeks[0].stiffness, summary.weeks[0].minutes) == (5, 30)
    row = figures.day_rows(entries[:1], WEDNESDAY, WEDNESDAY)[0]
    assert (row.minutes, row.areas, row.signals, row.sleep, row.limits, row.cramp) == (None,) * 6
    with app.test_request_context():
        from flask import render_template

        html = render_template("report/_days.html", days=[row], day_words=report.DayWords())
    cells = re.findall(r"<td>(.*?)</td>", html, re.S)
    assert cells == ["4", "2", "—", "—", "—", "—", "—", "—", "—"]  # the last: no medicines


def test_thousands_of_red_flag_moments_are_listed_by_day_and_capped(
    app: Flask, profiled: FlaskClient
) -> None:
    post(profiled, 0)
    user_id = rows(app)[0].user_id
    entries = []
    for back in range(60):  # 60 days, 30 check-ins a day, each with severe pain
        day = today() - timedelta(days=back)
        for n in range(30):
            reason = {"swelling": True} if back % 2 else {"pain": 9}  # no two days alike
            entries.append(entry(day, n=n, user_id=user_id, **reason))
    with app.app_context():
        db.session.add_all(entries)
        db.session.commit()
    page = profiled.get(f"/rapport?van={days_back(59)}")
    flags = section(page.get_data(as_text=True), "flags-title")
    assert flags.count('<th scope="row">') == figures.MAX_FLAG_ROWS
    assert "(30 check-ins)" in flags or "(31 check-ins)" in flags
    assert "29 eerdere dagen met dit advies staan niet in de lijst" in flags
    summary = section(page.get_data(as_text=True), "summary-title")
    assert "Flouria raadde je op 60 dagen aan om naar je huisarts te gaan." in summary
