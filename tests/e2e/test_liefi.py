"""Lie-fi: the network is "up" but nothing comes back (a train, a weak signal). Pages the phone
keeps must show from the copy at once, the fresh page must come in behind them with a quiet
"bijgewerkt" when it reads differently, and a form posted from a kept copy must still carry a
valid CSRF token.

Chromium talks to a tiny TCP proxy on 127.0.0.1 in front of the live server. `hold()` makes it
accept connections and read requests but pass nothing on and answer nothing, also on connections
already open; `release()` lets everything held through. The 1.5 s target is a benchmark that is
printed, never asserted: what the tests assert is that the kept page is on screen while the
proxy still holds its request (so it came from the copy, before the network answered).
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page
from playwright.sync_api import expect
from pwa_helpers import LiveServer
from pwa_helpers import controlled
from pwa_helpers import fill_checkin
from pwa_helpers import kept_copy_number
from pwa_helpers import submit
from pwa_helpers import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("reset_server")]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
KEPT = ("/", "/tips/", "/tips/alle", "/profiel", "/dagboek/")
TARGET_MS = 1500  # the benchmark: printed for the report, not asserted
SHOWN = 20_000  # how long an assertion waits for a page on a busy machine


class HangingProxy:
    """A TCP proxy on 127.0.0.1 that can stop answering without refusing anything."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.passing = threading.Event()
        self.passing.set()
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.received = bytearray()  # every request byte Chromium sent, held or not
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def hold(self) -> None:
        self.passing.clear()

    def release(self) -> None:
        self.passing.set()

    def asked_for(self, path: str, since: int = 0) -> bool:
        with self.lock:
            return f"GET {path} HTTP/".encode() in self.received[since:]

    def mark(self) -> int:
        with self.lock:
            return len(self.received)

    def close(self) -> None:
        self.closed = True
        self.passing.set()
        self.listener.close()
        with self.lock:
            for sock in self.sockets:
                try:
                    sock.close()
                except OSError:
                    pass

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            with self.lock:
                self.sockets.append(client)
            threading.Thread(target=self._from_browser, args=(client,), daemon=True).start()

    def _from_browser(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        try:
            while True:
                data = client.recv(65536)
                if not data:
                    break
                with self.lock:
                    self.received += data
                self.passing.wait()  # held: the bytes wait here, the browser hears nothing
                if self.closed:
                    break
                if upstream is None:
                    upstream = socket.create_connection(self.upstream)
                    with self.lock:
                        self.sockets.append(upstream)
                    threading.Thread(
                        target=self._to_browser, args=(upstream, client), daemon=True
                    ).start()
                upstream.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (client, upstream):
                if sock is not None:
                    try:
                        sock.close()
                    except OSError:
                        pass

    def _to_browser(self, upstream: socket.socket, client: socket.socket) -> None:
        try:
            while True:
                data = upstream.recv(65536)
                if not data:
                    break
                self.passing.wait()
                client.sendall(data)
        except OSError:
            pass
        finally:
            try:
                client.close()
            except OSError:
                pass


@pytest.fixture
def proxy(server: LiveServer) -> Iterator[HangingProxy]:
    hanging = HangingProxy(int(server.url.rsplit(":", 1)[1]))
    yield hanging
    hanging.close()


@pytest.fixture
def phone(new_context: Callable[..., BrowserContext], proxy: HangingProxy) -> Page:
    return controlled(new_context(), proxy.url)


def cached_paths(page: Page) -> set[str]:
    return set(
        page.evaluate(
            """async () => {
                 const paths = [];
                 for (const name of await caches.keys())
                   for (const r of await (await caches.open(name)).keys())
                     paths.push(new URL(r.url).pathname);
                 return paths;
               }"""
        )
    )


def keep_pages(page: Page, base: str) -> dict[str, str]:
    """A check-in, then every kept page visited online; returns each page's heading."""
    fill_checkin(page)
    submit(page)
    page.wait_for_url("**/tips/*")
    headings = {}
    for path in KEPT:
        page.goto(base + path)
        headings[path] = page.locator("h1").inner_text()
    wait_until(lambda: set(KEPT) <= cached_paths(page))
    return headings


def open_while_held(page: Page, proxy: HangingProxy, path: str, heading: str) -> float:
    """Open a kept page while the proxy holds; assert it shows; return the time it took (ms)."""
    mark = proxy.mark()
    start = time.monotonic()
    page.goto(proxy.url + path, wait_until="commit", timeout=SHOWN)
    expect(page.locator("h1")).to_have_text(heading, timeout=SHOWN)
    took = (time.monotonic() - start) * 1000
    # On screen while its request is still held at the proxy: shown from the copy.
    wait_until(lambda: proxy.asked_for(path, mark))
    assert not proxy.passing.is_set()
    paint = page.evaluate(
        """() => {
             const nav = performance.getEntriesByType('navigation')[0];
             const fcp = performance.getEntriesByName('first-contentful-paint')[0];
             return { answered: nav ? nav.responseStart : null, paint: fcp ? fcp.startTime : null };
           }"""
    )
    verdict = "within" if took <= TARGET_MS else "OVER"
    print(
        f"lie-fi {path}: kept copy on screen after {took:.0f} ms ({verdict} the {TARGET_MS} ms"
        f" target); worker answered at {paint['answered']} ms, first paint {paint['paint']} ms"
    )
    return took


def test_every_kept_page_shows_from_its_copy_while_the_network_hangs(
    phone: Page, proxy: HangingProxy, server: LiveServer
) -> None:
    headings = keep_pages(phone, proxy.url)
    entries = phone.locator("[data-checkin-id]")
    expect(entries).to_have_count(1)

    proxy.hold()
    mark = server.recorder.mark()
    times = {path: open_while_held(phone, proxy, path, headings[path]) for path in KEPT}
    print(f"lie-fi: slowest kept page {max(times.values()):.0f} ms")
    assert server.recorder.since(mark) == []  # nothing reached the server: all from copies

    # The diary (on screen now) changes elsewhere, say on her laptop, while the train hangs.
    session = phone.context.request.get(server.url + "/api/v1/session").json()
    now = datetime.now(AMSTERDAM)
    entry = {
        "id": str(uuid.uuid4()),
        "date": now.date().isoformat(),
        "time": "06:30",
        "stiffness": 3,
        "pain": 2,
        "updated_at": datetime.now(UTC).isoformat(),
    }
    answer = phone.context.request.put(
        server.url + f"/api/v1/checkins/{entry['id']}",
        data=entry,
        headers={"X-CSRFToken": session["csrf_token"]},
    )
    assert answer.ok, answer.text()
    expect(entries).to_have_count(1)  # the copy is still what she sees

    proxy.release()  # the held diary request reaches the server; its answer differs
    notice = phone.locator("#fresh-notice")
    expect(notice).to_be_visible(timeout=SHOWN)
    expect(notice).to_have_text("Deze pagina is bijgewerkt. Vernieuwen")
    expect(entries).to_have_count(1)  # quiet: nothing moved under her thumb
    notice.get_by_role("button", name="Vernieuwen").click()
    expect(entries).to_have_count(2)
    expect(phone.locator(f'[data-checkin-id="{entry["id"]}"]')).to_be_visible()
    expect(notice).to_be_hidden()


def test_a_page_that_did_not_change_brings_no_notice(
    phone: Page, proxy: HangingProxy, server: LiveServer
) -> None:
    phone.goto(proxy.url + "/tips/alle")
    heading = phone.locator("h1").inner_text()
    wait_until(lambda: "/tips/alle" in cached_paths(phone))
    phone.goto(proxy.url + "/")
    proxy.hold()
    open_while_held(phone, proxy, "/tips/alle", heading)
    mark = server.recorder.mark()
    proxy.release()
    wait_until(lambda: ("GET", "/tips/alle", 200) in server.recorder.since(mark))
    fresh = server.recorder.place_since(mark, ("GET", "/tips/alle", 200))
    # the worker compares, tells the page when it differs, then keeps the fresh page: once kept,
    # any notice has been sent
    wait_until(lambda: kept_copy_number(phone, "/tips/alle") == fresh)
    expect(phone.locator("#fresh-notice")).to_be_hidden()
    # the worker did bring the fresh copy in (it replaced the one shown)
    assert "/tips/alle" in cached_paths(phone)


def test_a_form_from_a_kept_copy_posts_with_a_fresh_token(
    phone: Page, proxy: HangingProxy, server: LiveServer
) -> None:
    phone.goto(proxy.url + "/profiel")
    wait_until(lambda: "/profiel" in cached_paths(phone))
    phone.goto(proxy.url + "/")

    # Offline she opens her profile: the kept copy, with the token of this session.
    phone.context.set_offline(True)
    phone.goto(proxy.url + "/profiel")
    expect(phone.get_by_role("heading", name="Over mij")).to_be_visible()
    # The browser restarts (the session cookie goes): the copy's token belongs to no session.
    cookies = phone.context.cookies()
    assert any(c["name"] == "session" for c in cookies)
    phone.context.clear_cookies(name="session")
    phone.context.set_offline(False)

    mark = server.recorder.mark()
    phone.locator("label.switch:has(input[name=perimenopause])").click()
    phone.get_by_role("button", name="Bewaren").click()
    expect(phone.get_by_text("Je gegevens zijn bewaard.")).to_be_visible(timeout=SHOWN)
    expect(phone.locator("input[name=perimenopause]")).to_be_checked()
    posts = [s for m, p, s in server.recorder.since(mark) if m == "POST" and p == "/profiel"]
    assert posts == [303]  # one post, accepted: no CSRF refusal and no second send

    # The copy kept of that answer is her saved profile, without the one-off "saved" message.
    phone.context.set_offline(True)
    phone.reload()
    expect(phone.get_by_role("heading", name="Over mij")).to_be_visible()
    expect(phone.locator("input[name=perimenopause]")).to_be_checked()
    expect(phone.get_by_text("Je gegevens zijn bewaard.")).to_have_count(0)
