"""The diary chart's longer trends: 30 days, 90 days and a year of weekly medians, the minutes
of morning stiffness as a line of their own, cramp nights as marks, one table of the numbers."""

from __future__ import annotations

import gzip
import re
from datetime import date
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from helpers import checkin_form
from helpers import five_year_diary
from helpers import post_checkin

from flouria_pwa import chart
from flouria_pwa.dates import today
from flouria_pwa.extensions import db
from flouria_pwa.store.models import CheckIn
from flouria_pwa.store.models import User


def row(day: date, stiffness: int = 0, pain: int = 0, minutes: int | None = None, **kw: Any) -> Any:
    """A row as `rows_between` gives it for chart.DIARY_COLUMNS."""
    cramp_when = kw.get("cramp_when", ["night"] if kw.get("cramp") else [])
    return SimpleNamespace(
        date=day,
        stiffness=stiffness,
        pain=pain,
        stiffness_minutes=minutes,
        cramp=kw.get("cramp", False),
        cramp_when=cramp_when,
    )


def test_median_of_odd_and_even_counts() -> None:
    assert chart.median([5, 1, 3]) == 3
    assert chart.median([1, 2, 3, 10]) == 2.5
    assert chart.median([]) is None


def test_the_year_shows_weekly_medians_of_the_check_in_days() -> None:
    last = date(2026, 6, 14)  # a Sunday
    monday = date(2026, 6, 8)
    rows = [
        row(monday, 2, 1, 10),
        row(monday, 6, 1, 40),  # the same day again: the day counts with its highest scores
        row(monday + timedelta(days=1), 4, 3, None),  # minutes not answered: left out
        row(monday + timedelta(days=2), 8, 5, 20, cramp=True),
        row(monday + timedelta(days=3), 1, 0, None, cramp=True, cramp_when=["day"]),
        row(date(2026, 6, 3), 7, 2, None, cramp=True),  # a week with one day, no minutes
    ]
    trend = chart.build_trend(rows, last, 365)
    assert trend.weekly
    week = trend.points[-1]
    assert week.first == monday and week.days == 4
    assert week.stiffness == 5  # days 6, 4, 8, 1
    assert week.pain == 2  # days 1, 3, 5, 0
    assert week.minutes == 30  # 40 and 20: the unanswered days are not zeros
    assert week.cramp_nights == 1  # a cramp by day is not a cramp night
    single = trend.points[-2]
    assert (single.first, single.days, single.stiffness, single.minutes) == (
        date(2026, 6, 1),
        1,
        7,
        None,
    )
    assert single.cramp_nights == 1
    assert [p.first for p in trend.points] == [
        date(2026, 6, 1),
        monday,
    ]  # only weeks with check-ins
    assert trend.checkin_days == 5 and trend.minutes_days == 2 and trend.cramp_nights == 2


def test_iso_weeks_run_across_the_new_year() -> None:
    # 29 December 2025 is the Monday of ISO week 1 of 2026: its days of both years are one week.
    rows = [row(date(2025, 12, 30), 2), row(date(2026, 1, 2), 6), row(date(2026, 1, 5), 9)]
    trend = chart.build_trend(rows, date(2026, 1, 11), 365)
    assert [(p.first, p.days, p.stiffness) for p in trend.points] == [
        (date(2025, 12, 29), 2, 4),
        (date(2026, 1, 5), 1, 9),
    ]
    assert date(2025, 12, 30).isocalendar()[:2] == date(2026, 1, 2).isocalendar()[:2] == (2026, 1)
    # one slot per week: neighbouring weeks sit one step apart, the last week at the right edge
    step = (trend.x_last - trend.x_first) / (trend.slots - 1)
    assert round(trend.points[1].x - trend.points[0].x, 1) == round(step, 1)
    assert trend.points[-1].x == trend.x_last


