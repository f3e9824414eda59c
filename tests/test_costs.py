"""Pages whose cost must not grow with the whole diary: the tips, the diary's chart and the CSV
read less (only the fields they use, as plain rows, streamed) and still give the same answers.

No timings here (they depend on the machine): `benchmarks/growth.py` measures them."""

from __future__ import annotations

import random
import tracemalloc
from collections import Counter
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import checkin_form
from helpers import realistic_diary
from helpers import rows

from flouria_pwa import chart
from flouria_pwa.dates import today
from flouria_pwa.extensions import db
from flouria_pwa.rules import engine
from flouria_pwa.rules import facts
from flouria_pwa.store import queries
from flouria_pwa.store.models import CheckIn
from flouria_pwa.store.models import User
from flouria_pwa.tips import kept as tips

pytestmark = pytest.mark.database  # run again on PostgreSQL in CI


def diary_of(app: Flask, client: FlaskClient, days: int, seed: int) -> int:
    """Her user id, after a first check-in and a realistic diary of `days` days."""
    assert client.post("/", data=checkin_form()).status_code == 303
    user_id = rows(app)[0].user_id
    with app.app_context():
        db.session.add_all(realistic_diary(user_id, today(), days, random.Random(seed)))
        db.session.commit()
    return user_id


def test_a_day_record_reads_only_the_day_fields() -> None:
    """The tips page reads only facts.DAY_FIELDS of each history entry: every other field must
    leave the day records as they are."""
    rng = random.Random(3)
    whole = [
        {**c.to_contract(), "note": rng.choice(("", "x")), "numbness": rng.random() < 0.5}
        for c in realistic_diary(1, today(), 40, rng)
    ]
    only = [{name: e[name] for name in ("id", *facts.DAY_FIELDS)} for e in whole]
    by_whole = facts.day_records(facts.normalise_checkin(e) for e in whole)
    assert by_whole == facts.day_records(facts.normalise_checkin(e) for e in only)
    assert len(by_whole) > 20 and any(d.areas for d in by_whole) and any(d.load for d in by_whole)


def test_the_tips_page_gives_the_tips_of_the_whole_history(
    app: Flask, profiled: FlaskClient
) -> None:
    user_id = diary_of(app, profiled, 100, seed=4)
    profile = {"medication": ["statin"], "osteoarthritis": ["knees"]}
    with app.app_context():
        user = db.session.get(User, user_id)
        entries = queries.checkins_between(user, today() - timedelta(days=30), today())
        assert len(entries) > 60
        for entry in entries:
            light = tips.history(entry)
            full = queries.history_for(entry)
            assert [h["id"] for h in light] == [h["id"] for h in full]
            assert engine.select_tips(entry.to_contract(), profile, light) == engine.select_tips(
                entry.to_contract(), profile, full
            )


def test_the_diary_chart_from_rows_is_the_chart_from_check_ins(
    app: Flask, profiled: FlaskClient
) -> None:
    user_id = diary_of(app, profiled, 40, seed=5)
    last = today()
    first = last - timedelta(days=chart.DAYS - 1)
    with app.app_context():
        user = db.session.get(User, user_id)
        whole = queries.checkins_between(user, first, last)
        light = queries.rows_between(user, first, last, chart.COLUMNS)
        assert chart.build(light, last) == chart.build(whole, last)
        assert chart.build(light, last).cramp_nights > 0


def _csv_peak(app: Flask, client: FlaskClient) -> tuple[int, int]:
    """(bytes of the CSV, peak bytes allocated while it streamed), reading it chunk by chunk."""
    tracemalloc.start()
    try:
        response = client.get("/gegevens/flouria.csv", buffered=False)
        size = sum(len(chunk) for chunk in response.response)
        response.close()
        return size, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_csv_streams_without_holding_the_diary(app: Flask, profiled: FlaskClient) -> None:
    """Five times the check-ins (well past the 500 rows read at a time): five times the file,
    but not more memory."""
    diary_of(app, profiled, 450, seed=6)
    small_size, small_peak = _csv_peak(app, profiled)
    user_id = rows(app)[0].user_id
    with app.app_context():
        for n in range(1, 5):
            last = today() - timedelta(days=450 * n)
            db.session.add_all(realistic_diary(user_id, last, 450, random.Random(100 + n)))
        db.session.commit()
    large_size, large_peak = _csv_peak(app, profiled)
    assert large_size > 4 * small_size
    assert large_peak < 1.25 * small_peak, (small_peak, large_peak)


def test_the_tips_kept_at_saving_are_the_tips_its_page_computed(
    app: Flask, profiled: FlaskClient
) -> None:
    """Saved in order, with nothing entered later, each check-in keeps exactly what the engine
    gives it with its history (`queries.history_for`), also the second one of a day."""
    profiled.post("/profiel", data={"medication": ["statin"], "osteoarthritis": ["knees"]})
    rng = random.Random(12)
    for c in sorted(realistic_diary(1, today(), 40, rng), key=lambda c: (c.date, c.created_at)):
        body = {**c.to_contract(), "id": c.id}
        assert profiled.put(f"/api/v1/checkins/{c.id}", json=body).status_code == 201
    with app.app_context():
        entries = db.session.execute(db.select(CheckIn)).scalars().all()
        user = db.session.get(User, entries[0].user_id)
        profile = queries.profile_of(user)
        assert len(entries) > 40 and max(Counter(e.date for e in entries).values()) > 2
        for entry in entries:
            expected = engine.select_tips(entry.to_contract(), profile, queries.history_for(entry))
            assert entry.tips == [
                {"id": t.tip_id, "text_id": t.text_id, "urgency": t.urgency} for t in expected
            ], (entry.date, entry.time)
        assert any(t["id"] == "rf6" for e in entries for t in e.tips)  # history-based flags too
