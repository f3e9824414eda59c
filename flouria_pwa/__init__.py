"""Flouria: a Dutch morning check-in and diary for stiff muscles, joints and cramps."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import assets
from .config import ROOT
from .config import configure
from .extensions import babel
from .extensions import csrf
from .store import database


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app. Settings come from the environment (FLASK_*) unless a test passes its own.

    The instance folder (the generated secret and VAPID keys, the SQLite file, the static builds)
    is `instance/` unless `FLOURIA_INSTANCE_PATH` (or a test's `INSTANCE_PATH`) names another."""
    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get(
        "FLOURIA_INSTANCE_PATH"
    )
    app = Flask(
        __name__,
        instance_path=str(Path(instance_path).resolve()) if instance_path else None,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.url_map.merge_slashes = False  # "/api/v1/checkins//x" is a 404, not a redirect
    os.makedirs(app.instance_path, exist_ok=True)
    configure(app, test_config)

    database.init_app(app)
    csrf.init_app(app)
    babel.init_app(app)

    from . import errors
    from . import filters
    from . import identity
    from . import security

    identity.init_app(app)
    security.init_app(app)
    filters.init_app(app)
    errors.init_app(app)

    from . import api
    from . import checkin
    from . import diary
    from . import health
    from . import profile
    from . import pwa
    from . import your_data
    from .accounts import views as accounts
    from .insights import views as insights
    from .report import views as report
    from .tips import views as tips

    assets.init_app(app)
    if app.config.get("PROXY_FIX"):  # behind a TLS proxy: trust its X-Forwarded-For/-Proto
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]
    modules = (
        checkin,
        diary,
        tips,
        profile,
        report,
        accounts,
        your_data,
        api,
        pwa,
        health,
        insights,
    )
    for module in modules:
        app.register_blueprint(module.bp)
    from .reminders import views as reminders

    reminders.init_app(app)  # the reminders' API and the `reminders` command
    csrf.exempt(api.views.tips)  # stateless and side-effect free: nothing to forge
    return app