def test_days_outside_the_period_are_not_read() -> None:
    last = date(2026, 6, 14)
    rows = [row(last - timedelta(days=90), 9), row(last - timedelta(days=89), 3)]
    assert [p.stiffness for p in chart.build_trend(rows, last, 90).points] == [3]
    assert chart.build_trend(rows, last, 30).points == []


def test_the_minutes_line_breaks_where_the_minutes_were_not_answered() -> None:
    last = date(2026, 6, 14)
    days = [last - timedelta(days=n) for n in range(6, -1, -1)]
    minutes = [10, 20, None, 30, None, None, 60]
    trend = chart.build_trend(
        [row(d, 3, 3, m) for d, m in zip(days, minutes, strict=True)], last, 30
    )
    segments = trend.minutes_segments
    assert [len(s) for s in segments] == [2, 1, 1]
    assert trend.minutes_max == 60
    assert [y for s in segments for _x, y in s] == [
        trend.minutes_y(10),
        trend.minutes_y(20),
        trend.minutes_y(30),
        trend.minutes_y(60),
    ]
    assert trend.minutes_y(0) == trend.minutes_bottom  # 0 minutes is a point on the floor...
    assert all(y < trend.minutes_bottom for s in segments for _x, y in s)  # ...unanswered is none
    # a day without a check-in is no gap in the minutes line (nor in the others): only a day
    # that was checked in without minutes breaks it
    spread = chart.build_trend([row(days[0], 1, 1, 10), row(days[6], 1, 1, 20)], last, 30)
    assert [len(s) for s in spread.minutes_segments] == [2]


def test_the_minutes_scale_fits_the_largest_value() -> None:
    last = date(2026, 6, 14)
    assert chart.build_trend([row(last, minutes=45)], last, 30).minutes_max == 60
    assert chart.build_trend([row(last, minutes=720)], last, 30).minutes_max == 720
    assert chart.build_trend([row(last)], last, 30).minutes_max == 30  # no minutes at all


def _table(page: str) -> list[list[str]]:
    body = page[page.index('class="day-table trend-table"') :]
    body = body[body.index("<tbody>") : body.index("</tbody>")]
    cells = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells.append(
            [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr)]
        )
    return cells


def test_the_period_links_choose_the_chart(profiled: FlaskClient) -> None:
    post_checkin(profiled, 0, stiffness="4", stiffness_minutes="15")
    post_checkin(profiled, 60, stiffness="7")
    post_checkin(profiled, 200, stiffness="2", cramp="y", cramp_when=["night"])
    pages = {p: profiled.get(f"/dagboek/?periode={p}") for p in (30, 90, 365)}
    assert all(r.status_code == 200 for r in pages.values())
    html = {p: r.get_data(as_text=True) for p, r in pages.items()}
    plain = profiled.get("/dagboek/").get_data(as_text=True)
    for period, page in {**html, 0: plain}.items():
        nav = re.search(
            r'<nav class="periods" aria-label="Periode van de grafiek">(.*?)</nav>', page, re.S
        )
        assert nav, period
        links = re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav.group(1))
        assert [(href, label) for href, _c, label in links] == [
            ("/dagboek/", "30 dagen"),
            ("/dagboek/?periode=90", "90 dagen"),
            ("/dagboek/?periode=365", "Een jaar"),
        ]
        chosen = [label for _h, current, label in links if current]
        assert chosen == [{0: "30 dagen", 30: "30 dagen", 90: "90 dagen", 365: "Een jaar"}[period]]
    assert "op 1 van de laatste 30 dagen ingecheckt" in plain
    assert "op 2 van de laatste 90 dagen ingecheckt" in html[90]
    assert "op 3 van de laatste 365 dagen ingecheckt" in html[365]
    assert ">Het afgelopen jaar</h2>" in html[365] and "middelste score" in html[365]
    assert len(_table(html[30])) == 1 and len(_table(html[90])) == 2
    assert len(_table(html[365])) == 3


