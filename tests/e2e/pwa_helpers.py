"""Helpers for the browser tests: Chromium's path and flags (also used by conftest.py), a live
server (tests/live_server.py's) that counts every request and can refuse check-in PUTs on
demand, database look-ups, and `wait_until` for conditions outside the page.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from helpers import PASSWORD
from helpers import make_app
from live_server import AppServer
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page
from playwright.sync_api import expect

from flouria_pwa.extensions import db
from flouria_pwa.store.models import CheckIn

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Every browser in these tests is Dutch, in Amsterdam; PHONE adds a phone's screen and touch.
DUTCH: dict[str, Any] = {"locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}

PUT_PREFIX = "/api/v1/checkins/"
RECORDED_HEADER = "X-Test-Recorded"  # the Recorder's number of the request answered


def chromium_path() -> str | None:
    path = os.environ.get("FLOURIA_CHROMIUM", "/usr/bin/chromium")
    return path if Path(path).exists() else None


class Recorder:
    """WSGI middleware: logs (method, path, status) of every request; can answer check-in PUTs
    itself with a given status and JSON body, for the next `times` PUTs (None: until cleared)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.log: list[tuple[str, str, int]] = []
        # When each logged request arrived (its place among all arrivals): a request that
        # arrived before a mark but is answered after it is not one "since" the mark.
        self.arrivals: list[int] = []
        self.arrived = 0
        self.lock = threading.Lock()
        self.refusal: tuple[int, dict] | None = None
        self.refusals_left: int | None = None

    def refuse_puts(self, status: int, body: dict | None = None, times: int | None = None) -> None:
        with self.lock:
            self.refusal = (status, body or {"error": "refused by the test"})
            self.refusals_left = times

    def accept_puts(self) -> None:
        with self.lock:
            self.refusal = None
            self.refusals_left = None

    def _refusal(self, method: str, path: str) -> tuple[int, dict] | None:
        if method != "PUT" or not path.startswith(PUT_PREFIX):
            return None
        with self.lock:
            refusal = self.refusal
            if refusal is not None and self.refusals_left is not None:
                self.refusals_left -= 1
                if self.refusals_left <= 0:
                    self.refusal = None
            return refusal

    def __call__(self, environ: dict, start_response: Callable) -> Any:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        with self.lock:
            arrival = self.arrived
            self.arrived += 1
        refusal = self._refusal(method, path)
        if refusal is not None:
            status, body = refusal
            self._record(method, path, status, arrival)
            data = json.dumps(body).encode()
            start_response(
                f"{status} Refused",
                [("Content-Type", "application/json"), ("Content-Length", str(len(data)))],
            )
            return [data]

        def recording_start(status: str, headers: list, exc_info: Any = None) -> Callable:
            number = self._record(method, path, int(status.split()[0]), arrival)
            # which logged request this answer is, so a test can tell a kept copy's age
            headers = [*headers, (RECORDED_HEADER, str(number))]
            return start_response(status, headers, exc_info)

        return self.app(environ, recording_start)

    def _record(self, method: str, path: str, status: int, arrival: int) -> int:
        """Log the request; returns its place in the log."""
        with self.lock:
            self.log.append((method, path, status))
            self.arrivals.append(arrival)
            return len(self.log) - 1

    def mark(self) -> int:
        """Now, counted in arrivals: `since` gives the requests that arrive from here on."""
        with self.lock:
            return self.arrived

    def since(self, mark: int) -> list[tuple[str, str, int]]:
        with self.lock:
            return [entry for entry, n in zip(self.log, self.arrivals, strict=True) if n >= mark]

    def place_since(self, mark: int, entry: tuple[str, str, int]) -> int:
        """The log place (the number in the X-Test-Recorded header) of the first such request
        that arrived after `mark`."""
        with self.lock:
            pairs = zip(self.log, self.arrivals, strict=True)
            return next(i for i, (e, n) in enumerate(pairs) if n >= mark and e == entry)

    def puts(self, checkin_id: str, ok: bool | None = None) -> list[int]:
        """Statuses of the PUTs for one check-in (only the 2xx ones with ok=True)."""
        with self.lock:
            statuses = [s for m, p, s in self.log if m == "PUT" and p == PUT_PREFIX + checkin_id]
        return [s for s in statuses if ok is None or (200 <= s < 300) == ok]


