"""What she took, in words: one line per medicine for the CSV, the report and the pages.

"paracetamol 500 mg ×2 08:00 (zo nodig, hielp 6/10)": her own words for the name and dose,
then how many (when more than one), when, and whether as needed and how much it helped.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from .rules.values import MedicineTaken


def entry_of(item: MedicineTaken | Mapping[str, Any]) -> MedicineTaken:
    """A stored row holds JSON dicts, a value holds `MedicineTaken`s."""
    return item if isinstance(item, MedicineTaken) else MedicineTaken.of(item)


def medicine_label(medicine: MedicineTaken) -> str:
    """Name and dose, as she wrote them."""
    return f"{medicine.name} {medicine.dose}".strip()


def describe(item: MedicineTaken | Mapping[str, Any]) -> str:
    medicine = entry_of(item)
    parts = [medicine_label(medicine)]
    if medicine.count > 1:
        parts.append(f"×{medicine.count}")
    if medicine.time:
        parts.append(medicine.time)
    notes = []
    if medicine.as_needed:
        notes.append(_("as needed"))
    if medicine.effect is not None:
        notes.append(_("helped %(effect)s/10", effect=medicine.effect))
    text = " ".join(parts)
    return f"{text} ({', '.join(notes)})" if notes else text


def describe_all(items: Iterable[MedicineTaken | Mapping[str, Any]] | None) -> str:
    return ", ".join(describe(item) for item in items or ())
