"""Fill the Dutch catalogue from a JSON file of {English msgid: Dutch} (a plural takes a list).

Usage: python scripts/merge_translations.py translations.json [more.json ...]
Runs `pybabel extract` + `update` first, so the catalogue holds exactly the current messages.
Existing translations are kept unless a JSON file gives a new one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
POT = ROOT / "messages.pot"


def main(paths: list[str]) -> None:
    babel = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run(
        [
            *babel,
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "--no-location",
            "--omit-header",
            "-o",
            str(POT),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    if PO.exists():
        subprocess.run(
            [
                *babel,
                "-q",
                "update",
                "--no-fuzzy-matching",
                "--ignore-obsolete",
                "-i",
                str(POT),
                "-d",
                "translations",
            ],
            cwd=ROOT,
            check=True,
        )
    else:
        subprocess.run(
            [*babel, "-q", "init", "-i", str(POT), "-d", "translations", "-l", "nl"],
            cwd=ROOT,
            check=True,
        )
    POT.unlink()
    dutch: dict[str, str | list[str]] = {}
    for path in paths:
        dutch.update(json.loads(Path(path).read_text(encoding="utf-8")))
    with PO.open("rb") as f:
        catalog = read_po(f, locale="nl")
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in dutch:
            value = dutch[key]
            message.string = tuple(value) if isinstance(value, list) else value
            message.flags.discard("fuzzy")
    with PO.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, no_location=True)


if __name__ == "__main__":
    main(sys.argv[1:])
