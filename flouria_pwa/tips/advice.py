"""Turns the engine's selection into tips a person can read: Dutch text, reasons and sources."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace
from typing import Any

from ..labels import CATEGORY_LABELS
from ..rules import engine
from ..rules.catalogue import rules_bundle
from .texts import SAFETY_LINE
from .texts import TIP_TEXTS
from .texts import URGENCY_TEXTS
from .texts import WHEN_TEXTS


@dataclass(frozen=True)
class Source:
    file: str
    title: str
    publisher: str = ""  # who published the article, so she can look it up
    site: str = ""  # where it is online, when known


@dataclass(frozen=True)
class Tip:
    id: str
    category: str
    title: str
    body: str
    why: str
    steps: tuple[str, ...]
    sources: tuple[Source, ...]
    urgency: str | None = None  # red flags only: "now", "today" or "soon" (docs/rules.md §9)
    when: str = ""  # the library only: when Flouria gives this tip, for everyone (not a reason)

    @property
    def category_label(self) -> str:
        return str(CATEGORY_LABELS[self.category])

    def api_text(self) -> str:
        """The tip's text for the API: a red flag's urgency sentence first, then the advice,
        then the steps numbered."""
        opening = [urgency_sentence(self.urgency)] if self.urgency else []
        steps = (f"{n}. {step}" for n, step in enumerate(self.steps, 1))
        return "\n".join([*opening, self.body, *steps])

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "category": self.category,
            "title": self.title,
            "text": self.api_text(),
            "sources": [s.file for s in self.sources],
        }
        if self.urgency is not None:
            data["urgency"] = self.urgency
        return data


def urgency_sentence(urgency: str) -> str:
    return str(URGENCY_TEXTS[urgency].sentence)


def urgency_heading(urgency: str) -> str:
    return str(URGENCY_TEXTS[urgency].heading)


def most_urgent(tips: list[Tip]) -> str | None:
    """The answer's urgency: the highest of its red flags' (docs/rules.md §9), or None."""
    return engine.most_urgent(tip.urgency for tip in tips)


def _sources(source_ids: tuple[str, ...]) -> tuple[Source, ...]:
    table = engine.load_catalogue()["sources"]
    return tuple(
        Source(
            table[i]["file"],
            table[i]["title"],
            table[i].get("publisher", ""),
            table[i].get("site", ""),
        )
        for i in source_ids
    )


def _tip(
    tip_id: str,
    category: str,
    text_id: str,
    source_ids: tuple[str, ...],
    urgency: str | None = None,
) -> Tip:
    text = TIP_TEXTS[text_id]
    return Tip(
        id=tip_id,
        category=category,
        title=str(text.title),
        body=str(text.body),
        why=str(text.why),
        steps=tuple(str(s) for s in text.steps),
        sources=_sources(source_ids),
        urgency=urgency,
    )


def render(selected: engine.SelectedTip) -> Tip:
    return _tip(
        selected.tip_id,
        selected.category,
        selected.text_id,
        selected.source_ids,
        selected.urgency,
    )


def library() -> dict[str, list[Tip]]:
    """One entry per rule, grouped by category in library order: the rule's own text (its
    variants, such as an urgency or a start-of-training wording, are the same tip), with when
    Flouria gives it in place of a personal reason."""
    catalogue = engine.load_catalogue()
    by_category: dict[str, list[Tip]] = {c: [] for c in catalogue["categories"]}
    for rule in catalogue["rules"]:
        tip = _tip(
            rule["id"].lower(),
            rule["category"],
            rule["text"],
            tuple(rule["sources"]),
            rule.get("urgency"),
        )
        entry = replace(tip, why="", when=str(WHEN_TEXTS[rule["id"]]))
        by_category[rule["category"]].append(entry)
    return by_category


def tips_for(checkin: dict[str, Any], profile: dict[str, Any], history: list[dict]) -> list[Tip]:
    """Every selected tip in display order, before the display cap."""
    return [render(t) for t in engine.select_tips(checkin, profile, history)]


@dataclass(frozen=True)
class TodaysTips:
    gp: list[Tip]
    shown: list[Tip]
    more: list[Tip]

    @property
    def urgency(self) -> str | None:
        return most_urgent(self.gp)


def todays_tips(
    checkin: dict[str, Any], profile: dict[str, Any], history: list[dict]
) -> TodaysTips:
    """The GP card's reasons, the capped tips on screen, and the rest folded away."""
    selected = engine.select_tips(checkin, profile, history)
    gp, shown, more = engine.display_selection(selected)
    return TodaysTips(
        [render(t) for t in gp], [render(t) for t in shown], [render(t) for t in more]
    )


def offline_bundle() -> dict[str, Any]:
    """The rules bundle (`rules.catalogue.rules_bundle`: the catalogue, its parameters and the
    contract) plus every text in the current language, for the browser's engine."""
    catalogue = engine.load_catalogue()
    texts = {
        text_id: {
            "title": str(text.title),
            "body": str(text.body),
            "why": str(text.why),
            "steps": [str(step) for step in text.steps],
        }
        for text_id, text in TIP_TEXTS.items()
    }
    return {
        **rules_bundle(catalogue),
        "texts": texts,
        "sources": catalogue["sources"],
        "categories": {key: str(label) for key, label in CATEGORY_LABELS.items()},
        "urgency": {
            level: {"heading": str(text.heading), "sentence": str(text.sentence)}
            for level, text in URGENCY_TEXTS.items()
        },
        "safety": str(SAFETY_LINE),
    }
