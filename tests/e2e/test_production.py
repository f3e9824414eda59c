"""The production path, end to end: Chromium -> nginx (TLS, `docs/nginx.conf`) -> gunicorn
started as the README says -> PostgreSQL.

The test makes a self-signed certificate, fills the committed nginx file with its own ports and
paths, starts gunicorn exactly as the README's production section does (`FLASK_PRODUCTION=true`,
`FLASK_PROXY_FIX=true`, `-c gunicorn.conf.py`, two workers) and walks one person's diary over
https in a real browser: first visit, check-in, tips, saving the diary and downloading the
recovery codes, a second device, an offline check-in that syncs, and erasing everything.

`FLOURIA_PRODUCTION_DATABASE_URL` names an empty PostgreSQL database that this test may empty
(`.ci/run` makes `flouria_prod_ci`). Without it, nginx or openssl the test skips; in CI
(`FLOURIA_REQUIRE_ALL=1`) it fails instead.
"""

from __future__ import annotations

import base64
import hashlib
import os
import pwd
import secrets
import shutil
import socket
import ssl
import subprocess
import tempfile
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import NoReturn

import pytest
from helpers import TRANSLATIONS
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from playwright.sync_api import Response
from playwright.sync_api import expect
from pwa_helpers import CHROMIUM_ARGS
from pwa_helpers import DUTCH
from pwa_helpers import PHONE
from pwa_helpers import chromium_path
from pwa_helpers import controlled
from pwa_helpers import fill_checkin
from pwa_helpers import submit
from pwa_helpers import wait_until
from sqlalchemy import MetaData
from sqlalchemy import create_engine
from sqlalchemy import text

from flouria_pwa.config import normalise_url

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
NGINX_SITE = ROOT / "docs" / "nginx.conf"
PASSWORD = "zonnige ochtend"
DOWNLOAD_CODES = "Download de codes"
WAIT = 15_000  # ms: a shared machine may be slow; every wait ends as soon as its condition holds


def _missing(reason: str) -> NoReturn:
    if os.environ.get("FLOURIA_REQUIRE_ALL"):
        pytest.fail(reason)
    pytest.skip(reason)


def _nginx() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _empty(url: str) -> None:
    """Drop every table, so each run is a first deploy on an empty database."""
    engine = create_engine(normalise_url(url))
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        metadata.drop_all(engine)
    finally:
        engine.dispose()


def _self_signed(folder: Path) -> str:
    """A certificate for 127.0.0.1; returns its public key's SHA-256 (base64), for Chromium."""
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"),
            *("-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    public = subprocess.run(
        ["openssl", "x509", "-in", str(cert), "-noout", "-pubkey"], check=True, capture_output=True
    ).stdout
    der = subprocess.run(
        ["openssl", "pkey", "-pubin", "-outform", "der"],
        input=public,
        check=True,
        capture_output=True,
    ).stdout
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


def _nginx_site(tls_port: int, app_port: int, folder: Path) -> str:
    """docs/nginx.conf with this run's port, certificate, upstream and log folder."""
    site = NGINX_SITE.read_text()
    for old, new, times in (
        ("    listen 443 ssl", f"    listen 127.0.0.1:{tls_port} ssl", 1),
        ("/etc/letsencrypt/live/flouria.example.org/", f"{folder}/", 2),
        ("proxy_pass http://127.0.0.1:8000;", f"proxy_pass http://127.0.0.1:{app_port};", 1),
        ("/var/log/nginx/", f"{folder}/", 1),
    ):
        assert site.count(old) == times, f"docs/nginx.conf no longer has {old!r} {times}x"
        site = site.replace(old, new)
    return site


def _nginx_main(folder: Path) -> str:
    """What Debian's /etc/nginx/nginx.conf gives the site, but with every file in `folder`."""
    temp = "\n".join(
        f"    {kind}_temp_path {folder}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user www-data;\n" if os.geteuid() == 0 and _has_user("www-data") else ""
    return (
        f"{user}worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        "daemon off;\nevents { worker_connections 256; }\n"
        f"http {{\n    default_type application/octet-stream;\n{temp}\n"
        f"    include {folder}/flouria.conf;\n}}\n"
    )


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _answers(url: str, context: ssl.SSLContext | None = None) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2, context=context) as response:
            return response.status == 200
    except urllib.error.HTTPError as error:
        error.close()
        return False
    except OSError:
        return False


