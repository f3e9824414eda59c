"""Guards for the tip texts in `flouria_pwa/tip_texts.py` and their Dutch in messages.po.

(a) every text id exists and is complete; (b) the Dutch paraphrases the source articles and
never copies a run of 8 words from them; (c) no tip advises what the articles do not support
(magnesium supplements, quinine, doses or durations); (d) the red-flag (huisarts) texts stay
calm: no diagnosis, never "it is just hormonal", and the urgency only in its own sentence;
(e) the safety net (docs/rules.md §9): nothing reassures, urgent cards name only the GP, and the
urgency sentences and the safety line carry 112, the huisartsenpost and "vandaag".
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel.speaklater import LazyString
from textcheck import copied_runs
from textcheck import read_hashes
from textcheck import words
from wording import DOSE
from wording import NEVER
from wording import REASSURANCE
from wording import has
from wording import msgid
from wording import sentences

from flouria_pwa.tips.texts import TIP_TEXTS
from flouria_pwa.tips.texts import TipText

ROOT = Path(__file__).resolve().parent.parent
PO_PATH = ROOT / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
SHINGLES_PATH = ROOT / "tests" / "data" / "seed_shingles.txt"

RED_FLAG_IDS = [
    *["rf1", "rf2", "rf3", "rf4", "rf5", "rf6", "rf7", "rf8", "rf9", "rf10", "rf11"],
    *["rf4_peri", "rf3_gp", "rf7_gp", "rf7_now"],
]
SELF_CARE_IDS = [
    *["k1", "w1", "w2", "rk1", "rk2", "rk3", "rk4", "d1", "d2", "d3", "d4"],
    *["b1", "b2", "b3", "b4", "b5", "kr1", "kr2", "kr3", "o1", "o2", "v1", "v2", "v3", "s1"],
    *["rk4_long", "kr1_start", "d1_fluid_limit", "d2_fluid_limit", "d4_fluid_limit"],
]
REQUIRED_IDS = RED_FLAG_IDS + SELF_CARE_IDS

# The articles' titles: the page shows them as sources, the tip texts never quote them.
ARTICLE_TITLES = [
    "Gewrichts- en spierpijn in de perimenopauze",
    "Spierpijn in de benen: oorzaken en preventie",
    "Spierpijn en spierkrampen",
    "Stijve spieren en rugpijn",
    "Krachttraining bij artrose",
]


# ---------------------------------------------------------------------------- helpers
def parts(text: TipText) -> list[tuple[str, LazyString]]:
    steps = [(f"step {n}", step) for n, step in enumerate(text.steps, 1)]
    return [("title", text.title), ("body", text.body), ("why", text.why), *steps]


@functools.cache
def _catalog():
    if not PO_PATH.exists():
        pytest.fail(f"{PO_PATH.relative_to(ROOT)} is missing: merge the Dutch tip texts first")
    with PO_PATH.open("rb") as f:
        return read_po(f)


def dutch(tid: str) -> dict[str, str]:
    """One tip's Dutch, field by field, from messages.po (untranslated fields left out)."""
    out = {}
    for field, message in parts(TIP_TEXTS[tid]):
        entry = _catalog().get(msgid(message))
        if entry is not None and entry.string and not entry.fuzzy:
            out[field] = entry.string
    return out


def nl_text(tid: str, field: str = "body") -> str:
    """One field's Dutch; a clear failure while messages.po lacks it."""
    text = dutch(tid).get(field)
    if text is None:
        pytest.fail(f"no Dutch for {tid}.{field} in messages.po yet")
    return text


def all_dutch() -> list[tuple[str, str, str]]:
    """(text id, field, Dutch) for every field of every tip."""
    return [(tid, f, nl) for tid in TIP_TEXTS for f, nl in dutch(tid).items()]


def all_english() -> list[tuple[str, str, str]]:
    return [(tid, f, msgid(m)) for tid, t in TIP_TEXTS.items() for f, m in parts(t)]


# ---------------------------------------------------------------------------- (a) complete
def test_every_text_id_exists() -> None:
    missing = [tid for tid in REQUIRED_IDS if tid not in TIP_TEXTS]
    assert not missing, f"text ids without a TipText: {missing}"


