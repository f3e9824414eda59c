"""Write the fingerprints of the source articles' word runs to tests/data/seed_shingles.txt.

The tips must paraphrase the five source articles (the "seeds"), never copy them. The tests
check that no run of 8 consecutive words in a Dutch tip text also occurs in an article. CI
cannot read the articles, and we do not commit them, so this script stores only a truncated
sha256 of every 8-word run, normalised as in `tests/textcheck.py`.

Usage (from the repository root):

    .venv/bin/python scripts/make_seed_shingles.py [SEEDS_DIR] [--out PATH]

SEEDS_DIR defaults to ../shared/seeds next to the repository; every *.txt file in it is read.
Run it again whenever the seed articles change, and commit the new hash file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from textcheck import FORMAT_LINE  # noqa: E402 (after the path is set)
from textcheck import shingle_hashes  # noqa: E402 (after the path is set)

DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
DEFAULT_OUT = ROOT / "tests" / "data" / "seed_shingles.txt"


def seed_hashes(seeds_dir: Path) -> set[str]:
    """The hashes of every 8-word run in every article; runs never span two files."""
    files = sorted(seeds_dir.glob("*.txt"))
    if not files:
        raise SystemExit(f"no *.txt seed articles in {seeds_dir}")
    hashes: set[str] = set()
    for path in files:
        hashes |= shingle_hashes(path.read_text(encoding="utf-8"))
    return hashes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", nargs="?", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    hashes = seed_hashes(args.seeds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join([FORMAT_LINE, *sorted(hashes)]) + "\n", encoding="utf-8")
    print(f"wrote {len(hashes)} hashes from {args.seeds} to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
