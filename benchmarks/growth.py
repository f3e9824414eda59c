"""How Flouria's costs grow with the size of a diary, measured in-process (Flask test client).

(a) the rule engine per check-in with 10, 100 and 1,826 history entries (directly, through
    POST /api/v1/tips, whose contract allows up to HISTORY_MAX entries, and as the server itself
    computes tips for the newest check-in of a diary that size: GET /tips/<id>);
(b) syncing 100 vs 10,000 check-ins into one diary through PUT /api/v1/checkins/<id>;
(c) importing a JSON export of 100 vs 10,000 check-ins through POST /gegevens/importeren;
(d) page sizes (bytes, gzip bytes) for a diary of 1,826 daily check-ins (five years), and the
    time each page takes to render (the report also over its longest period, 366 days);
(e) the report of 90 days at one check-in a day vs eight a day: the page, its red flags in one
    pass, and (for comparison) the same red flags the old way, the engine per check-in with its
    own 90-day history;
(f) a one-year vs a five-year diary (one check-in a day), and a busy one (20,000 check-ins, the
    most one diary holds, all in the last 90 days): the report of a year, /tips/, /dagboek/ and
    the CSV export.

(b) and (c) run on a temp SQLite file, and on PostgreSQL too when FLOURIA_BENCH_PG_URL is set
(its tables are dropped and created again). Writes results/<date>-growth.json and prints Markdown.
Usage: .venv/bin/python benchmarks/growth.py [--quick] [--sections a,b,c,d,e,f]
Times are the best of five batches, as wall time and as this process's CPU time (on a shared
machine the CPU time is the steadier of the two).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any

import sample_data
from flask import Flask
from flask.testing import FlaskClient

from flouria_pwa import create_app
from flouria_pwa.dates import today
from flouria_pwa.extensions import db
from flouria_pwa.report import flags as report_flags
from flouria_pwa.rules import engine
from flouria_pwa.rules.contract import HISTORY_MAX
from flouria_pwa.store import queries
from flouria_pwa.store.models import CheckIn
from flouria_pwa.store.models import User
from flouria_pwa.tips import advice
from flouria_pwa.validation import validate_checkin

HERE = Path(__file__).resolve().parent
ENGINE_SIZES = (10, 100, 1826)
SYNC_SIZES = (100, 10_000)
PAGES = ("/", "/dagboek/", "/tips/", "/rapport")
FIVE_YEARS = 1826


def make_app(url: str) -> Flask:
    """The app on an empty database with the current schema, CSRF off (as in the tests)."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def dispose(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def per_call_us(call: Callable[[], Any], budget: float = 0.6) -> float:
    """Microseconds per call: the best of five batches, each about budget/5 seconds long."""
    call()
    start = time.perf_counter()
    call()
    once = max(time.perf_counter() - start, 1e-6)
    reps = max(1, int(budget / 5 / once))
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(reps):
            call()
        best = min(best, (time.perf_counter() - start) / reps)
    return best * 1e6


# --- (a) the engine ------------------------------------------------------------------------------


def measure_engine() -> dict[str, Any]:
    rng = random.Random(1)
    day = today()
    checkin = sample_data.checkin(day, rng)
    profile = sample_data.profile()
    app = make_app("sqlite://")  # in memory: the tips API touches no database
    client = app.test_client()
    rows: dict[str, Any] = {}
    for size in ENGINE_SIZES:
        history = sample_data.diary(size, day, rng)
        with app.test_request_context():
            select_us = per_call_us(lambda h=history: engine.select_tips(checkin, profile, h))
            tips_us = per_call_us(lambda h=history: advice.tips_for(checkin, profile, h))
        body = {"checkin": checkin, "profile": profile, "history": history}

        def post(body: dict[str, Any] = body) -> None:
            response = client.post("/api/v1/tips", json=body)
            assert response.status_code == 200, response.get_data(as_text=True)[:300]

        api_us = per_call_us(post) if size <= HISTORY_MAX else None
        rows[str(size)] = {
            "select_tips_us": select_us,
            "tips_for_us": tips_us,
            "api_us": api_us,
            "diary_tips_us": diary_tips_us(size, day, rng),
        }
    dispose(app)
    return {"history_max": HISTORY_MAX, "sizes": rows}