def test_every_tip_text_has_title_body_and_why() -> None:
    for tid, text in TIP_TEXTS.items():
        assert isinstance(text, TipText), tid
        assert isinstance(text.steps, tuple), tid
        for field, message in parts(text):
            assert str(message).strip(), f"{tid}.{field} is empty"
            assert msgid(message).strip(), f"{tid}.{field} has an empty message id"


def test_calf_stretch_has_steps_and_only_it_does() -> None:
    assert len(TIP_TEXTS["rk1"].steps) >= 3
    # The articles describe a technique only for the calf (docs/rules.md §8): no other steps.
    assert {tid for tid, text in TIP_TEXTS.items() if text.steps} == {"rk1"}


def test_message_ids_are_english_and_titles_short() -> None:
    for tid, field, text in all_english():
        assert text.isascii(), f"{tid}.{field}: message ids are plain English: {text!r}"
        assert "%" not in text, f"{tid}.{field}: no format characters in message ids"
    for tid, text in TIP_TEXTS.items():
        assert len(msgid(text.title).split()) <= 6, f"{tid}: title longer than 6 words"


def test_rule_catalogue_refers_only_to_existing_texts() -> None:
    engine = pytest.importorskip("flouria_pwa.rules.engine")
    catalogue = engine.load_catalogue()
    referenced = set()
    for rule in catalogue["rules"]:
        referenced.add(rule["text"])
        referenced.update(variant["text"] for variant in rule.get("variants", []))
    assert not referenced - set(TIP_TEXTS), "the rule catalogue names unknown text ids"


# ---------------------------------------------------------------------------- (b) Dutch
def test_every_tip_text_is_translated() -> None:
    untranslated = [
        f"{tid}.{field}: {msgid(message)!r}"
        for tid, text in TIP_TEXTS.items()
        for field, message in parts(text)
        if field not in dutch(tid)
    ]
    assert not untranslated, "no (or only fuzzy) Dutch in messages.po for:\n" + "\n".join(
        untranslated
    )


def test_dutch_has_the_agreed_shape() -> None:
    for tid in TIP_TEXTS:
        nl = dutch(tid)
        if "title" in nl:
            assert len(nl["title"].split()) <= 6, f"{tid}: title longer than 6 words"
        if "body" in nl:
            assert 2 <= len(sentences(nl["body"])) <= 4, f"{tid}: body is not 2-4 sentences"
        if "why" in nl:
            assert 1 <= len(sentences(nl["why"])) <= 2, f"{tid}: why is not 1-2 sentences"


def test_seed_fingerprints_match_the_normalisation() -> None:
    """The hash file and textcheck must agree, or the copy check below proves nothing."""
    hashes = read_hashes(SHINGLES_PATH)
    assert len(hashes) > 1000
    # Two sentences from the articles, one with curly quotes, in another case.
    assert copied_runs(
        "Als pijn ernstig, aanhoudend of gepaard met zwelling is, laat dit dan altijd checken.",
        hashes,
    )
    assert copied_runs('HET DRAAIT DUS NIET OM "door de pijn heen trainen", MAAR OM', hashes)
    assert words("\u2019s Avonds \u201cKou\u201d, ﬁjn") == ["s", "avonds", "kou", "fijn"]
    assert not copied_runs("Rek je kuit rustig als je kramp hebt en drink genoeg water.", hashes)


def test_no_dutch_tip_copies_a_run_of_eight_words_from_an_article() -> None:
    hashes = read_hashes(SHINGLES_PATH)
    copied = []
    for tid in TIP_TEXTS:
        nl = dutch(tid)
        # Each field alone, and the whole card as one text (runs across field boundaries).
        for label, text in [*nl.items(), ("whole tip", " ".join(nl.values()))]:
            copied += [f"{tid}.{label}: {run!r}" for run in copied_runs(text, hashes)]
    assert not copied, "Dutch tip text copies an article; paraphrase it:\n" + "\n".join(
        sorted(set(copied))
    )


def test_no_tip_quotes_an_article_title() -> None:
    titles = [" ".join(words(t)) for t in ARTICLE_TITLES]
    for tid, field, nl in all_dutch():
        text = " " + " ".join(words(nl)) + " "
        for title in titles:
            assert f" {title} " not in text, f"{tid}.{field} names an article: {title!r}"


