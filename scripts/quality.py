"""Lighthouse quality checks: a deterministic gate for CI, and the timed scores for BENCHMARKS.md.

Usage: .venv/bin/python scripts/quality.py

Starts Flouria on 127.0.0.1 with a temporary SQLite database, gives one browser a profile and a
diary of 60 daily check-ins (the diary shows 30 per page), and runs Lighthouse 13 (npm's
`lighthouse`, pinned in package.json: `npm ci`) with its default mobile preset on the check-in
page, today's tips, the tips library and the diary, carrying that browser's cookie.

It prints the four category scores and the timed metrics (FCP, LCP, TBT, SI): these are
benchmarks, they move with the machine's load, and nothing here fails on them. It exits non-zero
only when the gate fails: checks that time nothing, so a busy machine gets the same verdict as an
idle one (see GATE and GATED_CATEGORIES for what is checked, and why each one is not a timing).

Chromium is Debian's (/usr/bin/chromium) unless CHROME_PATH or FLOURIA_CHROMIUM names another.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # live_server.py: the one way the app is served over HTTP

from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402
from live_server import AppServer  # noqa: E402

from flouria_pwa import create_app  # noqa: E402
from flouria_pwa.dates import today  # noqa: E402
from flouria_pwa.extensions import db  # noqa: E402
from flouria_pwa.identity import COOKIE_NAME  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Every audit in these three categories inspects the page, its headers and its console, never a
# clock (axe rules, doctype, charset, HTTPS, deprecations, console errors, crawlability, titles):
# the category score is the same on a busy machine, so the gate asks for 100.
GATED_CATEGORIES = ("accessibility", "best-practices", "seo")
# Timed: printed for BENCHMARKS.md, never checked. FCP, LCP and SI are simulated from the observed
# network and CPU timings (Lantern), TBT sums main-thread time beyond 50 ms per task; all four,
# and the Performance score made of them, move with the load on the machine.
TIMED_METRICS = {
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "SI": "speed-index",
}
# The whole page as the phone loads it (HTML, CSS, scripts, manifest, service worker, icons), in
# bytes on the wire: 43 to 62 KiB on the four pages in December 2026.
TOTAL_BYTES_MAX = 100 * 1024
# Layout shift is a sum of moved areas, not a time. The pages shift nothing (0); 0.01 is a tenth
# of Web Vitals' "good" (0.1) and leaves room only for sub-pixel rounding.
CLS_MAX = 0.01
# The one render-blocking request the pages may have: the app's own, content-hashed, immutably
# cached stylesheet (about 4 KB gzip). A script in <head>, a second stylesheet or a web font
# stylesheet would block the first paint too.
RENDER_BLOCKING_ALLOWED = re.compile(r"/static/app\.[0-9a-f]+\.css")
PAGES = ("/", "/tips/", "/tips/alle", "/dagboek/")
ENTRIES = 60
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run"


def lighthouse_path() -> Path | None:
    return LIGHTHOUSE if LIGHTHOUSE.exists() else None


def chrome_path() -> str:
    for path in (os.environ.get("CHROME_PATH"), os.environ.get("FLOURIA_CHROMIUM")):
        if path:
            return path
    return shutil.which("chromium") or "/usr/bin/chromium"


def _checkin(days_ago: int) -> dict[str, Any]:
    """A varied but plausible morning; today's has stiffness and a night cramp, so tips show."""
    n = days_ago
    data: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "date": (today() - timedelta(days=days_ago)).isoformat(),
        "time": "07:45",
        "stiffness": str(6 if n == 0 else n % 8),
        "stiffness_minutes": str(20 + n % 40),
        "areas": ["knees", "back"] if n % 2 else ["hips"],
        "pain": str(4 if n == 0 else (n * 3) % 7),
        "sleep": ("good", "fair", "poor")[n % 3],
        "fluid": ("low", "normal", "high")[n % 3],
        "activity": ("usual", "new", "heavier")[n % 3],
        "stress": ("low", "medium", "high")[n % 3],
        "strength_loss": "none",
        "coffee": str(n % 4),
        "note": "Ochtendwandeling gemaakt." if n % 4 == 0 else "",
    }
    if n == 0 or n % 5 == 0:
        data.update(cramp="y", cramp_when=["night"], cramp_where=["calf"], cramp_count="1")
    return data


