"""Flask-WTF forms. Each input's HTML `name` equals the contract field name.

One validator: a form renders its fields and coerces what comes back (a date field gives a
`date`; a blank number gives None) and checks the CSRF token; the contract (`validation`) then
validates the payload once, and `validated` puts its Dutch messages on the fields. So a field
here carries no range, length, choice or date rule of its own, only what rendering needs (the
`min`/`max` attributes) and what reading a blank input needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Mapping
from datetime import time
from typing import Any
from typing import TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms import DateField
from wtforms import FieldList
from wtforms import FormField
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import RadioField
from wtforms import SelectChoice
from wtforms import SelectMultipleField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms import TimeField
from wtforms import validators
from wtforms import widgets
from wtforms.form import Form

from . import labels
from .rules import contract
from .rules.values import CheckInValue
from .rules.values import MedicineTaken
from .rules.values import MyMedicine
from .validation import ASKED_MESSAGES
from .validation import Errors

V = TypeVar("V")

SCALE = [SelectChoice(n, str(n)) for n in range(contract.SCALE_MAX + 1)]

# [P] From this time a check-in is an evening entry: its questions about drinking, moving,
# sitting, alcohol and coffee ask about today instead of yesterday (docs/rules.md §1.3). The
# answers mean the same field either way; only the words change.
EVENING_FROM = time(18, 0)

# The questions that name the day they ask about: (the morning's words, the evening's words).
DAY_LABELS: dict[str, tuple[Any, Any]] = {
    "fluid": (_l("How much did you drink yesterday?"), _l("How much did you drink today?")),
    "activity": (_l("How much did you move yesterday?"), _l("How much did you move today?")),
    "long_sitting": (
        _l("I sat still for long stretches yesterday"),
        _l("I sat still for long stretches today"),
    ),
    "alcohol": (_l("I drank alcohol yesterday"), _l("I drank alcohol today")),
    "coffee": (_l("Cups of coffee yesterday"), _l("Cups of coffee today")),
}


# "Zoals gisteren" (issue 15): what a new check-in copies from her last one, the one place that
# says so (the server's `/?zoals=gisteren` and static/js/like-last.js read it). A field maps to
# None (copied whole) or, for a list of records, the keys each record keeps. Everything else
# (the scales, sleep, fluid, the red flags, the note) is for today and never chosen for her.
LIKE_LAST: dict[str, tuple[str, ...] | None] = {
    "areas": None,
    "spots": None,
    "cramp": None,
    "cramp_when": None,
    "cramp_where": None,
    # What she took, without its time and her "Hielp het?" answer: those are today's.
    "medicines_taken": ("name", "dose", "count", "as_needed"),
}


def like_last(checkin: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of a stored check-in that "Zoals gisteren" copies into a new one."""
    copied: dict[str, Any] = {}
    for name, keys in LIKE_LAST.items():
        value = checkin.get(name)
        if keys is None:
            copied[name] = value
        else:
            copied[name] = [{k: item[k] for k in keys if k in item} for item in value or []]
    return copied


def is_evening(at: time | None) -> bool:
    """Whether a check-in made at this time asks about today (no time: a morning entry)."""
    return at is not None and at >= EVENING_FROM


def _choices(mapping: dict[str, Any]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in mapping.items()]


class ContractForm(FlaskForm):
    """A form whose answers are a contract payload."""

    def payload(self) -> dict[str, Any]:
        """The coerced answers, by contract field name, for the contract's validator."""
        raise NotImplementedError

    def field_for(self, name: str) -> Any:
        """The field a contract error is about (`medicines_taken[2].count` names a row's
        field), or None: the message then goes on top of the form."""
        return self[name] if name in self else None


def validated(
    form: ContractForm, validate: Callable[[dict[str, Any]], tuple[V | None, Errors]]
) -> V | None:
    """The contract value of a submitted form, or None with every message on the form.

    WTForms coerces (and checks the CSRF token), the contract validates: the one place where
    its errors reach a form. A field WTForms could not read keeps its own message (the
    contract would only repeat that it is missing); an error of no field goes on top."""
    coerced = form.validate()
    value, errors = validate(form.payload())
    for name, message in errors.items():
        field = form.field_for(name)
        if field is None:
            form.form_errors.append(message)
        elif not field.errors:
            field.errors = [message]
    return value if coerced and not errors else None


