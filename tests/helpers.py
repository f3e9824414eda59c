"""Helpers for the tests: the app on a fresh database, check-in payloads, stored rows, CSRF."""

from __future__ import annotations

import os
import re
import uuid
from datetime import timedelta
from typing import Any

from flask import Flask

from flouria_pwa import create_app
from flouria_pwa.dates import today
from flouria_pwa.extensions import db
from flouria_pwa.store.models import CheckIn


def make_app(config: dict[str, Any]) -> Flask:
    """The app on an empty database with the current schema.

    With FLOURIA_TEST_DATABASE_URL set (CI sets a PostgreSQL URL), that database is used instead
    of the test's SQLite file, and emptied first. The schema comes from the models here;
    tests/test_migrations.py proves the migrations build exactly the same schema.
    """
    url = os.environ.get("FLOURIA_TEST_DATABASE_URL")
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": url} if url else config)
    with app.app_context():
        if url:
            db.drop_all()
        db.create_all()
    return app


def checkin_form(**overrides: Any) -> dict[str, Any]:
    """A complete check-in as the browser posts it (form fields named as in the contract)."""
    data: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "date": today().isoformat(),
        "time": "08:15",
        "stiffness": "0",
        "pain": "0",
        "sleep": "good",
        "fluid": "normal",
        "activity": "usual",
        "stress": "low",
        "strength_loss": "none",
        "coffee": "0",
        "note": "",
    }
    data.update(overrides)
    return data


def contract_checkin(days_ago: int = 0, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "date": (today() - timedelta(days=days_ago)).isoformat(),
        "stiffness": 0,  # the two questions every stored check-in answers (contract.ASKED)
        "pain": 0,
    }
    data.update(overrides)
    return data


def rows(app: Flask) -> list[CheckIn]:
    with app.app_context():
        return list(db.session.execute(db.select(CheckIn)).scalars())


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)