WSGIApp = Callable[..., Any]


def _compile_catalogue(folder: Path) -> Path:
    """The current translations/*.po compiled into `folder`, so the pages are in today's Dutch."""
    for po in (ROOT / "translations").glob("*/LC_MESSAGES/messages.po"):
        with po.open("rb") as f:
            catalog = read_po(f)
        mo = folder / po.relative_to(ROOT / "translations").with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as f:
            write_mo(f, catalog)
    return folder


@contextmanager
def seeded_server(
    wrap: Callable[[WSGIApp], WSGIApp] | None = None,
) -> Iterator[tuple[str, str]]:
    """Flouria on a free port of 127.0.0.1; yields its URL and the seeded browser's cookie.
    `wrap` puts WSGI middleware around the served app (the tests use it to break a page)."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no request log in the table
    with tempfile.TemporaryDirectory(prefix="flouria-quality-") as tmp:
        app = create_app(
            {
                "SECRET_KEY": "quality-secret",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'quality.sqlite'}",
                "WTF_CSRF_ENABLED": False,
                # Its own catalogue and static build: nothing is written into the repository.
                "BABEL_TRANSLATION_DIRECTORIES": str(_compile_catalogue(Path(tmp) / "mo")),
                "STATIC_BUILD_FOLDER": str(Path(tmp) / "static-build"),
                "INSTANCE_PATH": str(Path(tmp) / "instance"),
            }
        )
        with app.app_context():
            db.create_all()
        client = app.test_client()
        response = client.post("/welkom", data={"osteoarthritis": ["knees"]})
        assert response.status_code == 303, response.status_code
        for days_ago in range(ENTRIES - 1, -1, -1):
            response = client.post("/", data=_checkin(days_ago))
            assert response.status_code == 303, (days_ago, response.get_data(as_text=True))
        cookie = client.get_cookie(COOKIE_NAME)
        assert cookie is not None
        page = client.get("/dagboek/").get_data(as_text=True)
        assert page.count("data-checkin-id=") == 30, "the diary should hold a full first page"
        served = wrap(app) if wrap else app
        try:
            with AppServer(served) as server:
                yield server.url, f"{COOKIE_NAME}={cookie.value}"
        finally:
            with app.app_context():
                db.engine.dispose()


def run_lighthouse(url: str, cookie: str) -> dict[str, Any]:
    """Lighthouse's JSON report (the lhr) for one page, mobile preset."""
    assert LIGHTHOUSE.exists(), "Lighthouse is missing: run `npm ci`"
    with tempfile.TemporaryDirectory(prefix="flouria-lh-") as tmp:
        command = [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={Path(tmp) / 'report.json'}",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--extra-headers={json.dumps({'Cookie': cookie})}",
        ]
        env = {**os.environ, "CHROME_PATH": chrome_path(), "TMPDIR": tmp}
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        report = Path(tmp) / "report.json"
        if not report.exists():
            raise RuntimeError(f"Lighthouse failed on {url}:\n{done.stdout}\n{done.stderr}")
        return json.loads(report.read_text())


def _details(audit: dict[str, Any]) -> list[str]:
    """A few readable lines from an audit's details (the elements or resources at fault)."""
    lines: list[str] = []
    if audit.get("displayValue"):
        lines.append(str(audit["displayValue"]))
    for item in (audit.get("details") or {}).get("items", [])[:8]:
        if not isinstance(item, dict):
            continue
        if item.get("type") == "checklist":  # an insight's checklist: the points it misses
            checks = item.get("items", {}).values()
            lines.extend(f"not met: {c['label']}" for c in checks if c.get("value") is False)
            continue
        node = item if item.get("type") == "node" else item.get("node") or {}
        if node:
            lines.append(f"{node.get('selector', '')}  {node.get('snippet', '')}".strip())
            if node.get("explanation"):
                lines.append("    " + node["explanation"].replace("\n", " "))
        else:
            shown = {k: v for k, v in item.items() if isinstance(v, str | int | float)}
            lines.append(json.dumps(shown, ensure_ascii=False)[:300])
    return lines


