"""The insights page (issue 14) in a real Chromium the size of a phone (390 px): axe-core finds no
WCAG 2.2 AA violation and nothing scrolls sideways, at the default text size and at 200 %, both
before there are enough days and with a pattern found."""

from __future__ import annotations

import json
import uuid

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import expect
from pwa_helpers import DUTCH
from pwa_helpers import PHONE
from pwa_helpers import violations
from synthetic_diaries import diary

from flouria_pwa.dates import today

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("text_size", ["100%", "200%"])
def test_the_insights_page_at_390_px(browser: Browser, live_server: str, text_size: str) -> None:
    context = browser.new_context(**DUTCH, **PHONE, service_workers="block")
    page = context.new_page()
    page.goto(live_server + "/inzichten")
    expect(page.locator("h1")).to_have_text("Wat je dagboek laat zien")
    found = {"too few days": violations(page, text_size)}

    token = page.locator("meta[name=csrf-token]").get_attribute("content") or ""
    rows = diary(30, seed=12, effect=3.0)  # tests/test_insights.py's PLANTED: one "likely"
    shift = today() - rows[-1]["date"]
    for row in rows:
        entry = {k: v for k, v in row.items() if v is not None}
        entry |= {"id": str(uuid.uuid4()), "date": (row["date"] + shift).isoformat()}
        response = page.request.put(
            f"{live_server}/api/v1/checkins/{entry['id']}",
            data=json.dumps(entry),
            headers={"Content-Type": "application/json", "X-CSRFToken": token},
        )
        assert response.ok, response.text()
    page.goto(live_server + "/inzichten")
    expect(page.locator("ul.insights li")).to_have_count(1)
    found["a pattern found"] = violations(page, text_size)
    context.close()
    assert found == {"too few days": [], "a pattern found": []}
