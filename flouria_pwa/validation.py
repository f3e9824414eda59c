"""Server-side validation of contract payloads with Dutch messages: the one validator.

The client may lie, so everything is checked here: types are strict (a JSON `true` is not `1`),
enumerations closed, ranges and dates enforced. A field that is absent or `null` takes its
contract default. Keys outside the contract are ignored. A payload comes from JSON (the API, an
export file) or from a form (WTForms has coerced it: a date is already a `date`); what passes is
a frozen value (`rules.values`), with real dates.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .dates import today
from .rules.contract import ASKED
from .rules.contract import CHECKIN_FIELDS
from .rules.contract import EARLIEST_YEAR
from .rules.contract import HISTORY_MAX
from .rules.contract import LIST_KINDS
from .rules.contract import MEDICINE_COUNT_MAX
from .rules.contract import MEDICINE_DOSE_MAX
from .rules.contract import MEDICINE_NAME_MAX
from .rules.contract import PROFILE_FIELDS
from .rules.contract import SCALE_MAX
from .rules.contract import Field
from .rules.contract import areas_with_spots
from .rules.values import CheckInValue
from .rules.values import MedicineTaken
from .rules.values import MyMedicine
from .rules.values import ProfileValue

# ASCII digits only, and \Z: `$` would let a trailing newline through, `\d` any script's digits.
_DATE_RE = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_TIME_RE = re.compile(r"\A([01][0-9]|2[0-3]):[0-5][0-9]\Z")

Errors = dict[str, str]


class Invalid(ValueError):
    """A field value that breaks the contract; the message is Dutch and meant for the user."""


# One message for every range, shared with the form (WTForms fills in min and max itself).
RANGE_MESSAGE = _l("Choose a whole number from %(min)s to %(max)s.")


# The two questions every stored check-in answers; the form shows the same words.
ASKED_MESSAGES = {
    "stiffness": _l("Choose how stiff you feel (0 is not stiff)."),
    "pain": _l("Choose how much pain you have (0 is no pain)."),
}


def range_message(low: int, high: int) -> str:
    return RANGE_MESSAGE % {"min": low, "max": high}


def storable(text: str) -> bool:
    """Text every database can hold: valid UTF-8 (no lone surrogates) and no NUL character."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def parse_date(value: Any, *, not_future: bool) -> date:
    """A YYYY-MM-DD date (or a form's `date`) from 2000 on, and (for check-ins) not after today
    in Amsterdam."""
    if isinstance(value, date) and not isinstance(value, datetime):
        parsed = value
    elif not isinstance(value, str) or not _DATE_RE.match(value):
        raise Invalid(_("Enter a date as YYYY-MM-DD."))
    else:
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise Invalid(_("This date does not exist.")) from None
    if parsed.year < EARLIEST_YEAR:
        raise Invalid(_("Choose a date from the year 2000 on."))
    if not_future and parsed > today():
        raise Invalid(_("This date is in the future."))
    return parsed


def _value(field: Field, value: Any, *, date_not_future: bool) -> Any:
    kind = field.kind
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(range_message(field.minimum, field.maximum))
        if not field.minimum <= value <= field.maximum:
            raise Invalid(range_message(field.minimum, field.maximum))
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise Invalid(_("Answer with yes or no."))
        return value
    if kind == "choice":
        if value not in field.choices:
            raise Invalid(_("Choose one of the options."))
        return value
    if kind == "set":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise Invalid(_("Choose from the options."))
        if any(v not in field.choices for v in value):
            raise Invalid(_("One of these options is unknown."))
        return [c for c in field.choices if c in value]  # contract order, no doubles
    if kind == "text":
        if not isinstance(value, str):
            raise Invalid(_("Enter text."))
        if len(value) > field.maximum:
            raise Invalid(_("Keep this under %(max)s characters.", max=field.maximum))
        if not storable(value):
            raise Invalid(_("This text contains characters that cannot be saved."))
        return value
    if kind == "date":
        return parse_date(value, not_future=date_not_future)
    if kind == "time":
        if not isinstance(value, str) or not _TIME_RE.match(value):
            raise Invalid(_("Enter a time as HH:MM."))
        return value
    if kind == "uuid":
        try:
            if isinstance(value, str):
                return str(uuid.UUID(value))
        except ValueError:
            pass
        raise Invalid(_("This is not a valid id."))
    raise AssertionError(f"unknown field kind {kind}")


def _medicine_text(entry: dict[str, Any], key: str, maximum: int, *, required: bool) -> str:
    value = entry.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid(_("Enter text."))
    if required and not value:
        raise Invalid(_("Enter the name of the medicine."))
    if len(value) > maximum:
        raise Invalid(_("Keep this under %(max)s characters.", max=maximum))
    if not storable(value):
        raise Invalid(_("This text contains characters that cannot be saved."))
    return value


def _medicine_entry(entry: Any, kind: str, where: str, errors: Errors) -> Any:
    """One entry of a medicine list, or None with its errors under `where.<key>`."""
    if not isinstance(entry, dict):
        errors[where] = _("Send each medicine as an object with a name.")
        return None
    found: dict[str, Any] = {}
    problems: Errors = {}

    def check(key: str, read: Callable[[], Any]) -> None:
        try:
            found[key] = read()
        except Invalid as exc:
            problems[f"{where}.{key}"] = str(exc)

    check("name", lambda: _medicine_text(entry, "name", MEDICINE_NAME_MAX, required=True))
    check("dose", lambda: _medicine_text(entry, "dose", MEDICINE_DOSE_MAX, required=False))
    if kind == "medicines":
        check("count", lambda: _medicine_number(entry.get("count"), 1, MEDICINE_COUNT_MAX, 1))
        check("time", lambda: _medicine_time(entry.get("time")))
        check("as_needed", lambda: _medicine_bool(entry.get("as_needed")))
        check("effect", lambda: _medicine_number(entry.get("effect"), 0, SCALE_MAX, None))
    errors.update(problems)
    if problems:
        return None
    return MedicineTaken(**found) if kind == "medicines" else MyMedicine(**found)