def _log_tail(path: Path) -> str:
    return path.read_text(errors="replace")[-4000:] if path.exists() else "(no log)"


@dataclass
class Production:
    url: str
    database_url: str
    gunicorn_log: Path
    spki: str  # the certificate's key, which the browsers trust (service workers need that)
    responses: list[tuple[str, str, int]] = field(default_factory=list)

    def record(self, response: Response) -> None:
        """Remember each answer from this server, to name the refused request in a failure."""
        if response.url.startswith(self.url):
            request = response.request
            path = response.url[len(self.url) :]
            self.responses.append((request.method, path, response.status))

    def refused_since(self, mark: int) -> list[tuple[str, str, int]]:
        return [r for r in self.responses[mark:] if r[2] >= 400]

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """One step of her morning: no answer in it may be an error; a failure names the refused
        requests and shows the end of gunicorn's log."""
        mark = len(self.responses)
        try:
            yield
        except (AssertionError, PlaywrightError) as error:
            raise AssertionError(self._report(name, mark, error)) from error
        assert not self.refused_since(mark), self._report(name, mark, "an error answer")

    def count(self, query: str, **params: str) -> int:
        engine = create_engine(normalise_url(self.database_url))
        try:
            with engine.connect() as connection:
                return connection.execute(text(query), params).scalar_one()
        finally:
            engine.dispose()

    def _report(self, name: str, mark: int, error: object) -> str:
        refused = self.refused_since(mark)
        return f"{name}: {error}\nrefused: {refused}\ngunicorn:\n{_log_tail(self.gunicorn_log)}"


@pytest.fixture(scope="module")
def production() -> Iterator[Production]:
    database_url = os.environ.get("FLOURIA_PRODUCTION_DATABASE_URL")
    if not database_url:
        _missing("FLOURIA_PRODUCTION_DATABASE_URL (an empty PostgreSQL database) is not set")
    nginx = _nginx()
    if nginx is None:
        _missing("nginx is missing (apt-get install nginx; .ci/run does)")
    if shutil.which("openssl") is None:
        _missing("openssl is missing (apt-get install openssl; .ci/run does)")
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    if not gunicorn.exists():
        _missing(".venv/bin/gunicorn is missing: run bin/test")

    _empty(database_url)
    # Workers (www-data when run as root) must reach their temp folders: not under pytest's 0700.
    folder = Path(tempfile.mkdtemp(prefix="flouria-production-"))
    folder.chmod(0o755)
    processes: list[subprocess.Popen] = []
    try:
        yield from _serve(database_url, nginx, gunicorn, folder, processes)
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(folder, ignore_errors=True)


