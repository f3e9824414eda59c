"""Database settings per backend, and the schema through Flask-Migrate (Alembic).

SQLite (the default) gets WAL, a busy timeout and foreign keys on every connection, so several
gunicorn workers can write at once without "database is locked". PostgreSQL sessions run in UTC,
so stored times mean the same everywhere. The migrations in `migrations/` are the schema's
source of truth: `flask db upgrade` (run by `bin/run` and by gunicorn on start) applies them.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from ..config import ROOT
from ..extensions import db
from ..extensions import migrate

MIGRATIONS = ROOT / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def init_app(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