def diary_tips_us(size: int, day: date, rng: random.Random) -> float:
    """GET /tips/<id> of the newest check-in in a diary of `size` daily check-ins: the server's own
    path, which reads the 90 days before the check-in from the database."""
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(f"sqlite:///{folder}/tips.sqlite")
        client = app.test_client()
        entries = sample_data.diary(size, day, rng)
        sync(client, entries)
        newest = entries[-1]["id"]

        def page() -> None:
            response = client.get(f"/tips/{newest}")
            assert response.status_code == 200

        result = per_call_us(page)
        dispose(app)
    return result


# --- (b) sync and (c) import ---------------------------------------------------------------------


def sync(client: FlaskClient, entries: list[dict[str, Any]]) -> list[float]:
    """PUT every entry into one diary; the seconds each request took."""
    times = []
    for entry in entries:
        start = time.perf_counter()
        response = client.put(f"/api/v1/checkins/{entry['id']}", json=entry)
        times.append(time.perf_counter() - start)
        assert response.status_code == 201, response.get_data(as_text=True)[:300]
    return times


def import_file(client: FlaskClient, raw: bytes) -> float:
    """POST the export to the import form; the seconds it took."""
    start = time.perf_counter()
    response = client.post(
        "/gegevens/importeren",
        data={"file": (io.BytesIO(raw), "flouria.json")},
        content_type="multipart/form-data",
    )
    elapsed = time.perf_counter() - start
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return elapsed


