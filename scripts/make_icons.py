"""Render the PNG app icons from static/icon.svg with Chromium (run once; the PNGs are committed).

Usage: .venv/bin/python scripts/make_icons.py
The maskable icon keeps the drop inside the central 80 % safe zone on a full-bleed background.
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SVG = (ROOT / "static" / "icon.svg").read_text()
OUT = ROOT / "static" / "icons"
ICONS = {
    "icon-192.png": (192, False),
    "icon-512.png": (512, False),
    "icon-maskable-512.png": (512, True),
    "apple-touch-icon-180.png": (180, True),
}


def page_html(size: int, maskable: bool) -> str:
    inner = int(size * 0.7) if maskable else size
    return (
        "<!doctype html><style>html,body{margin:0;background:#2f6f5e}"
        f"div{{width:{size}px;height:{size}px;display:grid;place-items:center}}"
        f"svg{{width:{inner}px;height:{inner}px}}</style><div>{SVG}</div>"
    )


def main() -> None:
    OUT.mkdir(exist_ok=True)
    chromium = os.environ.get("FLOURIA_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for name, (size, maskable) in ICONS.items():
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(page_html(size, maskable))
            page.screenshot(path=str(OUT / name), omit_background=False)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
