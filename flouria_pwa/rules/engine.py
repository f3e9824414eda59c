"""The rule engine: which tips a check-in gets, and in which order (docs/rules.md §4).

The rules themselves are data (`rules/catalogue.json`); its `$comment` documents the small
condition language, which a browser evaluator interprets too. This module only evaluates:

1. compute the names a condition may read (`facts.build_env`);
2. fire every rule whose `when` holds; each red flag gets its urgency (docs/rules.md §9);
3. add the outcome names (`urgent`, `red_flag_a`, `fired.<red flag>`), which only
   suppressions and text variants may read;
4. drop the tips removed by each suppression whose `when` holds (P2-P4, P8, P9);
5. choose each tip's text (the first matching variant) and sort by `order` (P1, P6).

Pure Python, no Flask. The web layer validates payloads first; the engine only fills in
contract defaults for omitted fields.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import facts
from .catalogue import CatalogueError
from .catalogue import parameters_of
from .catalogue import read_catalogue

GP_CATEGORY = "huisarts"
TIERS = ("A", "B")
URGENCIES = ("now", "today", "soon")  # docs/rules.md §9, most urgent first
URGENT = frozenset({"now", "today"})  # P8: only the card (K1 aside)

Condition = Mapping[str, Any]
Env = Mapping[str, Any]


# ---------------------------------------------------------------------------- evaluating

COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
ORDERING = frozenset({">=", "<=", ">", "<"})


def _lookup(env: Env, name: Any) -> Any:
    if not isinstance(name, str) or name not in env:
        raise CatalogueError(f"unknown name {name!r}")
    return env[name]


def _pair(arg: Any, op: str) -> tuple[Any, Any]:
    if not isinstance(arg, list) or len(arg) != 2:
        raise CatalogueError(f"{op!r} takes [name, value], got {arg!r}")
    return arg[0], arg[1]


def _conditions(arg: Any, op: str) -> list[Any]:
    if not isinstance(arg, list) or not arg:
        raise CatalogueError(f"{op!r} takes a non-empty list of conditions, got {arg!r}")
    return arg


def _all(arg: Any, env: Env) -> bool:
    return all(evaluate(c, env) for c in _conditions(arg, "all"))


def _any(arg: Any, env: Env) -> bool:
    return any(evaluate(c, env) for c in _conditions(arg, "any"))


def _not(arg: Any, env: Env) -> bool:
    return not evaluate(arg, env)


def _fact(arg: Any, env: Env) -> bool:
    return bool(_lookup(env, arg))


def _cmp(arg: Any, env: Env) -> bool:
    if not isinstance(arg, list) or len(arg) != 3 or arg[1] not in COMPARISONS:
        raise CatalogueError(f"'cmp' takes [name, one of {list(COMPARISONS)}, value], got {arg!r}")
    name, op, value = arg
    return COMPARISONS[op](_lookup(env, name), value)


def _has(arg: Any, env: Env) -> bool:
    name, value = _pair(arg, "has")
    return value in _lookup(env, name)


def _overlaps(arg: Any, env: Env) -> bool:
    name, values = _pair(arg, "overlaps")
    return not set(_lookup(env, name)).isdisjoint(values)


def _empty(arg: Any, env: Env) -> bool:
    return len(_lookup(env, arg)) == 0


def _in(arg: Any, env: Env) -> bool:
    name, values = _pair(arg, "in")
    return _lookup(env, name) in values


OPERATORS: dict[str, Callable[[Any, Env], bool]] = {
    "all": _all,
    "any": _any,
    "not": _not,
    "fact": _fact,
    "cmp": _cmp,
    "has": _has,
    "overlaps": _overlaps,
    "empty": _empty,
    "in": _in,
}


def _split(cond: Any) -> tuple[str, Any]:
    """A condition's operator and argument; a condition is an object with exactly one key."""
    if not isinstance(cond, Mapping) or len(cond) != 1:
        raise CatalogueError(f"a condition is an object with one operator key, got {cond!r}")
    ((op, arg),) = cond.items()
    if op not in OPERATORS:
        raise CatalogueError(f"unknown operator {op!r} (known: {', '.join(OPERATORS)})")
    return op, arg


def evaluate(cond: Condition, env: Env) -> bool:
    """Whether `cond` holds for the names in `env`. Raises CatalogueError on bad conditions."""
    op, arg = _split(cond)
    return OPERATORS[op](arg, env)


# ---------------------------------------------------------------------------- validating