class LiveServer(AppServer):
    """Flouria (CSRF on, a SQLite file) behind a Recorder, on 127.0.0.1 in a thread."""

    def __init__(self, db_file: Path) -> None:
        self.app: Flask = make_app(
            {"SECRET_KEY": "pwa-e2e-secret", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}"}
        )
        self.recorder = Recorder(self.app.wsgi_app)
        self.app.wsgi_app = self.recorder  # type: ignore[method-assign]
        super().__init__(self.app)

    def rows(self, checkin_id: str) -> int:
        """How many rows the server holds for this check-in id."""
        with self.app.app_context():
            count = db.session.query(CheckIn).filter_by(id=checkin_id).count()
            db.session.remove()
            return count

    def stored(self, checkin_id: str) -> dict | None:
        with self.app.app_context():
            entry = db.session.get(CheckIn, checkin_id)
            data = entry.to_contract() if entry else None
            db.session.remove()
            return data


def wait_until(
    check: Callable[[], Any], timeout: float = 15.0, step: float = 0.1, page: Page | None = None
) -> Any:
    """Poll until check() is truthy; return its value, or fail after `timeout` seconds.

    With `page`, the pause between polls is Playwright's, so its events (CDP ones too) are
    dispatched meanwhile; a plain sleep would hold them back until the next Playwright call.
    """
    end = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"still false after {timeout} s: {check}")
        if page is not None:
            page.wait_for_timeout(step * 1000)
        else:
            time.sleep(step)


def kept_copy_number(page: Page, path: str) -> int | None:
    """The Recorder's number of the response the worker keeps for `path`, None without a copy."""
    number = page.evaluate(
        """async ([path, header]) => {
             for (const name of await caches.keys()) {
               const copy = await (await caches.open(name)).match(path, {ignoreVary: true});
               if (copy) return copy.headers.get(header);
             }
             return null;
           }""",
        [path, RECORDED_HEADER],
    )
    return None if number is None else int(number)


def went_offline(page: Page) -> None:
    """Wait until the page itself knows it is offline (after context.set_offline(True))."""
    page.wait_for_function("() => !navigator.onLine")


def controlled(context: BrowserContext, base: str) -> Page:
    """The check-in page, reloaded once the worker is active, so the worker controls it."""
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(base + "/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    return page


def fill_checkin(page: Page) -> str:
    """Stiff back, some pain, cramp in the calf at night: a check-in with several tips."""
    for input_id in ("stiffness-6", "areas-1", "pain-4"):
        page.locator(f"label.chip:has(#{input_id})").click()
    page.get_by_text("Ik had kramp").click()
    page.locator("label.chip:has(#cramp_when-0)").click()
    page.locator("label.chip:has(#cramp_where-0)").click()
    return page.input_value("#id")


def submit(page: Page) -> None:
    page.get_by_role("button", name="Opslaan en tips bekijken").click()


def save_diary(page: Page, base: str) -> str:
    """Save this browser's diary under a new name, through the form; returns the name."""
    name = f"anna-{uuid.uuid4().hex[:8]}"
    page.goto(base + "/account/bewaren")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill(name)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord nog een keer").fill(PASSWORD)
    page.get_by_role("button", name="Bewaar mijn dagboek").click()
    expect(page.get_by_role("heading", name="Je herstelcodes")).to_be_visible()
    expect(page.locator("ol.codes code")).to_have_count(10)
    return name


def sign_in(page: Page, base: str, name: str) -> None:
    """Sign in through the form; she lands on her diary."""
    page.goto(base + "/account/inloggen")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill(name)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/dagboek/")


# ----------------------------------------------------------------------------- accessibility

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()


# Everything a person can unfold is checked too: every <details> open, the cramp questions shown.
UNFOLD = """() => {
    document.querySelectorAll('details').forEach((details) => { details.open = true; });
    const cramp = document.querySelector('.cramp-toggle input');
    if (cramp) cramp.checked = true;
}"""


def violations(page: Page, text_size: str) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the page, unfolded, one readable line per node."""
    page.wait_for_load_state("load")
    page.evaluate(UNFOLD)
    size = page.evaluate(
        """(size) => { document.documentElement.style.fontSize = size;
                       return getComputedStyle(document.documentElement).fontSize; }""",
        text_size,
    )
    assert size == f"{16 * int(text_size.rstrip('%')) // 100}px", size
    results = AXE.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]},
    ).response
    lines = []
    # WCAG 1.4.4 and 1.4.10: at any text size the page reflows, without sideways scrolling.
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if wide > 0:
        lines.append(f"reflow: the page is {wide}px wider than the screen")
    for violation in results["violations"]:
        for node in violation["nodes"]:
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
                f"      {' '.join(node['target'])}: {node['failureSummary'].replace(chr(10), ' ')}"
            )
    return lines
