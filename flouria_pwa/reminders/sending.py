"""Sending the daily reminders: `flask --app app reminders send` sends what is due and exits
(run it every few minutes from cron, a systemd timer or a Kubernetes CronJob).

A reminder is due on her local date when her local time has passed the chosen time, that
weekday is chosen, no reminder went to that subscription that local date, the diary has no
check-in dated that local date, and it is at most `LATE_LIMIT` past the chosen time (a server
that was down does not wake people at noon). The window is measured in real time, so a
daylight-saving day is no different; a chosen time that does not exist that day (02:30 when
the clocks go forward) comes an hour later by the wall clock, one that exists twice comes once.

Exactly once, also with several senders at the same moment: each (subscription, local date) is
claimed with a unique row (`ReminderSent`) before the push goes out. A push service that is busy
(429, 5xx) or unreachable gives the claim back, so a later run tries again within the window;
404 or 410 (the browser dropped the subscription) deletes the subscription.

Nothing logged says what the diary holds: counts, and subscription ids at most.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time as clock
from datetime import timedelta
from typing import Any
from urllib.parse import urljoin
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import click
import requests
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _
from pywebpush import WebPushException
from pywebpush import webpush

from ..config import ConfigError
from ..extensions import db
from ..store import queries
from ..store import reminders as store
from ..store.models import PushSubscription
from . import subscriptions

log = logging.getLogger(__name__)

LATE_LIMIT = timedelta(hours=3)  # [P] never later than this after her chosen time
TTL = 4 * 3600  # seconds the push service keeps it for a phone that is offline
JWT_LIFETIME = 12 * 3600  # RFC 8292: at most 24 hours
KEEP_CLAIMS = timedelta(days=3)
TIMEOUT = 10  # seconds for one push service
APPLE_HOSTS = ("push.apple.com",)

cli = AppGroup("reminders", help="Daily Web Push reminders.")


@dataclass
class Outcome:
    sent: int = 0
    retry: int = 0
    gone: int = 0
    refused: int = 0


# The due rule -----------------------------------------------------------------------------


def due_date(row: PushSubscription, now: datetime) -> date | None:
    """The local date whose reminder is due at `now` (UTC), ignoring claims and check-ins:
    today's, or yesterday's when a late chosen time's window runs past midnight."""
    zone = ZoneInfo(row.timezone)
    hour, minute = (int(part) for part in row.time.split(":"))
    today = now.astimezone(zone).date()
    for day in (today, today - timedelta(days=1)):
        if day.isoweekday() not in row.days:
            continue
        chosen = datetime.combine(day, clock(hour, minute), tzinfo=zone).astimezone(UTC)
        if chosen <= now <= chosen + LATE_LIMIT:
            return day
    return None


# The push ---------------------------------------------------------------------------------


def subject() -> str:
    """The VAPID `sub`: a `mailto:` or `https:` contact for the push services."""
    value = subscriptions.setting("FLOURIA_VAPID_SUBJECT")
    if value is None and not current_app.config.get("PRODUCTION"):
        value = "mailto:flouria@localhost"
    if value is None or not (
        (value.startswith("mailto:") and "@" in value) or value.startswith("https://")
    ):
        raise ConfigError(
            "FLOURIA_VAPID_SUBJECT must be a mailto: or https: address that push services can "
            "reach you at (required in production)."
        )
    return value


def app_url() -> str:
    """Where a tap on the notification leads: the check-in, absolute when the public address
    is known (`FLOURIA_PUBLIC_URL`; Declarative Web Push needs it), else the path."""
    base = subscriptions.setting("FLOURIA_PUBLIC_URL")
    return urljoin(base, "/") if base else "/"


def payload(row: PushSubscription) -> dict[str, Any]:
    """Neutral words only: her own text or "Time for your check-in", never anything she wrote
    in the diary. Apple endpoints also get the Declarative Web Push shape."""
    with force_locale("nl"):
        title = _("Reminder")
        body = row.text or _("Time for your check-in")
    url = app_url()
    data: dict[str, Any] = {"title": title, "body": body, "url": url}
    host = urlsplit(row.endpoint).hostname or ""
    if any(host == h or host.endswith("." + h) for h in APPLE_HOSTS):
        data["web_push"] = 8030
        data["notification"] = {"title": title, "body": body, "navigate": url}
    return data


def _session() -> requests.Session:
    """No redirects (an endpoint must not lead us elsewhere) and no proxies from the
    environment."""
    session = requests.Session()
    session.max_redirects = 0
    session.trust_env = False
    return session


def send_one(row: PushSubscription, http: requests.Session, sub: str) -> int:
    """Send one reminder; the push service's status code (0: none reached)."""
    claims: dict[str, str | int] = {"sub": sub}  # fresh per send: pywebpush fills it in
    try:
        response = webpush(
            {"endpoint": row.endpoint, "keys": {"p256dh": row.p256dh, "auth": row.auth}},
            data=json.dumps(payload(row), ensure_ascii=False),
            vapid_private_key=subscriptions.vapid(),
            vapid_claims=claims,
            content_encoding="aes128gcm",
            ttl=TTL,
            timeout=TIMEOUT,
            headers={"Urgency": "normal"},
            requests_session=http,
        )
    except WebPushException as error:
        return error.response.status_code if error.response is not None else 0
    except requests.RequestException:
        return 0
    except ValueError:  # keys that cannot be encrypted for: the service would refuse it too
        return 400
    return int(getattr(response, "status_code", 0))


def send_due(now: datetime | None = None) -> Outcome:
    """Send every reminder due at `now` (UTC), each (subscription, local date) once."""
    now = now or datetime.now(UTC)
    sub = subject()
    outcome = Outcome()
    old = now.replace(tzinfo=None) - KEEP_CLAIMS
    store.forget_claims_before(old)
    db.session.commit()
    rows = store.all_subscriptions()
    with _session() as http:
        for row in rows:
            _send_if_due(row, now, http, sub, outcome)
    log.info(
        "reminders: %d sent, %d to retry, %d gone, %d refused",
        outcome.sent,
        outcome.retry,
        outcome.gone,
        outcome.refused,
    )
    return outcome


def _send_if_due(
    row: PushSubscription, now: datetime, http: requests.Session, sub: str, outcome: Outcome
) -> None:
    """One subscription: send when due, and act on the push service's answer."""
    day = due_date(row, now)
    if day is None or queries.checked_in_on(row.user_id, day):
        return
    if subscriptions.endpoint_refusal(row.endpoint) is not None:  # checked again: DNS changes
        outcome.refused += 1
        return
    claim = store.claim(row, day)  # commits: see there
    if claim is None:
        return
    status = send_one(row, http, sub)
    if 200 <= status < 300:
        outcome.sent += 1
    elif status in (404, 410):
        store.delete([row])  # the claim goes with it
        db.session.commit()
        outcome.gone += 1
    elif status == 0 or status == 429 or status >= 500:  # busy: a later run tries again
        store.delete([claim])
        db.session.commit()
        outcome.retry += 1
        log.warning("reminders: push service answered %s for subscription %s", status, row.id)
    else:  # refused (a wrong key, say): not again today
        outcome.refused += 1
        log.warning("reminders: push service refused subscription %s with %s", row.id, status)


@cli.command("send")
def send_command() -> None:
    """Send the reminders that are due now, then exit."""
    try:
        outcome = send_due()
    except ConfigError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"{outcome.sent} sent, {outcome.retry} to retry, {outcome.gone} gone, "
        f"{outcome.refused} refused"
    )
