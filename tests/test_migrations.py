"""The migrations are the schema's source of truth: upgrading an empty database gives exactly the
schema of the models, and the way back down works too."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade
from flask_migrate import upgrade
from helpers import with_test_folders
from sqlalchemy import inspect

from flouria_pwa import create_app
from flouria_pwa.extensions import db

pytestmark = pytest.mark.database  # run again on PostgreSQL in CI


def _app(tmp_path: Path):
    url = os.environ.get("FLOURIA_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'm.sqlite'}"
    return create_app(with_test_folders(TESTING=True, SECRET_KEY="m", SQLALCHEMY_DATABASE_URI=url))


def _differences() -> list:
    with db.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), db.metadata)


def test_migrated_schema_equals_the_models(tmp_path: Path) -> None:
    app = _app(tmp_path)
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        assert _differences() == []
        tables = set(inspect(db.engine).get_table_names())
        assert {"user", "profile", "checkin", "recovery_code", "auth_failure"} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert _differences() == []
        db.engine.dispose()


def test_the_app_never_creates_tables_itself(tmp_path: Path) -> None:
    app = create_app(
        with_test_folders(
            SECRET_KEY="m", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'n.sqlite'}"
        )
    )
    with app.app_context():
        assert inspect(db.engine).get_table_names() == []
        db.engine.dispose()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    app = create_app(
        with_test_folders(
            SECRET_KEY="m", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'w.sqlite'}"
        )
    )
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with app.app_context():
        db.engine.dispose()
