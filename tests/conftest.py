"""Shared fixtures, flaskr style: `app` on a fresh database, its `client` and CLI `runner`, and
`auth` for that client's account actions (`auth.save_diary()`, `auth.sign_in()`, ...).

The Dutch catalogue is compiled once per run into helpers.SESSION_DIR (not into translations/),
and the apps build their static files and keep their instance folder (generated keys) there
too: a test run writes nothing into the repository.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from flask.testing import FlaskCliRunner
from helpers import SESSION_DIR
from helpers import TRANSLATIONS
from helpers import Auth
from helpers import make_app
from hypothesis.configuration import set_hypothesis_home_dir

from flouria_pwa.extensions import db

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """Compile the current .po files once, so the tests always see the catalogue as it is now;
    Hypothesis keeps its caches (not examples: the property tests keep none) in SESSION_DIR."""
    set_hypothesis_home_dir(SESSION_DIR / "hypothesis")
    for po in (ROOT / "translations").glob("*/LC_MESSAGES/messages.po"):
        with po.open("rb") as f:
            catalog = read_po(f)
        mo = TRANSLATIONS / po.relative_to(ROOT / "translations").with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as f:
            write_mo(f, catalog)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(SESSION_DIR, ignore_errors=True)


def _app(tmp_path: Path, csrf: bool) -> Iterator[Flask]:
    app = make_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
            "WTF_CSRF_ENABLED": csrf,
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """The app on a fresh database, CSRF off so tests can post forms directly."""
    yield from _app(tmp_path, csrf=False)


@pytest.fixture
def csrf_app(tmp_path: Path) -> Iterator[Flask]:
    """The app as users get it: CSRF protection on."""
    yield from _app(tmp_path, csrf=True)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """The app's `flask` commands, run in-process."""
    return app.test_cli_runner()


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    """Account actions for `client`: save the diary, sign in, sign out."""
    return Auth(client)


@pytest.fixture
def profiled(client: FlaskClient) -> FlaskClient:
    """A browser that has passed the first-run welcome with an empty profile."""
    response = client.post("/welkom", data={})
    assert response.status_code == 303
    return client
