"""Flask-WTF forms. Each input's HTML `name` equals the contract field name."""

from __future__ import annotations

from datetime import date
from datetime import time
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms import DateField
from wtforms import Field
from wtforms import HiddenField
from wtforms import IntegerField
from wtforms import RadioField
from wtforms import SelectChoice
from wtforms import SelectMultipleField
from wtforms import TextAreaField
from wtforms import TimeField
from wtforms import ValidationError
from wtforms import validators
from wtforms import widgets

from . import labels
from .rules import contract
from .validation import ASKED_MESSAGES
from .validation import RANGE_MESSAGE
from .validation import Invalid
from .validation import parse_date

SCALE = [SelectChoice(n, str(n)) for n in range(contract.SCALE_MAX + 1)]


def _choices(mapping: dict[str, Any]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in mapping.items()]


class MultiCheckboxField(SelectMultipleField):
    """A set of toggle chips: one checkbox per value, all with the same name."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form: FlaskForm) -> None:
        known = {choice.value for choice in self.choices}
        if self.data and any(value not in known for value in self.data):
            raise ValidationError(_l("One of these options is unknown."))


def _range(low: int, high: int) -> validators.NumberRange:
    # WTForms fills in %(min)s and %(max)s itself: the same message id as the API's.
    return validators.NumberRange(low, high, message=RANGE_MESSAGE)


class WholeNumberField(IntegerField):
    """A whole number that any length of digits cannot crash: WTForms' NumberRange compares it as
    a float, so a 309-digit number would overflow. Such a number is clamped to one that is still
    out of every range here, and gets the usual range message."""

    LIMIT = 10**12

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if isinstance(self.data, int) and abs(self.data) > self.LIMIT:
            self.data = self.LIMIT if self.data > 0 else -self.LIMIT


def _optional_number(label: Any, high: int) -> WholeNumberField:
    return WholeNumberField(
        label,
        validators=[validators.Optional(), _range(0, high)],
        render_kw={"inputmode": "numeric", "min": 0, "max": high},
    )


class CheckInForm(FlaskForm):
    id = HiddenField()
    date = DateField(_l("Date"), validators=[validators.InputRequired(_l("Enter a date."))])
    time = TimeField(_l("Time"), validators=[validators.Optional()])
    # Nothing is chosen for her (issue 11): stiffness and pain are asked, the rest may stay
    # unanswered (None), which the rules read as RULES.md's default.
    stiffness = RadioField(
        _l("How stiff do you feel?"),
        choices=SCALE,
        coerce=int,
        validators=[validators.InputRequired(ASKED_MESSAGES["stiffness"])],
    )
    stiffness_minutes = _optional_number(
        _l("How long did the morning stiffness last? (minutes)"), contract.STIFFNESS_MINUTES_MAX
    )
    areas = MultiCheckboxField(_l("Where?"), choices=_choices(labels.AREA_LABELS), default=[])
    pain = RadioField(
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
    strength_loss = RadioField(
        _l("Less strength?"),
        choices=_choices(labels.STRENGTH_LOSS_LABELS),
        validators=[validators.Optional()],
    )
    limits = MultiCheckboxField(
        _l("Did pain make it hard to"), choices=_choices(labels.LIMITS_LABELS), default=[]
    )
    sleep = RadioField(
        _l("How did you sleep?"),
        choices=_choices(labels.SLEEP_LABELS),
        validators=[validators.Optional()],
    )
    fluid = RadioField(
        _l("How much did you drink yesterday?"),
        choices=_choices(labels.FLUID_LABELS),
        validators=[validators.Optional()],
    )
    activity = RadioField(
        _l("How much did you move yesterday?"),
        choices=_choices(labels.ACTIVITY_LABELS),
        validators=[validators.Optional()],
    )
    long_sitting = BooleanField(_l("I sat still for long stretches yesterday"))
    stress = RadioField(
        _l("How much stress?"),
        choices=_choices(labels.STRESS_LABELS),
        validators=[validators.Optional()],
    )
    alcohol = BooleanField(_l("I drank alcohol yesterday"))
    coffee = WholeNumberField(
        _l("Cups of coffee yesterday"),
        validators=[validators.Optional(), _range(0, contract.COFFEE_MAX)],
        render_kw={"inputmode": "numeric", "min": 0, "max": contract.COFFEE_MAX},
    )
    note = TextAreaField(
        _l("Note (only for you)"),
        validators=[
            validators.Length(
                max=contract.NOTE_MAX,
                message=_l("Keep this under %(max)s characters.", max=contract.NOTE_MAX),
            )
        ],
        render_kw={"rows": 3},  # no maxlength: a paste is counted and refused, never cut
    )

    def validate_date(self, field: Field) -> None:
        if field.data is None:
            return
        try:
            parse_date(field.data.isoformat(), not_future=True)
        except Invalid as exc:
            raise ValidationError(str(exc)) from None

    @staticmethod
    def data_from(checkin: dict[str, Any]) -> dict[str, Any]:
        """Form data from a contract check-in (for editing)."""
        data = dict(checkin)
        data["date"] = date.fromisoformat(checkin["date"])
        data["time"] = time.fromisoformat(checkin["time"]) if checkin["time"] else None
        return data

    def to_contract(self) -> dict[str, Any]:
        """The submitted values as a contract payload (the API validator checks it once more)."""
        data = {name: self[name].data for name in contract.CHECKIN_FIELD}
        data["date"] = self.date.data.isoformat()
        data["time"] = self.time.data.strftime("%H:%M") if self.time.data else None
        return data


class ProfileForm(FlaskForm):
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

    def validate_strength_training_since(self, field: Field) -> None:
        if field.data is None:
            return
        try:
            parse_date(field.data.isoformat(), not_future=True)
        except Invalid as exc:
            raise ValidationError(str(exc)) from None

    def to_contract(self) -> dict[str, Any]:
        data = {name: self[name].data for name in (f.name for f in contract.PROFILE_FIELDS)}
        since = self.strength_training_since.data
        data["strength_training_since"] = since.isoformat() if since else None
        return data


class ConfirmForm(FlaskForm):
    """No fields: a confirmed POST (delete, sign out, erase) that carries only the CSRF token."""