# ---------------------------------------------------------------------------- (c) no invention
# Amounts and durations (DOSE, in wording.py): the articles give none (docs/rules.md §8).
SUPPLEMENT = r"supplement|suppletie|tablet|capsule|poeder|\bpil\b|\bpillen\b|innemen|slikken"
HORMONE_THERAPY = r"\bhst\b|hormoontherapie|hormoonsuppletie|oestrogeen"
COLD = r"\bkou\b|\bkoud|\bkoel|coldpack|cold pack|\bijs"
MASSAGE = r"massa|masseer|masser"


def test_no_dose_amount_or_duration() -> None:
    for tid, field, nl in all_dutch():
        assert not re.search(r"\d", nl), f"{tid}.{field}: a number the articles do not give"
        assert not has(DOSE, nl), f"{tid}.{field}: a dose, amount or duration: {nl!r}"
    for tid, field, en in all_english():
        assert not re.search(r"\d", en), f"{tid}.{field}: a number the articles do not give"


def test_no_quinine_magnesium_painkillers_or_blame() -> None:
    for tid, field, nl in all_dutch():
        for what, pattern in NEVER.items():
            assert not has(pattern, nl), f"{tid}.{field} mentions {what}: {nl!r}"
    for tid, field, en in all_english():
        assert not has(r"quinine|magnesium|painkiller", en), f"{tid}.{field}: {en!r}"


def test_supplements_only_in_the_proven_deficiency_sentence() -> None:
    allowed = []
    for tid, field, nl in all_dutch():
        for sentence in sentences(nl):
            if not has(SUPPLEMENT, sentence):
                continue
            assert (tid, field) == ("v1", "body"), f"{tid}.{field} mentions supplements"
            assert has(r"\balleen\b", sentence) and has(r"bewezen tekort", sentence), sentence
            allowed.append(sentence)
    assert allowed, "V1 must say that supplements only make sense with a proven deficiency"


def test_hormone_therapy_only_as_something_to_discuss_with_the_gp() -> None:
    for tid, field, nl in all_dutch():
        for sentence in sentences(nl):
            if has(HORMONE_THERAPY, sentence):
                assert tid == "rf4_peri", f"{tid}.{field}: only the GP card may name HST"
                assert has(r"bespreken", sentence), f"HST only as an option to discuss: {sentence}"
    assert has(HORMONE_THERAPY, nl_text("rf4_peri"))
    assert has(r"huisarts", nl_text("rf4_peri"))


def test_cold_only_for_acute_swelling_or_injury() -> None:
    for tid, field, nl in all_dutch():
        if tid != "k1":
            assert not has(COLD, nl), f"{tid}.{field}: cold belongs to K1 only (docs/rules.md P5)"
    assert has(COLD, nl_text("k1"))
    assert has(r"geen warmte", nl_text("k1"))


def test_massage_only_optional_and_temporary() -> None:
    for tid, field, nl in all_dutch():
        for sentence in sentences(nl):
            if has(MASSAGE, sentence):
                assert has(r"tijdelijk|\bkort", sentence), f"{tid}.{field}: {sentence}"


def test_stretching_caveats() -> None:
    rk2 = " ".join(dutch("rk2").values())
    assert not has(r"scheenbeen|tenen|voet omhoog|hiel", rk2), "no invented technique (§8)"
    for tid in ("rk4", "rk4_long"):
        assert has(r"alleen als", nl_text(tid)), f"{tid}: stretching is optional"
    long_body = nl_text("rk4_long")
    assert has(r"\bkort", long_body), "rk4_long: the effect is usually short"
    assert has(r"intensief", long_body) and has(r"averechts", long_body), "rk4_long: backfire"
    steps = [text for field, text in dutch("rk1").items() if field.startswith("step")]
    assert any(has(r"scheenbeen", step) for step in steps), "rk1: the calf technique"


def test_strength_training_never_through_pain() -> None:
    for tid in ("kr1", "kr1_start"):
        assert has(r"niet door pijn heen", nl_text(tid)), tid
    start = nl_text("kr1_start")
    assert has(r"eerste weken", start) and has(r"normaal", start)


# ---------------------------------------------------------------------------- (d) red flags
URGENCY = (
    r"\b112\b|spoed|huisartsenpost|ambulance|eerste hulp|\bseh\b|\bmeteen\b|\bdirect\b"
    r"|onmiddellijk|zo snel mogelijk|dringend|urgent|alarm|gevaar|vandaag nog|levensbedreigend"
)
DIAGNOSIS = (
    r"hernia|artritis|artrose|reuma|trombose|fibromyalgie|auto.immuun|zenuwschade|ontsteking"
    r"|restless|schildklier|\bnier|\blever\b|diagnose"
)
HORMONAL = r"hormo|overgang|menopauze|oestrogeen"


