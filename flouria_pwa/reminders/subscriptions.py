"""Web Push subscriptions for her daily reminder: their settings and limits, the checks on the
push service's address, the server's VAPID key, and forgetting this device's subscriptions.

A subscription belongs to the diary behind the browser (anonymous or signed in); a PUT of an
endpoint that is already stored moves it to the current diary. The browser's session remembers
(as hashes) which endpoints it registered, so signing out, erasing or "overal uitloggen" removes
this device's subscriptions of that diary and no other device's.

Endpoints are URLs an attacker chooses: in production only `https:` endpoints whose host
resolves to public addresses are taken, checked again before every send (`reminders.py`).
`FLOURIA_PUSH_TEST_ENDPOINTS` (URL prefixes, comma-separated) lets tests use plain-HTTP loopback
endpoints; it is refused in production.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import os
import re
import socket
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app
from flask import session
from flask_babel import gettext as _
from py_vapid import Vapid02
from sqlalchemy import inspect

from ..extensions import db
from ..store import reminders as store
from ..store.models import User

MAX_ENDPOINT = 2048
MAX_TEXT = 80
MAX_DEVICES = 10  # [P] phones, tablets and computers of one diary with a reminder on
DEFAULT_TIME = "08:00"
ALL_DAYS = [1, 2, 3, 4, 5, 6, 7]
SESSION_KEY = "push"  # hashes of the endpoints this browser registered
SESSION_MAX = 5
TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# getaddrinfo, replaceable in tests (a stubbed resolver, never traffic to private addresses).
resolve: Callable[..., list[Any]] = socket.getaddrinfo


# Settings ---------------------------------------------------------------------------------


def setting(name: str) -> str | None:
    """A push setting from the app's config, else the environment (same name)."""
    value = current_app.config.get(name)
    if value is None:
        value = os.environ.get(name)
    return str(value) if value else None


def test_prefixes() -> list[str]:
    raw = setting("FLOURIA_PUSH_TEST_ENDPOINTS") or ""
    return [p.strip() for p in raw.split(",") if p.strip()]


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def vapid() -> Vapid02:
    """The server's VAPID key: `FLOURIA_VAPID_PRIVATE_KEY` (base64url of the raw 32-byte key, or
    a PEM), else one generated once into `instance/vapid_private_key` (like the secret key)."""
    configured = setting("FLOURIA_VAPID_PRIVATE_KEY")
    if configured:
        if configured.lstrip().startswith("-----BEGIN"):
            return Vapid02.from_pem(configured.encode())
        return Vapid02.from_raw(configured.strip().encode())
    path = Path(current_app.instance_path) / "vapid_private_key"
    if not path.exists():
        key = Vapid02()
        key.generate_keys()
        raw = key.private_key.private_numbers().private_value.to_bytes(32, "big")
        draft = path.with_name(f"{path.name}.{os.getpid()}")
        draft.write_text(_b64url(raw))
        draft.chmod(0o600)
        try:  # atomic and exclusive: two processes starting at once keep one key
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return Vapid02.from_raw(path.read_text().strip().encode())


def public_key() -> str:
    """The application server key the browser subscribes with (an uncompressed P-256 point)."""
    point = vapid().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return _b64url(point)


# Endpoint checks --------------------------------------------------------------------------


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def endpoint_refusal(endpoint: str) -> str | None:
    """Why this endpoint is not one we send to, or None when it is. Outside the test prefixes:
    `https:`, no user name or password in it, and every address of its host public."""
    if len(endpoint) > MAX_ENDPOINT or CONTROL.search(endpoint):
        return _("This push address is not valid.")
    if not current_app.config.get("PRODUCTION"):
        for prefix in test_prefixes():
            if endpoint.startswith(prefix):
                return None
    try:
        parts = urlsplit(endpoint)
        port = parts.port or 443
    except ValueError:
        return _("This push address is not valid.")
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        return _("This push address is not valid.")
    try:
        found = resolve(parts.hostname, port, type=socket.SOCK_STREAM)
        addresses = {info[4][0] for info in found}
        if not addresses or not all(_public(a) for a in addresses):
            return _("Flouria does not send reminders to this push address.")
    except (OSError, UnicodeError, ValueError):
        return _("Flouria does not send reminders to this push address.")
    return None


