"""Forms for the account pages: save the diary, sign in, recover, new codes, import."""

from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from flask_wtf.file import FileRequired
from wtforms import BooleanField
from wtforms import Field
from wtforms import FieldList
from wtforms import HiddenField
from wtforms import PasswordField
from wtforms import StringField
from wtforms import ValidationError
from wtforms import validators

PASSWORD_MIN = 8
PASSWORD_MAX = 200


def normalise_username(value: str | None) -> str:
    """Names compare without case, width or surrounding spaces: 'Ａnna@Mail.nl ' is
    'anna@mail.nl'. Invisible characters are dropped, so no name can pass for another."""
    text = unicodedata.normalize("NFKC", value or "")
    visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return visible.strip().casefold()


def _username_field() -> StringField:
    return StringField(
        _l("Username or e-mail address"),
        filters=[normalise_username],
        validators=[
            validators.InputRequired(_l("Fill in a username or e-mail address.")),
            validators.Length(min=3, max=254, message=_l("Use between 3 and 254 characters.")),
            validators.Regexp(r"^\S+$", message=_l("Use no spaces in your username.")),
        ],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )


def _new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            validators.InputRequired(_l("Choose a password.")),
            validators.Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=_l("Use at least %(min)d characters.", min=PASSWORD_MIN),
            ),
        ],
        render_kw={"autocomplete": "new-password", "minlength": PASSWORD_MIN},
    )


def _repeat_field() -> PasswordField:
    return PasswordField(
        _l("Password again"),
        validators=[
            validators.InputRequired(_l("Type the password once more.")),
            validators.EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class SignUpForm(FlaskForm):
    username = _username_field()
    password = _new_password_field(_l("Password"))
    repeat = _repeat_field()


class SignInForm(FlaskForm):
    username = _username_field()
    password = PasswordField(
        _l("Password"),
        validators=[validators.InputRequired(_l("Fill in your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    adopt = BooleanField(_l("Add the check-ins on this device to my diary"), default=True)


class RecoverForm(FlaskForm):
    username = _username_field()
    code = StringField(
        _l("Recovery code"),
        validators=[validators.InputRequired(_l("Fill in one of your recovery codes."))],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = _new_password_field(_l("New password"))
    repeat = _repeat_field()


class ConfirmPasswordForm(FlaskForm):
    """New recovery codes ask for the password, so a borrowed phone cannot take over."""

    password = PasswordField(
        _l("Your password"),
        validators=[validators.InputRequired(_l("Fill in your password."))],
        render_kw={"autocomplete": "current-password"},
    )


class CodesDownloadForm(FlaskForm):
    """The codes page posts its codes back so they can be downloaded as a file."""

    codes = FieldList(HiddenField(), min_entries=0, max_entries=20)


class ImportForm(FlaskForm):
    file = FileField(
        _l("Flouria file (.json)"),
        validators=[FileRequired(_l("Choose the file you exported from Flouria."))],
        render_kw={"accept": "application/json,.json"},
    )

    def validate_file(self, field: Field) -> None:
        if field.data and not (field.data.filename or "").lower().endswith(".json"):
            raise ValidationError(_l("Choose a .json file exported from Flouria."))
