"""Dutch throughout: every message in code and templates has a Dutch translation."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from babel.messages.pofile import read_po
from flask import Flask
from flask_babel import format_date

from flouria_pwa.dates import today
from flouria_pwa.filters import long_date

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "translations" / "nl" / "LC_MESSAGES" / "messages.po"


def extract(tmp_path: Path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    with pot.open("rb") as f:
        return read_po(f)


def test_every_message_has_a_dutch_translation(tmp_path: Path) -> None:
    template = extract(tmp_path)
    with PO.open("rb") as f:
        dutch = read_po(f, locale="nl")
    missing, fuzzy = [], []
    for message in template:
        if not message.id:
            continue
        found = dutch.get(message.id)
        strings = found.string if found else None
        if found is None or not strings or (isinstance(strings, tuple) and not all(strings)):
            missing.append(message.id)
        elif found.fuzzy:
            fuzzy.append(message.id)
    assert missing == [], f"no Dutch for: {missing}"
    assert fuzzy == [], f"fuzzy Dutch for: {fuzzy}"
    assert len(template) > 100  # the extraction itself worked


def test_dates_are_dutch(app: Flask) -> None:
    with app.test_request_context():
        assert format_date(date(2026, 11, 21), "EEEE d MMMM") == "zaterdag 21 november"
        assert long_date(date(2024, 2, 29)) == "donderdag 29 februari 2024"
        this_year = date(today().year, 1, 1)
        assert long_date(this_year).endswith(" 1 januari")  # no year for this year's dates