Names = Mapping[str, facts.NameSpec]


def outcome_names(catalogue: Mapping[str, Any]) -> dict[str, facts.NameSpec]:
    """The names that exist once the rules have fired: whether the red flags ask to call today
    or now (`urgent`), whether a tier A red flag fired, and which red flags fired."""
    names = {"urgent": facts.NameSpec("bool"), "red_flag_a": facts.NameSpec("bool")}
    for rule in catalogue.get("rules", []):
        if rule.get("category") == GP_CATEGORY:
            names[f"fired.{rule.get('id')}"] = facts.NameSpec("bool")
    return names


def _name_kind(name: Any, kinds: tuple[str, ...], where: str, names: Names) -> facts.NameSpec:
    spec = names.get(name) if isinstance(name, str) else None
    if spec is None:
        raise CatalogueError(f"{where}: unknown name {name!r}")
    if spec.kind not in kinds:
        raise CatalogueError(f"{where}: {name!r} is a {spec.kind}, expected {' or '.join(kinds)}")
    return spec


def _check_values(spec: facts.NameSpec, values: Sequence[Any], name: str, where: str) -> None:
    for value in values:
        if not isinstance(value, str) or (spec.choices and value not in spec.choices):
            raise CatalogueError(f"{where}: {value!r} is not a value of {name!r}")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_condition(cond: Any, where: str, names: Names = facts.NAMES) -> None:
    """Statically check a condition: operators, arity, names and the kinds they hold."""
    op, arg = _split(cond)
    if op in ("all", "any"):
        for sub in _conditions(arg, op):
            check_condition(sub, where, names)
    elif op == "not":
        check_condition(arg, where, names)
    elif op == "fact":
        _name_kind(arg, ("bool",), where, names)
    elif op == "empty":
        _name_kind(arg, ("set",), where, names)
    elif op == "cmp":
        _check_cmp(arg, where, names)
    else:
        name, value = _pair(arg, op)
        if op == "has":
            values = [value]
        elif not isinstance(value, list) or not value:
            raise CatalogueError(f"{where}: {op!r} needs a non-empty list of values")
        else:
            values = value
        spec = _name_kind(name, ("string",) if op == "in" else ("set",), where, names)
        _check_values(spec, values, name, where)


def _check_cmp(arg: Any, where: str, names: Names) -> None:
    if not isinstance(arg, list) or len(arg) != 3 or arg[1] not in COMPARISONS:
        raise CatalogueError(f"{where}: 'cmp' takes [name, operator, value], got {arg!r}")
    name, op, value = arg
    if _is_number(value):
        _name_kind(name, ("number",), where, names)
    elif isinstance(value, str) and op not in ORDERING:
        _check_values(_name_kind(name, ("string",), where, names), [value], name, where)
    else:
        raise CatalogueError(f"{where}: cannot compare {name!r} {op} {value!r}")


def validate_catalogue(catalogue: Mapping[str, Any]) -> None:
    """Raise CatalogueError unless every reference in the catalogue resolves."""
    for key in ("version", "sources", "categories", "rules", "suppressions", "order"):
        if key not in catalogue:
            raise CatalogueError(f"the catalogue has no {key!r}")
    parameters_of(catalogue)
    sources, categories = catalogue["sources"], catalogue["categories"]
    for source_id, source in sources.items():
        if not source.get("file") or not source.get("title"):
            raise CatalogueError(f"source {source_id}: needs a file and a title")
    rule_ids = [rule.get("id") for rule in catalogue["rules"]]
    if len(set(rule_ids)) != len(rule_ids):
        raise CatalogueError("rule ids must be unique")
    after = {**facts.NAMES, **outcome_names(catalogue)}
    for rule in catalogue["rules"]:
        _check_rule(rule, sources, categories, after)
    for suppression in catalogue["suppressions"]:
        _check_suppression(suppression, categories, set(rule_ids), after)
    _check_order(catalogue)
    cap = catalogue.get("display_cap")
    if not isinstance(cap, int) or isinstance(cap, bool) or cap < 1:
        raise CatalogueError("display_cap must be a whole number of at least 1")


