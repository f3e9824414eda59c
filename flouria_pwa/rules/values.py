"""The check-in and the profile as one typed, frozen value each, with real dates.

`validation.validate_checkin` / `validate_profile` make them from a payload; the models store them
and read them back (`CheckIn.value()`), the facts, the tips, the export and the sync API take
them. ISO strings exist only where the value meets JSON, a form or a file (`to_json`).

Each value also reads like the contract mapping (`value["pain"]`, `value.get("id")`), so the
rule engine takes a value and a JSON dict from the browser engine's test cases alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import fields
from datetime import date
from typing import Any

from .contract import CHECKIN_FIELDS
from .contract import LIST_KINDS
from .contract import PROFILE_FIELDS
from .contract import Field


@dataclass(frozen=True, eq=True)
class MedicineTaken:
    """One medicine she took (issue 15): never read by the rules. `effect` is her answer to
    "Hielp het?" (0-10), None until she gives it."""

    name: str
    dose: str = ""
    count: int = 1
    time: str | None = None  # "HH:MM"
    as_needed: bool = False
    effect: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "dose": self.dose,
            "count": self.count,
            "time": self.time,
            "as_needed": self.as_needed,
            "effect": self.effect,
        }

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> MedicineTaken:
        """From already valid (stored) JSON."""
        return cls(
            name=data["name"],
            dose=data.get("dose") or "",
            count=data.get("count", 1),
            time=data.get("time"),
            as_needed=bool(data.get("as_needed")),
            effect=data.get("effect"),
        )


@dataclass(frozen=True, eq=True)
class MyMedicine:
    """A medicine on her own short list ("Mijn medicijnen") with the dose she usually takes."""

    name: str
    dose: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "dose": self.dose}

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> MyMedicine:
        return cls(name=data["name"], dose=data.get("dose") or "")


_ENTRY = {"medicines": MedicineTaken, "medicine_list": MyMedicine}


def _entries(kind: str, items: Any) -> tuple[Any, ...]:
    """A list field's items as a tuple: sets keep their strings, entries become dataclasses
    (a value's own entries pass as they are)."""
    entry = _ENTRY.get(kind)
    if entry is None:
        return tuple(items or ())
    return tuple(i if isinstance(i, entry) else entry.of(i) for i in items or ())


class _ContractValue(Mapping[str, Any]):
    """Read access by contract field name, and the JSON shape of the value."""

    _FIELDS: tuple[Field, ...] = ()
    _NAMES: tuple[str, ...] = ()
    _KNOWN: frozenset[str] = frozenset()

    def __getitem__(self, name: str) -> Any:
        if name not in self._KNOWN:
            raise KeyError(name)
        return getattr(self, name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._NAMES)

    def __len__(self) -> int:
        return len(self._NAMES)

    def to_json(self) -> dict[str, Any]:
        """The contract payload: dates as `YYYY-MM-DD`, sets as lists, in contract order."""
        data: dict[str, Any] = {}
        for field in self._FIELDS:
            value = getattr(self, field.name)
            if field.kind == "set":
                value = list(value)
            elif field.kind in _ENTRY:
                value = [entry.to_json() for entry in value]
            elif field.kind == "date" and value is not None:
                value = value.isoformat()
            data[field.name] = value
        return data

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Any:
        """The value of already valid field values (a row's columns, the validator's result):
        sets become tuples (a row not yet stored may still hold None for one), entries their
        dataclasses; nothing is checked here. A list field absent from `data` is empty."""
        return cls(
            **{
                f.name: _entries(f.kind, data.get(f.name)) if f.kind in LIST_KINDS else data[f.name]
                for f in cls._FIELDS
            }
        )


@dataclass(frozen=True, eq=True)
class CheckInValue(_ContractValue):
    """One valid check-in (`contract.CHECKIN_FIELDS`). None: the question was not answered."""

    id: str
    date: date
    time: str | None = None  # "HH:MM", as it is stored
    stiffness: int = 0
    stiffness_minutes: int | None = None
    areas: tuple[str, ...] = ()
    spots: tuple[str, ...] = ()
    pain: int = 0
    cramp: bool = False
    cramp_when: tuple[str, ...] = ()
    cramp_where: tuple[str, ...] = ()
    cramp_count: int | None = None
    swelling: bool = False
    injury: bool = False
    limits: tuple[str, ...] = ()
    numbness: bool = False
    strength_loss: str | None = None
    radiating: bool = False
    saddle_numbness: bool = False
    fluid: str | None = None
    sleep: str | None = None
    long_sitting: bool = False
    activity: str | None = None
    stress: str | None = None
    alcohol: bool = False
    coffee: int | None = None
    note: str = ""
    medicines_taken: tuple[MedicineTaken, ...] = ()


@dataclass(frozen=True, eq=True)
class ProfileValue(_ContractValue):
    """Her profile (`contract.PROFILE_FIELDS`); `ProfileValue()` is someone who told us nothing."""

    perimenopause: bool = False
    osteoarthritis: tuple[str, ...] = ()
    medication: tuple[str, ...] = ()
    assessed: bool = False
    long_standing: bool = False
    strength_training_since: date | None = None
    my_medicines: tuple[MyMedicine, ...] = ()


def _bind(cls: type[_ContractValue], spec: tuple[Field, ...]) -> None:
    """Tie a value class to its contract fields; they must name the same fields in one order."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    if names != tuple(f.name for f in spec):
        raise AssertionError(f"{cls.__name__} and the contract name different fields")
    cls._FIELDS, cls._NAMES, cls._KNOWN = spec, names, frozenset(names)


_bind(CheckInValue, CHECKIN_FIELDS)
_bind(ProfileValue, PROFILE_FIELDS)
