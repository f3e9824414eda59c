"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py` (see README).

Workers follow the core count; each runs a few threads, so a slow phone on a weak connection does
not hold a whole worker. The access log names the method, the path without its query string, the
status, the size and the time taken: no query strings, no referrer, no user agent, no cookies and
never a request body, so no health data reaches the log. Migrations run once before any worker
starts (and again on a `kill -HUP` reload), in a separate process: the master never imports the
app, so workers share no database connection and a reload runs the new code.
"""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import quote

from gunicorn.glogging import Logger

chdir = os.path.dirname(os.path.abspath(__file__))
wsgi_app = "app:app"
bind = os.environ.get("FLOURIA_BIND", "127.0.0.1:8000")
# The cores this process may use (a container's limit, not the host's), capped: each worker holds
# up to `threads` database connections (PostgreSQL allows 100 by default).
cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
workers = int(os.environ.get("WEB_CONCURRENCY", min(cores * 2 + 1, 12)))
worker_class = "gthread"
threads = int(os.environ.get("FLOURIA_THREADS", "4"))
timeout = 30
graceful_timeout = 30
keepalive = 5
max_requests = 100_000  # recycle workers now and then (a restart costs a second of CPU);
max_requests_jitter = 10_000  # jitter keeps them from restarting together
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


class AccessLogger(Logger):
    """Logs the path percent-encoded, as it came over the wire: a `%0A` in a URL stays `%0A`
    and cannot start a forged line in the log."""

    def atoms(self, resp, req, environ, request_time):  # type: ignore[no-untyped-def]
        atoms = super().atoms(resp, req, environ, request_time)
        path = (environ.get("PATH_INFO") or "").encode("latin-1", "replace")  # WSGI: bytes
        atoms["U"] = quote(path, safe="/")
        return atoms


logger_class = AccessLogger
control_socket_disable = True  # no shared socket in ~/.gunicorn: servers side by side stay apart
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def _migrate() -> None:
    """Bring the database schema up to date (a failure stops the server from starting)."""
    command = [sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"]
    subprocess.run(command, cwd=chdir, check=True)


def on_starting(server: object) -> None:
    _migrate()


def on_reload(server: object) -> None:
    _migrate()
