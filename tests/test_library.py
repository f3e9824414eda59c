"""The tips library (`/tips/alle`) as she reads it: every rule once, under a title of its own,
with when Flouria gives it (not a reason that speaks of her), and sources she can look up.

Also the guards on the "when" lines (`tip_texts.WHEN_TEXTS`): the same ones the tip texts have
in `tests/test_tip_texts.py` where they apply (no numbers, no copied article text, no comfort
about a red flag), plus their own shape: one or two plain sentences that start with "Als".
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask.testing import FlaskClient
from helpers import checkin_form
from textcheck import copied_runs
from textcheck import read_hashes
from wording import DOSE
from wording import NEVER
from wording import REASSURANCE
from wording import has
from wording import msgid
from wording import sentences

from flouria_pwa.rules import engine
from flouria_pwa.tips.texts import TIP_TEXTS
from flouria_pwa.tips.texts import WHEN_TEXTS

ROOT = Path(__file__).resolve().parent.parent
PO_PATH = ROOT / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
SHINGLES_PATH = ROOT / "tests" / "data" / "seed_shingles.txt"
RULES = engine.load_catalogue()["rules"]


@functools.cache
def _catalog():
    with PO_PATH.open("rb") as f:
        return read_po(f)


def when_dutch(rule_id: str) -> str:
    entry = _catalog().get(msgid(WHEN_TEXTS[rule_id]))
    if entry is None or not entry.string or entry.fuzzy:
        pytest.fail(f"no Dutch for WHEN_TEXTS[{rule_id!r}] in messages.po")
    return entry.string


def dutch(message) -> str:
    entry = _catalog().get(msgid(message))
    assert entry is not None and entry.string, msgid(message)
    return entry.string


def entries(page: str) -> list[str]:
    """The library's tips, each as its own piece of HTML."""
    return re.findall(r'<details class="tip cat-.*?</details>', page, re.S)


def title(entry: str) -> str:
    match = re.search(r'<span class="tip-title">(.*?)</span>', entry)
    assert match, entry
    return html.unescape(match.group(1))


def text(entry: str) -> str:
    """What she reads: tags gone (a line-break hint inside a word joins it), spaces collapsed."""
    plain = re.sub(r"<[^>]+>", " ", entry.replace("<wbr>", ""))
    return " ".join(html.unescape(plain).split())


@pytest.fixture
def library(client: FlaskClient) -> list[str]:
    response = client.get("/tips/alle")
    assert response.status_code == 200
    return entries(response.get_data(as_text=True))


# ---------------------------------------------------------------------------- the page
def test_every_rule_is_one_entry_with_a_title_of_its_own(library: list[str]) -> None:
    assert len(library) == len(RULES)
    titles = [title(entry) for entry in library]
    assert len(set(titles)) == len(titles), sorted(t for t in titles if titles.count(t) > 1)
    # The two titles that used to appear twice, with different texts.
    assert titles.count("Pijn die je beperkt") == 1
    assert titles.count("Rek alleen als het fijn voelt") == 1
    assert set(titles) == {dutch(TIP_TEXTS[rule["text"]].title) for rule in RULES}


def test_each_entry_says_when_flouria_gives_it(library: list[str]) -> None:
    by_title = {title(entry): text(entry) for entry in library}
    for rule in RULES:
        body = by_title[dutch(TIP_TEXTS[rule["text"]].title)]
        assert "Wanneer?" in body, rule["id"]
        assert when_dutch(rule["id"]) in body, rule["id"]
    stiff = by_title["Warmte bij stijfheid"]
    assert "Als je je stijf voelt." in stiff


def test_no_entry_speaks_of_her_own_answers(client: FlaskClient) -> None:
    """The library is the same for everyone: no "Je gaf aan…", no reason of a personal tip."""
    page = html.unescape(client.get("/tips/alle").get_data(as_text=True))
    assert "Waarom deze tip?" not in page
    assert "Je gaf aan" not in page and "je gaf aan" not in page
    assert "In je profiel staat" not in page
    for text_id, tip in TIP_TEXTS.items():
        assert dutch(tip.why) not in page, f"{text_id}: a personal reason in the library"


