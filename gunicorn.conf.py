"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py` (see README).

Workers follow the core count; each runs a few threads, so a slow phone on a weak connection does
not hold a whole worker. The access log names the method, the path without its query string, the
status, the size and the time taken: no query strings, no referrer, no user agent, no cookies and
never a request body, so no health data reaches the log. Migrations run once, in the master,
before any worker starts.
"""

from __future__ import annotations

import multiprocessing
import os

wsgi_app = "app:app"
bind = os.environ.get("FLOURIA_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
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
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server: object) -> None:
    """Bring the database schema up to date before the workers start serving."""
    from flask_migrate import upgrade

    from flouria_pwa import create_app

    with create_app().app_context():
        upgrade()