# Validation -------------------------------------------------------------------------------


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _key(keys: Any, name: str, size: int) -> str | None:
    value = keys.get(name) if isinstance(keys, dict) else None
    if not isinstance(value, str) or len(value) > 200 or not BASE64URL.fullmatch(value):
        return None
    try:
        decoded = _unb64url(value.rstrip("="))
    except (binascii.Error, ValueError):
        return None
    if len(decoded) != size:
        return None
    if name == "p256dh":
        try:  # a point on the curve, or nothing can be encrypted for it
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), decoded)
        except ValueError:
            return None
    return value.rstrip("=")


def validate(body: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The PUT body as stored values, and one Dutch message per wrong field."""
    if not isinstance(body, dict):
        return {}, {"body": _("Send the reminder as a JSON object.")}
    errors: dict[str, str] = {}
    data: dict[str, Any] = {}
    subscription = body.get("subscription")
    endpoint = subscription.get("endpoint") if isinstance(subscription, dict) else None
    keys = subscription.get("keys") if isinstance(subscription, dict) else None
    if not isinstance(endpoint, str) or not endpoint:
        errors["subscription"] = _("Send the browser's push subscription (endpoint and keys).")
    else:
        p256dh, auth = _key(keys, "p256dh", 65), _key(keys, "auth", 16)
        if p256dh is None or auth is None:
            errors["subscription.keys"] = _("The keys of this push subscription are not valid.")
        data.update(endpoint=endpoint, p256dh=p256dh, auth=auth)
    time = body.get("time", DEFAULT_TIME)
    if not isinstance(time, str) or not TIME.fullmatch(time):
        errors["time"] = _("Choose a time such as 08:00.")
    data["time"] = time
    zone = body.get("timezone")
    if not isinstance(zone, str) or zone not in _zones():
        errors["timezone"] = _("Send the time zone as a name such as Europe/Amsterdam.")
    data["timezone"] = zone
    days = body.get("days", ALL_DAYS)
    if (
        not isinstance(days, list)
        or not days
        or not all(type(d) is int and 1 <= d <= 7 for d in days)
    ):
        errors["days"] = _("Choose at least one day (1 is Monday, 7 is Sunday).")
    else:
        data["days"] = sorted(set(days))
    text = body.get("text", "")
    if text is None:
        text = ""
    if not isinstance(text, str) or len(text.strip()) > MAX_TEXT or CONTROL.search(text):
        errors["text"] = _("Keep the text short: at most %(num)d characters.", num=MAX_TEXT)
    else:
        data["text"] = text.strip()
    if "endpoint" in data and not errors:
        refusal = endpoint_refusal(endpoint)  # type: ignore[arg-type]
        if refusal is not None:
            errors["subscription.endpoint"] = refusal
    return data, errors


# This device ------------------------------------------------------------------------------


def _tag(endpoint: str) -> str:
    return hashlib.sha256(endpoint.encode()).hexdigest()[:32]


def remember(endpoint: str) -> None:
    tags = [t for t in session.get(SESSION_KEY, []) if t != _tag(endpoint)]
    session[SESSION_KEY] = [_tag(endpoint), *tags][:SESSION_MAX]


def forget(endpoint: str) -> None:
    tags = [t for t in session.get(SESSION_KEY, []) if t != _tag(endpoint)]
    session[SESSION_KEY] = tags


def forget_device(user: User | None) -> None:
    """Signing out, erasing, "overal uitloggen": this browser's subscriptions of `user`'s diary
    go (the caller commits or not; this commits itself)."""
    tags = set(session.pop(SESSION_KEY, []) or [])
    identity = inspect(user).identity if user is not None else None  # no load: maybe erased
    if not tags or not identity:
        return
    rows = store.subscriptions_of(identity[0])
    store.delete(row for row in rows if _tag(row.endpoint) in tags)
    db.session.commit()
