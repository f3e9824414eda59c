"""The Python engine's answer to an engine request, in the shape tests/js/answers.js gives the
browser engine's: shared by the Node test (test_engine_node.py) and the Chromium one
(e2e/test_conformance.py), so both compare the same things."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from flouria_pwa.rules import catalogue as rules_catalogue
from flouria_pwa.rules import engine
from flouria_pwa.rules import facts

ROOT = Path(__file__).resolve().parents[1]
ENGINE_JS = ROOT / "static" / "js" / "engine.js"
ANSWERS_JS = ROOT / "tests" / "js" / "answers.js"
CASES = json.loads((ROOT / "tests" / "cases" / "engine_cases.json").read_text(encoding="utf-8"))[
    "cases"
]
DISPLAY_CAPS = (0, 1, 2, 3, 5)


def case_request(case: Mapping[str, Any]) -> list[Any]:
    return [case["checkin"], case["profile"], case["history"]]


def python_answer(request: list[Any], catalogue: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """`request` is [checkin, profile, history]; `catalogue` the shipped one by default."""
    checkin, profile, history = request
    params = None if catalogue is None else rules_catalogue.parameters_of(catalogue)
    selected = engine.select_tips(checkin, profile, history, catalogue)
    display = []
    for cap in DISPLAY_CAPS:
        parts = engine.display_selection(selected, cap)
        display.append([[tip.tip_id for tip in part] for part in parts])
    return {
        "tips": [
            {**asdict(tip), "sources": list(tip.sources), "source_ids": list(tip.source_ids)}
            for tip in selected
        ],
        "facts": asdict(facts.compute_facts(checkin, profile, history, params)),
        "display": display,
        "urgency": engine.most_urgent(tip.urgency for tip in selected),
    }


def js_payload(requests: list[list[Any]], catalogue: Mapping[str, Any] | None = None) -> str:
    """The JSON text answers.js takes: the rules bundle the browser gets, and the requests."""
    bundle = rules_catalogue.rules_bundle(catalogue or engine.load_catalogue())
    return json.dumps({"rules": bundle, "requests": requests, "caps": DISPLAY_CAPS})