class MultiCheckboxField(SelectMultipleField):
    """A set of toggle chips: one checkbox per value, all with the same name. Unknown values
    reach the contract, which refuses them."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, validate_choice=False, **kwargs)


class ChoiceField(RadioField):
    """One answer of several; the contract checks that it is one of them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, validate_choice=False, **kwargs)


def _optional_number(label: Any, high: int) -> IntegerField:
    # Optional: a blank input is not answered (None), not a number WTForms cannot read.
    return IntegerField(
        label,
        validators=[validators.Optional()],
        render_kw={"inputmode": "numeric", "min": 0, "max": high},
    )


_ENTRY_ERROR = re.compile(r"\A(\w+)\[([0-9]+)\]\.(\w+)\Z")


def _entry_field(rows: Any, index_of_row: list[int], name: str) -> Any:
    """The row field behind `<list>[index].<key>`, or None."""
    match = _ENTRY_ERROR.match(name)
    if match is None or match[1] != rows.name:
        return None
    index = int(match[2])
    if index >= len(index_of_row):
        return None
    row = rows.entries[index_of_row[index]].form
    return row[match[3]] if match[3] in row else None


class MedicineRow(Form):
    """One row of "Wat heb je genomen?". A row of her own list (or of a stored entry) has
    `pick` set and counts when `take` is ticked: one tap; a free row counts when it has a
    name. Blank numbers and times are left to the contract's defaults."""

    pick = HiddenField()
    take = BooleanField(_l("Taken"))
    name = StringField(_l("Medicine"), render_kw={"autocomplete": "off"})
    dose = StringField(_l("Dose"), render_kw={"autocomplete": "off"})
    count = IntegerField(
        _l("Number"),
        validators=[validators.Optional()],
        render_kw={"inputmode": "numeric", "min": 1, "max": contract.MEDICINE_COUNT_MAX},
    )
    time = StringField(_l("At"), render_kw={"type": "time"})
    as_needed = BooleanField(_l("As needed"))
    effect = HiddenField()  # her "Hielp het?" answer, kept when she edits the check-in

    def counts(self) -> bool:
        return bool(self.take.data) if self.pick.data else bool((self.name.data or "").strip())

    def entry(self) -> dict[str, Any]:
        effect = self.effect.data or None
        return {
            "name": (self.name.data or "").strip(),
            "dose": (self.dose.data or "").strip(),
            "count": self.count.data,
            "time": self.time.data or None,
            "as_needed": bool(self.as_needed.data),
            "effect": int(effect) if effect and effect.isdigit() else effect,
        }


FREE_MEDICINE_ROWS = 2  # rows to type a new medicine in (without JavaScript: all she gets)


def medicine_rows(
    taken: tuple[MedicineTaken, ...], mine: tuple[MyMedicine, ...], now: str | None
) -> list[dict[str, Any]]:
    """The rows of "Wat heb je genomen?": what the check-in holds (ticked), then each medicine
    of her own list she did not note yet (name and usual dose, 1, at `now`: one tap to add),
    then empty rows for a new one. Nothing is ever suggested beyond her own list."""
    rows = [{**m.to_json(), "pick": "1", "take": True} for m in taken]
    noted = {(m.name, m.dose) for m in taken}
    rows += [
        {"pick": "1", "take": False, "name": m.name, "dose": m.dose, "count": 1, "time": now}
        for m in mine
        if (m.name, m.dose) not in noted
    ]
    rows += [{"pick": "", "count": None}] * FREE_MEDICINE_ROWS
    return rows


