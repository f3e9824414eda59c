"""'Zoals gisteren' without JavaScript (issue 15): `/?zoals=gisteren` fills a new check-in
with her last one's where and cramp, marked; the scales and the rest stay for today."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from flask.testing import FlaskClient
from helpers import html_checker
from helpers import post_checkin

from flouria_pwa.forms import LIKE_LAST
from flouria_pwa.forms import like_last

TODAYS = ("stiffness", "pain", "sleep", "fluid", "activity", "stress", "strength_loss")


def checked(page: str, name: str) -> list[str]:
    """The values of the inputs named `name` that the page renders checked."""
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', page)
    return [
        re.search(r'value="([^"]*)"', i).group(1)  # type: ignore[union-attr]
        for i in inputs
        if re.search(r"\bchecked\b", i)
    ]


def test_like_yesterday_fills_where_and_cramp_and_marks_them(profiled: FlaskClient) -> None:
    post_checkin(profiled, days_ago=2, areas=["hips"], stiffness="2", pain="2")
    post_checkin(
        profiled,
        days_ago=1,
        time="08:10",
        areas=["back"],
        spots=["knee_left"],
        cramp="y",
        cramp_when=["night"],
        cramp_where=["calf"],
        cramp_count="2",
        stiffness="7",
        pain="6",
        note="zwaar",
    )
    page = profiled.get("/").get_data(as_text=True)
    assert 'id="like-last-copy"' in page and 'id="like-last" class="like-last" hidden' not in page
    assert checked(page, "areas") == []  # the plain page chooses nothing

    page = profiled.get("/?zoals=gisteren").get_data(as_text=True)
    assert set(checked(page, "areas")) == {"back", "knees"}  # the spot's area too
    assert checked(page, "spots") == ["knee_left"]
    assert checked(page, "cramp") == ["y"]
    assert checked(page, "cramp_when") == ["night"]
    assert checked(page, "cramp_where") == ["calf"]
    assert re.search(r'<details class="body-map" open>', page)  # the drawing is open
    for name in TODAYS:
        assert checked(page, name) == [], name
    assert not re.search(r'name="cramp_count"[^>]*value="2"', page)
    assert "zwaar" not in page
    assert re.search(r"Overgenomen van je vorige check-in \(\w+ 08:10\)\.", page)
    assert "Leegmaken" in page


def test_without_an_earlier_check_in_there_is_no_control(profiled: FlaskClient) -> None:
    page = profiled.get("/").get_data(as_text=True)
    assert 'id="like-last" class="like-last" hidden' in page
    prefilled = profiled.get("/?zoals=gisteren").get_data(as_text=True)
    assert 'class="like-last-done hint" role="status" hidden' in prefilled
    assert not re.search(r"Overgenomen van je vorige check-in \((?!\{when\})", prefilled)
    for name in ("areas", "spots", "cramp", *TODAYS):
        assert checked(prefilled, name) == [], name


def test_a_list_of_records_keeps_only_the_named_keys(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setitem(LIKE_LAST, "things", ("name", "dose"))
    copied = like_last({"areas": ["back"], "things": [{"name": "x", "dose": "1", "time": "08:00"}]})
    assert copied["areas"] == ["back"] and copied["things"] == [{"name": "x", "dose": "1"}]


def test_the_prefilled_page_is_valid_html(profiled: FlaskClient, tmp_path: Path) -> None:
    checker = html_checker()
    post_checkin(profiled, days_ago=1, areas=["back"], spots=["knee_left"], cramp="y")
    path = tmp_path / "like_last.html"
    path.write_text(profiled.get("/?zoals=gisteren").get_data(as_text=True), encoding="utf-8")
    result = subprocess.run(
        [*checker, "--errors-only", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert json.loads(result.stderr or '{"messages": []}')["messages"] == []


def test_like_yesterday_copies_what_she_took_without_its_time_or_effect(
    profiled: FlaskClient,
) -> None:
    post_checkin(
        profiled,
        days_ago=1,
        **{
            "medicines_taken-2-name": "magnesium",
            "medicines_taken-2-dose": "400 mg",
            "medicines_taken-2-count": "2",
            "medicines_taken-2-time": "21:30",
            "medicines_taken-2-as_needed": "y",
        },
    )
    page = profiled.get("/?zoals=gisteren").get_data(as_text=True)
    fields = dict(re.findall(r'name="(medicines_taken-0-\w+)"[^>]*value="([^"]*)"', page))
    assert fields["medicines_taken-0-name"] == "magnesium"
    assert fields["medicines_taken-0-dose"] == "400 mg"
    assert fields["medicines_taken-0-count"] == "2"
    assert fields.get("medicines_taken-0-time", "") == ""  # today's time is hers to give
    assert checked(page, "medicines_taken-0-take") == ["y"]
    assert checked(page, "medicines_taken-0-as_needed") == ["y"]
    assert "wat je nam zijn ingevuld" in page
