""" "Hielp het?": the as-needed medicines she noted without saying yet whether they helped.

The check-in page asks about them on her next visit, the tips page once the medicine is about
two hours old (`TIPS_AFTER`). Her answer (0-10) is stored on that entry of that check-in
(`set_effect`), and an answered entry is never asked about again. Only her own recent
check-ins are asked about (`RECENT_DAYS`): an old unanswered one is let go.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace
from datetime import datetime
from datetime import time
from datetime import timedelta

from .dates import TIMEZONE
from .rules.values import MedicineTaken
from .store import queries
from .store.models import CheckIn
from .store.models import User

TIPS_AFTER = timedelta(hours=2)
RECENT_DAYS = 2  # today and yesterday
MAX_ASKED = 3


@dataclass(frozen=True)
class Question:
    """One "Hielp het?" to ask: entry `index` of check-in `checkin_id`."""

    checkin_id: str
    index: int
    medicine: MedicineTaken
    taken_at: datetime


def taken_at(entry: CheckIn, medicine: MedicineTaken) -> datetime:
    """When she took it, in Amsterdam: its own time, else the check-in's, else the day's start."""
    clock = medicine.time or entry.time
    at = time.fromisoformat(clock) if clock else time(0, 0)
    return datetime.combine(entry.date, at, TIMEZONE)


def open_questions(
    user: User | None, now: datetime, *, older_than: timedelta = timedelta(0)
) -> list[Question]:
    """Her as-needed medicines of the last days with no effect yet, taken at least
    `older_than` ago, newest first (at most `MAX_ASKED`)."""
    first = now.date() - timedelta(days=RECENT_DAYS - 1)
    found: list[Question] = []
    for entry in queries.checkins_between(user, first, now.date()):
        for index, medicine in enumerate(entry.value().medicines_taken):
            if not medicine.as_needed or medicine.effect is not None:
                continue
            at = taken_at(entry, medicine)
            if now - at >= older_than:
                found.append(Question(entry.id, index, medicine, at))
    found.sort(key=lambda q: q.taken_at, reverse=True)
    return found[:MAX_ASKED]


class NotAsked(LookupError):
    """No such unanswered as-needed entry on this check-in."""


def set_effect(entry: CheckIn, index: int, effect: int) -> bool:
    """Store her answer on entry `index` (an as-needed one); False when it was answered
    already (a form sent twice): the first answer stays."""
    medicines = list(entry.value().medicines_taken)
    if not 0 <= index < len(medicines) or not medicines[index].as_needed:
        raise NotAsked(index)
    if medicines[index].effect is not None:
        return False
    medicines[index] = replace(medicines[index], effect=effect)
    entry.medicines_taken = [m.to_json() for m in medicines]
    return True
