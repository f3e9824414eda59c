"""The rule catalogue file and its product parameters: one source for every [P] number.

`catalogue.json` holds the rules and, under `"parameters"`, every threshold, window and value
set the facts are computed with (docs/rules.md §2–§3). This module reads the file, checks that block
and hands it out as `Parameters`; `engine.validate_catalogue` checks the rules themselves.
`rules_bundle` is what the browser's engine gets: the catalogue, its parameters and the
contract's fields, so static/js/engine.js holds logic only.

Pure Python, no Flask.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any

from .contract import ACTIVITY
from .contract import MEDICATION
from .contract import RULES_CHECKIN_FIELDS
from .contract import RULES_PROFILE_FIELDS
from .contract import SPOT_AREA
from .contract import STRENGTH_LOSS
from .contract import Field

CATALOGUE_PATH = Path(__file__).parent / "catalogue.json"


class CatalogueError(ValueError):
    """The catalogue breaks the condition language or references something unknown."""


@dataclass(frozen=True)
class Parameters:
    """The catalogue's `"parameters"`; catalogue.json's `$comment` there says what each means."""

    stiff_score: int
    stiff_minutes: int
    overload_pain: int
    load_activities: frozenset[str]
    new_strength_loss: frozenset[str]
    oa_start_days: int
    cramp_medication: frozenset[str]
    block_days: int
    block_count: int
    share_percent: int
    persistent_pain: int
    trend_days: int
    trend_rise: int
    new_area_lookback_days: int
    cramp_window_days: int
    cramp_gap_days: int
    measures_tried_days: int
    limited_window: int
    recent_load_days: int
    rf8_interval_days: int
    history_days: int


# The values each set parameter may hold (contract.py's choices).
SET_CHOICES: dict[str, tuple[str, ...]] = {
    "load_activities": ACTIVITY,
    "new_strength_loss": STRENGTH_LOSS,
    "cramp_medication": MEDICATION,
}
# Windows and counts of days: zero of them would make a fact meaningless.
_AT_LEAST_ONE = frozenset(
    {
        "block_days",
        "block_count",
        "trend_days",
        "new_area_lookback_days",
        "cramp_window_days",
        "limited_window",
        "recent_load_days",
        "rf8_interval_days",
        "history_days",
    }
)
_NAMES = tuple(f.name for f in fields(Parameters))


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_number(name: str, value: Any) -> int:
    least = 1 if name in _AT_LEAST_ONE else 0
    if not _is_whole(value) or value < least:
        raise CatalogueError(f"parameter {name}: a whole number of at least {least}, got {value!r}")
    if name == "share_percent" and value > 100:
        raise CatalogueError(f"parameter share_percent: at most 100, got {value!r}")
    return value


def _check_set(name: str, value: Any) -> frozenset[str]:
    choices = SET_CHOICES[name]
    if not isinstance(value, list) or any(v not in choices for v in value):
        raise CatalogueError(f"parameter {name}: a list of values of {choices}, got {value!r}")
    return frozenset(value)


def parameters_of(catalogue: Mapping[str, Any]) -> Parameters:
    """The checked `Parameters` of a catalogue; CatalogueError names the first wrong one.

    Keys starting with `$` are comments."""
    block = catalogue.get("parameters")
    if not isinstance(block, Mapping):
        raise CatalogueError("the catalogue has no 'parameters' object")
    given = {key for key in block if not key.startswith("$")}
    if missing := [name for name in _NAMES if name not in given]:
        raise CatalogueError(f"parameters: missing {', '.join(missing)}")
    if unknown := sorted(given - set(_NAMES)):
        raise CatalogueError(f"parameters: unknown {', '.join(unknown)}")
    values = {
        name: _check_set(name, block[name])
        if name in SET_CHOICES
        else _check_number(name, block[name])
        for name in _NAMES
    }
    return Parameters(**values)


def read_catalogue(path: Path = CATALOGUE_PATH) -> dict[str, Any]:
    """The catalogue file as JSON, unchecked (`engine.load_catalogue` checks it)."""
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def default_parameters() -> Parameters:
    """The shipped catalogue's parameters, read once: what the facts use when not given any."""
    return parameters_of(read_catalogue())


# ---------------------------------------------------------------------------- the browser's rules


def _field(field: Field) -> dict[str, Any]:
    default = list(field.default) if isinstance(field.default, tuple) else field.default
    return {
        "name": field.name,
        "kind": field.kind,
        "default": default,
        "engine_default": field.engine_default,
        "choices": list(field.choices),
    }


def contract_fields(spec: Iterable[Field]) -> list[dict[str, Any]]:
    """A contract's fields as JSON: what the browser's engine fills in for an unanswered one."""
    return [_field(field) for field in spec]


def rules_bundle(catalogue: Mapping[str, Any]) -> dict[str, Any]:
    """Everything static/js/engine.js needs besides the texts: the catalogue, its parameters
    and the check-in and profile contract, with the spot -> area table (`spot_areas`, issue 15)
    (`tips.advice.offline_bundle` adds the Dutch)."""
    parameters_of(catalogue)  # a catalogue whose parameters are wrong never reaches a browser
    return {
        "version": catalogue["version"],
        "catalogue": catalogue,
        "parameters": catalogue["parameters"],
        "contract": {
            "checkin": contract_fields(RULES_CHECKIN_FIELDS),
            "profile": contract_fields(RULES_PROFILE_FIELDS),
            "spot_areas": dict(SPOT_AREA),
        },
    }