def test_a_variant_is_part_of_its_rules_entry(library: list[str]) -> None:
    """RK4's long-standing wording, KR1's start of training, the water-pill line and RF4's
    perimenopause wording are not entries of their own; the entry's "when" line names them."""
    page = " ".join(text(entry) for entry in library)
    for variant in ("rk4_long", "kr1_start", "rf4_peri", "rf7_now", "d1_fluid_limit"):
        assert " ".join(dutch(TIP_TEXTS[variant].body).split()) not in page, variant
    by_title = {title(entry): text(entry) for entry in library}
    assert "plastablet" in by_title["Drink verspreid over de dag"]
    assert "overgang" in by_title["Pijn die je beperkt"]


def test_red_flag_entries_say_how_soon(library: list[str]) -> None:
    by_title = {title(entry): text(entry) for entry in library}
    assert "Bel nu je huisarts" in by_title["Doof rond billen of kruis"]  # RF10: now
    assert "Bel vandaag je huisarts" in by_title["Een gezwollen been"]  # RF11: today
    assert "Maak een afspraak met je huisarts" in by_title["Laat de zwelling nakijken"]  # soon


def test_sources_name_the_publisher(library: list[str]) -> None:
    by_title = {title(entry): text(entry) for entry in library}
    strength = by_title["Sterker worden met artrose"]  # KR1 rests on 004 only
    assert "Krachttraining bij artrose" in strength and "Fysio Fitaal" in strength
    assert "fysiofitaal.nl" in strength
    page = " ".join(by_title.values())
    for publisher in ("Flouria", "Massage Stoel Wereld", "Let's Go Fysio", "lezing voor patiënten"):
        assert publisher in page, publisher


def test_tips_page_sources_name_the_publisher(profiled: FlaskClient) -> None:
    page = profiled.post("/", data=checkin_form(stiffness="6"), follow_redirects=True)
    shown = text(page.get_data(as_text=True))
    assert "Warmte bij stijfheid" in shown  # W1 rests on 000 and 001
    assert "(Flouria, flouria.health)" in shown
    assert "(Massage Stoel Wereld, nl.massagesesselwelt.de)" in shown


def test_offline_bundle_carries_the_publishers(client: FlaskClient) -> None:
    sources = client.get("/api/v1/rules").get_json()["sources"]
    assert sources["004"]["publisher"] == "Fysio Fitaal"
    assert all(source["publisher"] for source in sources.values())


# ---------------------------------------------------------------------------- the "when" lines
def test_every_rule_has_a_when_line_and_no_other() -> None:
    assert set(WHEN_TEXTS) == {rule["id"] for rule in RULES}


def test_when_lines_are_plain_english_ids_without_numbers() -> None:
    for rule_id, message in WHEN_TEXTS.items():
        en = msgid(message)
        assert en.isascii() and "%" not in en, rule_id
        assert not re.search(r"\d", en), f"{rule_id}: a number the articles do not give"
        assert en.startswith("When "), rule_id


def test_when_lines_in_dutch_have_the_agreed_shape() -> None:
    for rule_id in WHEN_TEXTS:
        nl = when_dutch(rule_id)
        assert nl.startswith("Als "), f"{rule_id}: starts with 'Als': {nl!r}"
        assert 1 <= len(sentences(nl)) <= 2, f"{rule_id}: one or two sentences: {nl!r}"
        assert re.search(r"\bje\b", nl), f"{rule_id}: says 'je': {nl!r}"
        assert not has(r"je gaf aan|\bu\b|\buw\b", nl), f"{rule_id}: general, not personal or 'u'"


def test_when_lines_invent_nothing_and_copy_nothing() -> None:
    hashes = read_hashes(SHINGLES_PATH)
    for rule_id in WHEN_TEXTS:
        nl = when_dutch(rule_id)
        assert not re.search(r"\d", nl), f"{rule_id}: a number the articles do not give"
        assert not has(DOSE, nl), f"{rule_id}: a dose, amount or duration: {nl!r}"
        assert not has(REASSURANCE, nl), f"{rule_id}: reassures: {nl!r}"
        for what, pattern in NEVER.items():
            assert not has(pattern, nl), f"{rule_id} mentions {what}: {nl!r}"
        assert not copied_runs(nl, hashes), f"{rule_id} copies an article: {nl!r}"
