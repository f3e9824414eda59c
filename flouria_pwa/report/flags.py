"""The red flags of the report: for each check-in of the period the GP tips it was given, as on
its tips page. A check-in keeps the tips it was given when it was saved (`tips.kept_selection`);
only check-ins from before tips were kept are computed again, by the engine, in one pass.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from collections.abc import Sequence
from functools import cache
from itertools import groupby
from typing import Any

from ..rules import engine
from ..rules import facts
from ..rules.engine import GP_CATEGORY
from ..store import queries
from ..store.models import CheckIn
from ..tips import advice
from ..tips.kept import kept_selection
from .summary import RedFlag
from .summary import chronological


@cache
def gp_catalogue() -> dict[str, Any]:
    """The catalogue with only its red-flag rules: the engine then selects exactly the GP tips
    it selects with the whole catalogue (suppressions are evaluated all the same), without
    evaluating the self-care rules the report does not show."""
    catalogue = engine.load_catalogue()
    rules = [rule for rule in catalogue["rules"] if rule["category"] == GP_CATEGORY]
    ids = {rule["id"] for rule in rules}
    return {**catalogue, "rules": rules, "order": [i for i in catalogue["order"] if i in ids]}


def tips_in_one_pass(
    entries: Sequence[CheckIn],
    profile: Mapping[str, Any],
    pool: Sequence[CheckIn],
    catalogue: Mapping[str, Any] | None = None,
) -> dict[str, list[engine.SelectedTip]]:
    """The engine's tips for each of `entries` by id, with exactly the history that
    `queries.history_for` gives it, in one pass over the check-ins in date order.

    Each check-in is normalised once and each day merged into its record once; a window of the
    day records of the 90 days before slides along, and a check-in's own day is built up from the
    check-ins saved before it (`queries.in_history` decides both, and `queries.history_order` is
    the order in which the check-ins are taken). So a check-in costs the
    facts of at most 91 day records, however many check-ins a day holds, instead of re-reading
    its whole 90-day history: the cost grows with the check-ins, not with their square.
    """
    wanted = {e.id for e in entries}
    everything = {c.id: c for c in pool}
    everything.update((e.id, e) for e in entries)
    clean_profile = facts.normalise_profile(profile)
    window: deque[tuple[CheckIn, facts.Day]] = deque()  # (one check-in of the day, its record)
    tips: dict[str, list[engine.SelectedTip]] = {}
    ordered = sorted(everything.values(), key=queries.history_order)
    for _day, group in groupby(ordered, key=lambda c: c.date):
        todays = list(group)
        while window and not queries.in_history(window[0][0], todays[0]):
            window.popleft()
        past = [record for _entry, record in reversed(window)]  # newest first, as facts wants
        normalised = [facts.normalise_checkin(c.value()) for c in todays]
        records = [facts.day_records([n])[0] for n in normalised]
        earlier: facts.Day | None = None  # the record of the check-ins folded in so far
        folded = 0
        for entry, current, own in zip(todays, normalised, records, strict=True):
            while folded < len(todays) and queries.in_history(todays[folded], entry):
                step = records[folded]
                earlier = step if earlier is None else facts.merge_days(earlier, step)
                folded += 1
            if entry.id not in wanted:
                continue
            today_record = own if earlier is None else facts.merge_days(earlier, own)
            derived = facts.derive(current, clean_profile, [today_record, *past])
            env = facts.env_of(current, clean_profile, derived)
            tips[entry.id] = engine.select_from_env(env, catalogue)
        whole_day = records[0]
        for record in records[1:]:
            whole_day = facts.merge_days(whole_day, record)
        window.append((todays[0], whole_day))
    return tips


def red_flags(
    entries: Sequence[CheckIn], profile: dict[str, Any], pool: Sequence[CheckIn]
) -> list[RedFlag]:
    """For each check-in, oldest first, the GP tips it was given, as on its tips page.

    A check-in that keeps its tips (`tips.kept_selection`) shows those. For the others (saved
    before tips were kept) the engine computes them: `pool` holds her check-ins from 90 days
    before the first entry up to the last one (`queries.history_before` and the entries),
    so the history needs no extra query, and `tips_in_one_pass` runs only the red-flag rules.
    Each title is rendered once.
    """
    kept = {
        e.id: selection
        for e in entries
        if (selection := kept_selection(e, GP_CATEGORY)) is not None
    }
    missing = [e for e in entries if e.id not in kept]
    tips = tips_in_one_pass(missing, profile, pool, gp_catalogue()) if missing else {}
    tips.update(kept)
    titles: dict[engine.SelectedTip, str] = {}  # a year repeats the same few red flags
    flags = []
    for entry in chronological(entries):
        gp = [t for t in tips[entry.id] if t.category == GP_CATEGORY]
        for tip in gp:
            if tip not in titles:
                titles[tip] = advice.render(tip).title
        if gp:
            flags.append(RedFlag(entry.date, entry.time, tuple(titles[t] for t in gp)))
    return flags
