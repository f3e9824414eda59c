"""The documents in `docs/` against the code that cites them.

(a) `docs/rules.md` describes every rule of `rules/catalogue.json` under its own heading, with
the rule's articles and (for a red flag) its urgency; (b) it lists every parameter with the value
the code uses; (c) every citation of the form `docs/<file>.md §N` in the code points at a file in
`docs/` and at a section heading in it (and a label such as P5, N3 or RF10 after it exists
there); (d) the citations still written against the old shared files would resolve once they
point at `docs/`, and (e) no code cites those shared files any more (the lead's follow-up).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from textcheck import copied_runs
from textcheck import read_hashes

from flouria_pwa.rules import facts
from flouria_pwa.store import queries

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CATALOGUE = ROOT / "flouria_pwa" / "rules" / "catalogue.json"
SHINGLES_PATH = ROOT / "tests" / "data" / "seed_shingles.txt"
CODE_DIRS = ("flouria_pwa", "static", "templates", "tests", "scripts")
SKIP_PARTS = {"__pycache__", "node_modules"}
THIS_FILE = Path(__file__).resolve()

# What the old shared documents are called, and the file in docs/ that replaced each. Spelled in
# pieces so that this file does not cite them itself.
OLD_NAMES = {"RULES" + ".md": "rules.md", "PWA" + ".md": "offline.md"}

# The parameters and where their values live until the catalogue holds them (`parameters`).
PARAMETER_KEYS = (
    *("stiff_score", "stiff_minutes", "overload_pain", "load_activities", "new_strength_loss"),
    *("oa_start_days", "cramp_medication", "block_days", "block_count"),
    *("share_numerator", "share_denominator", "persistent_pain", "trend_days", "trend_rise"),
    *("new_area_lookback_days", "cramp_window_days", "cramp_gap_days", "measures_tried_days"),
    *("limited_window", "recent_load_days", "rf8_interval_days", "history_days"),
)

HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*$", re.MULTILINE)
SECTION = re.compile(r"^§(\d+(?:\.\d+)*)(?![\d.]*\d)")
# After a file name: section numbers (§2, §2.5), ranges (§4-§6, §1–§3) and labels (P5, N3, RF10).
TAIL = r"(?P<tail>(?:[ \t]*,?[ \t]*(?:§\d+(?:\.\d+)*|[-–]§?\d+(?:\.\d+)*|(?:RF|P|N)\d+\b))*)"
CITATION = re.compile(r"docs/(?P<file>[\w-]+\.md)" + TAIL)
OLD_CITATION = re.compile(r"(?<![\w/])(?P<file>RULES\.md|PWA\.md)" + TAIL)
NUMBER = re.compile(r"(§|[-–]§?)(\d+(?:\.\d+)*)")
LABEL = re.compile(r"\b(?:RF|P|N)\d+\b")


@dataclass(frozen=True)
class Citation:
    where: str  # path:line
    file: str  # the file name inside docs/
    sections: tuple[str, ...]
    labels: tuple[str, ...]


def cited(tail: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The section numbers and labels a citation's tail names; a range names every section in it
    (`§4-§6` is 4, 5 and 6)."""
    sections: list[str] = []
    for prefix, number in NUMBER.findall(tail):
        if prefix != "§" and sections and sections[-1].isdigit() and number.isdigit():
            sections.extend(str(n) for n in range(int(sections[-1]) + 1, int(number) + 1))
        else:
            sections.append(number)
    return tuple(sections), tuple(LABEL.findall(tail))


def citations_in(text: str, where: str, pattern: re.Pattern[str] = CITATION) -> list[Citation]:
    found = []
    for match in pattern.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        name = OLD_NAMES.get(match["file"], match["file"])
        sections, labels = cited(match["tail"])
        found.append(Citation(f"{where}:{line}", name, sections, labels))
    return found


def code_files() -> list[Path]:
    files = []
    for folder in CODE_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and not SKIP_PARTS & set(path.parts) and path != THIS_FILE:
                files.append(path)
    return files


@functools.cache
def code_texts() -> dict[str, str]:
    """Every readable text file of the code, by its path in the repository."""
    texts = {}
    for path in code_files():
        try:
            texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # an icon, a compiled file
    return texts


def sections_of(text: str) -> set[str]:
    """The section numbers of a document's headings (`## §2 ...`, `### §2.5 ...`)."""
    numbers = set()
    for _, title in HEADING.findall(text):
        match = SECTION.match(title)
        if match:
            numbers.add(match[1])
    return numbers


def problems(citations: list[Citation]) -> list[str]:
    """What does not resolve: a missing file, section or label."""
    found = []
    for citation in citations:
        path = DOCS / citation.file
        if not path.is_file():
            found.append(f"{citation.where}: docs/{citation.file} does not exist")
            continue
        text = path.read_text(encoding="utf-8")
        sections = sections_of(text)
        for number in citation.sections:
            if number not in sections:
                found.append(f"{citation.where}: docs/{citation.file} has no heading §{number}")
        for label in citation.labels:
            if not re.search(rf"\b{label}\b", text):
                found.append(f"{citation.where}: docs/{citation.file} never names {label}")
    return found


@functools.cache
def rules_doc() -> str:
    return (DOCS / "rules.md").read_text(encoding="utf-8")


@functools.cache
def catalogue() -> dict:
    return json.loads(CATALOGUE.read_text(encoding="utf-8"))


