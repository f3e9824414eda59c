"""Property-based tests: arbitrary and near-valid input at every JSON API route.

Every route is one row of `ROUTES`: method, URL rule, and optionally a near-valid request strategy,
an oracle and a check of a success. A new route needs one row, and the `..._is_fuzzed` tests fail
until it has one. A row with just method and rule is still fuzzed with arbitrary JSON, raw bytes
and arbitrary path values, and has to keep the promises that hold for every route:

- never a 5xx (the test app propagates exceptions, so a crash fails with its traceback);
- a 4xx answers `{"errors": {field: message}}`, every message a Dutch string of the catalogue;
- a 4xx changes nothing in the database (every table is compared row by row, so a rejected PUT
  makes no user either, and a rejected DELETE removes nothing);
- a 2xx only for input that is valid, and then the complete, correct answer.

The oracles judge check-ins against `contract.CHECKIN_FIELDS` on their own (ASCII digits only, full
matches, text that is real Unicode); they do not call `validation.py`. An oracle may also answer
"unknown" (for example for an id in one of the odd spellings `uuid.UUID` reads); then only the
promises above are checked.

Hypothesis settings: `derandomize=True` when `CI` or `FLOURIA_REQUIRE_ALL` is set, so CI runs the
same examples every time and a red build is reproducible with the same commit; locally every run
draws new examples, so running the suite keeps searching. No example database is written (the
working tree stays clean); a failure prints the example and a `@reproduce_failure` blob instead.

The tests at the end pin the bugs this fuzzing found (loose times, instants outside the calendar,
lone surrogates, deep nesting, `//` in a path, NUL on PostgreSQL), each with its reproducing input.
"""

from __future__ import annotations

import json
import math
import os
import re
import string
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from enum import Enum
from functools import cache
from typing import Any
from urllib.parse import quote
from urllib.parse import unquote

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException
from werkzeug.test import TestResponse

from flouria_pwa.dates import FUTURE_MARGIN
from flouria_pwa.dates import as_utc
from flouria_pwa.dates import today
from flouria_pwa.extensions import db
from flouria_pwa.rules import engine
from flouria_pwa.rules.contract import AREAS
from flouria_pwa.rules.contract import ASKED
from flouria_pwa.rules.contract import CHECKIN_FIELD
from flouria_pwa.rules.contract import CHECKIN_FIELDS
from flouria_pwa.rules.contract import EARLIEST_YEAR
from flouria_pwa.rules.contract import HISTORY_MAX
from flouria_pwa.rules.contract import LIST_KINDS
from flouria_pwa.rules.contract import PROFILE_FIELDS
from flouria_pwa.rules.contract import SPOT_AREA
from flouria_pwa.rules.contract import Field
from flouria_pwa.rules.contract import default_profile
from flouria_pwa.rules.engine import load_catalogue
from flouria_pwa.store.models import DeletedCheckIn
from flouria_pwa.tips import advice

# helpers.make_app puts the tests on this database when it is set (CI: PostgreSQL)
ON_POSTGRESQL = os.environ.get("FLOURIA_TEST_DATABASE_URL", "").startswith("postgres")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CI = bool(os.environ.get("CI") or os.environ.get("FLOURIA_REQUIRE_ALL"))
MUTATING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


