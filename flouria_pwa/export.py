"""Her whole diary out (JSON, CSV) and back in (JSON).

The JSON file is complete (profile and every check-in with its timestamps) and re-importing it
restores the diary with no duplicates: check-ins keep their ids, and an id already stored is
updated only by a later edit. Both exports stream, so a diary of years never sits in memory.
The CSV is for people: Dutch headers, Dutch words, `;` and a decimal comma as Dutch Excel
expects, and a byte-order mark so Excel and LibreOffice read it as UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import replace
from datetime import UTC
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from . import labels
from .dates import as_utc
from .dates import edit_stamp
from .dates import iso_instant
from .dates import parse_instant
from .medicines import describe_all
from .rules.values import CheckInValue
from .rules.values import ProfileValue
from .store import queries
from .store.models import CheckIn
from .store.models import User
from .tips import kept as tips
from .validation import validate_checkin
from .validation import validate_profile

FORMAT = "flouria-export"
VERSION = 1
MAX_CHECKINS = queries.MAX_CHECKINS_PER_DIARY  # one file never holds more than a diary
# An entry whose id is already someone else's gets a stable id of its own, so importing the
# same file twice still gives one row (and nothing reveals that the id was taken).
_REMAP = uuid.UUID("8c0f3a52-5d1e-4c44-9a35-6f0b1f0e7d21")


def exported(entry: CheckIn) -> dict[str, Any]:
    return {
        **entry.to_contract(),
        "tips": entry.tips,  # the tips it was given when saved; null: saved before they were kept
        "created_at": iso_instant(entry.created_at),
        "updated_at": iso_instant(entry.updated_at),
    }


def json_chunks(user: User | None) -> Iterator[str]:
    """The JSON export, piece by piece. The head is read now, the check-ins while streaming."""
    profile = user.profile if user else None
    head = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso_instant(datetime.now(UTC)),
        "profile": queries.profile_of(user).to_json(),
        "profile_updated_at": iso_instant(profile.updated_at) if profile else None,
    }

    def chunks() -> Iterator[str]:
        yield json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "checkins": ['
        for n, entry in enumerate(queries.stream_oldest_first(user)):
            yield ("," if n else "") + "\n  " + json.dumps(exported(entry), ensure_ascii=False)
        yield "\n ]\n}\n"

    return chunks()


# --- CSV ------------------------------------------------------------------------------------

_YES, _NO = _l("yes"), _l("no")
_CSV_LINES_PER_CHUNK = 200  # about 25 KB a chunk: few writes, and still streamed


def _text(value: str) -> str:
    """Free text that a spreadsheet must not run as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _dutch(mapping: Mapping[str, Any]) -> dict[str, str]:
    return {key: str(label) for key, label in mapping.items()}