def measure_sync_import(url_for_run: Callable[[], str], quick: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for size in (SYNC_SIZES[0], 1000) if quick else SYNC_SIZES:
        entries = sample_data.entries(size, today(), random.Random(size))
        app = make_app(url_for_run())
        client = app.test_client()
        times = sync(client, entries)
        tail = times[-100:]
        export = client.get("/gegevens/flouria.json").get_data()
        assert len(json.loads(export)["checkins"]) == size
        dispose(app)
        imports = []
        for _ in range(3 if size <= 1000 else 1):  # each import into an empty database
            app = make_app(url_for_run())
            imports.append(import_file(app.test_client(), export))
            dispose(app)
        out[str(size)] = {
            "sync_total_s": sum(times),
            "sync_ms_per_entry": sum(times) / size * 1000,
            "sync_ms_per_entry_last_100": sum(tail) / len(tail) * 1000,
            "sync_ms_median": statistics.median(times) * 1000,
            "export_bytes": len(export),
            "import_s": min(imports),
            "import_ms_per_entry": min(imports) / size * 1000,
        }
    small, large = (out[k] for k in out)
    out["ratio"] = {
        "sync_per_entry": large["sync_ms_per_entry"] / small["sync_ms_per_entry"],
        "sync_last_100": large["sync_ms_per_entry_last_100"] / small["sync_ms_per_entry"],
        "import_per_entry": large["import_ms_per_entry"] / small["import_ms_per_entry"],
    }
    return out


# --- (d) page sizes ------------------------------------------------------------------------------


def measure_pages(url: str) -> dict[str, Any]:
    """A five-year diary (one import of 1,826 daily check-ins plus a profile), then each page."""
    app = make_app(url)
    client = app.test_client()
    entries = sample_data.diary(FIVE_YEARS, today(), random.Random(7))
    export = {"format": "flouria-export", "version": 1, "profile": sample_data.profile()}
    import_file(client, json.dumps({**export, "checkins": entries}).encode())
    sizes: dict[str, Any] = {}
    year_ago = (today() - timedelta(days=365)).isoformat()
    for path in (*PAGES, f"/rapport?van={year_ago}"):  # and the longest report (366 days)
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.get_data()
        sizes[path] = {
            "bytes": len(body),
            "gzip_bytes": len(gzip.compress(body, compresslevel=6)),
            "render_ms": per_call_us(lambda p=path: client.get(p).get_data(), 0.5) / 1000,
        }
    dispose(app)
    return {"checkins": FIVE_YEARS, "pages": sizes}


# --- (e) the report at one vs eight check-ins a day, (f) diary size ----------------------------


def timed_ms(call: Callable[[], Any], budget: float = 0.6) -> dict[str, float]:
    """Milliseconds per call, wall and CPU: the best of five batches of about budget/5 s."""
    call()
    start = time.perf_counter()
    call()
    once = max(time.perf_counter() - start, 1e-6)
    reps = max(1, int(budget / 5 / once))
    wall = cpu = float("inf")
    for _ in range(5):
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(reps):
            call()
        wall = min(wall, (time.perf_counter() - start) / reps)
        cpu = min(cpu, (time.process_time() - start_cpu) / reps)
    return {"wall_ms": wall * 1000, "cpu_ms": cpu * 1000}


def store(app: Flask, client: FlaskClient, entries: list[dict[str, Any]]) -> int:
    """Give this browser a profile and put `entries` straight into its diary, each saved at its
    own date and time (faster than an import for 20,000, and same-day entries keep their order).
    Returns her user id."""
    assert client.post("/welkom", data={"medication": ["statin"], "osteoarthritis": ["knees"]})
    with app.app_context():
        user_id = db.session.execute(db.select(User.id)).scalar_one()
        rows = []
        for n, entry in enumerate(entries):
            row = CheckIn(id=entry["id"], user_id=user_id)
            value, errors = validate_checkin(entry, stored=True)
            assert value is not None, errors
            row.update_from(value)
            saved = datetime.fromisoformat(f"{entry['date']}T{entry['time']}").replace(tzinfo=UTC)
            row.created_at = row.updated_at = saved + timedelta(microseconds=n % 1000)
            rows.append(row)
        db.session.add_all(rows)
        db.session.commit()
    return user_id


def per_checkin_flags(entries: list[CheckIn], profile: dict[str, Any], pool: list[CheckIn]) -> int:
    """The old way, for comparison: the engine per check-in, each with its own 90-day history
    taken from the pool (what `queries.history_for` gives). Returns the number of flags."""
    contracts = {c.id: c.to_contract() for c in pool}
    flags = 0
    for entry in entries:
        history = [contracts[c.id] for c in pool if queries.in_history(c, entry)]
        selected = engine.select_tips(contracts[entry.id], profile, history)
        flags += any(t.category == engine.GP_CATEGORY for t in selected)
    return flags


def measure_report(url_for_run: Callable[[], str]) -> dict[str, Any]:
    """The 90-day report at 1 and at 8 check-ins a day (with the 90 days before it as history)."""
    out: dict[str, Any] = {}
    last = today()
    first = last - timedelta(days=89)
    for per_day in (1, 8):
        app = make_app(url_for_run())
        client = app.test_client()
        user_id = store(app, client, sample_data.busy_diary(180, per_day, last, random.Random(8)))
        path = f"/rapport?van={first.isoformat()}&tot={last.isoformat()}"
        assert client.get(path).status_code == 200
        row: dict[str, Any] = {"page": timed_ms(lambda p=path, c=client: c.get(p).get_data())}
        with app.test_request_context():
            user = db.session.get(User, user_id)
            profile = queries.profile_of(user)
            pool = queries.checkins_between(user, first - timedelta(days=90), last)
            entries = [e for e in pool if e.date >= first]
            row["checkins"] = len(entries)
            row["one_pass"] = timed_ms(
                lambda e=entries, f=profile, p=pool: report_flags.red_flags(e, f, p)
            )
            start, start_cpu = time.perf_counter(), time.process_time()
            per_checkin_flags(entries, profile, pool)
            row["per_checkin"] = {  # once: it takes seconds at eight a day
                "wall_ms": (time.perf_counter() - start) * 1000,
                "cpu_ms": (time.process_time() - start_cpu) * 1000,
            }
        dispose(app)
        out[str(per_day)] = row
    return out


BUSY = 20_000  # the most check-ins one diary holds


def measure_sizes(url_for_run: Callable[[], str]) -> dict[str, Any]:
    """A one-year and a five-year diary (one a day), and a busy one (BUSY in the last 90 days)."""
    out: dict[str, Any] = {}
    last = today()
    year = f"/rapport?van={(last - timedelta(days=365)).isoformat()}&tot={last.isoformat()}"
    diaries = {
        "1 year": sample_data.busy_diary(365, 1, last, random.Random(1)),
        "5 years": sample_data.busy_diary(FIVE_YEARS, 1, last, random.Random(5)),
        f"{BUSY:,} in 90 days": [
            sample_data.checkin(last - timedelta(days=n % 90), random.Random(n))
            for n in range(BUSY)
        ],
    }
    for name, entries in diaries.items():
        app = make_app(url_for_run())
        client = app.test_client()
        store(app, client, entries)
        pages: dict[str, Any] = {}
        paths = (year if name != f"{BUSY:,} in 90 days" else "/rapport", "/tips/", "/dagboek/")
        for path in (*paths, "/gegevens/flouria.csv"):
            response = client.get(path)
            assert response.status_code == 200, path
            pages[path] = {
                "bytes": len(response.get_data()),
                **timed_ms(lambda p=path, c=client: c.get(p).get_data(), 0.5),
            }
        dispose(app)
        out[name] = {"checkins": len(entries), "pages": pages}
    return out


# --- output --------------------------------------------------------------------------------------


def markdown(result: dict[str, Any]) -> str:
    lines: list[str] = []
    if "engine" in result:
        lines += markdown_abcd(result)
    if "report" in result:
        lines += ["", "### (e) The 90-day report, one vs eight check-ins a day", ""]
        lines.append(
            "| a day | check-ins | page ms (CPU) | red flags, one pass ms (CPU) "
            "| red flags, engine per check-in ms (CPU) |"
        )
        lines.append("| ---: | ---: | ---: | ---: | ---: |")
        for per_day, row in result["report"].items():
            lines.append(
                f"| {per_day} | {row['checkins']} | {row['page']['wall_ms']:.0f} "
                f"({row['page']['cpu_ms']:.0f}) | {row['one_pass']['wall_ms']:.0f} "
                f"({row['one_pass']['cpu_ms']:.0f}) | {row['per_checkin']['wall_ms']:.0f} "
                f"({row['per_checkin']['cpu_ms']:.0f}) |"
            )
    if "sizes" in result:
        lines += ["", "### (f) A one-year, a five-year and a busy diary", ""]
        lines.append("| diary | check-ins | page | bytes | ms (CPU) |")
        lines.append("| --- | ---: | --- | ---: | ---: |")
        for name, run in result["sizes"].items():
            for path, row in run["pages"].items():
                lines.append(
                    f"| {name} | {run['checkins']} | `{path}` | {row['bytes']} "
                    f"| {row['wall_ms']:.0f} ({row['cpu_ms']:.0f}) |"
                )
    return "\n".join(lines)


def markdown_abcd(result: dict[str, Any]) -> list[str]:
    lines = ["### (a) Rule engine per check-in", ""]
    lines.append(
        "| history entries | `engine.select_tips` µs | `advice.tips_for` µs | API µs "
        "| `GET /tips/<id>` in a diary this size µs |"
    )
    lines.append("| ---: | ---: | ---: | ---: | ---: |")
    sizes = result["engine"]["sizes"]
    for size, row in sizes.items():
        api = f"{row['api_us']:.0f}" if row["api_us"] is not None else "over HISTORY_MAX"
        lines.append(
            f"| {size} | {row['select_tips_us']:.0f} | {row['tips_for_us']:.0f} | {api} "
            f"| {row['diary_tips_us']:.0f} |"
        )
    first, last = sizes[str(ENGINE_SIZES[0])], sizes[str(ENGINE_SIZES[-1])]
    lines.append(
        f"\nratio {ENGINE_SIZES[-1]} vs {ENGINE_SIZES[0]}: engine "
        f"{last['select_tips_us'] / first['select_tips_us']:.1f}x, API "
        f"{last['api_us'] / first['api_us']:.1f}x (HISTORY_MAX = {result['engine']['history_max']})"
    )
    for db_name, runs in result["sync_import"].items():
        lines += ["", f"### (b, c) Sync and import on {db_name}", ""]
        lines.append(
            "| entries | sync ms/entry | sync ms/entry (last 100) | import ms/entry "
            "| export bytes |"
        )
        lines.append("| ---: | ---: | ---: | ---: | ---: |")
        for size, row in runs.items():
            if size == "ratio":
                continue
            lines.append(
                f"| {size} | {row['sync_ms_per_entry']:.2f} | "
                f"{row['sync_ms_per_entry_last_100']:.2f} | {row['import_ms_per_entry']:.3f} | "
                f"{row['export_bytes']} |"
            )
        ratio = runs["ratio"]
        lines.append(
            f"\nratio per entry, large vs small: sync {ratio['sync_per_entry']:.2f}x "
            f"(last 100: {ratio['sync_last_100']:.2f}x), import {ratio['import_per_entry']:.2f}x "
            "(target <= 1.5x)"
        )
    lines += ["", f"### (d) Pages for {result['pages']['checkins']} daily check-ins", ""]
    lines.append("| page | bytes | gzip bytes | render ms |")
    lines.append("| --- | ---: | ---: | ---: |")
    for path, row in result["pages"]["pages"].items():
        lines.append(
            f"| `{path}` | {row['bytes']} | {row['gzip_bytes']} | {row['render_ms']:.1f} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 instead of 10,000 entries")
    parser.add_argument("--sections", default="abcdef", help="which sections to run, e.g. ef")
    args = parser.parse_args()
    sections = set(args.sections.replace(",", ""))
    work = Path(tempfile.mkdtemp(prefix="flouria-growth-"))
    counter = iter(range(1_000_000))

    def sqlite_url() -> str:
        return f"sqlite:///{work / f'run{next(counter)}.sqlite'}"

    result: dict[str, Any] = {"date": date.today().isoformat()}
    if "a" in sections:
        print("(a) engine ...", flush=True)
        result["engine"] = measure_engine()
    if sections & {"b", "c"}:
        print("(b, c) sync and import on SQLite ...", flush=True)
        result["sync_import"] = {"SQLite": measure_sync_import(sqlite_url, args.quick)}
        pg_url = os.environ.get("FLOURIA_BENCH_PG_URL")
        if pg_url:
            print("(b, c) sync and import on PostgreSQL ...", flush=True)
            result["sync_import"]["PostgreSQL"] = measure_sync_import(lambda: pg_url, args.quick)
    if "d" in sections:
        print("(d) pages ...", flush=True)
        result["pages"] = measure_pages(sqlite_url())
    if "e" in sections:
        print("(e) the report at one and eight check-ins a day ...", flush=True)
        result["report"] = measure_report(sqlite_url)
    if "f" in sections:
        print("(f) one-year, five-year and busy diaries ...", flush=True)
        result["sizes"] = measure_sizes(sqlite_url)
    if sections != set("abcdef"):
        result["sections"] = "".join(sorted(sections))
    suffix = ("-quick" if args.quick else "") + (
        f"-{result['sections']}" if "sections" in result else ""
    )
    out = HERE / "results" / f"{result['date']}-growth{suffix}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwritten {out.relative_to(HERE.parent)}\n")
    print(markdown(result))


if __name__ == "__main__":
    sys.exit(main())