def _check_rule(
    rule: Mapping[str, Any], sources: Mapping[str, Any], categories: list, after: Names
) -> None:
    """A rule's own condition and its urgency read only the facts; its text variants may read
    the outcome names too."""
    where = f"rule {rule.get('id')}"
    if rule.get("category") not in categories:
        raise CatalogueError(f"{where}: unknown category {rule.get('category')!r}")
    is_gp, tier = rule["category"] == GP_CATEGORY, rule.get("tier")
    if is_gp and tier not in TIERS:
        raise CatalogueError(f"{where}: a red flag needs tier A or B, got {tier!r}")
    if not is_gp and tier is not None:
        raise CatalogueError(f"{where}: only red flags have a tier")
    if not rule.get("sources") or any(s not in sources for s in rule["sources"]):
        raise CatalogueError(f"{where}: unknown or missing sources {rule.get('sources')!r}")
    if not isinstance(rule.get("text"), str) or not rule["text"]:
        raise CatalogueError(f"{where}: needs a text id")
    check_condition(rule.get("when"), where)
    for variant in rule.get("variants", []):
        if not isinstance(variant.get("text"), str) or not variant["text"]:
            raise CatalogueError(f"{where}: a variant needs a text id")
        check_condition(variant.get("when"), f"{where} variant {variant['text']}", after)
    _check_urgency(rule, where, is_gp)


def _check_urgency(rule: Mapping[str, Any], where: str, is_gp: bool) -> None:
    if not is_gp:
        if "urgency" in rule or "urgency_variants" in rule:
            raise CatalogueError(f"{where}: only red flags have an urgency")
        return
    levels = [rule.get("urgency"), *(v.get("urgency") for v in rule.get("urgency_variants", []))]
    if any(level not in URGENCIES for level in levels):
        raise CatalogueError(f"{where}: urgency must be one of {URGENCIES}, got {levels!r}")
    for variant in rule.get("urgency_variants", []):
        check_condition(variant.get("when"), f"{where} urgency {variant.get('urgency')}")


def _check_suppression(
    suppression: Mapping[str, Any], categories: list, rule_ids: set[str], after: Names
) -> None:
    where = f"suppression {suppression.get('id')}"
    check_condition(suppression.get("when"), where, after)
    removed_categories = suppression.get("remove_categories", [])
    removed_rules = suppression.get("remove_rules", [])
    if not removed_categories and not removed_rules:
        raise CatalogueError(f"{where}: removes nothing")
    if any(c not in categories for c in removed_categories):
        raise CatalogueError(f"{where}: unknown category in {removed_categories!r}")
    if any(r not in rule_ids for r in removed_rules):
        raise CatalogueError(f"{where}: unknown rule in {removed_rules!r}")


def _check_order(catalogue: Mapping[str, Any]) -> None:
    order = catalogue["order"]
    rules = {rule["id"]: rule for rule in catalogue["rules"]}
    if sorted(order) != sorted(rules):
        raise CatalogueError("order must list every rule id exactly once")
    gp = [rules[rule_id]["category"] == GP_CATEGORY for rule_id in order]
    if gp != sorted(gp, reverse=True):
        raise CatalogueError("order must list the red flags (huisarts) first")


@cache
def load_catalogue() -> dict[str, Any]:
    """The validated catalogue, read once. Treat it as read-only: it is shared."""
    catalogue = read_catalogue()
    validate_catalogue(catalogue)
    return catalogue


# ---------------------------------------------------------------------------- selecting


@dataclass(frozen=True)
class SelectedTip:
    """One fired rule that survived the suppressions."""

    rule_id: str  # "W1"
    tip_id: str  # "w1", the id the API shows
    category: str
    text_id: str  # the rule's text, or its first matching variant's
    sources: tuple[str, ...]  # seed file names, in the rule's order
    source_ids: tuple[str, ...]  # "000".."004"
    urgency: str | None  # red flags: "now", "today" or "soon" (docs/rules.md §9); else None


def _first_match(variants: Sequence[Mapping[str, Any]], env: Env, key: str, default: str) -> str:
    """The `key` of the first variant whose condition holds, else the default."""
    for variant in variants:
        if evaluate(variant["when"], env):
            return variant[key]
    return default


def _urgency(rule: Mapping[str, Any], env: Env) -> str | None:
    if rule["category"] != GP_CATEGORY:
        return None
    return _first_match(rule.get("urgency_variants", []), env, "urgency", rule["urgency"])


def most_urgent(levels: Iterable[str | None]) -> str | None:
    """The highest of these urgencies (`now` > `today` > `soon`), or None without any."""
    present = [level for level in levels if level is not None]
    return min(present, key=URGENCIES.index) if present else None