def csv_columns() -> list[tuple[str, Callable[[Any], str]]]:
    """Each column's title and how a check-in row fills it, in the current language.

    Every word is looked up here, once per export: a lazy label looks itself up again on every
    use, which made a diary of 50,000 check-ins cost some 800,000 lookups."""
    yes, no = str(_YES), str(_NO)
    areas, limits = _dutch(labels.AREA_LABELS), _dutch(labels.LIMITS_LABELS)
    cramp_when, cramp_where = _dutch(labels.CRAMP_WHEN_LABELS), _dutch(labels.CRAMP_WHERE_LABELS)
    strength, fluid = _dutch(labels.STRENGTH_LOSS_LABELS), _dutch(labels.FLUID_LABELS)
    sleep, activity = _dutch(labels.SLEEP_LABELS), _dutch(labels.ACTIVITY_LABELS)
    stress = _dutch(labels.STRESS_LABELS)
    spots = _dutch(labels.SPOT_LABELS)

    # A question she did not answer (None) is an empty cell, never "no".
    def flag(value: bool | None) -> str:
        return "" if value is None else yes if value else no

    def words(values: list[str] | None, mapping: dict[str, str]) -> str:
        return "" if values is None else ", ".join(mapping.get(v, v) for v in values)

    def word(value: str | None, mapping: dict[str, str]) -> str:
        return "" if value is None else mapping[value]

    columns: list[tuple[Any, Callable[[Any], str]]] = [
        (_l("Date"), lambda e: e.date.isoformat()),
        (_l("Time"), lambda e: e.time or ""),
        (_l("Stiffness (0-10)"), lambda e: str(e.stiffness)),
        (_l("Minutes of morning stiffness"), lambda e: _number(e.stiffness_minutes)),
        (_l("Where"), lambda e: words(e.areas, areas)),
        (_l("Where exactly"), lambda e: words(e.spots, spots)),  # "knie links, onderrug"
        (_l("Pain (0-10)"), lambda e: str(e.pain)),
        (_l("Cramp"), lambda e: flag(e.cramp)),
        (_l("Cramp when"), lambda e: words(e.cramp_when, cramp_when)),
        (_l("Cramp where"), lambda e: words(e.cramp_where, cramp_where)),
        (_l("Number of cramps"), lambda e: _number(e.cramp_count)),
        (_l("Swelling"), lambda e: flag(e.swelling)),
        (_l("Injury or fall"), lambda e: flag(e.injury)),
        (_l("Gets in the way of"), lambda e: words(e.limits, limits)),
        (_l("Numbness or tingling"), lambda e: flag(e.numbness)),
        (_l("Loss of strength"), lambda e: word(e.strength_loss, strength)),
        (_l("Pain that shoots down"), lambda e: flag(e.radiating)),
        (_l("Numb around the buttocks or groin"), lambda e: flag(e.saddle_numbness)),
        (_l("Drinking"), lambda e: word(e.fluid, fluid)),
        (_l("Sleep"), lambda e: word(e.sleep, sleep)),
        (_l("Sat for a long time"), lambda e: flag(e.long_sitting)),
        (_l("Exercise"), lambda e: word(e.activity, activity)),
        (_l("Stress"), lambda e: word(e.stress, stress)),
        (_l("Alcohol"), lambda e: flag(e.alcohol)),
        (_l("Cups of coffee"), lambda e: _number(e.coffee)),
        (_l("Note"), lambda e: _text(e.note or "")),
        # What she took, in her words: the csv module quotes a `;` in a name.
        (_l("Medicines"), lambda e: _text(describe_all(e.medicines_taken))),
    ]
    return [(str(title), value) for title, value in columns]


def csv_chunks(user: User | None) -> Iterator[str]:
    """The CSV export, a few hundred lines at a time, starting with a UTF-8 byte-order mark.
    Like the JSON export, it reads the user now and her check-ins while streaming."""
    return _csv_lines(user.id if user else None)


def _csv_lines(user_id: int | None) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def taken() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    columns = csv_columns()
    writer.writerow([title for title, _value in columns])
    yield "\ufeff" + taken()
    for n, entry in enumerate(queries.stream_rows_oldest_first(user_id), start=1):
        writer.writerow([value(entry) for _title, value in columns])
        if n % _CSV_LINES_PER_CHUNK == 0:
            yield taken()
    rest = taken()
    if rest:
        yield rest


# --- Import -----------------------------------------------------------------------------------


class ImportProblem(ValueError):
    """The file cannot be imported; the message is Dutch and says why. Nothing was stored."""


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    deleted: int = 0  # in the file, but deleted from her diary since: left out


@dataclass(frozen=True)
class _Entry:
    value: CheckInValue
    created_at: datetime
    updated_at: datetime
    tips: list[dict[str, Any]] | None = None  # absent in files from before tips were kept


def _problem_in(number: int, errors: dict[str, str]) -> ImportProblem:
    message = next(iter(errors.values()))
    return ImportProblem(
        _("Check-in %(num)d in the file cannot be read: %(message)s", num=number, message=message)
    )


@dataclass(frozen=True)
class ImportFile:
    profile: ProfileValue
    profile_updated_at: datetime | None
    entries: list[_Entry]