def fuzz(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=CI,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# ------------------------------------------------------------------------------ what is sent


@dataclass(frozen=True)
class Body:
    """The request body as bytes, with its Content-Type (None: no header at all)."""

    data: bytes | None
    content_type: str | None = "application/json"


@dataclass(frozen=True)
class Call:
    """One request: values for the rule's path variables, the query, the body, extra headers."""

    path: dict[str, str] = dataclass_field(default_factory=dict)
    query: dict[str, str] = dataclass_field(default_factory=dict)
    body: Body | None = None
    headers: dict[str, str] = dataclass_field(default_factory=dict)


def as_json(value: Any, content_type: str | None = "application/json") -> Body:
    # allow_nan: Python writes NaN/Infinity, and Flask (Python's json) reads them back.
    return Body(json.dumps(value, allow_nan=True).encode(), content_type)


def is_json_type(content_type: str | None) -> bool:
    """Werkzeug's `Request.is_json`, written out."""
    mimetype = (content_type or "").split(";")[0].strip().lower()
    return mimetype == "application/json" or (
        mimetype.startswith("application/") and mimetype.endswith("+json")
    )


_NOT_JSON = object()


def body_value(call: Call) -> Any:
    """The JSON value the route receives, or _NOT_JSON when it gets none."""
    if call.body is None or call.body.data is None or not is_json_type(call.body.content_type):
        return _NOT_JSON
    try:
        return json.loads(call.body.data)
    except (ValueError, RecursionError):
        return _NOT_JSON


def variables(rule: str) -> list[str]:
    return re.findall(r"<(?:[^<>:]+:)?(\w+)>", rule)


def url(rule: str, values: dict[str, str]) -> str:
    def fill(match: re.Match[str]) -> str:
        return quote(values[match.group(1)], safe="")

    return re.sub(r"<(?:[^<>:]+:)?(\w+)>", fill, rule)


def send(client: FlaskClient, method: str, rule: str, call: Call) -> TestResponse:
    kwargs: dict[str, Any] = {"query_string": call.query, "headers": call.headers}
    if call.body is not None and call.body.data is not None:
        kwargs["data"] = call.body.data
        if call.body.content_type is not None:
            kwargs["content_type"] = call.body.content_type
    return client.open(url(rule, call.path), method=method, **kwargs)


# ---------------------------------------------------------------------------- database state

Snapshot = dict[str, list[dict[str, Any]]]


def snapshot(app: Flask) -> Snapshot:
    """Every row of every table, so "nothing changed" means nothing at all changed."""
    with app.app_context():
        return {
            table.name: sorted(
                (dict(row._mapping) for row in db.session.execute(table.select())), key=repr
            )
            for table in db.metadata.sorted_tables
        }


def counts(state: Snapshot) -> dict[str, int]:
    return {name: len(rows) for name, rows in state.items()}


def changed_tables(before: Snapshot, after: Snapshot) -> set[str]:
    return {name for name in before if before[name] != after[name]}


# ------------------------------------------------------------------------------- the oracles


class Verdict(Enum):
    VALID = "valid"
    INVALID = "invalid"
    UNKNOWN = "unknown"  # the oracle does not know: only the general promises are checked


@dataclass(frozen=True)
class Expect:
    verdict: Verdict
    value: Any = None  # for a valid input: what the route should answer or store


VALID = Expect(Verdict.VALID)
INVALID = Expect(Verdict.INVALID)
UNKNOWN = Expect(Verdict.UNKNOWN)

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def _is_unicode_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, e.g. from the JSON escape "\ud800"
        return False
    return True


# What she took (issue 15), judged on its own: each entry's keys and limits.
_MEDICINE_KEYS = {
    "medicines": ("name", "dose", "count", "time", "as_needed", "effect"),
    "medicine_list": ("name", "dose"),
}


def _medicine_entry(kind: str, entry: Any) -> dict[str, Any] | None:
    """The stored form of one medicine entry, or None when it breaks the contract."""
    if not isinstance(entry, dict):
        return None

    def text(value: Any, low: int, high: int) -> str | None:
        value = "" if value is None else value
        ok = isinstance(value, str) and low <= len(value) <= high and _is_unicode_text(value)
        return value if ok and "\x00" not in value else None

    def number(value: Any, low: int, high: int, default: int | None) -> tuple[bool, int | None]:
        if value is None:
            return True, default
        return type(value) is int and low <= value <= high, value

    found: dict[str, Any] = {"name": text(entry.get("name"), 1, 80)}
    found["dose"] = text(entry.get("dose"), 0, 40)
    if found["name"] is None or found["dose"] is None:
        return None
    if kind == "medicine_list":
        return found
    count_ok, found["count"] = number(entry.get("count"), 1, 20, 1)
    effect_ok, found["effect"] = number(entry.get("effect"), 0, 10, None)
    at, as_needed = entry.get("time"), entry.get("as_needed")
    time_ok = at is None or (isinstance(at, str) and _TIME.fullmatch(at) is not None)
    needed_ok = as_needed is None or type(as_needed) is bool
    if not (count_ok and effect_ok and time_ok and needed_ok):
        return None
    found.update(time=at, as_needed=bool(as_needed))
    return {key: found[key] for key in _MEDICINE_KEYS[kind]}


def field_verdict(spec: Field, value: Any) -> Expect:
    """One contract field, judged from the contract alone; `value` is not None."""
    kind = spec.kind
    if kind in _MEDICINE_KEYS:
        if not isinstance(value, list) or len(value) > spec.maximum:
            return INVALID
        entries = [_medicine_entry(kind, entry) for entry in value]
        return INVALID if None in entries else Expect(Verdict.VALID, entries)
    if kind == "int":
        ok = type(value) is int and spec.minimum <= value <= spec.maximum
        return Expect(Verdict.VALID, value) if ok else INVALID
    if kind == "bool":
        return Expect(Verdict.VALID, value) if type(value) is bool else INVALID
    if kind == "choice":
        ok = isinstance(value, str) and value in spec.choices
        return Expect(Verdict.VALID, value) if ok else INVALID
    if kind == "set":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return INVALID
        if not set(value) <= set(spec.choices):
            return INVALID
        return Expect(Verdict.VALID, [c for c in spec.choices if c in value])
    if kind == "text":
        ok = isinstance(value, str) and len(value) <= spec.maximum and _is_unicode_text(value)
        return Expect(Verdict.VALID, value) if ok else INVALID
    if kind == "date":
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            return INVALID
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            return INVALID
        ok = EARLIEST_YEAR <= parsed.year and parsed <= today()
        return Expect(Verdict.VALID, value) if ok else INVALID
    if kind == "time":
        ok = isinstance(value, str) and _TIME.fullmatch(value) is not None
        return Expect(Verdict.VALID, value) if ok else INVALID
    if kind == "uuid":
        if isinstance(value, str) and _UUID.fullmatch(value):
            return Expect(Verdict.VALID, value.lower())
        try:
            uuid.UUID(value)
        except (TypeError, ValueError, AttributeError):
            return INVALID
        return UNKNOWN  # "{…}", "urn:uuid:…", no hyphens: readable, but not the contract's form
    raise AssertionError(f"unknown field kind {kind}")


def object_verdict(raw: Any, fields: tuple[Field, ...]) -> Expect:
    if not isinstance(raw, dict):
        return INVALID
    clean: dict[str, Any] = {}
    unknown = False
    for spec in fields:
        value = raw.get(spec.name)
        if value is None:
            if spec.required:
                return INVALID
            clean[spec.name] = list(spec.default) if spec.kind in LIST_KINDS else spec.default
            continue
        found = field_verdict(spec, value)
        if found.verdict is Verdict.INVALID:
            return INVALID
        unknown = unknown or found.verdict is Verdict.UNKNOWN
        clean[spec.name] = found.value
    return UNKNOWN if unknown else Expect(Verdict.VALID, clean)


def checkin_verdict(raw: Any) -> Expect:
    found = object_verdict(raw, CHECKIN_FIELDS)
    if found.verdict is Verdict.VALID and not found.value["cramp"]:
        found.value.update(cramp_when=[], cramp_where=[], cramp_count=None)
    if found.verdict is Verdict.VALID:  # issue 15: the spots' areas join the areas chosen
        chosen = set(found.value["areas"]) | {SPOT_AREA[s] for s in found.value["spots"]}
        found.value["areas"] = [a for a in AREAS if a in chosen]
    return found


def combine(parts: list[Expect]) -> Verdict:
    verdicts = {p.verdict for p in parts}
    if Verdict.INVALID in verdicts:
        return Verdict.INVALID
    return Verdict.UNKNOWN if Verdict.UNKNOWN in verdicts else Verdict.VALID


def parse_instant(value: Any) -> datetime | None:
    """An ISO 8601 instant with a zone that has a UTC equivalent (Python's reading of ISO 8601)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed.astimezone(UTC) if parsed.tzinfo is not None else None
    except (ValueError, OverflowError):
        return None


# ----------------------------------------------------------------------- generic strategies

KEYS = sorted(
    {f.name for f in CHECKIN_FIELDS + PROFILE_FIELDS}
    | {"checkin", "profile", "history", "updated_at", "since", "errors", "checkins"}
)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/json; charset=utf-8",
        "APPLICATION/JSON",
        "application/problem+json",
        "text/json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        None,
    ]
)
NOT_JSON_TYPES = st.sampled_from(
    ["text/plain", "text/json", "application/x-www-form-urlencoded", "text/html", None]
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([2**63, -(2**63) - 1, 10**30, -1, 0, 1, 11, 721]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(KEYS),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=12), inner, max_size=6)
    ),
    max_leaves=25,
)


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


odd_json = st.sampled_from(
    [
        b"",
        b"{",
        b"[",
        b'{"a":',
        b"nul",
        b"NaN",
        b"-Infinity",
        b'"\\ud800"',
        b"\xef\xbb\xbf{}",  # a UTF-8 byte order mark, which Python's json skips
        b"1" * 5000,  # more digits than Python converts to an int
        b'{"a": 1} trailing',
        b'{"a": 1, "a": 2}',
        b"\x00",
        nested(200),
        b'{"x":' * 200 + b"1" + b"}" * 200,
    ]
)

raw_bodies = st.one_of(
    st.just(Body(None, None)),
    st.builds(Body, st.binary(max_size=64), CONTENT_TYPES),
    st.builds(Body, odd_json, st.just("application/json")),
    st.builds(lambda v, t: as_json(v, t), json_values, NOT_JSON_TYPES),
    json_values.map(lambda v: Body(json.dumps(v).encode("utf-16"), "application/json")),
)
any_bodies = st.one_of(json_values.map(as_json), raw_bodies)

path_values = st.one_of(
    st.text(),
    st.text(alphabet=string.printable, max_size=40),
    st.uuids().map(str),
    st.uuids().map(lambda u: u.hex),
    st.sampled_from(["", ".", "..", "%", "%2F", "null", "0", " ", "\n", "a//b", "a/"]),
)
query_values = st.dictionaries(
    st.sampled_from(["since", "id", "page"]) | st.text(max_size=8), st.text(max_size=40), max_size=3
)


def generic_calls(method: str, rule: str) -> st.SearchStrategy[Call]:
    """What any route gets: arbitrary path values, query, and (for bodies) arbitrary bytes."""
    path = st.fixed_dictionaries({name: path_values for name in variables(rule)})
    if method in WITH_BODY:
        body: st.SearchStrategy[Body | None] = any_bodies
    elif method == "DELETE":
        body = st.none() | any_bodies
    else:
        body = st.none()
    return st.builds(Call, path=path, query=query_values, body=body)


# ------------------------------------------------------------------- near-valid check-ins


def _medicine_entries(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    optional: dict[str, st.SearchStrategy[Any]] = {
        "dose": st.none() | st.text(max_size=40),
        "count": st.none() | st.integers(1, 20),
        "time": st.none() | st.times().map(lambda t: t.strftime("%H:%M")),
        "as_needed": st.none() | st.booleans(),
        "effect": st.none() | st.integers(0, 10),
    }
    if kind == "medicine_list":
        optional = {"dose": optional["dose"]}
    name = st.text(min_size=1, max_size=80).filter(lambda t: "\x00" not in t)
    return st.fixed_dictionaries({"name": name}, optional=optional)


def valid_values(spec: Field) -> st.SearchStrategy[Any]:
    kind = spec.kind
    if kind in _MEDICINE_KEYS:
        entries = st.lists(_medicine_entries(kind), max_size=3)
        full = st.lists(_medicine_entries(kind), min_size=spec.maximum, max_size=spec.maximum)
        return entries | full | st.none()
    if kind == "int":
        values: st.SearchStrategy[Any] = st.integers(spec.minimum, spec.maximum)
    elif kind == "bool":
        values = st.booleans()
    elif kind == "choice":
        values = st.sampled_from(spec.choices)
    elif kind == "set":
        values = st.lists(st.sampled_from(spec.choices), max_size=len(spec.choices) + 1)
    elif kind == "text":
        values = st.text(max_size=40) | st.just(spec.maximum).map(lambda n: "é" * n)
    elif kind == "date":
        values = st.dates(date(EARLIEST_YEAR, 1, 1), today()).map(date.isoformat)
    elif kind == "time":
        values = st.times().map(lambda t: t.strftime("%H:%M"))
    else:
        values = st.uuids().map(str) | st.uuids().map(lambda u: str(u).upper())
    return values if spec.required else values | st.none()


def valid_objects(fields: tuple[Field, ...]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {f.name: valid_values(f) for f in fields if f.required},
        optional={f.name: valid_values(f) for f in fields if not f.required},
    )


def _other_digits(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


def bad_values(spec: Field) -> st.SearchStrategy[Any]:
    """Values that break the field: wrong type, out of range, unknown option, too long, odd form."""
    kind = spec.kind
    wrong_type = st.sampled_from([[], {}, 1.5, "", "x", True, 0, math.nan]) | json_values
    if kind in _MEDICINE_KEYS:
        good = _medicine_entries(kind)
        broken = st.one_of(
            good.map(lambda e: {**e, "name": ""}),
            good.map(lambda e: {**e, "name": "x" * 81}),
            good.map(lambda e: {**e, "name": "\ud800"}),
            good.map(lambda e: {**e, "dose": "x" * 41}),
            good.map(lambda e: {**e, "dose": 5}),
            st.sampled_from(["paracetamol", 1, None, []]),
        )
        if kind == "medicines":
            broken |= st.one_of(
                good.map(lambda e: {**e, "count": 0}),
                good.map(lambda e: {**e, "count": 21}),
                good.map(lambda e: {**e, "count": True}),
                good.map(lambda e: {**e, "time": "8:00"}),
                good.map(lambda e: {**e, "time": ""}),
                good.map(lambda e: {**e, "effect": 11}),
                good.map(lambda e: {**e, "as_needed": 1}),
            )
        one_bad = st.tuples(st.lists(good, max_size=2), broken).map(lambda p: [*p[0], p[1]])
        too_many = st.lists(good, min_size=spec.maximum + 1, max_size=spec.maximum + 2)
        return one_bad | too_many | st.sampled_from([{}, "x", 3, True]) | wrong_type
    if kind == "int":
        edge = [spec.minimum - 1, spec.maximum + 1, 10**30, -(10**30), True, False]
        edge += [float(spec.minimum), str(spec.minimum), math.nan, math.inf]
        outside = st.integers().filter(lambda n: not spec.minimum <= n <= spec.maximum)
        return st.sampled_from(edge) | outside | wrong_type
    if kind == "bool":
        return st.sampled_from([0, 1, "true", "ja", "y", "on", [], {}]) | wrong_type
    if kind == "choice":
        odd = [c.upper() for c in spec.choices] + [c + " " for c in spec.choices]
        return st.sampled_from(odd) | st.text(max_size=10) | wrong_type
    if kind == "set":
        return st.one_of(
            st.sampled_from(spec.choices),  # one option, not a list
            st.lists(st.text(max_size=8), min_size=1, max_size=3),
            st.sampled_from([[1], [None], [spec.choices[0], 2], {spec.choices[0]: True}]),
            wrong_type,
        )
    if kind == "text":
        too_long = st.just(spec.maximum + 1).map(lambda n: "x" * n)
        return too_long | st.sampled_from(["\ud800", 12]) | wrong_type
    if kind == "date":
        dates = st.dates(date(EARLIEST_YEAR, 1, 1), today())
        return st.one_of(
            st.integers(1, 4000).map(lambda n: (today() + timedelta(days=n)).isoformat()),
            st.dates(date(1, 1, 1), date(EARLIEST_YEAR - 1, 12, 31)).map(date.isoformat),
            st.sampled_from(["2024-02-30", "2023-02-29", "0000-00-00", "2024-13-01", "2024-1-1"]),
            dates.map(lambda d: d.strftime("%d-%m-%Y")),
            dates.map(lambda d: d.strftime("%Y/%m/%d")),
            dates.map(lambda d: d.isoformat() + "T00:00:00"),
            dates.map(lambda d: d.isoformat() + "\n"),
            dates.map(lambda d: " " + d.isoformat()),
            dates.map(lambda d: _other_digits(d.isoformat())),
            dates.map(lambda d: int(d.strftime("%Y%m%d"))),
            wrong_type,
        )
    if kind == "time":
        times = st.times().map(lambda t: t.strftime("%H:%M"))
        return st.one_of(
            st.sampled_from(["24:00", "8:15", "08:60", "08:15:00", "0815", " 08:15", "08.15"]),
            times.map(lambda t: t + "\n"),  # was accepted once
            times.map(_other_digits),  # other scripts' digits
            times.map(lambda t: t[:4] + _other_digits(t[4])),
            wrong_type,
        )
    uuids = st.uuids().map(str)
    return st.one_of(
        st.sampled_from(["not-a-uuid", "", "0" * 35, 12345]),
        uuids.map(lambda u: u[:-1]),
        uuids.map(lambda u: u + "0"),
        uuids.map(lambda u: "{" + u + "}"),
        uuids.map(lambda u: u.replace("-", "")),
        wrong_type,
    )


@st.composite
def mutated(draw: st.DrawFn, fields: tuple[Field, ...], base: dict[str, Any]) -> Any:
    """`base` (valid) with up to two faults, or replaced as a whole. Most results are invalid."""
    how = draw(
        st.sampled_from(["field", "field", "field", "two", "drop", "extra", "whole", "none"])
    )
    data = dict(base)
    if how in ("field", "two"):
        for spec in draw(
            st.lists(st.sampled_from(fields), min_size=1, max_size=1 if how == "field" else 2)
        ):
            data[spec.name] = draw(bad_values(spec))
    elif how == "drop":
        required = [f.name for f in fields if f.required] or [fields[0].name]
        data.pop(draw(st.sampled_from(required)), None)
    elif how == "extra":
        data[draw(st.text(min_size=1, max_size=10))] = draw(json_values)  # unknown keys: ignored
    elif how == "whole":
        return draw(st.one_of(st.lists(st.just(base), max_size=2), scalars))
    return data


def near_valid(fields: tuple[Field, ...]) -> st.SearchStrategy[Any]:
    return valid_objects(fields).flatmap(lambda base: mutated(fields, base))


instants = st.one_of(
    st.builds(
        lambda moment, minutes: moment.replace(
            tzinfo=timezone(timedelta(minutes=minutes))
        ).isoformat(),
        st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1)),
        st.integers(-23 * 60, 23 * 60),
    ),
    st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1)).map(
        lambda moment: moment.isoformat() + "Z"
    ),
    st.builds(  # the whole calendar: near year 1 or 9999 an offset leaves it
        lambda moment, minutes: moment.replace(
            tzinfo=timezone(timedelta(minutes=minutes))
        ).isoformat(),
        st.datetimes(),
        st.integers(-23 * 60, 23 * 60),
    ),
)
bad_instants = st.one_of(
    st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1)).map(datetime.isoformat),  # no zone
    st.sampled_from(["yesterday", "", "2026-13-01T00:00:00Z", "2026-01-01", "ZZ", "1e9"]),
    st.sampled_from(["0001-01-01T00:30:00+01:00", "9999-12-31T23:59:00-00:01"]),
    st.text(max_size=30),
    st.integers(),
    json_values,
)


# ------------------------------------------------------------------------ POST /api/v1/tips


def tips_calls() -> st.SearchStrategy[Call]:
    checkins = near_valid(CHECKIN_FIELDS) | valid_objects(CHECKIN_FIELDS)
    profiles = near_valid(PROFILE_FIELDS) | valid_objects(PROFILE_FIELDS) | st.none()
    history = st.one_of(
        st.lists(valid_objects(CHECKIN_FIELDS), max_size=3),
        st.lists(checkins, max_size=3),
        st.none(),
        json_values,
        st.just(HISTORY_MAX + 1).map(
            lambda n: [{"id": str(uuid.UUID(int=1)), "date": "2020-01-01"}] * n
        ),
    )
    rest = {"profile": profiles, "history": history}
    bodies = st.fixed_dictionaries({"checkin": checkins}, optional=rest) | st.fixed_dictionaries(
        {}, optional={"checkin": checkins, **rest}
    )
    return st.builds(Call, body=bodies.map(as_json))


def tips_oracle(call: Call, before: Snapshot) -> Expect:
    body = body_value(call)
    if not isinstance(body, dict) or body.get("checkin") is None:
        return INVALID
    checkin = checkin_verdict(body["checkin"])
    raw_profile = body.get("profile")
    profile = object_verdict({} if raw_profile is None else raw_profile, PROFILE_FIELDS)
    raw_history = body.get("history")
    raw_history = [] if raw_history is None else raw_history
    if not isinstance(raw_history, list) or len(raw_history) > HISTORY_MAX:
        return INVALID
    history = [checkin_verdict(entry) for entry in raw_history]
    verdict = combine([checkin, profile, *history])
    if verdict is not Verdict.VALID:
        return Expect(verdict)
    return Expect(Verdict.VALID, (checkin.value, profile.value, [h.value for h in history]))


def tips_ok(probe: Probe) -> None:
    assert probe.response.status_code == 200
    assert probe.after == probe.before, "the tips endpoint stores nothing"
    body = probe.response.get_json()
    assert set(body) == {"urgency", "tips"}
    categories = set(load_catalogue()["categories"])
    levels = [tip.get("urgency") for tip in body["tips"] if tip["category"] == "huisarts"]
    assert body["urgency"] == engine.most_urgent(levels)  # docs/rules.md §9: the highest, or null
    for tip in body["tips"]:
        red_flag = tip["category"] == "huisarts"
        fields = {"id", "category", "title", "text", "sources"} | (
            {"urgency"} if red_flag else set()
        )
        assert set(tip) == fields
        assert tip["category"] in categories
        assert all(isinstance(tip[k], str) and tip[k] for k in ("id", "title", "text"))
        assert tip["sources"] and all(isinstance(s, str) for s in tip["sources"])
    if probe.expect.verdict is Verdict.VALID:
        checkin, profile, history = probe.expect.value
        with probe.app.test_request_context():
            expected = [tip.to_api() for tip in advice.tips_for(checkin, profile, history)]
        assert body["tips"] == expected


# -------------------------------------------------------------- PUT /api/v1/checkins/<id>


@st.composite
def put_calls(draw: st.DrawFn) -> Call:
    base = draw(valid_objects(CHECKIN_FIELDS))
    # A stored check-in answers contract.ASKED: mostly answered, so that (with the contract's
    # other optional fields, spots among them) enough calls stay valid to test both sides.
    for name in ASKED:
        if base.get(name) is None and draw(st.integers(0, 3)):
            base[name] = draw(valid_values(CHECKIN_FIELD[name]).filter(lambda v: v is not None))
    if draw(st.integers(0, 4)) == 0:
        base["id"] = SEED_ID  # prepared: an edit of a stored check-in
    checkin = draw(st.one_of(st.just(base), mutated(CHECKIN_FIELDS, base)))
    real_id = base["id"]
    path_id = draw(
        st.one_of(
            st.just(real_id),
            st.just(real_id.upper()),
            st.just(real_id.lower()),
            st.uuids().map(str),
            path_values,
        )
    )
    if isinstance(checkin, dict):
        choice = draw(st.sampled_from(["keep", "keep", "drop_id", "updated", "bad_updated"]))
        if choice == "drop_id":
            checkin.pop("id", None)
        elif choice == "updated":
            checkin["updated_at"] = draw(instants)
        elif choice == "bad_updated":
            checkin["updated_at"] = draw(bad_instants)
    content_type = draw(st.sampled_from(["application/json"] * 6) | NOT_JSON_TYPES)
    return Call(path={"checkin_id": path_id}, body=as_json(checkin, content_type))


def put_oracle(call: Call, before: Snapshot) -> Expect:
    body = body_value(call)
    if not isinstance(body, dict):
        return INVALID
    path_id = call.path["checkin_id"]
    if body.get("id") is None:
        body = {**body, "id": path_id}
    checkin = checkin_verdict(body)
    if any(body.get(name) is None for name in ASKED):  # a stored check-in answers these
        checkin = INVALID
    stamp = Expect(Verdict.VALID)
    if body.get("updated_at") is not None:
        stamp = Expect(Verdict.VALID) if parse_instant(body["updated_at"]) else INVALID
    verdict = combine([checkin, stamp])
    if verdict is Verdict.VALID and checkin.value["id"] != path_id.lower():
        return INVALID
    return Expect(verdict, checkin.value if verdict is Verdict.VALID else None)


def row_as_contract(row: dict[str, Any]) -> dict[str, Any]:
    data = {f.name: row[f.name] for f in CHECKIN_FIELDS}
    data["date"] = data["date"].isoformat()
    return data


def put_ok(probe: Probe) -> None:
    body = probe.response.get_json()
    assert set(body) == {"checkin"}
    answer = dict(body["checkin"])
    assert set(answer) == {f.name for f in CHECKIN_FIELDS} | {"updated_at"}
    updated_at = parse_instant(answer.pop("updated_at"))
    assert updated_at is not None
    checkin_id = answer["id"]
    existed = any(r["id"] == checkin_id for r in probe.before["checkin"])
    stored = [r for r in probe.after["checkin"] if r["id"] == checkin_id]
    assert len(stored) == 1 and row_as_contract(stored[0]) == answer
    grown = {k: counts(probe.after)[k] - n for k, n in counts(probe.before).items()}
    if existed:
        assert probe.response.status_code == 200
        assert grown["checkin"] == 0
        assert changed_tables(probe.before, probe.after) <= {"checkin"}
        if probe.expect.verdict is Verdict.VALID:
            old = next(r for r in probe.before["checkin"] if r["id"] == checkin_id)
            sent = kept_stamp(probe.call)
            newer = as_utc(old["updated_at"]) > (sent or datetime.now(UTC))  # the later one wins
            if row_as_contract(old) == probe.expect.value or newer:  # kept as it was
                assert probe.after["checkin"] == probe.before["checkin"]
            else:  # a later edit wins
                assert answer == probe.expect.value
        return
    assert probe.response.status_code == 201
    assert grown["checkin"] == 1
    assert grown["user"] == (1 if not probe.before["user"] else 0)
    assert changed_tables(probe.before, probe.after) <= {"checkin", "user"}
    if probe.expect.verdict is Verdict.VALID:
        assert answer == probe.expect.value
        sent = kept_stamp(probe.call)
        if sent is not None:
            assert updated_at == sent
        else:
            assert abs(datetime.now(UTC) - updated_at) < timedelta(minutes=5)


def kept_stamp(call: Call) -> datetime | None:
    """The edit time the server keeps: the client's, unless it lies more than the margin after
    the receive time (then the receive time: None here)."""
    sent = parse_instant(body_value(call).get("updated_at"))
    if sent is not None and sent > datetime.now(UTC) + FUTURE_MARGIN:
        return None
    return sent


# ----------------------------------------------------------- DELETE /api/v1/checkins/<id>

SEED_ID = "3f6b1a52-8a51-4c7e-9d0e-1b2c3d4e5f60"
SEED_OLD_ID = "0b7c1e2d-3f4a-4b5c-8d6e-7f8091a2b3c4"


def store(client: FlaskClient, checkin: dict[str, Any]) -> None:
    """Put a check-in in place through the API (with a CSRF token, in case the app wants one).
    A tombstone an earlier example left (it deleted the seed) goes first: the seed is new again."""
    with client.application.app_context():
        db.session.execute(db.delete(DeletedCheckIn).where(DeletedCheckIn.id == checkin["id"]))
        db.session.commit()
    token = client.get("/api/v1/session").get_json()["csrf_token"]
    response = client.put(
        f"/api/v1/checkins/{checkin['id']}", json=checkin, headers={"X-CSRFToken": token}
    )
    assert response.status_code in (200, 201), response.get_data(as_text=True)


def seed_one(client: FlaskClient) -> None:
    store(client, {"id": SEED_ID, "date": today().isoformat(), "stiffness": 3, "pain": 0})


def seed_two(client: FlaskClient) -> None:
    yesterday = (today() - timedelta(days=1)).isoformat()
    answered = {"stiffness": 0, "pain": 0}
    store(
        client,
        {"id": SEED_OLD_ID, "date": yesterday, "updated_at": "2026-01-01T00:00:00Z", **answered},
    )
    store(
        client,
        {"id": SEED_ID, "date": today().isoformat(), "updated_at": "2026-03-01T00:00Z", **answered},
    )


def _mixed_case(text: str) -> st.SearchStrategy[str]:
    flips = st.lists(st.booleans(), min_size=len(text), max_size=len(text))
    return flips.map(
        lambda up: "".join(c.upper() if u else c for c, u in zip(text, up, strict=True))
    )


def delete_calls() -> st.SearchStrategy[Call]:
    ids = st.one_of(
        st.just(SEED_ID),
        _mixed_case(SEED_ID),
        st.sampled_from(
            [
                "{" + SEED_ID + "}",
                SEED_ID.replace("-", ""),
                SEED_ID + " ",
                SEED_ID[:-1],
                SEED_OLD_ID,
            ]
        ),
        st.uuids().map(str),
        path_values,
    )
    bodies = st.none() | st.none() | any_bodies
    return st.builds(Call, path=st.fixed_dictionaries({"checkin_id": ids}), body=bodies)


def delete_oracle(call: Call, before: Snapshot) -> Expect:
    path_id = call.path["checkin_id"]
    stored = {r["id"] for r in before["checkin"]}
    return VALID if "/" not in path_id and path_id.lower() in stored else INVALID


def delete_ok(probe: Probe) -> None:
    assert probe.response.status_code == 204
    assert probe.response.get_data() == b""
    gone = probe.call.path["checkin_id"].lower()
    assert [r for r in probe.before["checkin"] if r["id"] != gone] == probe.after["checkin"]
    assert changed_tables(probe.before, probe.after) == {"checkin", "deleted_checkin"}
    assert gone in {r["id"] for r in probe.after["deleted_checkin"]}  # the delete syncs


# --------------------------------------------------------------- GET /api/v1/checkins?since=


def list_calls() -> st.SearchStrategy[Call]:
    since = st.one_of(
        instants,
        st.sampled_from(["2026-01-01T00:00:00Z", "2026-03-01T00:00:00+00:00", "2026-02-01"]),
        st.builds(
            lambda moment, minutes: moment.replace(
                tzinfo=timezone(timedelta(minutes=minutes))
            ).isoformat(),
            st.datetimes(datetime(2025, 12, 1), datetime(2026, 4, 1)),
            st.integers(-12 * 60, 14 * 60),
        ),
        bad_instants.filter(lambda v: isinstance(v, str)),
    )
    return st.builds(Call, query=st.fixed_dictionaries({}, optional={"since": since}))


def list_oracle(call: Call, before: Snapshot) -> Expect:
    since = call.query.get("since")
    if since is None:
        return Expect(Verdict.VALID, None)
    moment = parse_instant(since)
    return Expect(Verdict.VALID, moment) if moment else INVALID


def list_ok(probe: Probe) -> None:
    assert probe.response.status_code == 200
    assert probe.after == probe.before, "a GET stores nothing"
    body = probe.response.get_json()
    assert set(body) == {"checkins", "deleted", "server_time", "next"}
    assert parse_instant(body["server_time"]) is not None
    assert body["next"] is None  # two check-ins: one page
    rows = {r["id"]: r for r in probe.before["checkin"]}
    for entry in body["checkins"]:
        entry = dict(entry)
        assert parse_instant(entry.pop("updated_at")) is not None
        assert row_as_contract(rows[entry["id"]]) == entry
    if probe.expect.verdict is Verdict.VALID:
        since = probe.expect.value
        expected = {
            r["id"]
            for r in probe.before["checkin"]
            if since is None or as_utc(r["received_at"]) > since  # the server's clock
        }
        assert {c["id"] for c in body["checkins"]} == expected


# ---------------------------------------------------------------- the other GET routes


def get_ok(check: Callable[[Any], bool]) -> Callable[[Probe], None]:
    def ok(probe: Probe) -> None:
        assert probe.response.status_code == 200
        assert probe.after == probe.before, "a GET stores nothing"
        assert check(probe.response.get_json())

    return ok


def always_valid(call: Call, before: Snapshot) -> Expect:
    return VALID


def unknown(call: Call, before: Snapshot) -> Expect:
    return UNKNOWN


def json_ok(probe: Probe) -> None:
    """For a route without its own check: a success still answers JSON (or nothing, with 204)."""
    if probe.response.status_code != 204:
        assert probe.response.is_json and probe.response.get_json() is not None


# ------------------------------------------------------------------------------ the table


@dataclass(frozen=True)
class Route:
    """One JSON route. Only `method` and `rule` are required: the rest makes the fuzzing sharper."""

    method: str
    rule: str  # exactly as in app.url_map
    calls: st.SearchStrategy[Call] | None = None  # near-valid input; arbitrary input always runs
    oracle: Callable[[Call, Snapshot], Expect] = unknown
    ok: Callable[[Probe], None] = json_ok  # checks a 2xx
    prepare: Callable[[FlaskClient], None] | None = None  # state before each example
    csrf: bool = True  # False: exempt from the CSRF check

    @property
    def id(self) -> str:
        return f"{self.method} {self.rule}"


profile_ok = get_ok(lambda body: body == default_profile())
session_ok = get_ok(lambda body: set(body) == {"csrf_token", "diary"})
rules_ok = get_ok(lambda body: bool(body["catalogue"]["rules"]))
openapi_ok = get_ok(lambda body: body["openapi"] == "3.1.0")
push_key_ok = get_ok(lambda body: set(body) == {"publicKey"} and len(body["publicKey"]) > 80)
ONE = "/api/v1/checkins/<checkin_id>"

# One row per route: method, rule, near-valid strategy, oracle, check of a 2xx, preparation.
ROUTES: tuple[Route, ...] = (
    Route("POST", "/api/v1/tips", tips_calls(), tips_oracle, tips_ok, csrf=False),
    Route("PUT", ONE, put_calls(), put_oracle, put_ok, seed_one),
    Route("DELETE", ONE, delete_calls(), delete_oracle, delete_ok, seed_one),
    Route("GET", "/api/v1/checkins", list_calls(), list_oracle, list_ok, seed_two),
    Route("GET", "/api/v1/profile", oracle=always_valid, ok=profile_ok),
    Route("GET", "/api/v1/session", oracle=always_valid, ok=session_ok),
    Route("GET", "/api/v1/rules", oracle=always_valid, ok=rules_ok),
    Route("GET", "/api/v1/insights", oracle=always_valid),
    Route("GET", "/api/v1/openapi.json", oracle=always_valid, ok=openapi_ok),
    Route("GET", "/api/v1/push/key", oracle=always_valid, ok=push_key_ok),
    # Reminders: arbitrary input only (tests/test_reminders.py holds the valid ones).
    Route("PUT", "/api/v1/push/subscription"),
    Route("DELETE", "/api/v1/push/subscription"),
)
BY_ID = {route.id: route for route in ROUTES}
SHARPENED = [r for r in ROUTES if r.calls is not None]
PROTECTED = [r for r in ROUTES if r.method in MUTATING]


# ------------------------------------------------------------------------------ known bugs


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings_in(item)


def dicts_in(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            yield from dicts_in(item)


# ------------------------------------------------------------------------- the promises


@dataclass
class Probe:
    app: Flask
    call: Call
    response: TestResponse
    before: Snapshot
    after: Snapshot
    expect: Expect


@cache
def dutch_messages() -> tuple[re.Pattern[str], ...]:
    """Every Dutch message of the catalogue, its placeholders as wildcards."""
    po = os.path.join(ROOT, "translations", "nl", "LC_MESSAGES", "messages.po")
    with open(po, "rb") as f:
        catalog = read_po(f)
    patterns = []
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            if message.id and text:
                parts = re.split(r"%\(\w+\)[sd]|%[sd]|\{\w+\}", text)
                patterns.append(re.compile(".+?".join(re.escape(p) for p in parts), re.DOTALL))
    return tuple(patterns)


def assert_errors_body(response: TestResponse) -> dict[str, str]:
    assert response.is_json, f"{response.status} is not JSON: {response.get_data()[:200]!r}"
    body = response.get_json()
    assert isinstance(body, dict) and set(body) == {"errors"}, body
    errors = body["errors"]
    assert isinstance(errors, dict) and errors, body
    for key, message in errors.items():
        assert isinstance(key, str) and key, body
        assert isinstance(message, str), body
        assert any(p.fullmatch(message) for p in dutch_messages()), f"not Dutch: {message!r}"
    return errors


def exercise(app: Flask, client: FlaskClient, route: Route, call: Call) -> Probe:
    """Send one request and hold it to the promises in the module docstring."""
    if route.prepare is not None:
        route.prepare(client)
    before = snapshot(app)
    expect = route.oracle(call, before)
    response = send(client, route.method, route.rule, call)
    after = snapshot(app)
    probe = Probe(app, call, response, before, after, expect)
    status = response.status_code
    if 400 <= status < 500:
        errors = assert_errors_body(response)
        assert expect.verdict is not Verdict.VALID, f"valid input refused: {errors}"
        assert after == before, f"a refused request changed {changed_tables(before, after)}"
    else:
        assert 200 <= status < 300, f"{status}: {response.get_data()[:300]!r}"
        assert expect.verdict is not Verdict.INVALID, f"invalid input accepted ({status})"
        route.ok(probe)
    return probe


# ----------------------------------------------------------------------------- the tests


def test_every_api_route_that_changes_anything_is_fuzzed(app: Flask) -> None:
    missing = [
        f"{method} {rule.rule}"
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in sorted((rule.methods or set()) & MUTATING)
        if f"{method} {rule.rule}" not in BY_ID
    ]
    assert not missing, f"add a Route(...) line to ROUTES in {__name__} for: {missing}"


def test_every_api_route_that_reads_is_fuzzed(app: Flask) -> None:
    missing = [
        f"GET {rule.rule}"
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and "GET" in (rule.methods or set())
        if f"GET {rule.rule}" not in BY_ID
    ]
    assert not missing, f"add a Route(...) line to ROUTES in {__name__} for: {missing}"


def test_every_fuzzed_route_exists(app: Flask) -> None:
    served = {
        f"{method} {rule.rule}" for rule in app.url_map.iter_rules() for method in rule.methods
    }
    assert set(BY_ID) <= served, f"stale rows in ROUTES: {set(BY_ID) - served}"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_arbitrary_input(app: Flask, client: FlaskClient, route: Route) -> None:
    @fuzz(60 if route.method in WITH_BODY else 25)
    @given(call=generic_calls(route.method, route.rule))
    def run(call: Call) -> None:
        exercise(app, client, route, call)

    run()


@pytest.mark.parametrize("route", SHARPENED, ids=lambda r: r.id)
def test_near_valid_input(app: Flask, client: FlaskClient, route: Route) -> None:
    assert route.calls is not None
    verdicts: set[Verdict] = set()

    @fuzz(150 if route.method in WITH_BODY else 60)
    @given(call=route.calls)
    def run(call: Call) -> None:
        verdicts.add(exercise(app, client, route, call).expect.verdict)

    run()
    if CI:  # with fixed examples: the strategy reaches both sides of the oracle
        assert {Verdict.VALID, Verdict.INVALID} <= verdicts


@pytest.mark.parametrize("route", [r for r in PROTECTED if r.csrf], ids=lambda r: r.id)
def test_without_a_csrf_token_a_change_is_refused_in_json(csrf_app: Flask, route: Route) -> None:
    client = csrf_app.test_client()
    adapter = csrf_app.url_map.bind("localhost")
    tokens = st.fixed_dictionaries(
        {}, optional={"X-CSRFToken": st.text(string.ascii_letters + string.digits + ".-_")}
    )
    calls = generic_calls(route.method, route.rule)
    if route.calls is not None:
        calls = calls | route.calls | route.calls

    @fuzz(40)
    @given(call=calls, headers=tokens)
    def run(call: Call, headers: dict[str, str]) -> None:
        if route.prepare is not None:
            route.prepare(client)
        before = snapshot(csrf_app)
        call = Call(call.path, call.query, call.body, headers)
        response = send(client, route.method, route.rule, call)
        errors = assert_errors_body(response)
        assert snapshot(csrf_app) == before
        try:
            adapter.match(unquote(url(route.rule, call.path)), method=route.method)
        except HTTPException:
            assert 400 <= response.status_code < 500  # no such address: a JSON 404
        else:
            assert response.status_code == 400 and set(errors) == {"csrf"}, errors

    run()


@pytest.mark.parametrize("route", [r for r in PROTECTED if not r.csrf], ids=lambda r: r.id)
def test_a_csrf_exempt_route_keeps_its_promises_with_csrf_on(csrf_app: Flask, route: Route) -> None:
    client = csrf_app.test_client()
    calls = generic_calls(route.method, route.rule) if route.calls is None else route.calls

    @fuzz(30)
    @given(call=calls)
    def run(call: Call) -> None:
        response = exercise(csrf_app, client, route, call).response
        if response.status_code == 400:
            assert "csrf" not in response.get_json()["errors"]

    run()


def test_a_method_a_route_does_not_take_is_a_json_405(app: Flask, client: FlaskClient) -> None:
    adapter = app.url_map.bind("localhost")
    tried = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = url(rule.rule, {name: str(uuid.uuid4()) for name in variables(rule.rule)})
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            try:
                adapter.match(path, method=method)
            except HTTPException as refusal:
                if refusal.code != 405:
                    continue
            else:
                continue
            before = snapshot(app)
            response = client.open(path, method=method, json={"id": "x"})
            assert response.status_code == 405, (method, path)
            assert_errors_body(response)
            assert snapshot(app) == before
            tried += 1
    assert tried


# ------------------------------------------------------- the known bugs, one input each


def _put(client: FlaskClient, checkin: dict[str, Any]) -> TestResponse:
    return client.put(f"/api/v1/checkins/{checkin['id']}", json=checkin)


def _assert_refused(app: Flask, response: TestResponse, before: Snapshot, field: str) -> None:
    assert 400 <= response.status_code < 500
    assert field in assert_errors_body(response)
    assert snapshot(app) == before


def test_spots_and_areas_are_stored_and_read_by_the_rules_as_the_oracle_says(
    app: Flask, client: FlaskClient
) -> None:
    """Issue 15: whatever spots and areas arrive (in any order, with doubles), the PUT stores
    both as sets and the areas hold the spots' areas; the tips API's answer is the engine's on
    the same union (the generic fuzz above rarely draws many spots at once)."""
    spots_field, areas_field = CHECKIN_FIELD["spots"], CHECKIN_FIELD["areas"]

    @fuzz(40)
    @given(
        spots=st.lists(st.sampled_from(spots_field.choices), max_size=8),
        areas=st.lists(st.sampled_from(areas_field.choices), max_size=3),
    )
    def run(spots: list[str], areas: list[str]) -> None:
        checkin = {
            "id": str(uuid.uuid4()),
            "date": today().isoformat(),
            "stiffness": 1,
            "pain": 1,
            "swelling": True,  # a swollen leg is a red flag: the areas change the tips
            "spots": spots,
            "areas": areas,
        }
        expect = checkin_verdict(checkin)
        assert expect.verdict is Verdict.VALID
        answer = _put(client, checkin).get_json()["checkin"]
        assert answer["spots"] == expect.value["spots"]
        assert answer["areas"] == expect.value["areas"]
        union = set(areas) | {SPOT_AREA[s] for s in spots}
        assert set(answer["areas"]) == union
        with_union = {**checkin, "spots": [], "areas": sorted(union)}
        tips = client.post("/api/v1/tips", json={"checkin": checkin}).get_json()["tips"]
        same = client.post("/api/v1/tips", json={"checkin": with_union}).get_json()["tips"]
        assert tips == same

    run()


@pytest.mark.parametrize("time", ["08:15\n", "08:1٥", "1٩:5٩"])
def test_a_time_with_a_newline_or_other_digits_is_refused(
    app: Flask, client: FlaskClient, time: str
) -> None:
    checkin = {"id": str(uuid.uuid4()), "date": today().isoformat(), "time": time}
    before = snapshot(app)
    _assert_refused(app, client.post("/api/v1/tips", json={"checkin": checkin}), before, "time")
    _assert_refused(app, _put(client, checkin), before, "time")


@pytest.mark.parametrize("instant", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_an_instant_outside_the_calendar_is_refused(
    app: Flask, client: FlaskClient, instant: str
) -> None:
    before = snapshot(app)
    response = client.get("/api/v1/checkins", query_string={"since": instant})
    _assert_refused(app, response, before, "since")
    checkin = {"id": str(uuid.uuid4()), "date": today().isoformat(), "updated_at": instant}
    _assert_refused(app, _put(client, checkin), before, "updated_at")


def test_a_note_that_is_not_unicode_text_is_refused(app: Flask, client: FlaskClient) -> None:
    checkin_id = str(uuid.uuid4())
    checkin = {"id": checkin_id, "date": today().isoformat(), "note": "\ud800"}
    raw = json.dumps(checkin)  # the lone surrogate travels as the escape \\ud800
    before = snapshot(app)
    response = client.put(
        f"/api/v1/checkins/{checkin_id}", data=raw, content_type="application/json"
    )
    _assert_refused(app, response, before, "note")
    response = client.post(
        "/api/v1/tips", data=json.dumps({"checkin": checkin}), content_type="application/json"
    )
    _assert_refused(app, response, before, "note")


def test_deeply_nested_json_is_refused(app: Flask, client: FlaskClient) -> None:
    for route in ROUTES:
        if route.method in WITH_BODY:
            before = snapshot(app)
            values = {name: str(uuid.uuid4()) for name in variables(route.rule)}
            response = send(client, route.method, route.rule, Call(values, {}, Body(nested(10**5))))
            assert 400 <= response.status_code < 500, route.id
            assert_errors_body(response)
            assert snapshot(app) == before


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_a_double_slash_in_an_api_path_is_a_json_error(
    app: Flask, client: FlaskClient, method: str
) -> None:
    response = client.open("/api/v1/checkins//abc", method=method, json={})
    assert 400 <= response.status_code < 500
    assert_errors_body(response)


def test_a_nul_character_never_crashes(app: Flask, client: FlaskClient) -> None:
    before = snapshot(app)
    response = client.delete("/api/v1/checkins/%00")
    assert response.status_code == 404
    assert snapshot(app) == before
    checkin = {"id": str(uuid.uuid4()), "date": today().isoformat(), "note": "a\x00b"}
    response = _put(client, checkin)
    assert response.status_code in (201, 400)  # refused, or stored exactly as sent
    if response.status_code == 201:
        assert response.get_json()["checkin"]["note"] == "a\x00b"
    else:
        _assert_refused(app, response, before, "note")
