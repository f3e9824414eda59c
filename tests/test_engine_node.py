"""The browser's rule engine (static/js/engine.js) in Node, without a browser, against the
Python one: the shared cases of tests/cases/engine_cases.json, and a catalogue with one
parameter changed, which both engines must follow (one edit, one source).

Node runs tests/js/run_engine_cases.mjs on the rules bundle `rules.catalogue.rules_bundle`
writes, as GET /api/v1/rules serves it. Without `node` these tests skip, unless
FLOURIA_REQUIRE_ALL is set (as in CI): then they fail.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from engine_answers import CASES
from engine_answers import DISPLAY_CAPS
from engine_answers import ENGINE_JS
from engine_answers import ROOT
from engine_answers import case_request
from engine_answers import python_answer
from flask.testing import FlaskClient

from flouria_pwa.rules import catalogue as rules_catalogue
from flouria_pwa.rules import contract
from flouria_pwa.rules import engine
from flouria_pwa.store import queries

RUNNER = ROOT / "tests" / "js" / "run_engine_cases.mjs"
D = "2025-03-15"


@pytest.fixture(scope="module")
def node() -> str:
    found = shutil.which("node")
    if found is None:
        if os.environ.get("FLOURIA_REQUIRE_ALL"):
            pytest.fail("node is not installed, and FLOURIA_REQUIRE_ALL asks for every test")
        pytest.skip("node is not installed: the browser engine is not run outside Chromium")
    return found


def run_node(node: str, tmp: Path, bundle: Any, asked: Any) -> list[dict[str, Any]]:
    """tests/js/run_engine_cases.mjs on this bundle and these requests: its answers."""
    bundle_file = tmp / "rules.json"
    bundle_file.write_text(json.dumps(bundle))
    asked_file = tmp / "requests.json"
    asked_file.write_text(json.dumps(asked))
    done = subprocess.run(
        [node, str(RUNNER), str(ENGINE_JS), str(bundle_file), str(asked_file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def node_answers(
    node: str,
    tmp: Path,
    requests: list[list[Any]],
    catalogue: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """engine.js's answers in Node, on the rules bundle of `catalogue` (the shipped one)."""
    rules = rules_catalogue.rules_bundle(catalogue or engine.load_catalogue())
    return run_node(node, tmp, rules, {"requests": requests, "caps": DISPLAY_CAPS})


@pytest.fixture(scope="module")
def case_answers(node: str, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    return node_answers(node, tmp_path_factory.mktemp("cases"), [case_request(c) for c in CASES])


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c["name"] for c in CASES])
def test_shared_case_in_node(index: int, case_answers: list[dict[str, Any]]) -> None:
    case = CASES[index]
    assert case_answers[index] == python_answer(case_request(case))
    assert [tip["tip_id"] for tip in case_answers[index]["tips"]] == case["expected"]


def test_node_refuses_a_bare_catalogue(node: str, tmp_path: Path) -> None:
    """The engine takes the whole bundle: without the parameters and the contract it cannot
    compute a fact, so it says so rather than guess."""
    asked = {"requests": [[{"id": "a", "date": D}, None, []]], "caps": [3]}
    (answer,) = run_node(node, tmp_path, engine.load_catalogue(), asked)
    assert answer["error"].startswith("CatalogueError: a rules bundle has a catalogue")


# ---------------------------------------------------------------------------- one edit


def checkin(**fields: Any) -> dict[str, Any]:
    return {"id": "00000000-0000-4000-8000-0000000000a1", "date": D, **fields}


# (parameter, its new value, the fact it moves, a request on the new boundary that flips it,
# a request just past the new boundary that keeps it)
EDITS = [
    (
        "stiff_score",
        5,
        "stiff",
        [checkin(stiffness=4, stress="high"), None, []],
        [checkin(stiffness=5, stress="high"), None, []],
    ),
    (
        "cramp_medication",
        ["diuretic", "beta_blocker", "ranitidine"],
        "cramp_med",
        [checkin(cramp=True), {"medication": ["statin"]}, []],
        [checkin(cramp=True), {"medication": ["diuretic"]}, []],
    ),
    (
        "load_activities",
        ["heavier"],
        "overloaded",
        [checkin(activity="new", pain=3), None, []],
        [checkin(activity="heavier", pain=3), None, []],
    ),
]


@pytest.mark.parametrize(
    ("name", "value", "fact", "flips", "keeps"), EDITS, ids=[edit[0] for edit in EDITS]
)
def test_one_parameter_edit_moves_both_engines(
    node: str,
    tmp_path: Path,
    name: str,
    value: Any,
    fact: str,
    flips: list[Any],
    keeps: list[Any],
) -> None:
    """One value changed in a copy of catalogue.json is all it takes: the Python engine and the
    Node engine both move the fact, and the tips, the same way."""
    edited = copy.deepcopy(engine.load_catalogue())
    edited["parameters"][name] = value
    engine.validate_catalogue(edited)
    before = [python_answer(flips), python_answer(keeps)]
    after = [python_answer(flips, edited), python_answer(keeps, edited)]
    assert [answer["facts"][fact] for answer in before] == [True, True]
    assert [answer["facts"][fact] for answer in after] == [False, True]
    assert after[0]["tips"] != before[0]["tips"]  # the edit reaches the tips, not only a fact
    assert after[1] == before[1]
    assert node_answers(node, tmp_path, [flips, keeps], edited) == after
    assert node_answers(node, tmp_path, [flips, keeps]) == before


def test_the_served_bundle_is_the_one_node_runs(client: FlaskClient) -> None:
    """GET /api/v1/rules carries the rules bundle as is (plus the Dutch texts), so the phone
    runs what these tests run; its contract part is contract.py's, field by field."""
    served = client.get("/api/v1/rules").get_json()
    bundle = rules_catalogue.rules_bundle(engine.load_catalogue())
    assert {key: served[key] for key in bundle} == bundle
    assert served["parameters"]["history_days"] == queries.HISTORY_DAYS
    stiffness_minutes = {f["name"]: f for f in served["contract"]["checkin"]}["stiffness_minutes"]
    assert stiffness_minutes == {
        "name": "stiffness_minutes",
        "kind": "int",
        "default": None,
        "engine_default": None,
        "choices": [],
    }
    assert [f["name"] for f in served["contract"]["profile"]] == [
        f.name for f in contract.RULES_PROFILE_FIELDS
    ]
    # What she took and her own list of medicines never reach the rules (issue 15).
    names = {f["name"] for part in ("checkin", "profile") for f in served["contract"][part]}
    assert not names & {"medicines_taken", "my_medicines"}
