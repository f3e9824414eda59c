"""The installable app: web app manifest, service worker and offline page."""

from __future__ import annotations

import hashlib
from functools import cache

from flask import Blueprint
from flask import Response
from flask import current_app
from flask import jsonify
from flask import render_template
from flask import url_for
from flask_babel import gettext as _

from .config import ROOT

bp = Blueprint("pwa", __name__)

THEME_COLOUR = "#2f6f5e"
BACKGROUND_COLOUR = "#fbfaf7"
# The scripts every page loads (base.html), in this order: small classic scripts sharing
# `self.Flouria`; page.js reads the config base.html renders, start.js starts the rest.
PAGE_SCRIPTS = (
    "js/page.js",
    "js/engine.js",
    "js/outbox.js",
    "js/updates.js",
    "js/sending.js",
    "js/badge.js",
    "js/storage-note.js",
    "js/form-errors.js",
    "js/medicines.js",
    "js/checkin-form.js",
    "js/like-last.js",
    "js/stored-checkin.js",
    "js/local-tips.js",
    "js/diary.js",
    "js/install.js",
    "js/forget.js",
    "js/start.js",
    "js/fresh.js",
    "js/reminders.js",
)
SHELL_STATIC = (
    "app.css",
    "icon.svg",
    *PAGE_SCRIPTS,  # every page loads them, offline too
    "icons/icon-192.png",
    "icons/icon-512.png",
    "icons/icon-maskable-512.png",
    "icons/apple-touch-icon-180.png",
)
SHELL_PAGES = ("checkin.new", "tips.library", "diary.index", "pwa.offline", "api.rules")


ID = "__id__"  # where a check-in's id goes in a URL for the browser


def browser_urls() -> dict[str, str | list[str]]:
    """Every URL the scripts use, from url_for: base.html renders it for the pages (the
    flouria-config meta), templates/sw.js for the worker. `__id__` stands for a check-in's id."""
    return {
        "worker": url_for("pwa.service_worker"),
        "scope": url_for("checkin.new"),
        "checkin": url_for("checkin.new"),
        "edit": url_for("checkin.edit", checkin_id=ID),
        "review": url_for("checkin.new", _anchor=f"nakijken={ID}"),
        "refused": url_for("diary.index", _anchor="refused-title"),
        "tipsFor": url_for("tips.for_checkin", checkin_id=ID),
        "offline": url_for("pwa.offline"),
        "rules": url_for("api.rules"),
        "session": url_for("api.session"),
        "checkins": url_for("api.list_checkins"),
        "checkinPut": url_for("api.put_checkin", checkin_id=ID),
        "profile": url_for("api.get_profile"),
        "pushKey": url_for("reminders.key"),
        "pushSubscription": url_for("reminders.put_subscription"),
        "static": url_for("static", filename=""),
        # What signing out leaves in the worker's cache: the same for everybody.
        "shared": [
            url_for("pwa.offline"),
            url_for("pwa.manifest"),
            url_for("api.rules"),
            url_for("tips.library"),
        ],
    }


@bp.app_context_processor
def _browser() -> dict[str, object]:
    """For base.html and sw.js: the scripts to load and the URLs they use (called when used)."""
    return {"page_scripts": PAGE_SCRIPTS, "browser_urls": browser_urls}


def precache_urls() -> list[str]:
    """Everything the app needs offline. None of these may redirect (docs/offline.md §1)."""
    pages = [url_for(endpoint) for endpoint in SHELL_PAGES]
    files = [url_for("static", filename=name) for name in SHELL_STATIC]
    return [*pages, url_for("pwa.manifest"), *files]


@cache
def _shell_hash() -> str:
    """A digest of every file that shapes the shell: a change in any of them is a new version."""
    digest = hashlib.sha256()
    folders = [ROOT / "static", ROOT / "templates", ROOT / "translations", ROOT / "flouria_pwa"]
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if path.suffix in {".pyc", ".mo"}:
                continue
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def shell_version() -> str:
    salt = current_app.config.get("SW_VERSION_SALT", "")
    return f"{_shell_hash()}{salt}"


@bp.get("/sw.js")
def service_worker() -> Response:
    body = render_template("sw.js", version=shell_version(), precache=precache_urls())
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


def _icon(name: str, size: int, purpose: str = "any") -> dict[str, str]:
    return {
        "src": url_for("static", filename=f"icons/{name}"),
        "sizes": f"{size}x{size}",
        "type": "image/png",
        "purpose": purpose,
    }


@bp.get("/manifest.webmanifest")
def manifest() -> Response:
    data = {
        "id": "/",
        "name": "Flouria — " + _("morning check-in and diary"),
        "short_name": "Flouria",
        "description": _(
            "Flouria: your morning check-in and diary for stiff muscles, joints and cramps, "
            "with tips that fit your day."
        ),
        "lang": "nl",
        "dir": "ltr",
        "start_url": url_for("checkin.new"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "categories": ["health", "medical", "lifestyle"],
        "icons": [
            _icon("icon-192.png", 192),
            _icon("icon-512.png", 512),
            _icon("icon-maskable-512.png", 512, "maskable"),
        ],
        "shortcuts": [
            {
                "name": _("Morning check-in"),
                "short_name": _("Morning check-in"),
                "url": url_for("checkin.new"),
                "icons": [_icon("icon-192.png", 192)],
            },
            {
                "name": _("Diary"),
                "short_name": _("Diary"),
                "url": url_for("diary.index"),
                "icons": [_icon("icon-192.png", 192)],
            },
            {
                "name": _("Tips"),
                "short_name": _("Tips"),
                "url": url_for("tips.today"),
                "icons": [_icon("icon-192.png", 192)],
            },
        ],
    }
    response = jsonify(data)
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/offline")
def offline() -> str:
    return render_template("offline.html")