def rule_blocks(text: str) -> dict[str, str]:
    """Each heading that starts with a rule id (`### RF1 · Swelling`), with the text up to the
    next heading."""
    blocks = {}
    headings = list(HEADING.finditer(text))
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        first = heading[2].split()[0]
        if re.fullmatch(r"[A-Z]+\d+", first):
            blocks[first] = text[heading.start() : end]
    return blocks


# ---------------------------------------------------------------------------- the parser itself


def test_the_parser_reads_sections_ranges_and_labels() -> None:
    text = "x (docs/rules.md §4-§6) y docs/rules.md §1–§3, docs/rules.md §9 P12: z docs/offline.md"
    found = citations_in(text, "t")
    assert [(c.file, c.sections, c.labels) for c in found] == [
        ("rules.md", ("4", "5", "6"), ()),
        ("rules.md", ("1", "2", "3"), ()),
        ("rules.md", ("9",), ("P12",)),
        ("offline.md", (), ()),
    ]
    assert citations_in("docs/nginx.conf and docs/rules.md's default", "t")[0].sections == ()


def test_a_citation_of_a_missing_section_label_or_file_is_a_problem() -> None:
    bad = citations_in("docs/rules.md §99 docs/rules.md §2 N99 docs/nowhere.md §1", "t")
    assert problems(bad) == [
        "t:1: docs/rules.md has no heading §99",
        "t:1: docs/rules.md never names N99",
        "t:1: docs/nowhere.md does not exist",
    ]
    assert problems(citations_in("docs/rules.md §2.5 and docs/offline.md §2", "t")) == []


# ---------------------------------------------------------------------------- the rules


def test_every_catalogue_rule_has_its_own_heading_with_its_articles_and_urgency() -> None:
    blocks = rule_blocks(rules_doc())
    missing, wrong = [], []
    for rule in catalogue()["rules"]:
        block = blocks.get(rule["id"])
        if block is None:
            missing.append(rule["id"])
            continue
        for source in rule["sources"]:
            if not re.search(rf"\b{source}\b", block):
                wrong.append(f"{rule['id']}: article {source} not named")
        if rule["category"] == "huisarts":
            levels = [rule["urgency"], *(v["urgency"] for v in rule.get("urgency_variants", []))]
            for level in levels:
                if f"`{level}`" not in block:
                    wrong.append(f"{rule['id']}: urgency {level} not named")
        else:
            if f"`{rule['category']}`" not in block:
                wrong.append(f"{rule['id']}: category {rule['category']} not named")
    assert not missing, f"docs/rules.md has no heading for {missing}"
    assert not wrong, wrong


def test_every_suppression_and_priority_rule_is_described() -> None:
    text = rules_doc()
    ids = [s["id"] for s in catalogue()["suppressions"]]
    labels = {"P1", "P5", "P6", "P7", "P10", "P11", "P12", "P13", *ids}
    missing = sorted(label for label in labels if not re.search(rf"\b{label}\b", text))
    assert not missing, f"docs/rules.md never names {missing}"


def _values() -> dict[str, object]:
    """Each parameter's value: from the catalogue once it holds them, else from the code."""
    held = catalogue().get("parameters")
    if held:
        return dict(held)
    values: dict[str, object] = {key: getattr(facts, key.upper()) for key in PARAMETER_KEYS[:-1]}
    values["history_days"] = queries.HISTORY_DAYS
    return values


def _plain(value: object) -> list[str]:
    if isinstance(value, dict) and "value" in value:
        value = value["value"]
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(str(v) for v in value)
    return [str(value)]


def test_every_parameter_is_listed_with_the_value_the_code_uses() -> None:
    text = rules_doc()
    keys = set(_values()) | set(PARAMETER_KEYS if not catalogue().get("parameters") else ())
    missing = sorted(key for key in keys if f"`{key}`" not in text)
    assert not missing, f"docs/rules.md never names the parameters {missing}"
    rows = dict(re.findall(r"^\|\s*`([a-z0-9_]+)`\s*\|([^|\n]*)\|", text, re.MULTILINE))
    wrong = []
    for key, value in _values().items():
        if key in rows:
            cell = set(re.findall(r"[\w.]+", rows[key]))
            wrong += [f"{key}: {part}" for part in _plain(value) if part not in cell]
    assert not wrong, f"the parameters table disagrees with the code: {wrong}"


def test_the_rules_doc_copies_no_article() -> None:
    """English paraphrase only: no run of eight words shared with an article (see textcheck)."""
    assert copied_runs(rules_doc(), read_hashes(SHINGLES_PATH)) == []


# ---------------------------------------------------------------------------- citations


def test_every_docs_citation_in_the_code_resolves() -> None:
    citations = [c for where, text in code_texts().items() for c in citations_in(text, where)]
    assert not problems(citations)


def test_the_old_citations_would_resolve_in_docs() -> None:
    """What the code still cites from the shared rules and PWA notes exists in docs/, under the
    same number, so the citations can simply be rewritten."""
    citations = [
        c for where, text in code_texts().items() for c in citations_in(text, where, OLD_CITATION)
    ]
    assert not problems(citations)


def test_no_code_cites_the_shared_documents() -> None:
    bare = [
        f"{c.where}: {c.file}"
        for where, text in code_texts().items()
        for c in citations_in(text, where, OLD_CITATION)
    ]
    assert not bare, f"cite docs/rules.md or docs/offline.md instead: {bare}"