Audit = dict[str, Any]
Check = Callable[[Audit], list[str]]


def _findings(audit: Audit) -> list[str]:
    """The audit found something (score below 1), or could not run. Not applicable is a pass:
    a page without images has no unsized image."""
    if audit.get("scoreDisplayMode") == "error":
        return [f"Lighthouse could not run it: {audit.get('errorMessage')}"]
    score = audit.get("score")
    if score is None or score == 1:
        return []
    return _details(audit) or [f"score {score}"]


def _at_most(limit: float, unit: str) -> Check:
    def check(audit: Audit) -> list[str]:
        value = audit.get("numericValue")
        if value is None:
            return [f"no value: {audit.get('errorMessage') or audit.get('scoreDisplayMode')}"]
        return [] if value <= limit else [f"{value:g} {unit}, more than {limit:g} {unit}"]

    return check


def _render_blocking(audit: Audit) -> list[str]:
    if audit.get("scoreDisplayMode") == "error":
        return [f"Lighthouse could not run it: {audit.get('errorMessage')}"]
    items = (audit.get("details") or {}).get("items", [])
    return [
        f"{item['url']} ({item.get('totalBytes', 0)} bytes) blocks the first paint"
        for item in items
        if not RENDER_BLOCKING_ALLOWED.fullmatch(urlsplit(item["url"]).path)
    ]


# The Performance audits the gate checks. Each verdict follows from bytes, headers, markup or
# layout, never from a clock (read in node_modules/lighthouse/core/audits and in
# node_modules/@paulirish/trace_engine/models/trace/insights); a busy machine only makes them
# slower to compute. Lighthouse 13 turned render-blocking-resources, uses-long-cache-ttl and
# font-display into the insights named here.
GATE: dict[str, tuple[str, Check]] = {
    "cumulative-layout-shift": (
        f"at most {CLS_MAX}: the sum of the page's unexpected layout shifts (area × distance)",
        _at_most(CLS_MAX, "CLS"),
    ),
    "total-byte-weight": (
        f"at most {TOTAL_BYTES_MAX // 1024} KiB: the transfer size of every request",
        _at_most(TOTAL_BYTES_MAX, "bytes"),
    ),
    "render-blocking-insight": (
        "only the app's stylesheet blocks the first paint (requests marked render-blocking "
        "by Chromium that finish before it)",
        _render_blocking,
    ),
    "unused-css-rules": ("no stylesheet with more than 10 KiB of unused rules", _findings),
    "unused-javascript": ("no script with more than 20 KiB unused (coverage)", _findings),
    "unminified-css": ("no stylesheet that minifying would shrink by 2 KiB and 5 %", _findings),
    "unminified-javascript": ("no script that minifying would shrink by 2 KiB and 10 %", _findings),
    "cache-insight": ("every static resource is cached for long (its headers)", _findings),
    "font-display-insight": (
        "no web font with font-display block/fallback/auto (the time only sizes the penalty)",
        _findings,
    ),
    "image-delivery-insight": ("no image that a better format or size saves 4 KiB on", _findings),
    "unsized-images": ("every image has width and height", _findings),
    "non-composited-animations": ("no animation the compositor cannot run", _findings),
    "viewport-insight": ("a mobile viewport meta tag", _findings),
    "lcp-discovery-insight": (
        "an image as largest paint is in the HTML, not lazy, with fetchpriority=high",
        _findings,
    ),
    "redirects": ("the page is served without a redirect", _findings),
}