class CheckInForm(ContractForm):
    id = HiddenField()
    date = DateField(_l("Date"), validators=[validators.InputRequired(_l("Enter a date."))])
    time = TimeField(_l("Time"), validators=[validators.Optional()])
    # Nothing is chosen for her (issue 11): stiffness and pain are asked, the rest may stay
    # unanswered (None), which the rules read as docs/rules.md's default.
    # Asked on every post, also of an edit (whose form holds the stored answer otherwise).
    stiffness = ChoiceField(
        _l("How stiff do you feel?"),
        choices=SCALE,
        coerce=int,
        validators=[validators.InputRequired(ASKED_MESSAGES["stiffness"])],
    )
    stiffness_minutes = _optional_number(
        _l("How long did the morning stiffness last? (minutes)"), contract.STIFFNESS_MINUTES_MAX
    )
    areas = MultiCheckboxField(_l("Where?"), choices=_choices(labels.AREA_LABELS), default=[])
    # The body outline (templates/checkin/_body.html); the server adds their areas to `areas`.
    spots = MultiCheckboxField(
        _l("Where exactly?"), choices=_choices(labels.SPOT_LABELS), default=[]
    )
    pain = ChoiceField(
        _l("How much pain do you have?"),
        choices=SCALE,
        coerce=int,
        validators=[validators.InputRequired(ASKED_MESSAGES["pain"])],
    )
    cramp = BooleanField(_l("I had cramp"))
    cramp_when = MultiCheckboxField(
        _l("When was the cramp?"), choices=_choices(labels.CRAMP_WHEN_LABELS), default=[]
    )
    cramp_where = MultiCheckboxField(
        _l("Where was the cramp?"), choices=_choices(labels.CRAMP_WHERE_LABELS), default=[]
    )
    cramp_count = _optional_number(
        _l("How many times did you have cramp?"), contract.CRAMP_COUNT_MAX
    )
    swelling = BooleanField(_l("Swelling"))
    injury = BooleanField(_l("A new injury or a fall"))
    numbness = BooleanField(_l("Numbness or tingling"))
    radiating = BooleanField(_l("Pain that shoots into an arm or leg"))
    saddle_numbness = BooleanField(
        _l(
            "Numb around your buttocks, genitals or inner thighs, or suddenly unable to hold "
            "your urine or stool"
        )
    )
    strength_loss = ChoiceField(
        _l("Less strength?"),
        choices=_choices(labels.STRENGTH_LOSS_LABELS),
    )
    limits = MultiCheckboxField(
        _l("Did pain make it hard to"), choices=_choices(labels.LIMITS_LABELS), default=[]
    )
    sleep = ChoiceField(
        _l("How did you sleep?"),
        choices=_choices(labels.SLEEP_LABELS),
    )
    fluid = ChoiceField(
        DAY_LABELS["fluid"][0],
        choices=_choices(labels.FLUID_LABELS),
    )
    activity = ChoiceField(
        DAY_LABELS["activity"][0],
        choices=_choices(labels.ACTIVITY_LABELS),
    )
    long_sitting = BooleanField(DAY_LABELS["long_sitting"][0])
    stress = ChoiceField(
        _l("How much stress?"),
        choices=_choices(labels.STRESS_LABELS),
    )
    alcohol = BooleanField(DAY_LABELS["alcohol"][0])
    coffee = _optional_number(DAY_LABELS["coffee"][0], contract.COFFEE_MAX)
    # no maxlength: a paste is counted and refused (by the contract), never cut
    note = TextAreaField(_l("Note (only for you)"), render_kw={"rows": 3})
    medicines_taken = FieldList(FormField(MedicineRow), label=_l("What did you take?"))

    def evening(self) -> bool:
        """Whether this check-in's time makes it an evening entry."""
        return is_evening(self.time.data)

    def word_for_its_time(self) -> CheckInForm:
        """The questions that name a day say the day of this entry's time: "yesterday" in the
        morning, "today" from `EVENING_FROM` (the browser changes them with the time field)."""
        which = 1 if self.evening() else 0
        for name, words in DAY_LABELS.items():
            self[name].label.text = words[which]
        return self

    @staticmethod
    def data_from(checkin: CheckInValue, mine: tuple[MyMedicine, ...] = ()) -> dict[str, Any]:
        """Form data from a stored check-in (for editing), with the rest of her own list."""
        data = dict(checkin)
        data["time"] = time.fromisoformat(checkin.time) if checkin.time else None
        data["medicines_taken"] = medicine_rows(checkin.medicines_taken, mine, None)
        return data

    def payload(self) -> dict[str, Any]:
        """The coerced answers as a contract payload, for `validation.validate_checkin`."""
        data = {
            name: self[name].data for name in contract.CHECKIN_FIELD if name != "medicines_taken"
        }
        data["time"] = self.time.data.strftime("%H:%M") if self.time.data else None
        counted = [i for i, row in enumerate(self.medicines_taken.entries) if row.form.counts()]
        self._medicine_rows = counted
        data["medicines_taken"] = [self.medicines_taken.entries[i].form.entry() for i in counted]
        return data

    def field_for(self, name: str) -> Any:
        if name.startswith("medicines_taken["):
            return _entry_field(self.medicines_taken, getattr(self, "_medicine_rows", []), name)
        return super().field_for(name)


