"""Realistic check-ins for the benchmarks: one a day, varied the way a real diary varies.

Shared by `load.py` (the HTTP benchmark) and `growth.py` (in-process growth measurements).
"""

from __future__ import annotations

import random
import uuid
from datetime import date
from datetime import timedelta
from typing import Any

AREAS = ("neck_shoulders", "back", "hips", "knees", "hands_wrists", "legs", "feet")
NOTES = ("", "", "", "Slecht geslapen, stijf bij het opstaan.", "Lange wandeling gemaakt.")


def checkin(day: date, rng: random.Random, checkin_id: str | None = None) -> dict[str, Any]:
    """One valid contract check-in (validation.py) for `day`."""
    cramp = rng.random() < 0.25
    return {
        "id": checkin_id or str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "date": day.isoformat(),
        "time": f"{rng.randint(6, 9):02d}:{rng.randint(0, 59):02d}",
        "stiffness": rng.randint(1, 8),
        "stiffness_minutes": rng.choice((None, 10, 20, 30, 45, 60)),
        "areas": sorted(rng.sample(AREAS, rng.randint(1, 3)), key=AREAS.index),
        "pain": rng.randint(0, 7),
        "cramp": cramp,
        "cramp_when": ["night"] if cramp else [],
        "cramp_where": ["calf"] if cramp else [],
        "cramp_count": rng.randint(1, 3) if cramp else None,
        "swelling": rng.random() < 0.05,
        "injury": False,
        "limits": rng.sample(["sleep", "work", "move"], rng.randint(0, 2)),
        "numbness": False,
        "strength_loss": "none",
        "radiating": False,
        "saddle_numbness": False,
        "fluid": rng.choice(("low", "normal", "normal", "high")),
        "sleep": rng.choice(("good", "fair", "poor")),
        "long_sitting": rng.random() < 0.4,
        "activity": rng.choice(("usual", "usual", "new", "heavier")),
        "stress": rng.choice(("low", "medium", "high")),
        "alcohol": rng.random() < 0.2,
        "coffee": rng.randint(0, 4),
        "note": rng.choice(NOTES),
    }


def diary(days: int, last: date, rng: random.Random) -> list[dict[str, Any]]:
    """`days` daily check-ins ending at `last`, oldest first."""
    return [checkin(last - timedelta(days=n), rng) for n in range(days, 0, -1)]


def entries(count: int, last: date, rng: random.Random) -> list[dict[str, Any]]:
    """`count` check-ins ending at `last`: daily while the dates stay after 2000-01-01, then
    several a day (the contract allows no earlier date), oldest first."""
    span = min(count, (last - date(2000, 1, 2)).days)
    return [checkin(last - timedelta(days=n % span), rng) for n in range(count, 0, -1)]


def profile() -> dict[str, Any]:
    """A profile with something in it, so the engine has facts to read."""
    return {
        "perimenopause": True,
        "osteoarthritis": ["knees"],
        "medication": ["statin"],
        "assessed": True,
        "long_standing": True,
        "strength_training_since": None,
    }


def busy_diary(days: int, per_day: int, last: date, rng: random.Random) -> list[dict[str, Any]]:
    """`per_day` check-ins on each of `days` days ending at `last`, oldest first, their times
    spread over the waking day in order."""
    out = []
    for n in range(days, 0, -1):
        day = last - timedelta(days=n - 1)
        minutes = sorted(rng.sample(range(7 * 60, 22 * 60), per_day))
        for minute in minutes:
            entry = checkin(day, rng)
            entry["time"] = f"{minute // 60:02d}:{minute % 60:02d}"
            out.append(entry)
    return out
