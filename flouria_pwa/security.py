"""Strict security headers on every response."""

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask import Response
from flask import request

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


def init_app(app: Flask) -> None:
    app.after_request(_headers)