def _outcome(
    catalogue: Mapping[str, Any],
    fired: Sequence[Mapping[str, Any]],
    urgency: Mapping[str, str | None],
) -> dict[str, bool]:
    """The values of `outcome_names` once these rules have fired."""
    flags = {rule["id"]: rule for rule in fired if rule["category"] == GP_CATEGORY}
    names = {
        f"fired.{rule['id']}": rule["id"] in flags
        for rule in catalogue["rules"]
        if rule["category"] == GP_CATEGORY
    }
    names["urgent"] = most_urgent(urgency.values()) in URGENT
    names["red_flag_a"] = any(rule["tier"] == "A" for rule in flags.values())
    return names


def _selected(
    rule: Mapping[str, Any], env: Env, catalogue: Mapping[str, Any], urgency: str | None
) -> SelectedTip:
    source_ids = tuple(rule["sources"])
    return SelectedTip(
        rule_id=rule["id"],
        tip_id=rule["id"].lower(),
        category=rule["category"],
        text_id=_first_match(rule.get("variants", []), env, "text", rule["text"]),
        sources=tuple(catalogue["sources"][s]["file"] for s in source_ids),
        source_ids=source_ids,
        urgency=urgency,
    )


def suppressed(catalogue: Mapping[str, Any], env: Env) -> tuple[set[str], set[str]]:
    """The categories and rule ids that the suppressions whose condition holds remove."""
    categories: set[str] = set()
    rule_ids: set[str] = set()
    for suppression in catalogue["suppressions"]:
        if evaluate(suppression["when"], env):
            categories.update(suppression.get("remove_categories", ()))
            rule_ids.update(suppression.get("remove_rules", ()))
    return categories, rule_ids


@dataclass(frozen=True)
class Firing:
    """The rules that fired, each red flag's urgency, and the names after firing."""

    rules: list[Mapping[str, Any]]
    urgency: dict[str, str | None]
    env: Env  # the facts plus `outcome_names`


def fire(env: Env, catalogue: Mapping[str, Any] | None = None) -> Firing:
    """Steps 2 and 3: every rule whose condition holds, with its urgency, and the outcome."""
    catalogue = catalogue or load_catalogue()
    fired = [rule for rule in catalogue["rules"] if evaluate(rule["when"], env)]
    urgency = {rule["id"]: _urgency(rule, env) for rule in fired}
    return Firing(fired, urgency, {**env, **_outcome(catalogue, fired, urgency)})


def select_from_env(env: Env, catalogue: Mapping[str, Any] | None = None) -> list[SelectedTip]:
    """Every tip for these names, after suppression, in display order, before the cap."""
    catalogue = catalogue or load_catalogue()
    firing = fire(env, catalogue)
    removed_categories, removed_rules = suppressed(catalogue, firing.env)
    rank = {rule_id: index for index, rule_id in enumerate(catalogue["order"])}
    kept = [
        rule
        for rule in firing.rules
        if rule["category"] not in removed_categories and rule["id"] not in removed_rules
    ]
    kept.sort(key=lambda rule: rank[rule["id"]])
    return [_selected(r, firing.env, catalogue, firing.urgency[r["id"]]) for r in kept]


def select_tips(
    checkin: Mapping[str, Any],
    profile: Mapping[str, Any] | None,
    history: Sequence[Mapping[str, Any]],
    catalogue: Mapping[str, Any] | None = None,
) -> list[SelectedTip]:
    """Every selected tip for a check-in, after suppression, in display order, before the cap.

    Takes contract payloads (dates as ISO strings or dates); omitted fields take defaults.
    `catalogue` (the shipped one by default) gives the rules and the facts' parameters.
    """
    params = None if catalogue is None else parameters_of(catalogue)
    env = facts.build_env(checkin, profile, history or (), params)
    return select_from_env(env, catalogue)


def display_selection(
    tips: Sequence[SelectedTip], cap: int | None = None
) -> tuple[list[SelectedTip], list[SelectedTip], list[SelectedTip]]:
    """Split tips into (huisarts tips, tips on screen, the rest), each in display order.

    docs/rules.md §9, P6 revised: the huisarts card, then the first `cap` tips in order, then the
    rest under "more tips". No rotation: the most fitting tips are always the ones on top.
    """
    cap = load_catalogue()["display_cap"] if cap is None else cap
    gp = [tip for tip in tips if tip.category == GP_CATEGORY]
    care = [tip for tip in tips if tip.category != GP_CATEGORY]
    shown = care[: max(cap, 0)]
    return gp, shown, care[len(shown) :]