def test_red_flags_name_no_urgency_and_no_diagnosis() -> None:
    for tid in RED_FLAG_IDS:
        for field, nl in dutch(tid).items():
            assert not has(URGENCY, nl), f"{tid}.{field}: no urgency level (docs/rules.md P7)"
            assert not has(DIAGNOSIS, nl), f"{tid}.{field}: no diagnosis (docs/rules.md P7)"
        for _field, message in parts(TIP_TEXTS[tid]):
            en = msgid(message)
            assert not has(r"\b112\b|emergency|urgent|immediately|out.of.hours", en), tid


def test_red_flags_send_to_the_gp_and_never_blame_hormones() -> None:
    for tid in RED_FLAG_IDS:
        assert has(r"huisarts", nl_text(tid)), f"{tid}: the card sends her to the GP"
        for field, text in dutch(tid).items():
            for sentence in sentences(text):
                if has(HORMONAL, sentence):
                    # Only "even if hormones seem to explain it" (RF5) or HST as a GP option.
                    ok = has(r"ook als|zelfs als|bespreken", sentence)
                    assert ok, f"{tid}.{field} explains a complaint by hormones: {sentence}"
    assert has(r"ook als", nl_text("rf5")) and has(HORMONAL, nl_text("rf5"))
    assert has(r"fysiotherapeut", nl_text("rf7"))
    assert has(r"niet op eigen houtje", nl_text("rf8")) and has(r"\bstop", nl_text("rf8"))


# ---------------------------------------------------------------------------- (e) §9 safety net
def test_no_text_reassures_about_a_red_flag() -> None:
    """P10: no tip, card or page says a red flag is no reason to worry, or 'usually fine'."""
    for tid, field, nl in all_dutch():
        assert not has(REASSURANCE, nl), f"{tid}.{field} reassures: {nl!r}"
    assert not has(r"meestal", " ".join(dutch("b5").values()))
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "not a reason to worry" not in text, template.name


def test_urgent_red_flags_name_only_the_gp() -> None:
    """P10: with urgency now or today, the card sends her to the GP, not a physiotherapist."""
    for tid in ("rf7_now", "rf7_gp", "rf3_gp", "rf10", "rf11", "rf4"):
        for field, nl in dutch(tid).items():
            assert not has(r"fysio", nl), f"{tid}.{field} names a physiotherapist"
    assert has(r"zwelling", nl_text("rf1"))  # RF1 speaks of the swelling, also at pain 0


def test_start_of_training_soreness_is_only_in_its_own_variant() -> None:
    assert not has(r"normaal", nl_text("kr1"))


def test_drinking_tips_with_a_water_pill_follow_the_doctors_fluid_advice() -> None:
    for tid in ("d1", "d2", "d4"):
        plain, limited = nl_text(tid), nl_text(f"{tid}_fluid_limit")
        assert has(r"vochtbeperking", limited) and not has(r"vochtbeperking", plain)
        assert limited.startswith(plain.rstrip(".")), tid


def test_urgency_sentences_say_how_soon_and_whom_to_call() -> None:
    from flouria_pwa.tips.texts import SAFETY_LINE
    from flouria_pwa.tips.texts import URGENCY_TEXTS

    def nl(message: LazyString) -> str:
        entry = _catalog().get(msgid(message))
        assert entry is not None and entry.string, msgid(message)
        return entry.string

    now, today, soon = (URGENCY_TEXTS[level] for level in ("now", "today", "soon"))
    assert has(r"\bnu\b", nl(now.sentence)) and has(r"huisartsenpost", nl(now.sentence))
    assert has(r"\b112\b", nl(now.sentence)) and has(r"plotseling", nl(now.sentence))
    assert has(r"vandaag", nl(today.sentence)) and has(r"huisarts", nl(today.sentence))
    assert not has(r"vandaag|\bnu\b|112", nl(soon.sentence))
    assert has(r"afspraak", nl(soon.sentence))
    for text in (now, today, soon):
        assert not has(r"fysio", nl(text.heading) + nl(text.sentence))
    safety = nl(SAFETY_LINE)
    assert has(r"geen diagnose", safety) and has(r"\b112\b", safety) and has(r"huisarts", safety)
