"""Strict security headers on every response, and the browser's own word on where a write
comes from.

CSRF: the token (Flask-WTF) is the main guard. Pages send `Referrer-Policy: no-referrer`, so a
browser's same-origin POST carries no Referer (and `Origin: null` on a form post): Flask-WTF's
HTTPS Referer check is off (`WTF_CSRF_SSL_STRICT=False`, config.py). Instead every browser since
2023 sends `Sec-Fetch-Site` with each request, which a page cannot forge: a write whose header is
present and not `same-origin` is refused, also when it carries a valid token. Clients that send
no such header (curl, old browsers) still need the token.
"""

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask import Response
from flask import current_app
from flask import request
from flask_wtf.csrf import CSRFError

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "manifest-src 'self'",
        "worker-src 'self'",
    )
)


HSTS = "max-age=63072000; includeSubDomains"


def baseline(https: bool) -> dict[str, str]:
    """The headers every answer carries, pages and static files alike."""
    headers = {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    }
    if https:
        headers["Strict-Transport-Security"] = HSTS
    return headers


class HeadersMiddleware:
    """Adds the baseline to answers that bypass Flask (WhiteNoise's static files)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        https = environ.get("wsgi.url_scheme") == "https"

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            present = {name.lower() for name, _value in headers}
            headers.extend(
                (name, value)
                for name, value in baseline(https).items()
                if name.lower() not in present
            )
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


def _headers(response: Response) -> Response:
    for name, value in baseline(request.is_secure).items():
        response.headers.setdefault(name, value)
    if request.endpoint != "static":
        # Health data: pages and API answers are private and never stored by proxies.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _exempt(endpoint: str | None) -> bool:
    """Views that Flask-WTF was told store nothing (the stateless tips API)."""
    view = current_app.view_functions.get(endpoint or "")
    csrf = current_app.extensions.get("csrf")
    if view is None or csrf is None:
        return False
    return f"{view.__module__}.{view.__name__}" in csrf._exempt_views


def _same_origin_writes_only() -> None:
    if request.method not in UNSAFE_METHODS or not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site != "same-origin" and not _exempt(request.endpoint):
        raise CSRFError("The request came from another site.")


def init_app(app: Flask) -> None:
    app.before_request(_same_origin_writes_only)
    app.after_request(_headers)
