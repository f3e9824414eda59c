"""HTTP load benchmark of Flouria under gunicorn's production config, driven by `benchmarks/run`.

`load.py run --db sqlite|postgres --url URL --port N` starts gunicorn (`gunicorn.conf.py`, the
master migrates the database), fills one browser's diary through the API, then runs wrk against
the bare `/healthz`, the check-in page, `POST /api/v1/tips` and `PUT /api/v1/checkins/<new id>`,
sampling every worker's resident memory meanwhile. It writes `results/<date>-<db>.json` and prints
a Markdown table. `load.py table FILE...` prints the tables of several runs side by side.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import runpy
import secrets
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import sample_data

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HISTORY_DAYS = 60  # the diary behind the benchmark's browser cookie
TIPS_HISTORY_DAYS = 90  # the history sent with every tips request
SCENARIOS: list[tuple[str, str, str]] = [  # name, wrk mode, path
    ("healthz", "get", "/healthz"),
    ("checkin_page", "get", "/"),
    ("tips_api", "tips", "/api/v1/tips"),
    ("sync_put", "put", "/api/v1/checkins/"),
]
LABELS = {
    "healthz": "`GET /healthz` (baseline)",
    "checkin_page": "`GET /` (check-in page, with diary)",
    "tips_api": "`POST /api/v1/tips` (90-day history)",
    "sync_put": "`PUT /api/v1/checkins/<new id>`",
}


# --- a tiny browser ------------------------------------------------------------------------------


class Browser:
    """One browser against the server: keeps its cookies (sent even though they are Secure: the
    benchmark talks plain HTTP on loopback) and the CSRF token."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        all_headers = {"Cookie": self.cookie_header(), **(headers or {})}
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        data = response.read()
        for line in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = line.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response.status, data

    def json(
        self, method: str, path: str, payload: Any, csrf: str | None = None
    ) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json"}
        if csrf:
            headers["X-CSRFToken"] = csrf
        status, data = self.request(method, path, json.dumps(payload).encode(), headers)
        return status, json.loads(data or b"null")

    def csrf(self) -> str:
        status, data = self.request("GET", "/api/v1/session")
        assert status == 200, status
        return json.loads(data)["csrf_token"]


def amsterdam_today() -> date:
    return datetime.now(ZoneInfo("Europe/Amsterdam")).date()


