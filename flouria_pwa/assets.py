"""Static files under content-hashed names, gzipped, with far-future caching (WhiteNoise).

At start-up every file in `static/` is copied once to `instance/static-build/<digest>/` as
`name.<hash>.ext`, with a `.gz` beside it. `url_for('static', filename='app.css')` then gives
`/static/app.<hash>.css`, so pages, the manifest and the service worker's precache list all name
the exact bytes of this deploy: a new deploy has new names and never mixes old and new files.
The build folder is named after the digest of all files, so several workers starting at once
agree on it, and a finished build is reused. Unhashed names still work (short cache) for old
pages that ask for them.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

from .config import ROOT
from .security import HeadersMiddleware

STATIC = ROOT / "static"
_HASHED = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")


def _files() -> list[Path]:
    return sorted(p for p in STATIC.rglob("*") if p.is_file() and not p.name.endswith(".gz"))


def hashed_name(relative: str, content: bytes) -> str:
    stem, dot, suffix = relative.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:12]
    return f"{stem}.{digest}.{suffix}" if dot else f"{relative}.{digest}"


def build(instance: Path) -> tuple[Path, dict[str, str]]:
    """Hashed, gzipped copies of `static/`; returns their folder and {name: hashed name}."""
    names: dict[str, str] = {}
    contents: dict[str, bytes] = {}
    whole = hashlib.sha256()
    for path in _files():
        relative = path.relative_to(STATIC).as_posix()
        contents[relative] = path.read_bytes()
        names[relative] = hashed_name(relative, contents[relative])
        whole.update(names[relative].encode())
    target = instance / "static-build" / whole.hexdigest()[:16]
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=target.parent))
        for relative, hashed in names.items():
            out = scratch / hashed
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(contents[relative])
        compressor = Compressor(use_brotli=False, quiet=True)
        for path in scratch.rglob("*"):
            if path.is_file() and compressor.should_compress(path.name):
                list(compressor.compress(str(path)))
        try:
            os.rename(scratch, target)  # atomic: another worker may have won the race
        except OSError:
            shutil.rmtree(scratch, ignore_errors=True)
    return target, names


def init_app(app: Flask) -> None:
    folder, names = build(Path(app.instance_path))
    app.config["STATIC_NAMES"] = names

    @app.url_defaults
    def _hashed(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and values.get("filename") in names:
            values["filename"] = names[values["filename"]]

    served = WhiteNoise(
        app.wsgi_app,
        max_age=60,  # unhashed names: old pages may still ask for them
        allow_all_origins=False,
        immutable_file_test=lambda _path, url: bool(_HASHED.search(url)),
    )
    served.add_files(str(folder), prefix="static/")
    served.add_files(str(STATIC), prefix="static/")
    app.wsgi_app = HeadersMiddleware(served)  # type: ignore[method-assign]
