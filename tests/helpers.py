"""Helpers for the tests: the app on a fresh database, check-in payloads and dates, a diary
saved as an account (`Auth`), a realistic diary, stored rows, CSRF.

Test modules import from here (and from conftest's fixtures), never from each other.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import shutil
import tempfile
import uuid
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from flouria_pwa import create_app
from flouria_pwa.dates import today
from flouria_pwa.extensions import db
from flouria_pwa.store.models import CheckIn
from flouria_pwa.store.models import User

# Everything the tests write outside tmp_path goes here: the compiled Dutch catalogue and the
# content-hashed static build (shared by every app in the run). conftest.py fills it at start-up
# and removes it at the end, so a test run leaves nothing behind in the repository.
SESSION_DIR = Path(tempfile.mkdtemp(prefix="flouria-tests-"))
TRANSLATIONS = SESSION_DIR / "translations"
STATIC_BUILDS = SESSION_DIR / "static-build"
INSTANCE = SESSION_DIR / "instance"  # the generated keys; instance/ in the repository stays empty


def with_test_folders(**config: Any) -> dict[str, Any]:
    """`config` plus the folders the app writes to or reads compiled files from, in SESSION_DIR."""
    return {
        "BABEL_TRANSLATION_DIRECTORIES": str(TRANSLATIONS),
        "STATIC_BUILD_FOLDER": str(STATIC_BUILDS),
        "INSTANCE_PATH": str(INSTANCE),
        **config,
    }


def make_app(config: dict[str, Any]) -> Flask:
    """The app on an empty database with the current schema, its compiled files in SESSION_DIR.

    With FLOURIA_TEST_DATABASE_URL set (CI sets a PostgreSQL URL), that database is used instead
    of the test's SQLite file, and emptied first. The schema comes from the models here;
    tests/test_migrations.py proves the migrations build exactly the same schema.
    """
    url = os.environ.get("FLOURIA_TEST_DATABASE_URL")
    config = with_test_folders(**config)
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


def days_back(days: int) -> str:
    """The ISO date `days` days before today (negative: after today)."""
    return (today() - timedelta(days=days)).isoformat()


def post_checkin(client: FlaskClient, days_ago: int = 0, **fields: Any) -> dict[str, Any]:
    """Save a check-in through the form, `days_ago` days back; returns the form it posted."""
    form = checkin_form(date=(today() - timedelta(days=days_ago)).isoformat(), **fields)
    response = client.post("/", data=form)
    assert response.status_code == 303, response.get_data(as_text=True)
    return form


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


# ---------------------------------------------------------------------------- fixed-date entries
# The rule engine and the facts are pure: their tests date everything from a fixed day D, so
# nothing depends on today's date, and number the ids in order of creation.
D = date(2025, 3, 15)
_ids = itertools.count(1)


def ago(days: int, base: date = D) -> str:
    """The ISO date `days` days before `base` (negative: after it)."""
    return (base - timedelta(days=days)).isoformat()


def entry(days_ago: int = 0, base: date = D, **fields: Any) -> dict[str, Any]:
    """A check-in payload `days_ago` days before `base`, with a fresh id unless `fields` has one."""
    return {
        "id": f"00000000-0000-4000-8000-{next(_ids):012d}",
        "date": ago(days_ago, base),
        **fields,
    }


# ---------------------------------------------------------------------------- accounts
PASSWORD = "lange zomeravond"


class Auth:
    """One browser's account actions, as she does them through the forms (CSRF off).

    The `auth` fixture is the one for `client`; a test with two devices makes `Auth(tablet)`.
    """

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def save_diary(self, name: str = "anna@example.nl", password: str = PASSWORD) -> list[str]:
        """Save this browser's diary as an account; returns the ten recovery codes shown once."""
        response = self.client.post(
            "/account/bewaren", data={"username": name, "password": password, "repeat": password}
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        return re.findall(r"<code>([a-z0-9-]{14})</code>", response.get_data(as_text=True))

    def sign_in(
        self, name: str = "anna@example.nl", password: str = PASSWORD, adopt: bool = True
    ) -> TestResponse:
        """Sign in on this browser; `adopt` takes along what it wrote before signing in."""
        data = {"username": name, "password": password, **({"adopt": "y"} if adopt else {})}
        return self.client.post("/account/inloggen", data=data)

    def sign_out(self) -> TestResponse:
        """Sign out on this browser (the confirmed form, not the warning page)."""
        return self.client.post("/account/uitloggen", data={})


# ---------------------------------------------------------------------------- a realistic diary
AREAS = ("neck_shoulders", "back", "hips", "knees", "hands_wrists", "legs", "feet")


def realistic_diary(user_id: int, last: date, days: int, rng: random.Random) -> list[CheckIn]:
    """`days` days up to `last` with 0 to 8 check-ins a day and a flare of pain, stiffness and
    night cramps some weeks back. On a day the check-ins are saved in another order than their
    times (a phone that was offline), and two of three on a day share their saving moment."""
    entries = []
    for back in range(days - 1, -1, -1):
        day = last - timedelta(days=back)
        flare = 25 <= back <= 60
        count = rng.choice((0, 1, 1, 2, 3, 8))
        minutes = sorted(rng.sample(range(6 * 60, 22 * 60), count))
        saved = [0, 0, 1] if count == 3 else list(range(count))
        rng.shuffle(saved)
        for minute, order in zip(minutes, saved, strict=True):
            cramp = rng.random() < (0.6 if flare else 0.15)
            entries.append(
                CheckIn(
                    id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    user_id=user_id,
                    date=day,
                    time=f"{minute // 60:02d}:{minute % 60:02d}",
                    stiffness=rng.randint(4, 9) if flare else rng.randint(0, 5),
                    stiffness_minutes=rng.choice((None, 0, 15, 45)),
                    areas=rng.sample(AREAS, rng.randint(0, 2)),
                    pain=rng.randint(4, 8) if flare else rng.randint(0, 4),
                    cramp=cramp,
                    cramp_when=[rng.choice(("night", "night", "rest", "exercise"))]
                    if cramp
                    else [],
                    cramp_where=["calf"] if cramp else [],
                    cramp_count=rng.randint(1, 3) if cramp else None,
                    swelling=rng.random() < 0.03,
                    injury=rng.random() < 0.01,
                    limits=rng.sample(["sleep", "work", "move"], 1) if rng.random() < 0.3 else [],
                    numbness=rng.random() < 0.02,
                    strength_loss="none",
                    radiating=False,
                    fluid=rng.choice(("low", "normal", "high")),
                    sleep=rng.choice(("good", "fair", "poor")),
                    long_sitting=rng.random() < 0.4,
                    activity=rng.choice(("usual", "usual", "new", "heavier")),
                    stress=rng.choice(("low", "medium", "high")),
                    alcohol=rng.random() < 0.2,
                    coffee=rng.randint(0, 5),
                    note="",
                    created_at=datetime(day.year, day.month, day.day, 6) + timedelta(minutes=order),
                )
            )
    return entries


VNU = (
    Path(__file__).resolve().parent.parent
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)


def html_checker() -> list[str]:
    """The W3C Nu checker's command line (Java and npm's vnu-jar); a skip without them, a
    failure in CI (FLOURIA_REQUIRE_ALL)."""
    java = shutil.which("java")
    if java and VNU.exists():
        return [java, "-jar", str(VNU)]
    message = "the HTML checker needs Java and `npm ci` (vnu-jar); bin/test installs vnu-jar"
    if os.environ.get("FLOURIA_REQUIRE_ALL"):
        pytest.fail(message)
    pytest.skip(message)


FIVE_YEARS = 1826  # days: the longest diary the budgets are measured on


def five_year_diary(app: Flask, client: FlaskClient) -> None:
    """1,826 daily check-ins in this browser's diary (most with minutes), written straight to the
    database: the budgets and the chart's periods are measured on it."""
    client.post("/", data=checkin_form())
    with app.app_context():
        user = db.session.execute(db.select(User)).scalar_one()
        first = today() - timedelta(days=FIVE_YEARS)
        db.session.add_all(
            CheckIn(
                id=f"00000000-0000-4000-8000-{n:012d}",
                user_id=user.id,
                date=first + timedelta(days=n),
                time="07:30",
                stiffness=n % 8,
                pain=(n * 3) % 7,
                stiffness_minutes=None if n % 6 == 0 else (n * 7) % 95,
                cramp=n % 5 == 0,
                cramp_when=["night"] if n % 5 == 0 else [],
                areas=["knees"] if n % 3 else ["back", "hips"],
                note="Ochtendwandeling gemaakt." if n % 4 == 0 else "",
            )
            for n in range(FIVE_YEARS - 1)
        )
        db.session.commit()
