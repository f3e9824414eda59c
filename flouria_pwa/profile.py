"""The short first-run welcome and the profile page (asked once, editable later)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext as _
from werkzeug import Response

from .forms import ProfileForm
from .identity import diary_owner
from .identity import ensure_diary_owner
from .store import queries
from .validation import validate_profile

bp = Blueprint("profile", __name__)


def _form_data() -> dict:
    data = queries.profile_of(diary_owner())
    since = data["strength_training_since"]
    if since:
        data["strength_training_since"] = date.fromisoformat(since)
    return data


def _handle(template: str, next_endpoint: str, message: str) -> str | Response | tuple[str, int]:
    form = ProfileForm(data=_form_data())
    if form.is_submitted():
        if form.validate():
            data, errors = validate_profile(form.to_contract(), prefix="")
            if not errors:
                queries.save_profile(ensure_diary_owner(), data)
                flash(message)
                return redirect(url_for(next_endpoint), code=303)
            for name, error in errors.items():
                form[name].errors = [*form[name].errors, error]
        return render_template(template, form=form), 400
    return render_template(template, form=form)


@bp.route("/welkom", methods=["GET", "POST"])
def welcome() -> str | Response | tuple[str, int]:
    return _handle(
        "profile/welcome.html", "checkin.new", _("Thank you. Here is your first check-in.")
    )


@bp.route("/profiel", methods=["GET", "POST"])
def edit() -> str | Response | tuple[str, int]:
    return _handle("profile/edit.html", "profile.edit", _("Your profile has been saved."))
