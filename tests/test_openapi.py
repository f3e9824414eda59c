"""The OpenAPI document says what the API does: every `/api/` route is in it, it is a valid
OpenAPI 3.1 document, and Schemathesis finds no answer that the document does not allow.

The Schemathesis run is bounded (a fixed, small number of examples, derandomized) so it is the
same run every time and takes seconds. `st run` against a live server runs the same checks longer
(see the report in issue 9).
"""

from __future__ import annotations

import re
from datetime import date
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from flouria_pwa.api.openapi import date_pattern
from flouria_pwa.api.openapi import openapi_document
from flouria_pwa.dates import today
from flouria_pwa.rules.contract import EARLIEST_YEAR
from flouria_pwa.validation import Invalid
from flouria_pwa.validation import parse_date

pytestmark = pytest.mark.database  # it writes check-ins: run again on PostgreSQL in CI

AUTOMATIC = {"HEAD", "OPTIONS"}  # Flask answers these for every route by itself


def _document(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def _template(rule: str) -> str:
    """`/api/v1/checkins/<checkin_id>` and `/api/v1/checkins/{id}` both become `.../{}`."""
    return re.sub(r"<[^>]+>|\{[^}]+\}", "{}", rule)


# ------------------------------------------------------------------------------ the document


def test_every_api_route_is_documented_and_nothing_else(app: Flask, client: FlaskClient) -> None:
    routes = {
        (method.lower(), _template(rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in (rule.methods or set()) - AUTOMATIC
    }
    documented = {
        (method, _template(path))
        for path, item in _document(client)["paths"].items()
        for method in item
    }
    assert ("get", "/api/v1/profile") in routes and ("get", "/api/v1/rules") in routes
    assert routes - documented == set(), "routes missing from the OpenAPI document"
    assert documented - routes == set(), "the document describes routes the app does not have"


def test_the_document_is_valid_openapi_3_1(client: FlaskClient) -> None:
    document = _document(client)
    assert document["openapi"] == "3.1.0"
    validate(document)  # raises on any error


def test_every_write_documents_its_csrf_refusal(client: FlaskClient) -> None:
    for path, item in _document(client)["paths"].items():
        for method, operation in item.items():
            if method not in {"put", "post", "patch", "delete"} or path == "/api/v1/tips":
                continue
            header = [p for p in operation["parameters"] if p["name"] == "X-CSRFToken"]
            assert header and header[0]["required"], (method, path)
            assert "X-CSRFToken" in operation["responses"]["400"]["description"], (method, path)


def _checkin_date_schema(document: dict[str, Any]) -> dict[str, Any]:
    return document["components"]["schemas"]["CheckIn"]["properties"]["date"]


def test_the_documented_dates_are_the_dates_the_server_takes(client: FlaskClient) -> None:
    schema = _checkin_date_schema(_document(client))
    assert schema["format"] == "date"
    pattern = re.compile(schema["pattern"])
    first, last = date(EARLIEST_YEAR, 1, 1), today()
    edges = [first - timedelta(days=1), first, last, last + timedelta(days=1)]
    every_tenth_day = [
        first + timedelta(days=n) for n in range(-400, (last - first).days + 400, 10)
    ]
    for day in edges + every_tenth_day:
        try:
            parse_date(day.isoformat(), not_future=True)
            taken = True
        except Invalid:
            taken = False
        assert bool(pattern.search(day.isoformat())) == taken, day
        assert taken == (first <= day <= last), day


@pytest.mark.parametrize(
    "last", [date(2000, 1, 1), date(2019, 9, 30), date(2024, 2, 29), date(2031, 12, 31)]
)
def test_the_date_pattern_holds_exactly_the_days_from_2000_to_the_last(last: date) -> None:
    pattern = re.compile(date_pattern(EARLIEST_YEAR, last))
    day = date(EARLIEST_YEAR - 1, 6, 1)
    while day < last + timedelta(days=800):
        assert bool(pattern.search(day.isoformat())) == (
            date(EARLIEST_YEAR, 1, 1) <= day <= last
        ), day
        day += timedelta(days=1)
    for odd in [
        "2010-13-01",
        "2010-00-10",
        "2010-01-32",
        "2010-01-00",
        "2010-1-01",
        "２０１０-01-01",
    ]:
        assert not pattern.search(odd), odd


def test_a_wrong_method_names_the_allowed_ones(client: FlaskClient) -> None:
    """RFC 9110: a 405 carries `Allow`; the API's answer stays JSON, a page's stays Dutch HTML."""
    api = client.post("/api/v1/session")
    assert api.status_code == 405
    assert set(api.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert api.get_json()["errors"]["body"]
    page = client.delete("/healthz")
    assert page.status_code == 405 and "GET" in page.headers["Allow"]


# ------------------------------------------------------------------------------ Schemathesis

# A refusal that depends on what is stored, not on the request's shape, is not a wrong refusal:
# 404 (not in this diary), 409 (the diary is full), 410 (deleted before), 429 (too many diaries).
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "410", "429"]
            }
        }
    }
)
EXAMPLES = settings(
    max_examples=15,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,  # one browser, one diary, across the examples
    ],
)