def _medicine_number(value: Any, low: int, high: int, default: int | None) -> int | None:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(range_message(low, high))
    return value


def _medicine_time(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _TIME_RE.match(value):
        raise Invalid(_("Enter a time as HH:MM."))
    return value


def _medicine_bool(value: Any) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise Invalid(_("Answer with yes or no."))
    return value


def _medicines(field: Field, value: Any, where: str, errors: Errors) -> list[Any] | None:
    """A list of medicine entries (what she took, or her own list); every problem is named
    by its place, such as `medicines_taken[2].count`."""
    if not isinstance(value, list):
        errors[where] = _("Send the medicines as a list.")
        return None
    if len(value) > field.maximum:
        if field.kind == "medicines":
            errors[where] = _("Note at most %(max)s medicines per check-in.", max=field.maximum)
        else:
            errors[where] = _("Keep at most %(max)s medicines on your list.", max=field.maximum)
        return None
    before = len(errors)
    entries = [
        _medicine_entry(entry, field.kind, f"{where}[{index}]", errors)
        for index, entry in enumerate(value)
    ]
    return None if len(errors) > before else entries


def _clean(
    raw: Any, fields: tuple[Field, ...], prefix: str, *, date_not_future: bool
) -> tuple[dict[str, Any], Errors]:
    if not isinstance(raw, dict):
        return {}, {prefix.rstrip(".") or "body": _("Send an object with fields.")}
    clean: dict[str, Any] = {}
    errors: Errors = {}
    for field in fields:
        value = raw.get(field.name)
        if value is None:
            if field.required:
                errors[prefix + field.name] = _("This field is required.")
            else:
                clean[field.name] = (
                    list(field.default) if field.kind in LIST_KINDS else field.default
                )
            continue
        if field.kind in ("medicines", "medicine_list"):
            entries = _medicines(field, value, prefix + field.name, errors)
            if entries is not None:
                clean[field.name] = entries
            continue
        try:
            clean[field.name] = _value(field, value, date_not_future=date_not_future)
        except Invalid as exc:
            errors[prefix + field.name] = str(exc)
    return clean, errors


def validate_checkin(
    raw: Any, prefix: str = "", *, stored: bool = False
) -> tuple[CheckInValue | None, Errors]:
    """A complete check-in value, or None and the errors per field. An unanswered question is
    None; a check-in to be `stored` must answer `contract.ASKED`.

    Cramp details only mean something with a cramp, so without one they are cleared. The spots'
    areas join `areas` (`contract.areas_with_spots`), so the rules read them.
    """
    clean, errors = _clean(raw, CHECKIN_FIELDS, prefix, date_not_future=True)
    if stored and isinstance(raw, dict):
        for name in ASKED:
            if raw.get(name) is None:
                errors[prefix + name] = str(ASKED_MESSAGES[name])
    if errors:
        return None, errors
    if not clean["cramp"]:
        clean.update(cramp_when=(), cramp_where=(), cramp_count=None)
    clean["areas"] = areas_with_spots(clean["areas"], clean["spots"])
    return CheckInValue.of(clean), {}


def validate_profile(raw: Any, prefix: str = "profile.") -> tuple[ProfileValue | None, Errors]:
    """Her profile as a value (absent fields take their defaults), or None and the errors."""
    if raw is None:
        raw = {}
    clean, errors = _clean(raw, PROFILE_FIELDS, prefix, date_not_future=True)
    if errors:
        return None, errors
    return ProfileValue.of(clean), {}


@dataclass(frozen=True)
class TipsRequest:
    """A valid body of `POST /api/v1/tips`."""

    checkin: CheckInValue
    profile: ProfileValue
    history: list[CheckInValue]


def validate_tips_request(body: Any) -> tuple[TipsRequest | None, Errors]:
    """Validate `{"checkin": {...}, "profile": {...}, "history": [...]}` as a whole."""
    if not isinstance(body, dict):
        return None, {"body": _("Send a JSON object.")}
    errors: Errors = {}
    checkin: CheckInValue | None = None
    if body.get("checkin") is None:
        errors["checkin"] = _("This field is required.")
    else:
        checkin, found = validate_checkin(body["checkin"])
        errors.update(found)
    profile, found = validate_profile(body.get("profile"))
    errors.update(found)
    history: list[CheckInValue] = []
    raw_history = body.get("history")
    if raw_history is None:
        raw_history = []
    if not isinstance(raw_history, list):
        errors["history"] = _("Send the history as a list of check-ins.")
    elif len(raw_history) > HISTORY_MAX:
        errors["history"] = _("Send at most %(max)s earlier check-ins.", max=HISTORY_MAX)
    else:
        for index, entry in enumerate(raw_history):
            clean, found = validate_checkin(entry, prefix=f"history[{index}].")
            errors.update(found)
            if clean is not None:
                history.append(clean)
    if errors or checkin is None or profile is None:
        return None, errors
    return TipsRequest(checkin, profile, history), {}
