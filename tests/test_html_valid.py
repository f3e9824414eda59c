"""Every page is valid HTML according to the W3C Nu checker (npm's vnu-jar, run with Java)."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

from flask.testing import FlaskClient
from helpers import checkin_form
from helpers import days_back
from helpers import html_checker

from flouria_pwa.dates import today

ROOT = Path(__file__).resolve().parent.parent


def _pages(client: FlaskClient) -> dict[str, str]:
    pages = {
        "report_new": client.get("/rapport").get_data(as_text=True),
        "welcome": client.get("/welkom").get_data(as_text=True),
        "first_run": client.get("/").get_data(as_text=True),
        "offline": client.get("/offline").get_data(as_text=True),
    }
    client.post("/welkom", data={"perimenopause": "y", "osteoarthritis": ["knees"]})
    pages["checkin_empty_diary"] = client.get("/").get_data(as_text=True)
    pages["tips_none"] = client.get("/tips/").get_data(as_text=True)
    pages["diary_empty"] = client.get("/dagboek/").get_data(as_text=True)
    old = checkin_form(date=days_back(9), stiffness="3", note="a\nb")
    client.post("/", data=old)
    form = checkin_form(
        stiffness="6",
        pain="8",
        swelling="y",
        cramp="y",
        cramp_when=["night"],
        cramp_where=["calf"],
        areas=["knees", "back"],
        limits=["sleep"],
    )
    client.post("/", data=form)
    pages["tips_gp"] = client.get(f"/tips/{form['id']}").get_data(as_text=True)
    pages["tips_plain"] = client.get(f"/tips/{old['id']}").get_data(as_text=True)
    pages["library"] = client.get("/tips/alle").get_data(as_text=True)
    pages["diary"] = client.get("/dagboek/").get_data(as_text=True)
    pages["insights_few_days"] = client.get("/inzichten").get_data(as_text=True)
    pages["diary_90_days"] = client.get("/dagboek/?periode=90").get_data(as_text=True)
    pages["diary_year"] = client.get("/dagboek/?periode=365").get_data(as_text=True)
    pages["edit"] = client.get(f"/checkin/{form['id']}").get_data(as_text=True)
    pages["delete"] = client.get(f"/checkin/{form['id']}/verwijderen").get_data(as_text=True)
    pages["profile"] = client.get("/profiel").get_data(as_text=True)
    pages["report"] = client.get("/rapport").get_data(as_text=True)
    year = f"van={days_back(365)}&tot={today().isoformat()}"
    pages["report_year"] = client.get(f"/rapport?{year}").get_data(as_text=True)
    empty = "/rapport?van=2020-01-01&tot=2020-01-31"
    pages["report_empty"] = client.get(empty).get_data(as_text=True)
    bad = checkin_form(stiffness="12", date="2999-01-01", coffee="99", swelling="maybe")
    pages["checkin_errors"] = client.post("/", data=bad).get_data(as_text=True)
    pages["profile_errors"] = client.post(
        "/profiel", data={"medication": ["aspirin"], "strength_training_since": "2999-01-01"}
    ).get_data(as_text=True)
    pages.update(_data_pages(client))
    return pages


def _data_pages(client: FlaskClient) -> dict[str, str]:
    """Account, data, privacy and error pages, including their refusals."""
    get = {
        "data": "/gegevens/",
        "erase": "/gegevens/wissen",
        "privacy": "/privacy",
        "report_bad_period": "/rapport?van=2026-02-30&tot=gisteren",
        "sign_up": "/account/bewaren",
        "sign_in": "/account/inloggen",
        "recover": "/account/herstellen",
        "not_found": "/bestaat-niet",
    }
    pages = {name: client.get(url).get_data(as_text=True) for name, url in get.items()}
    short = {"username": "a b", "password": "kort", "repeat": "anders"}
    pages["sign_up_errors"] = client.post("/account/bewaren", data=short).get_data(as_text=True)
    pages["import_error"] = client.post(
        "/gegevens/importeren",
        data={"file": (io.BytesIO(b"{}"), "x.json")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    password = {"password": "lange zomeravond", "repeat": "lange zomeravond"}
    pages["codes"] = client.post(
        "/account/bewaren", data={"username": "anna", **password}
    ).get_data(as_text=True)
    pages["account"] = client.get("/account").get_data(as_text=True)
    pages["sign_out"] = client.get("/account/uitloggen").get_data(as_text=True)
    client.post("/account/uitloggen")
    pages["sign_in_refused"] = client.post(
        "/account/inloggen", data={"username": "anna", "password": "fout!fout!"}
    ).get_data(as_text=True)
    return pages


def test_every_page_is_valid_html(client: FlaskClient, tmp_path: Path) -> None:
    checker = html_checker()
    pages = _pages(client)
    files = []
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(
        [*checker, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [
        f"{Path(m.get('url', '')).name}: {m['message']} [{m.get('extract', '')}]" for m in messages
    ]
    assert problems == []