def _whole_numbers(value: Any) -> Any:
    """3.0 as 3. JSON Schema calls both the integer 3, the API takes only the plain spelling
    (as its integer descriptions say), and a real client (JSON.stringify) sends nothing else."""
    if isinstance(value, float) and value.is_integer() and abs(value) <= 2**53:
        return int(value)
    if isinstance(value, list):
        return [_whole_numbers(v) for v in value]
    if isinstance(value, dict):
        return {k: _whole_numbers(v) for k, v in value.items()}
    return value


def map_case(context: Any, case: Any) -> Any:
    """What JSON Schema cannot say and the document says in words: a PUT's body carries the id of
    its address, and a `cursor` is only ever one the server handed out (the stateful run follows
    the `next` links)."""
    if isinstance(case.body, dict | list):
        case.body = _whole_numbers(case.body)
    meta = case.meta
    if meta is None or meta.generation.mode != GenerationMode.POSITIVE:
        return case
    if case.operation.method.upper() == "PUT" and isinstance(case.body, dict):
        if isinstance(case.body.get("id"), str) and case.path_parameters:
            case.body["id"] = case.path_parameters["id"]
    if case.operation.path == "/api/v1/checkins" and case.query:
        case.query.pop("cursor", None)
    return case


@pytest.fixture
def browser(csrf_app: Flask) -> dict[str, Any]:
    """What a browser sends on every call: the token of `GET /api/v1/session` in `X-CSRFToken`,
    and the cookies that answer set (the session the token belongs to, and the diary cookie)."""
    response = csrf_app.test_client().get("/api/v1/session")
    pairs = [
        header.split(";", 1)[0].split("=", 1) for header in response.headers.getlist("Set-Cookie")
    ]
    assert pairs, "GET /api/v1/session set no cookie"
    return {
        "headers": {"X-CSRFToken": response.get_json()["csrf_token"]},
        "cookies": dict(pairs),
    }


# The document as the app serves it (the same function builds both), loaded once at collection.
DOCUMENT = schemathesis.openapi.from_dict(openapi_document(), config=CONFIG)
DOCUMENT.hook(map_case)


@DOCUMENT.parametrize()
@EXAMPLES
def test_every_answer_is_one_the_document_allows(
    case: Any, csrf_app: Flask, browser: dict[str, Any]
) -> None:
    """Examples, coverage and fuzzing per operation, with every Schemathesis check."""
    case.call_and_validate(app=csrf_app, **browser)


def test_a_sequence_of_calls_stays_within_the_document(
    csrf_app: Flask, browser: dict[str, Any]
) -> None:
    """Stateful: create, read, list page by page, delete, and what follows a delete."""

    class Browser(DOCUMENT.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"app": csrf_app, **browser}

    run_state_machine_as_test(
        Browser,
        settings=settings(
            EXAMPLES,
            max_examples=10,
            stateful_step_count=8,
            suppress_health_check=list(HealthCheck),
        ),
    )
