"""Helpers for the tests: check-in payloads, stored rows, CSRF tokens."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

from flask import Flask

from flouria_pwa.dates import today
from flouria_pwa.extensions import db
from flouria_pwa.models import CheckIn


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