def prepare(port: int, work: Path) -> dict[str, str]:
    """Give one browser a diary (60 daily check-ins and a profile) and write the request bodies.
    Returns the environment for bench.lua: cookie, CSRF token and body files."""
    rng = random.Random(5)
    browser = Browser(port)
    token = browser.csrf()
    yesterday = amsterdam_today() - timedelta(days=1)
    for entry in sample_data.diary(HISTORY_DAYS, yesterday, rng):
        status, answer = browser.json("PUT", f"/api/v1/checkins/{entry['id']}", entry, token)
        assert status == 201, (status, answer)
    assert "flouria_diary" in browser.cookies and "session" in browser.cookies, browser.cookies
    form = {"csrf_token": token, "perimenopause": "y", "osteoarthritis": "knees"}
    status, _ = browser.request(
        "POST",
        "/welkom",
        urlencode(form).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 303, f"the welcome form answered {status}"
    token = browser.csrf()

    status, page = browser.request("GET", "/")
    # Personal: the page names her diary (the offline copy's tag) and skips the first-run welcome.
    assert status == 200 and re.search(rb'name="flouria-diary" content="[0-9a-f]+"', page), status
    assert b'id="welcome-title"' not in page, "the check-in page still shows the first-run welcome"
    tips_body = {
        "checkin": sample_data.checkin(amsterdam_today(), rng),
        "profile": sample_data.profile(),
        "history": sample_data.diary(TIPS_HISTORY_DAYS, amsterdam_today(), rng),
    }
    tips_file = work / "tips.json"
    tips_file.write_text(json.dumps(tips_body))
    status, answer = Browser(port).json("POST", "/api/v1/tips", tips_body)
    assert status == 200 and answer["tips"], (status, answer)

    put_template = sample_data.checkin(yesterday, rng, checkin_id="__ID__")
    put_file = work / "put.json"
    put_file.write_text(json.dumps(put_template))
    return {
        "BENCH_COOKIE": browser.cookie_header(),
        "BENCH_CSRF": token,
        "BENCH_TIPS_BODY": str(tips_file),
        "BENCH_PUT_BODY": str(put_file),
        "tips_in_answer": str(len(answer["tips"])),
    }


# --- memory --------------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class RssSampler(threading.Thread):
    """Every 0.2 s, the resident memory of each worker (a child of the gunicorn master)."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master = master
        self.peaks: dict[int, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in children(self.master):
                kib = rss_kib(pid)
                if kib is not None:
                    self.peaks[pid] = max(kib, self.peaks.get(pid, 0))
            self.stop.wait(0.2)


# --- running -------------------------------------------------------------------------------------


def start_gunicorn(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "FLASK_PRODUCTION": "true",
        "FLASK_SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": url,
        "FLOURIA_BIND": f"127.0.0.1:{port}",
    }
    out = log.open("wb")
    return subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py"], cwd=ROOT, env=env, stdout=out, stderr=out
    )


def wait_healthy(port: int, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see its log")
        try:
            if Browser(port).request("GET", "/healthz") == (200, b"ok"):
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz in time")


def run_wrk(
    port: int, path: str, mode: str, env: dict[str, str], args: argparse.Namespace, seconds: int
) -> dict[str, Any]:
    wrk_env = {
        **os.environ,
        "BENCH_MODE": mode,
        "BENCH_COOKIE": env["BENCH_COOKIE"] if mode != "tips" else "",
        "BENCH_CSRF": env["BENCH_CSRF"],
        "BENCH_BODY": env["BENCH_TIPS_BODY"] if mode == "tips" else env["BENCH_PUT_BODY"],
    }
    if path == "/healthz":
        wrk_env["BENCH_COOKIE"] = ""  # a load balancer's probe carries no cookies
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(HERE / "bench.lua"),
        f"http://127.0.0.1:{port}{path}",
    ]
    done = subprocess.run(command, env=wrk_env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"wrk failed ({done.returncode}): {done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def count_rows(url: str) -> int | None:
    """Check-ins stored (to prove that every PUT inserted a row)."""
    query = "select count(*) from checkin"
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            return conn.execute(query).fetchone()[0]
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        return conn.execute(query).fetchone()[0]


def database_version(url: str) -> str:
    if url.startswith("sqlite"):
        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        return conn.execute("show server_version").fetchone()[0].split()[0]


def machine(url: str, args: argparse.Namespace) -> dict[str, Any]:
    """What the numbers were measured on."""
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
    meminfo = Path("/proc/meminfo").read_text()
    mem_kib = int(re.search(r"^MemTotal:\s*(\d+)", meminfo, re.M).group(1))  # type: ignore[union-attr]
    os_name = re.search(r'^PRETTY_NAME="(.*)"', Path("/etc/os-release").read_text(), re.M)
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0]
    return {
        "cores": os.cpu_count(),
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "cpu": model.group(1) if model else platform.processor(),
        "os": os_name.group(1) if os_name else platform.platform(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "gunicorn_workers": conf["workers"],
        "gunicorn_threads": conf["threads"],
        "gunicorn_worker_class": conf["worker_class"],
        "database": database_version(url),
        "wrk": wrk.strip(),
        "wrk_args": f"-t{args.threads} -c{args.connections} -d{args.duration}s",
    }


def run(args: argparse.Namespace) -> None:
    work = Path(tempfile.mkdtemp(prefix=f"flouria-bench-{args.db}-"))
    url = args.url or f"sqlite:///{work / 'flouria.sqlite'}"
    log = work / "gunicorn.log"
    server = start_gunicorn(url, args.port, log)
    results: dict[str, Any] = {}
    try:
        wait_healthy(args.port, server)
        env = prepare(args.port, work)
        rows_before = count_rows(url)
        for name, mode, path in SCENARIOS:
            run_wrk(args.port, path, mode, env, args, args.warmup)  # warm every worker up
            if name == "sync_put":
                rows_before = count_rows(url)
            sampler = RssSampler(server.pid)
            sampler.start()
            result = run_wrk(args.port, path, mode, env, args, args.duration)
            sampler.stop.set()
            sampler.join()
            result["peak_rss_mib_per_worker"] = {
                str(pid): round(kib / 1024, 1) for pid, kib in sorted(sampler.peaks.items())
            }
            result["peak_rss_mib"] = round(max(sampler.peaks.values(), default=0) / 1024, 1)
            results[name] = result
            print(f"  {name}: {result['rps']:.0f} req/s, errors {result['errors']}", flush=True)
        rows_added = (count_rows(url) or 0) - (rows_before or 0)
        info = machine(url, args)
    finally:
        stop(server)
    text = log.read_text(errors="replace")
    access = re.findall(r'" (\d{3}) ', text)
    report = {
        "db": args.db,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": info,
        "diary_checkins": HISTORY_DAYS,
        "tips_history": TIPS_HISTORY_DAYS,
        "tips_in_answer": int(env["tips_in_answer"]),
        "warmup_seconds": args.warmup,
        "scenarios": results,
        "sync_rows_inserted": rows_added,
        "sync_requests": results["sync_put"]["requests"],
        "log": {
            "database_is_locked": len(re.findall("database is locked", text, re.I)),
            "tracebacks": text.count("Traceback"),
            "server_errors_5xx": sum(1 for s in access if s.startswith("5")),
            "worker_restarts": len(re.findall(r"Booting worker", text)) - info["gunicorn_workers"],
        },
    }
    out = HERE / "results" / f"{date.today().isoformat()}-{args.db}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten {out.relative_to(ROOT)} (gunicorn log: {log})\n")
    print(table([report]))


# --- reporting -----------------------------------------------------------------------------------


def table(reports: list[dict[str, Any]]) -> str:
    """Markdown: one row per endpoint, per database req/s, p50, p99, errors and peak RSS, and the
    share of the bare endpoint's req/s (the target: at least 50 % for the page and the tips)."""
    head = "| endpoint |"
    rule = "| --- |"
    for r in reports:
        db = r["db"]
        head += f" {db} req/s | {db} vs baseline | {db} p50 ms | {db} p99 ms | {db} errors |"
        head += f" {db} peak RSS/worker MiB |"
        rule += " ---: |" * 6
    lines = [head, rule]
    for name, _mode, _path in SCENARIOS:
        row = f"| {LABELS[name]} |"
        for r in reports:
            s = r["scenarios"][name]
            share = s["rps"] / r["scenarios"]["healthz"]["rps"]
            row += f" {s['rps']:.0f} | {share:.0%} | {s['latency_ms']['p50']:.1f} |"
            row += f" {s['latency_ms']['p99']:.1f} | {s['errors']} | {s['peak_rss_mib']:.0f} |"
        lines.append(row)
    for r in reports:
        log = r["log"]
        lines.append(
            f"\n{r['db']}: 'database is locked' in the log: {log['database_is_locked']}, "
            f"tracebacks: {log['tracebacks']}, 5xx: {log['server_errors_5xx']}, "
            f"PUT requests {r['sync_requests']} -> rows inserted {r['sync_rows_inserted']}, "
            f"worker restarts (max_requests): {log['worker_restarts']}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    go = sub.add_parser("run")
    go.add_argument("--db", required=True, choices=("sqlite", "postgres"))
    go.add_argument("--url", help="database URL (default: a new SQLite file in a temp dir)")
    go.add_argument("--port", type=int, default=8765)
    go.add_argument("--threads", type=int, default=2)
    go.add_argument("--connections", type=int, default=16)
    go.add_argument("--duration", type=int, default=15)
    go.add_argument("--warmup", type=int, default=3)
    show = sub.add_parser("table")
    show.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    if args.command == "run":
        run(args)
    else:
        print(table([json.loads(f.read_text()) for f in args.files]))


if __name__ == "__main__":
    sys.exit(main())
