"""Static files under content-hashed names, gzipped, with far-future caching (WhiteNoise).

At start-up every file in `static/` is copied once to `instance/static-build/<digest>/` (or the
folder in STATIC_BUILD_FOLDER) as `name.<hash>.ext`, with a `.gz` beside it.
`url_for('static', filename='app.css')` then gives `/static/app.<hash>.css`, so pages, the
manifest and the service worker's precache list all name the exact bytes of this deploy: a new
deploy has new names and never mixes old and new files.
The build folder is named after the digest of all files, so several workers starting at once
agree on it, and a finished build is reused. The two builds before it are served too, so a page
or service worker of the previous deploy still finds its files; older builds are removed.
Unhashed names still work (short cache) for old pages that ask for them.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from pathlib import PurePosixPath
from typing import Any

import rjsmin
from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

from .config import ROOT
from .security import HeadersMiddleware

STATIC = ROOT / "static"
_HASHED = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")


def _files() -> list[Path]:
    return sorted(p for p in STATIC.rglob("*") if p.is_file() and not p.name.endswith(".gz"))


KEEP_BUILDS = 3


def hashed_name(relative: str, content: bytes) -> str:
    """`js/page.js` → `js/page.<hash>.js` (a name without an extension gets the hash at its end)."""
    path = PurePosixPath(relative)
    digest = hashlib.sha256(content).hexdigest()[:12]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def served(relative: str, content: bytes) -> bytes:
    """What the phone downloads: scripts without comments and spare whitespace (rjsmin keeps
    strings, template literals and regular expressions as they are); everything else as is.
    The sources in `static/` stay readable, and the hash follows what is served."""
    if relative.endswith(".js"):
        return rjsmin.jsmin(content.decode("utf-8")).encode("utf-8")
    return content


def build(builds: Path) -> tuple[Path, dict[str, str]]:
    """Hashed, gzipped copies of `static/` in a folder under `builds`; returns that folder and
    {name: hashed name}."""
    names: dict[str, str] = {}
    contents: dict[str, bytes] = {}
    whole = hashlib.sha256()
    for path in _files():
        relative = path.relative_to(STATIC).as_posix()
        contents[relative] = served(relative, path.read_bytes())
        names[relative] = hashed_name(relative, contents[relative])
        whole.update(names[relative].encode())
    target = builds / whole.hexdigest()[:16]
    if not target.exists():
        builds.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(dir=builds, prefix=".scratch-"))
        scratch.chmod(0o755)  # mkdtemp makes it private; a proxy serving the files must read it
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
    try:
        os.utime(target)  # "used now": the newest builds are the ones kept
    except OSError:
        pass  # a read-only folder built ahead of time
    return target, names


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile by another worker
        return 0.0


def _recent_builds(builds: Path, current: Path) -> list[Path]:
    """The current build and the ones before it; older builds and stale scratch folders go."""
    others = sorted(
        (p for p in builds.iterdir() if p.is_dir() and p != current and not p.name.startswith(".")),
        key=_mtime,
        reverse=True,
    )
    for old in others[KEEP_BUILDS - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
    for scratch in builds.glob(".scratch-*"):
        if _mtime(scratch) < _mtime(current) - 3600:
            shutil.rmtree(scratch, ignore_errors=True)
    return [current, *others[: KEEP_BUILDS - 1]]


def init_app(app: Flask) -> None:
    builds = Path(app.config.get("STATIC_BUILD_FOLDER") or Path(app.instance_path) / "static-build")
    folder, names = build(builds)

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
    for recent in _recent_builds(builds, folder):
        served.add_files(str(recent), prefix="static/")
    served.add_files(str(STATIC), prefix="static/")
    app.wsgi_app = HeadersMiddleware(served)  # type: ignore[method-assign]