def read(raw: bytes) -> ImportFile:
    """Check the whole file before anything is stored: a half import would be worse than none."""
    try:
        body = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ImportProblem(_("This file is not a Flouria export.")) from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise ImportProblem(_("This file is not a Flouria export."))
    if body.get("version") != VERSION:
        raise ImportProblem(_("This export comes from a newer Flouria. Update the app first."))
    profile, errors = validate_profile(body.get("profile") or {}, prefix="")
    if profile is None:
        raise ImportProblem(_("The profile in the file cannot be read."))
    checkins = body.get("checkins")
    if not isinstance(checkins, list):
        raise ImportProblem(_("This file is not a Flouria export."))
    if len(checkins) > MAX_CHECKINS:
        raise ImportProblem(_("This file holds more check-ins than Flouria can import at once."))
    entries: dict[str, _Entry] = {}
    received = datetime.now(UTC)
    for number, raw_entry in enumerate(checkins, start=1):
        value, errors = validate_checkin(raw_entry, stored=True)
        if value is None:
            raise _problem_in(number, errors)
        try:
            kept = tips.parse_kept(raw_entry.get("tips"))
        except tips.InvalidTips as invalid:
            raise _problem_in(number, {"tips": str(invalid)}) from None
        # A file's stamps are held to the import time, like the sync's: a far-future one
        # would otherwise freeze the check-in against every later edit.
        created = edit_stamp(parse_instant(raw_entry.get("created_at")), received)
        sent = parse_instant(raw_entry.get("updated_at"))
        updated = created if sent is None else edit_stamp(sent, received)
        earlier = entries.get(value.id)
        if earlier is None or earlier.updated_at <= updated:
            entries[value.id] = _Entry(value, created, updated, kept)
    stamp = parse_instant(body.get("profile_updated_at"))
    return ImportFile(profile, stamp, list(entries.values()))


def _own_ids(user: User, taken: list[str], in_file: set[str]) -> dict[str, str]:
    """A stable id of her own for each id somebody else holds: the same file imported twice
    still gives one row. The id must be free (nobody else's, and not another id in the file);
    else the next one in a fixed chain is tried."""
    remapped: dict[str, str] = {}
    pending = {original: original for original in taken}
    for _round in range(4):
        candidates = {
            original: str(uuid.uuid5(_REMAP, f"{user.id}:{last}"))
            for original, last in pending.items()
        }
        owners = queries.holders(candidates.values())
        pending = {}
        for original, candidate in candidates.items():
            owner = owners.get(candidate)
            if candidate in in_file or (owner is not None and owner[0] != user.id):
                pending[original] = candidate
            else:
                remapped[original] = candidate
        if not pending:
            break
    remapped.update((original, str(uuid.uuid4())) for original in pending)
    return remapped


def restore(user: User, file: ImportFile) -> ImportResult:
    """Store a checked file in her diary, in one transaction (the view commits).

    Only her own rows are ever updated: an id that belongs to somebody else gets a stable id of
    her own. A check-in she deleted stays deleted. Raises DiaryFull (nothing stored) when the
    file would take her diary past its limit."""
    entries = file.entries
    received = datetime.now(UTC)  # the server's clock: other devices pull what came since
    in_file = {e.value.id for e in entries}
    owners = queries.holders(in_file)
    taken = [key for key, (owner, _row) in owners.items() if owner != user.id]
    remapped = _own_ids(user, taken, in_file)
    owners.update(queries.holders(remapped.values()))
    added = updated = unchanged = deleted = 0
    for entry in entries:
        value = replace(entry.value, id=remapped.get(entry.value.id, entry.value.id))
        owner, row = owners.get(value.id, (user.id, None))
        if owner == user.id and row is None and value.id in owners:
            deleted += 1  # her tombstone: she deleted it after this export
            continue
        if row is None:
            added += 1
        elif (
            row.value() == value
            and as_utc(row.created_at) == entry.created_at
            and (entry.tips is None or row.tips == entry.tips)
        ):
            unchanged += 1
            continue
        elif as_utc(row.updated_at) > entry.updated_at:
            unchanged += 1  # the diary holds a later edit than the file: keep it
            continue
        else:
            updated += 1
        queries.put_imported(
            user,
            value,
            row,
            tips=entry.tips,
            created_at=entry.created_at,
            updated_at=entry.updated_at,
            received_at=received,
        )
    if added:
        queries.check_room(user, 0)  # counts the rows just added too
    current = user.profile
    if current is None or (
        file.profile_updated_at is not None and as_utc(current.updated_at) < file.profile_updated_at
    ):  # like check-ins: the later edit of "About me" wins
        profile = queries.set_profile(user, file.profile)
        if file.profile_updated_at is not None:
            profile.updated_at = file.profile_updated_at
    return ImportResult(added, updated, unchanged, deleted)
