"""Shared fixtures: an app on a fresh database, a test client, and check-in helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from helpers import make_app

from flouria_pwa.extensions import db

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """Compile the Dutch catalogue first, so the tests always see the current .po file."""
    for po in (ROOT / "translations").glob("*/LC_MESSAGES/messages.po"):
        with po.open("rb") as f:
            catalog = read_po(f)
        with po.with_suffix(".mo").open("wb") as f:
            write_mo(f, catalog)


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
def profiled(client: FlaskClient) -> FlaskClient:
    """A browser that has passed the first-run welcome with an empty profile."""
    response = client.post("/welkom", data={})
    assert response.status_code == 303
    return client
