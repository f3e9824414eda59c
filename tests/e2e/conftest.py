"""Real-browser fixtures: the app on a live local server, and Chromium through Playwright.

Chromium is Debian's (/usr/bin/chromium) unless FLOURIA_CHROMIUM names another; where neither
exists, Playwright's own browser (`playwright install chromium`) is used.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import make_app
from live_server import AppServer
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page
from playwright.sync_api import sync_playwright
from pwa_helpers import CHROMIUM_ARGS
from pwa_helpers import DUTCH
from pwa_helpers import PHONE
from pwa_helpers import LiveServer
from pwa_helpers import chromium_path


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Flouria with CSRF on and a file database, served on 127.0.0.1 (a secure context)."""
    db_file = tmp_path_factory.mktemp("e2e") / "e2e.sqlite"
    app = make_app({"SECRET_KEY": "e2e-secret", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}"})
    with AppServer(app) as server:
        yield server.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh, private browser the size of a phone (390×844), in Dutch."""
    context = browser.new_context(**DUTCH, **PHONE, device_scale_factor=3, service_workers="block")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("pwa") / "pwa.sqlite").start()
    yield live
    live.stop()


@pytest.fixture
def reset_server(server: LiveServer) -> Iterator[None]:
    """After each test: PUTs accepted again, the worker's version back to normal."""
    yield
    server.recorder.accept_puts()
    server.app.config.pop("SW_VERSION_SALT", None)


@pytest.fixture
def new_context(browser: Browser, tmp_path: Path) -> Iterator[Callable[..., BrowserContext]]:
    """Opens a phone-sized Chromium with its own profile (service workers need one)."""
    contexts: list[BrowserContext] = []

    def make(init_script: str | None = None) -> BrowserContext:
        context = browser.browser_type.launch_persistent_context(
            str(tmp_path / f"profile-{len(contexts)}"),
            executable_path=chromium_path(),
            headless=True,
            args=CHROMIUM_ARGS,
            **DUTCH,
            viewport=PHONE["viewport"],
            service_workers="allow",
        )
        context.set_default_timeout(15_000)
        if init_script:
            context.add_init_script(init_script)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