def test_an_unknown_period_is_not_found(profiled: FlaskClient) -> None:
    for value in ("7", "abc", "", "365.0", "-30"):
        assert profiled.get(f"/dagboek/?periode={value}").status_code == 404, value
    assert profiled.get("/dagboek/?periode=30").status_code == 200


def test_the_table_holds_the_numbers_of_the_points(app: Flask, profiled: FlaskClient) -> None:
    monday = today() - timedelta(days=today().weekday() + 7)  # last week's Monday
    ago = (today() - monday).days
    post_checkin(profiled, ago, stiffness="6", pain="2", stiffness_minutes="45")
    post_checkin(profiled, ago - 1, stiffness="3", pain="5", cramp="y", cramp_when=["night"])
    post_checkin(profiled, ago - 2, stiffness="4", pain="4", stiffness_minutes="30")
    post_checkin(profiled, ago + 7, stiffness="8", pain="1", stiffness_minutes="90")
    for period in (30, 365):
        page = profiled.get(f"/dagboek/?periode={period}").get_data(as_text=True)
        with app.test_request_context():
            user = db.session.execute(db.select(User)).scalar_one()
            rows = db.session.execute(db.select(CheckIn).where(CheckIn.user_id == user.id))
            trend = chart.build_trend(list(rows.scalars()), today(), period)
        table = _table(page)
        assert len(table) == len(trend.points) > 0

        def number(value: float | None) -> str:
            return "–niet ingevuld" if value is None else f"{value:g}".replace(".", ",")

        for cells, p in zip(table, trend.points, strict=True):
            scores = [number(p.stiffness), number(p.pain), number(p.minutes)]
            if trend.weekly:
                assert cells[1:] == [str(p.days), *scores, str(p.cramp_nights)]
            else:
                assert cells[1:] == [*scores, "ja" if p.cramp_nights else "nee"]
        # and the chart draws those points: one dot per point and series, one minutes dot each
        circles = re.findall(
            r'<circle cx="([\d.]+)" cy="([\d.]+)" r="\d" class="dot (\w+)"/>', page
        )
        stiff = [(float(x), float(y)) for x, y, s in circles if s == "stiffness"]
        assert stiff == [(p.x, trend.y(p.stiffness)) for p in trend.points]
        minutes = [(float(x), float(y)) for x, y, s in circles if s == "minutes"]
        assert minutes == [
            (p.x, trend.minutes_y(p.minutes)) for p in trend.points if p.minutes is not None
        ]
    weekly = _table(page)
    assert weekly[-1][1:] == ["3", "4", "4", "37,5", "1"]  # last week's three days, medians


def test_the_year_chart_marks_the_cramp_nights_of_each_week(profiled: FlaskClient) -> None:
    monday = today() - timedelta(days=today().weekday() + 14)
    for n in range(3):
        day = (monday + timedelta(days=n)).isoformat()
        profiled.post("/", data=checkin_form(date=day, cramp="y", cramp_when=["night"]))
    page = profiled.get("/dagboek/?periode=365").get_data(as_text=True)
    marks = re.findall(
        r'<rect x="[\d.]+" y="[\d.]+" width="4" height="(\d+)" class="cramp"/>', page
    )
    assert marks == [str(3 * chart.CRAMP_STEP)]
    assert "Nachten met kramp: 3" in page


def test_a_five_year_diary_keeps_every_chart_page_within_the_html_budget(
    app: Flask, profiled: FlaskClient
) -> None:
    """The page budget of tests/test_budgets.py (14 KB gzipped HTML) holds for each period."""
    five_year_diary(app, profiled)
    for period in chart.PERIODS:
        response = profiled.get(f"/dagboek/?periode={period}")
        assert response.status_code == 200
        html = response.get_data()
        assert len(gzip.compress(html, compresslevel=6)) <= 14 * 1024, period
    assert html.count(b'class="dot stiffness"') in (52, 53, 54)  # a point per week
