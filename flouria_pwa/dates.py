"""Dates in the user's time zone (Europe/Amsterdam), where "today" and "the future" are decided."""

from datetime import date
from datetime import datetime
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Europe/Amsterdam")


def now_local() -> datetime:
    return datetime.now(TIMEZONE)


def today() -> date:
    return now_local().date()
