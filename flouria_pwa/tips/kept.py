"""The tips a check-in keeps: chosen when it is saved (online, or from the phone's offline
list), stored with it, and read back for its tips page, the report and the export, so a later
entry never rewrites an earlier day."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from datetime import UTC
from datetime import timedelta
from functools import cache
from types import SimpleNamespace
from typing import Any

from flask_babel import gettext as _

from ..extensions import db
from ..rules import engine
from ..rules import facts
from ..store import queries
from ..store.models import CheckIn
from ..store.models import User
from .texts import TIP_TEXTS

_HISTORY_COLUMNS = ("id", "created_at", *facts.DAY_FIELDS)
_MAX_TEXT_ID = 40  # a kept text id longer than any in the catalogue is not one of ours


def history(entry: CheckIn, user: User | None = None) -> list[dict[str, Any]]:
    """The history `queries.history_for` gives, with only the fields the engine reads of a
    history entry (`facts.DAY_FIELDS`; the rest take their defaults and are never read), read
    as plain rows: a busy 90 days cost a fraction of whole check-ins."""
    first = entry.date - timedelta(days=queries.HISTORY_DAYS)
    user = user or queries.owner_of(entry)
    rows = queries.rows_between(user, first, entry.date, _HISTORY_COLUMNS)
    probe: Any = entry
    if entry.created_at.tzinfo is not None:  # a new entry's own stamp; rows read back naive UTC
        naive = entry.created_at.astimezone(UTC).replace(tzinfo=None)
        probe = SimpleNamespace(id=entry.id, date=entry.date, created_at=naive)
    return [_contract(row) for row in rows if queries.in_history(row, probe)]


def _contract(row: Any) -> dict[str, Any]:
    """A history entry of the fields the engine reads, with its real date."""
    data = row._asdict()
    del data["created_at"]
    return data


# --- the tips a check-in keeps ---------------------------------------------------------------


class InvalidTips(ValueError):
    """Tips sent or read that are not a list of the catalogue's tips; the message is Dutch."""


@cache
def _rules() -> dict[str, Mapping[str, Any]]:
    """Each rule of the catalogue by the tip id the API and the kept tips use ("w1")."""
    return {rule["id"].lower(): rule for rule in engine.load_catalogue()["rules"]}


def _ids_message() -> str:
    return _("Send the tips as a list of tip ids from the catalogue, each once.")


def parse_shown(value: Any) -> list[str] | None:
    """The optional `tips` of a PUT: the ids of the tips the phone showed (None when absent).

    Raises InvalidTips unless it is a list of distinct tip ids of the catalogue."""
    if value is None:
        return None
    rules = _rules()
    if (
        not isinstance(value, list)
        or not all(isinstance(tip_id, str) and tip_id in rules for tip_id in value)
        or len(set(value)) != len(value)
    ):
        raise InvalidTips(_ids_message())
    return list(value)


def parse_kept(value: Any) -> list[dict[str, Any]] | None:
    """Kept tips as an export holds them (None when absent). Ids this version does not know are
    kept (a rule may have gone since) and left out when shown; the shape must be right."""
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > len(_rules()):
        raise InvalidTips(_("The tips of this check-in cannot be read."))
    kept = []
    for item in value:
        if (
            not isinstance(item, dict)
            or set(item) != {"id", "text_id", "urgency"}
            or not all(
                isinstance(item[key], str) and 0 < len(item[key]) <= _MAX_TEXT_ID
                for key in ("id", "text_id")
            )
            or item["urgency"] not in (None, *engine.URGENCIES)
        ):
            raise InvalidTips(_("The tips of this check-in cannot be read."))
        kept.append({"id": item["id"], "text_id": item["text_id"], "urgency": item["urgency"]})
    return kept


def _first_match(variants: Sequence[Mapping[str, Any]], env: Mapping[str, Any], key: str) -> Any:
    return next((v[key] for v in variants if engine.evaluate(v["when"], env)), None)


def selection_at_save(
    entry: CheckIn, user: User, shown: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """The tips to keep with `entry` as it is being saved: the engine's whole selection (before
    the display cap) with her profile and history as they are now; or, for `shown` (the ids an
    offline phone showed), those tips only, each with the text variant and urgency that the
    same facts give it. The entry's `created_at` must be set (it decides its own day's
    history)."""
    with db.session.no_autoflush:  # the entry may not be stored yet; never flush it from here
        env = facts.build_env(entry.value(), queries.profile_of(user), history(entry, user))
    if shown is None:
        return [
            {"id": t.tip_id, "text_id": t.text_id, "urgency": t.urgency}
            for t in engine.select_from_env(env)
        ]
    catalogue = engine.load_catalogue()
    firing = engine.fire(env, catalogue)
    rank = {rule_id: n for n, rule_id in enumerate(catalogue["order"])}
    # The red flags are always the server's own (docs/rules.md §9: a phone with an old catalogue
    # or a thin history must never drop one); the phone's ids choose only among the self-care
    # tips that the server's suppressions allow (P8: nothing beside an urgent card but cold).
    removed_categories, removed_rules = engine.suppressed(catalogue, firing.env)
    flags = {r["id"].lower() for r in firing.rules if r["category"] == engine.GP_CATEGORY}
    care = {
        tip_id
        for tip_id in shown
        if _rules()[tip_id]["category"] != engine.GP_CATEGORY
        and _rules()[tip_id]["category"] not in removed_categories
        and _rules()[tip_id]["id"] not in removed_rules
    }
    rules = sorted((_rules()[tip_id] for tip_id in flags | care), key=lambda r: rank[r["id"]])
    kept = []
    for rule in rules:
        text_id = _first_match(rule.get("variants", []), firing.env, "text") or rule["text"]
        urgency = None
        if rule["category"] == engine.GP_CATEGORY:
            urgency = _first_match(rule.get("urgency_variants", []), firing.env, "urgency")
            urgency = urgency or rule["urgency"]
        kept.append({"id": rule["id"].lower(), "text_id": text_id, "urgency": urgency})
    return kept


def kept_selection(entry: Any, category: str | None = None) -> list[engine.SelectedTip] | None:
    """The tips `entry` keeps, as the engine's selection (None when it keeps none); only those of
    `category` when given. A rule or text this version no longer has is left out, or shown in
    the rule's own text."""
    if entry.tips is None:
        return None
    rules = _rules()
    selected = []
    for item in entry.tips:
        rule = rules.get(item.get("id"))
        if rule is None or (category is not None and rule["category"] != category):
            continue
        selected.append(_kept_tip(rule["id"], item.get("text_id"), item.get("urgency")))
    return selected


@cache
def _kept_tip(rule_id: str, text_id: Any, urgency: Any) -> engine.SelectedTip:
    """One kept tip as the engine's selection (a diary repeats the same few: made once each)."""
    catalogue = engine.load_catalogue()
    rule = _rules()[rule_id.lower()]
    is_gp = rule["category"] == engine.GP_CATEGORY
    source_ids = tuple(rule["sources"])
    return engine.SelectedTip(
        rule_id=rule["id"],
        tip_id=rule["id"].lower(),
        category=rule["category"],
        text_id=text_id if text_id in TIP_TEXTS else rule["text"],
        sources=tuple(catalogue["sources"][s]["file"] for s in source_ids),
        source_ids=source_ids,
        urgency=(urgency if urgency in engine.URGENCIES else rule["urgency"]) if is_gp else None,
    )
