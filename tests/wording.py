"""The wording rules the tip texts and the library's "when" lines share: what a text may not
say (an amount, a forbidden remedy, comfort about a red flag) and how to read a message.

Used by tests/test_tip_texts.py and tests/test_library.py (test modules never import each other).
"""

from __future__ import annotations

import re

from flask_babel.speaklater import LazyString
from textcheck import normalise


def msgid(message: LazyString) -> str:
    """The English message id inside a `lazy_gettext` string (its only argument)."""
    assert isinstance(message, LazyString), "tip texts are lazy_gettext messages"
    (text,) = message._args
    assert isinstance(text, str)
    return text


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def has(pattern: str, text: str) -> bool:
    """Regex search on the normalised (lower-case, straight-quoted) text."""
    return re.search(pattern, normalise(text)) is not None


# Amounts and durations: the articles give none (docs/rules.md §8), so the tips name none.
NUMBER_WORD = (
    r"(een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|vijftien|twintig"
    r"|dertig|veertig|vijftig|zestig|honderd|half|halve|anderhalf|anderhalve|enkele)"
)
UNIT = (
    r"(seconde|seconden|tel|tellen|minuut|minuten|kwartier|uur|uren|dag|dagen|nacht|nachten"
    r"|week|weken|maand|maanden|keer|maal|herhalingen|glas|glazen|kop|kopje|kopjes|beker|bekers"
    r"|liter|liters|milliliter|ml|milligram|mg|gram|microgram|tablet|tabletten|eetlepel|theelepel)"
)
DOSE = rf"\b{NUMBER_WORD}\s+{UNIT}\b|\bper\s+(dag|week|nacht|uur|keer)\b|\bx\s+per\b"

NEVER = {
    "quinine": r"\bkinine",
    "magnesium (food advice only, docs/rules.md N3)": r"magnesium",
    "painkillers": r"pijnstill|paracetamol|ibuprofen|diclofenac|naproxen|ontstekingsremmer\b",
    "blame": r"\bschuld\b|had je moeten|eigen schuld",
}
# §9: no text may calm her about a red flag.
REASSURANCE = (
    r"geen reden om je zorgen|geen zorgen|hoef je je geen|meestal kun je|is niet erg"
    r"|niets aan de hand|onschuldig|vanzelf over\b(?! ?gaat\.)"
)
