"""Nothing of her health data reaches a log: SQL errors hide their parameters, and the access
log cannot be forged with a line break in a URL."""

from __future__ import annotations

import logging
import runpy
import uuid
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from sqlalchemy.exc import IntegrityError

from flouria_pwa.dates import today
from flouria_pwa.extensions import db
from flouria_pwa.store.models import CheckIn
from flouria_pwa.store.models import User

ROOT = Path(__file__).resolve().parent.parent
SECRET = "Mijn geheime notitie over de huisarts"

pytestmark = pytest.mark.database  # run again on PostgreSQL in CI


def test_a_failing_write_logs_no_field_value(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    with app.app_context():
        user = User(token_hash="c" * 64)
        db.session.add(user)
        db.session.commit()
        entry_id = str(uuid.uuid4())
        db.session.add(CheckIn(id=entry_id, user_id=user.id, date=today()))
        db.session.commit()
        twin = CheckIn(id=entry_id, user_id=user.id, date=today() - timedelta(days=1), note=SECRET)
        db.session.add(twin)
        with caplog.at_level(logging.DEBUG), pytest.raises(IntegrityError) as failure:
            db.session.commit()  # the same id twice: the database refuses
        db.session.rollback()
        app.logger.exception("a write failed", exc_info=failure.value)
    assert SECRET not in str(failure.value)
    assert SECRET not in caplog.text
    assert "parameters" not in str(failure.value) or "hidden" in str(failure.value)


def _access_logger():
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    logger_class = settings.get("logger_class", Logger)
    config = Config()
    for name in ("accesslog", "errorlog", "access_log_format"):
        config.set(name, settings[name])
    return logger_class(config)


def test_a_line_break_in_the_url_cannot_forge_an_access_log_line() -> None:
    logger = _access_logger()
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": '/x%0A1.2.3.4 - - "GET /admin" 200',
        "PATH_INFO": '/x\n1.2.3.4 "GET /admin" 200 é',
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "QUERY_STRING": "note=geheim",
    }
    response = SimpleNamespace(status="404 NOT FOUND", sent=12, headers=[])
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=3))
    line = logger.cfg.access_log_format % atoms
    assert "\n" not in line and "\r" not in line
    assert "/x%0A1.2.3.4" in line
    assert "geheim" not in line
