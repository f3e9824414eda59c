"""Configuration from the environment with safe defaults.

Every setting can come from a `FLASK_`-prefixed environment variable (`FLASK_SECRET_KEY`,
`FLASK_SQLALCHEMY_DATABASE_URI`, `FLASK_PRODUCTION=true`); `DATABASE_URL` is read too.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent  # the repository: templates/, static/, translations/


class ConfigError(RuntimeError):
    """The app refuses to start with an unsafe configuration."""


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    app.config.from_mapping(
        PRODUCTION=False,
        SQLALCHEMY_DATABASE_URI="sqlite:///flouria.sqlite",  # relative: lives in instance/
        BABEL_DEFAULT_LOCALE="nl",
        BABEL_DEFAULT_TIMEZONE="Europe/Amsterdam",
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "translations"),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session: no "expired" form
        # Under `Referrer-Policy: no-referrer` browsers send no Referer, so Flask-WTF's HTTPS
        # Referer check would refuse every write; `security.py` checks Sec-Fetch-Site instead.
        WTF_CSRF_SSL_STRICT=False,
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,  # an export of years of check-ins, re-imported
        REMEMBER_COOKIE_DURATION=400 * 24 * 3600,  # stay signed in on her phone
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        JSON_SORT_KEYS=False,
    )
    if test_config is None:
        if os.environ.get("DATABASE_URL"):
            app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
        app.config.from_prefixed_env()
    else:
        app.config.from_mapping(test_config)

    url = normalise_url(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(url))

    production = bool(app.config["PRODUCTION"])
    if production:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    if not app.config.get("SECRET_KEY"):
        if production:
            raise ConfigError(
                "FLASK_SECRET_KEY is not set. In production Flouria needs a fixed secret key."
            )
        app.config["SECRET_KEY"] = _local_secret(Path(app.instance_path) / "secret_key")


def normalise_url(url: str) -> str:
    """`postgres://…` and `postgresql://…` (as hosts hand them out) use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def engine_options(url: str) -> dict[str, Any]:
    # hide_parameters: an error's message (and so its traceback in the log) never shows the
    # values of a query, which are her health data.
    options: dict[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
    if url.startswith("postgresql"):
        options["connect_args"] = {"options": "-c timezone=UTC"}
    return options


def _local_secret(path: Path) -> str:
    """A development key generated once and kept in the instance folder (never committed)."""
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
