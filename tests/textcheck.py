"""Word-run fingerprints for checking that tip texts paraphrase the source articles.

The tips must say what the articles say in Flouria's own words. We check that mechanically:
no run of `SHINGLE_WORDS` consecutive words in a tip may also occur in an article. The
articles themselves stay out of the repository; `scripts/make_seed_shingles.py` stores only
the hashes of their word runs in `tests/data/seed_shingles.txt`, and the tests compare the
tip texts against those hashes. Script and tests must normalise text the same way, so both
use this module.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

SHINGLE_WORDS = 8
HASH_HEX_CHARS = 16
# Written as the first line of the hash file, so a change of method shows up as a mismatch.
FORMAT_LINE = (
    f"# flouria seed shingles v1: nfkc-lower-words, n={SHINGLE_WORDS}, sha256[:{HASH_HEX_CHARS}]"
)

_QUOTES = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark
        "\u201a": "'",  # single low-9 quotation mark
        "\u201b": "'",  # single high-reversed-9 quotation mark
        "\u2032": "'",  # prime
        "\u00b4": "'",  # acute accent used as an apostrophe
        "\u0060": "'",  # grave accent used as an apostrophe
        "\u201c": '"',  # left double quotation mark
        "\u201d": '"',  # right double quotation mark
        "\u201e": '"',  # double low-9 quotation mark
        "\u201f": '"',  # double high-reversed-9 quotation mark
        "\u2033": '"',  # double prime
        "\u00ab": '"',  # left-pointing double angle quotation mark
        "\u00bb": '"',  # right-pointing double angle quotation mark
    }
)
_NON_WORD = re.compile(r"\W+")


def normalise(text: str) -> str:
    """Unicode NFKC, lower case, curly quotes made straight."""
    return unicodedata.normalize("NFKC", text).lower().translate(_QUOTES)


def words(text: str) -> list[str]:
    """The text's words after `normalise`: runs of word characters, split on everything else."""
    return [w for w in _NON_WORD.split(normalise(text)) if w]


def shingles(text: str, n: int = SHINGLE_WORDS) -> list[tuple[str, ...]]:
    """Every run of `n` consecutive words, in order (none if the text has fewer words)."""
    ws = words(text)
    return [tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)]


def shingle_hash(run: Iterable[str]) -> str:
    """The fingerprint of one word run: sha256 of the words joined by single spaces."""
    digest = hashlib.sha256(" ".join(run).encode("utf-8")).hexdigest()
    return digest[:HASH_HEX_CHARS]


def shingle_hashes(text: str, n: int = SHINGLE_WORDS) -> set[str]:
    return {shingle_hash(run) for run in shingles(text, n)}


def copied_runs(text: str, hashes: set[str], n: int = SHINGLE_WORDS) -> list[str]:
    """The word runs of `text` whose fingerprint is in `hashes`, for a readable failure."""
    return [" ".join(run) for run in shingles(text, n) if shingle_hash(run) in hashes]


def read_hashes(path: Path) -> set[str]:
    """The hashes in a file written by `scripts/make_seed_shingles.py` (one per line)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0] != FORMAT_LINE:
        raise ValueError(f"{path} was not made with this method; run scripts/make_seed_shingles.py")
    return {line.strip() for line in lines[1:] if line.strip() and not line.startswith("#")}