def _serve(
    database_url: str, nginx: str, gunicorn: Path, folder: Path, processes: list[subprocess.Popen]
) -> Iterator[Production]:
    """Start gunicorn, then nginx in front of it (each added to `processes` once started)."""
    spki = _self_signed(folder)
    tls_port, app_port = _free_port(), _free_port()
    (folder / "flouria.conf").write_text(_nginx_site(tls_port, app_port, folder))
    (folder / "nginx.conf").write_text(_nginx_main(folder))

    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "FLOURIA_"))}
    env.pop("DATABASE_URL", None)
    env.pop("WEB_CONCURRENCY", None)
    env.update(
        FLASK_PRODUCTION="true",
        FLASK_SECRET_KEY=secrets.token_hex(32),
        DATABASE_URL=database_url,
        FLASK_PROXY_FIX="true",
        FLOURIA_BIND=f"127.0.0.1:{app_port}",
        WEB_CONCURRENCY="2",
        FLASK_STATIC_BUILD_FOLDER=str(folder / "static-build"),
        FLASK_BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS),
        FLOURIA_INSTANCE_PATH=str(folder / "instance"),
    )
    gunicorn_log = folder / "gunicorn.log"
    nginx_log = folder / "nginx.out"
    with gunicorn_log.open("wb") as out:
        app = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    processes.append(app)
    healthz = f"http://127.0.0.1:{app_port}/healthz"
    # Migrations on an empty database come first; a failure ends gunicorn.
    wait_until(lambda: app.poll() is not None or _answers(healthz), timeout=90)
    assert app.poll() is None, f"gunicorn stopped:\n{_log_tail(gunicorn_log)}"

    check = [nginx, "-t", "-p", str(folder), "-c", str(folder / "nginx.conf")]
    tested = subprocess.run(check, capture_output=True, text=True)
    assert tested.returncode == 0, tested.stderr
    with nginx_log.open("wb") as out:
        proxy = subprocess.Popen(
            [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf")],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    processes.append(proxy)
    url = f"https://127.0.0.1:{tls_port}"
    unverified = ssl._create_unverified_context()
    wait_until(
        lambda: proxy.poll() is not None or _answers(url + "/healthz", unverified),
        timeout=30,
    )
    assert proxy.poll() is None, _log_tail(nginx_log) + _log_tail(folder / "error.log")
    yield Production(url, database_url, gunicorn_log, spki)


@pytest.fixture
def devices(browser: Browser, production: Production) -> Iterator[list[BrowserContext]]:
    """Two phones (own profiles, so the service worker runs) that accept the test's certificate."""
    made: list[BrowserContext] = []
    profiles = Path(tempfile.mkdtemp(prefix="flouria-profiles-"))
    try:
        for n in range(2):
            context = browser.browser_type.launch_persistent_context(
                str(profiles / f"profile-{n}"),
                executable_path=chromium_path(),
                headless=True,
                # ignore_https_errors alone lets pages load, but Chromium still refuses to
                # register a service worker from an untrusted certificate: trust this one key.
                args=[*CHROMIUM_ARGS, f"--ignore-certificate-errors-spki-list={production.spki}"],
                **DUTCH,
                viewport=PHONE["viewport"],
                service_workers="allow",
                ignore_https_errors=True,
                accept_downloads=True,
            )
            context.set_default_timeout(15_000)
            context.on("response", production.record)
            made.append(context)
        yield made
    finally:
        for context in made:
            context.close()
        shutil.rmtree(profiles, ignore_errors=True)


def page_of(context: BrowserContext) -> Page:
    return context.pages[0] if context.pages else context.new_page()


def assert_cookies_secure(context: BrowserContext, url: str) -> None:
    cookies = context.cookies(url)
    assert cookies, "no cookie set"
    assert [c["name"] for c in cookies if not c["secure"]] == [], cookies
    assert [c["name"] for c in cookies if not c["httpOnly"]] == [], cookies


def test_a_diary_over_https_from_first_visit_to_erase(
    devices: list[BrowserContext], production: Production
) -> None:
    base = production.url
    phone_context, tablet_context = devices
    phone = page_of(phone_context)

    with production.step("first visit: the welcome, over https, with HSTS"):
        first = phone.goto(base + "/")
        assert first is not None and first.ok and first.url == base + "/"
        assert "max-age=" in (first.headers.get("strict-transport-security") or "")
        expect(phone.get_by_role("heading", name="Welkom bij Flouria")).to_be_visible(timeout=WAIT)
        phone.get_by_role("link", name="Ja, eerst een paar vragen").click()
        phone.get_by_label("Ik zit in de perimenopauze").check()
        phone.get_by_role("button", name="Opslaan en beginnen").click()
        expect(phone.get_by_role("heading", name="Goedemorgen")).to_be_visible(timeout=WAIT)

    with production.step("a check-in through the form, and today's tips"):
        checkin_id = fill_checkin(phone)
        submit(phone)
        phone.wait_for_url(f"**/tips/{checkin_id}")
        expect(phone.get_by_role("heading", name="Vandaag voor jou")).to_be_visible(timeout=WAIT)
        expect(phone.locator("#today-tips > details.tip").first).to_be_visible(timeout=WAIT)

    with production.step("Bewaar je dagboek"):
        name = f"anna-{uuid.uuid4().hex[:8]}"
        phone.goto(base + "/account/bewaren")
        phone.get_by_label("Gebruikersnaam of e-mailadres").fill(name)
        phone.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
        phone.get_by_label("Wachtwoord nog een keer").fill(PASSWORD)
        phone.get_by_role("button", name="Bewaar mijn dagboek").click()
        expect(phone.get_by_role("heading", name="Je herstelcodes")).to_be_visible(timeout=WAIT)
        expect(phone.locator("ol.codes code")).to_have_count(10, timeout=WAIT)
        codes = phone.locator("ol.codes code").all_text_contents()
        assert len(set(codes)) == 10
        assert_cookies_secure(phone_context, base)

    with production.step("Download de codes: the file holds the ten codes shown"):
        control = phone.get_by_role("button", name=DOWNLOAD_CODES).or_(
            phone.get_by_role("link", name=DOWNLOAD_CODES)
        )
        with phone.expect_download() as download_info:
            control.click()
        download = download_info.value
        assert download.failure() is None
        saved = Path(download.path()).read_text(encoding="utf-8")
        assert [word for word in saved.split() if word in codes] == codes, saved
        assert name in saved

    with production.step("a second device signs in and sees the check-in"):
        tablet = page_of(tablet_context)
        tablet.goto(base + "/account/inloggen")
        tablet.get_by_label("Gebruikersnaam of e-mailadres").fill(name)
        tablet.get_by_label("Wachtwoord").fill(PASSWORD)
        tablet.get_by_role("button", name="Inloggen").click()
        tablet.wait_for_url("**/dagboek/")
        expect(tablet.locator(f"[data-checkin-id='{checkin_id}']")).to_be_visible(timeout=WAIT)
        assert_cookies_secure(tablet_context, base)

    with production.step("offline on the tablet, the check-in waits; back online it syncs"):
        tablet = controlled(tablet_context, base)  # the check-in page, under the worker
        tablet_context.set_offline(True)
        tablet.wait_for_function("() => !navigator.onLine")
        offline_id = fill_checkin(tablet)
        submit(tablet)
        expect(tablet.locator("#local-tips details.tip").first).to_be_visible(timeout=WAIT)
        expect(tablet.locator("#outbox-badge")).to_have_text("1 nog niet verstuurd", timeout=WAIT)
        tablet_context.set_offline(False)
        expect(tablet.locator("#outbox-badge")).to_be_hidden(timeout=WAIT)

        def phone_sees_it() -> bool:
            listed = phone_context.request.get(base + "/api/v1/checkins")
            return listed.ok and offline_id in {c["id"] for c in listed.json()["checkins"]}

        wait_until(phone_sees_it)
        phone.goto(base + "/dagboek/")
        expect(phone.locator(f"[data-checkin-id='{offline_id}']")).to_be_visible(timeout=WAIT)

    with production.step("Alles wissen"):
        phone.goto(base + "/gegevens/")
        phone.get_by_role("link", name="Alles wissen").click()
        phone.get_by_role("button", name="Ja, wis alles").click()
        expect(phone.get_by_text("Alles is gewist.")).to_be_visible(timeout=WAIT)

    # Nothing of her diary is left, and the tablet's session opens nothing any more.
    assert (
        production.count(
            "select count(*) from checkin where id in (:a, :b)", a=checkin_id, b=offline_id
        )
        == 0
    )
    assert production.count('select count(*) from "user" where username = :name', name=name) == 0
    assert tablet_context.request.get(base + "/api/v1/checkins").json()["checkins"] == []


def test_the_proxy_decides_the_scheme_and_the_address(production: Production) -> None:
    """A client that claims another address and plain http through nginx changes neither: the
    app still answers as https (HSTS) and logs the address nginx saw."""
    path = f"/no-such-page-{uuid.uuid4().hex}"
    forged = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "http"}
    request = urllib.request.Request(production.url + path, headers=forged)
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=10, context=ssl._create_unverified_context())
    refused = answer.value
    refused.close()
    assert refused.code == 404
    assert "max-age=" in (refused.headers.get("Strict-Transport-Security") or "")

    def logged() -> str | None:
        lines = production.gunicorn_log.read_text(errors="replace").splitlines()
        return next((line for line in lines if path in line), None)

    assert wait_until(logged).startswith("127.0.0.1 ")
