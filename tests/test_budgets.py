"""Size budgets (sizes, not timings): the check-in page renders from one round trip, JavaScript
stays small on every page, and a diary of five years keeps every page within the same budgets.

One round trip on a fresh connection carries about 14 KB (TCP's initial window of 10 packets), so
everything the first render needs — the HTML and the render-blocking CSS and JS — must fit in it.
"""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient
from helpers import FIVE_YEARS
from helpers import checkin_form
from helpers import five_year_diary

FIRST_RENDER = 14 * 1024
JAVASCRIPT = 30 * 1024
PAGES = ("/", "/tips/", "/tips/alle", "/dagboek/", "/rapport", "/gegevens/", "/privacy", "/profiel")


class Resources(HTMLParser):
    """The stylesheets and scripts a page loads, and which of them block the first render."""

    def __init__(self) -> None:
        super().__init__()
        self.blocking: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet" and a.get("media") != "print":
            self.blocking.append(a["href"] or "")
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
            if "defer" not in a and "async" not in a and a.get("type") != "module":
                self.blocking.append(a["src"])


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def fetch(client: FlaskClient, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    data = response.get_data()
    response.close()
    return data


def resources(client: FlaskClient, url: str) -> tuple[int, Resources]:
    html = fetch(client, url)
    found = Resources()
    found.feed(html.decode())
    return gzipped(html), found


def first_render(client: FlaskClient, url: str) -> int:
    html, found = resources(client, url)
    return html + sum(gzipped(fetch(client, src)) for src in found.blocking)


def javascript(client: FlaskClient, url: str) -> int:
    _html, found = resources(client, url)
    return sum(gzipped(fetch(client, src)) for src in found.scripts)


def test_check_in_page_renders_from_one_round_trip(profiled: FlaskClient) -> None:
    assert first_render(profiled, "/") <= FIRST_RENDER
    profiled.post("/", data=checkin_form(stiffness="7", cramp="y", cramp_when=["night"]))
    assert first_render(profiled, "/") <= FIRST_RENDER


def test_javascript_stays_small_on_every_page(profiled: FlaskClient) -> None:
    profiled.post("/", data=checkin_form(stiffness="5", note="een notitie"))
    for url in PAGES:
        assert javascript(profiled, url) <= JAVASCRIPT, url


def test_a_five_year_diary_keeps_every_page_within_budget(
    app: Flask, profiled: FlaskClient
) -> None:
    five_year_diary(app, profiled)
    assert first_render(profiled, "/") <= FIRST_RENDER
    diary = fetch(profiled, "/dagboek/").decode()
    assert diary.count("data-checkin-id=") == 30 and 'rel="next"' in diary
    last = 1 + (FIVE_YEARS - 1) // 30
    oldest = fetch(profiled, f"/dagboek/?pagina={last}").decode()
    assert 'rel="prev"' in oldest and 'rel="next"' not in oldest
    assert profiled.get(f"/dagboek/?pagina={last + 1}").status_code == 404
    for url in (*PAGES, f"/dagboek/?pagina={last}"):
        html, _found = resources(profiled, url)
        assert html <= FIRST_RENDER, (url, html)
        assert javascript(profiled, url) <= JAVASCRIPT, url
    assert re.search(r"op \d+ van de laatste 30 dagen ingecheckt", diary)  # a 30-day chart