# Every other audit of the Performance category, and why the gate leaves it out. A Lighthouse
# upgrade that brings a new audit fails the gate until it is put in GATE or here.
NOT_GATED: dict[str, str] = {
    **dict.fromkeys(
        ("first-contentful-paint", "largest-contentful-paint", "speed-index", "interactive"),
        "timed: simulated by Lantern from the observed network and CPU times",
    ),
    **dict.fromkeys(
        ("total-blocking-time", "max-potential-fid", "long-tasks", "bootup-time"),
        "timed: main-thread task durations",
    ),
    "mainthread-work-breakdown": "timed: main-thread time per kind of work",
    "interaction-to-next-paint": "timed, and needs an interaction (not applicable to a load)",
    "inp-breakdown-insight": "timed, and needs an interaction (not applicable to a load)",
    "lcp-breakdown-insight": "timed: the phases of the largest paint in ms",
    "user-timings": "timed: the page's own performance.mark/measure (it has none)",
    "server-response-time": "timed: the server's response time",
    "network-rtt": "timed: round-trip times",
    "network-server-latency": "timed: server latencies",
    "document-latency-insight": (
        "timed (server response under 600 ms), and it fails by design: the app does not "
        "compress its HTML (README, BREACH)"
    ),
    "dom-size-insight": "timed: only reports layouts and style recalculations over 40 ms",
    "forced-reflow-insight": "timed: read from the CPU profile's samples",
    "third-parties-insight": "timed: main-thread time per third party (the app has none)",
    **dict.fromkeys(
        ("duplicated-javascript-insight", "legacy-javascript-insight"),
        "bytes, but it cannot run on Node 20 (Lighthouse 13 wants Node 22.19 or newer): "
        "gate it when CI's Node is new enough",
    ),
    "modern-http-insight": "skips requests to localhost, so here it can only pass",
    "network-dependency-tree-insight": (
        "fails on any chain of two critical requests (the HTML and its stylesheet already are "
        "one), and the chains come from Lantern's graph, whose CPU edges follow observed "
        "timing; render-blocking-insight checks what matters"
    ),
    "cls-culprits-insight": "restates layout shift with the 0.1 bar; CLS is gated at 0.01",
    "bf-cache": (
        "fails by design: pages with health data carry Cache-Control: no-store, which keeps "
        "them out of the back/forward cache"
    ),
    **dict.fromkeys(
        (
            "network-requests",
            "main-thread-tasks",
            "diagnostics",
            "metrics",
            "screenshot-thumbnails",
            "final-screenshot",
            "script-treemap-data",
            "resource-summary",
            "layout-shifts",
        ),
        "informative: no verdict",
    ),
}


def _score(lhr: dict[str, Any], name: str) -> float:
    return lhr["categories"][name]["score"] or 0


def gate(lhr: dict[str, Any]) -> list[str]:
    """What the page does wrong by the deterministic checks, one readable line each; empty
    when it passes. Timed metrics and the Performance score play no part."""
    lines: list[str] = []
    if lhr.get("runtimeError"):
        lines.append(f"runtime error: {lhr['runtimeError']}")
    for name in GATED_CATEGORIES:
        category = lhr["categories"][name]
        if category["score"] == 1:
            continue
        lines.append(f"{category['title']}: {round(_score(lhr, name) * 100)}, not 100")
        for ref in category["auditRefs"]:
            audit = lhr["audits"][ref["id"]]
            if ref.get("weight", 0) == 0 or audit.get("score") in (None, 1):
                continue
            lines.append(f"  - {audit['id']}: {audit['title']} (score {audit['score']})")
            lines.extend(f"      {line}" for line in _details(audit))
    for audit_id, (_, check) in GATE.items():
        audit = lhr["audits"].get(audit_id)
        problems = check(audit) if audit else ["missing from Lighthouse's report"]
        if problems:
            lines.append(f"{audit_id}: {audit['title'] if audit else ''}")
            lines.extend(f"      {line}" for line in problems)
    performance = {ref["id"] for ref in lhr["categories"]["performance"]["auditRefs"]}
    for audit_id in sorted(performance - GATE.keys() - NOT_GATED.keys()):
        lines.append(f"{audit_id}: a new Performance audit; put it in GATE or NOT_GATED")
    return lines