class MyMedicineRow(Form):
    """One medicine of her own list: its name and the dose she usually takes."""

    name = StringField(_l("Medicine"), render_kw={"autocomplete": "off"})
    dose = StringField(_l("Usual dose"), render_kw={"autocomplete": "off"})


def _filled(*texts: str | None) -> bool:
    return any((text or "").strip() for text in texts)


MY_MEDICINE_SPARE_ROWS = 3  # empty rows to add to her list (JavaScript adds none)


class ProfileForm(ContractForm):
    perimenopause = BooleanField(_l("I am in perimenopause (or think I might be)"))
    osteoarthritis = MultiCheckboxField(
        _l("Osteoarthritis diagnosed in"), choices=_choices(labels.AREA_LABELS), default=[]
    )
    medication = MultiCheckboxField(
        _l("Medicines I use"), choices=_choices(labels.MEDICATION_LABELS), default=[]
    )
    assessed = BooleanField(_l("A doctor or physiotherapist has already looked at my complaints"))
    long_standing = BooleanField(_l("My complaints have been there for a long time"))
    strength_training_since = DateField(
        _l("Started strength training on"), validators=[validators.Optional()]
    )
    my_medicines = FieldList(FormField(MyMedicineRow), label=_l("My medicines"))

    @staticmethod
    def data_from(profile: Mapping[str, Any]) -> dict[str, Any]:
        """Form data from her profile, with empty rows to add a medicine to her list."""
        data = dict(profile)
        mine = [m.to_json() for m in profile.get("my_medicines", ())]
        spare = min(MY_MEDICINE_SPARE_ROWS, contract.MY_MEDICINES_MAX - len(mine))
        data["my_medicines"] = mine + [{}] * max(spare, 0)
        return data

    def payload(self) -> dict[str, Any]:
        """The coerced answers as a contract payload, for `validation.validate_profile`. A row
        without a name (and dose) is no medicine."""
        data = {name: self[name].data for name in contract.PROFILE_FIELD if name != "my_medicines"}
        rows = [row.form for row in self.my_medicines.entries]
        counted = [
            i for i, row in enumerate(rows) if (row.name.data or row.dose.data or "").strip()
        ]
        self._medicine_rows = counted
        data["my_medicines"] = [
            {"name": (rows[i].name.data or "").strip(), "dose": (rows[i].dose.data or "").strip()}
            for i in counted
        ]
        return data

    def field_for(self, name: str) -> Any:
        if name.startswith("my_medicines["):
            return _entry_field(self.my_medicines, getattr(self, "_medicine_rows", []), name)
        return super().field_for(name)


_HELPED_MESSAGE = _l("Choose how much it helped (0 is not at all).")


class HelpedForm(FlaskForm):
    """ "Hielp het?": her 0-10 answer for one as-needed medicine (the CSRF token included)."""

    effect = ChoiceField(
        _l("Did it help?"),
        choices=SCALE,
        coerce=int,
        validators=[
            validators.InputRequired(_HELPED_MESSAGE),
            validators.NumberRange(0, contract.SCALE_MAX, _HELPED_MESSAGE),
        ],
    )
    index = IntegerField(validators=[validators.InputRequired(_HELPED_MESSAGE)])  # which entry
    back = HiddenField()  # "tips": back to the tips page; else the check-in page


class ConfirmForm(FlaskForm):
    """No fields: a confirmed POST (delete, sign out, erase) that carries only the CSRF token."""
