"""Dates in the user's time zone (Europe/Amsterdam), where "today" and "the future" are decided."""

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Europe/Amsterdam")


def now_local() -> datetime:
    return datetime.now(TIMEZONE)


def today() -> date:
    return now_local().date()


def as_utc(value: datetime) -> datetime:
    """Stored datetimes come back naive from SQLite; they are UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


FUTURE_MARGIN = timedelta(minutes=5)  # a phone's clock may run a little fast


def edit_stamp(sent: datetime | None, received: datetime) -> datetime:
    """When an edit was made: the client's stamp (from the outbox or an export file), but never
    later than a few minutes after the server got it, so a wrong clock (or `9999-12-31`) cannot
    freeze an entry against later edits."""
    if sent is None or sent > received + FUTURE_MARGIN:
        return received
    return sent


def iso_instant(value: datetime) -> str:
    """An instant as ISO 8601 in UTC with a Z, as the API sends it."""
    return as_utc(value).isoformat().replace("+00:00", "Z")


def parse_instant(value: Any) -> datetime | None:
    """An ISO 8601 instant with a time zone, as UTC; None when absent or unreadable."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            return None
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):  # also an instant past year 9999 or before year 1 in UTC
        return None