def row(lhr: dict[str, Any]) -> dict[str, str]:
    """One page's figures: the four scores and the timed metrics (benchmarks), and the
    deterministic figures the gate checks."""
    audits = lhr["audits"]
    cells = {name: str(round(_score(lhr, name) * 100)) for name in CATEGORIES}
    for short, audit_id in TIMED_METRICS.items():
        value = audits.get(audit_id, {}).get("numericValue")
        cells[f"{short} ms"] = "-" if value is None else str(round(value))
    cls = audits["cumulative-layout-shift"].get("numericValue")
    cells["CLS"] = "-" if cls is None else f"{cls:.3f}"
    weight = audits["total-byte-weight"].get("numericValue")
    cells["KiB"] = "-" if weight is None else f"{weight / 1024:.1f}"
    blocking = (audits["render-blocking-insight"].get("details") or {}).get("items", [])
    cells["blocking"] = str(len(blocking))
    return cells


def _unmeasured(lhr: dict[str, Any]) -> str | None:
    """Why the report holds no verdict, if it does not: Lighthouse failed to record the load, or
    could not compute a gated audit."""
    error = lhr.get("runtimeError")
    if error:
        return str(error.get("code"))
    for audit_id in GATE:
        audit = lhr["audits"].get(audit_id) or {}
        if audit.get("scoreDisplayMode") == "error":
            return f"{audit_id}: {audit.get('errorMessage')}"
    return None


def audit_page(url: str, cookie: str, tries: int = 3) -> dict[str, Any]:
    """One page's report. On a busy machine Lighthouse now and then fails to record the load
    (runtimeError NO_NAVSTART, "please run Lighthouse again") and then has no verdict at all:
    such a run is repeated, up to three runs. A report with a verdict is never repeated, pass
    or fail: the gate times nothing, so a page that breaks a rule breaks it on every run."""
    lhr = run_lighthouse(url, cookie)
    for attempt in range(2, tries + 1):
        reason = _unmeasured(lhr)
        if reason is None:
            break
        print(f"{url}: Lighthouse could not measure ({reason}); run {attempt} of {tries}")
        lhr = run_lighthouse(url, cookie)
    return lhr


def measure(
    pages: tuple[str, ...] = PAGES, wrap: Callable[[WSGIApp], WSGIApp] | None = None
) -> tuple[dict[str, dict[str, str]], dict[str, list[str]]]:
    """Lighthouse once per page (the gate times nothing, so one run gives its verdict): the
    figures per page, and per page what the gate found wrong (empty lists: all passed)."""
    rows: dict[str, dict[str, str]] = {}
    problems: dict[str, list[str]] = {}
    with seeded_server(wrap) as (base, cookie):
        for path in pages:
            lhr = audit_page(base + path, cookie)
            rows[path] = row(lhr)
            problems[path] = gate(lhr)
    return rows, problems


def table(rows: dict[str, dict[str, str]]) -> str:
    heads = ["page", *next(iter(rows.values()))]
    width = max(len(p) for p in (*rows, "page")) + 2
    widths = [width] + [max(len(h), 4) + 2 for h in heads[1:]]
    lines = ["".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)).rstrip()]
    for path, cells in rows.items():
        values = [path, *cells.values()]
        lines.append("".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip())
    return "\n".join(lines)


def main() -> int:
    if lighthouse_path() is None:
        print("Lighthouse is not installed: run `npm ci` first.", file=sys.stderr)
        return 2
    rows, problems = measure()
    print(table(rows))
    print(
        "\nTimed, printed for BENCHMARKS.md and not checked: the performance score, FCP, LCP, "
        "TBT, SI.\nChecked: accessibility, best-practices and SEO at 100, and "
        f"{len(GATE)} Performance audits that time nothing:"
    )
    for audit_id, (why, _) in GATE.items():
        print(f"  {audit_id}: {why}")
    failed = {path: lines for path, lines in problems.items() if lines}
    if failed:
        print("\nThe gate fails:")
        for path, lines in failed.items():
            print(f"{path}:")
            print("\n".join(f"  {line}" for line in lines))
        return 1
    print("\nThe gate passes on every page.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
