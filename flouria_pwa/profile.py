"""The short first-run welcome and the profile page (asked once, editable later)."""

from __future__ import annotations

from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext as _
from werkzeug import Response

from .extensions import db
from .forms import ProfileForm
from .forms import validated
from .identity import diary_owner
from .identity import ensure_diary_owner
from .store import queries
from .validation import validate_profile

bp = Blueprint("profile", __name__)


def _handle(template: str, next_endpoint: str, message: str) -> str | Response | tuple[str, int]:
    form = ProfileForm(data=ProfileForm.data_from(queries.profile_of(diary_owner())))
    if form.is_submitted():
        value = validated(form, lambda payload: validate_profile(payload, prefix=""))
        if value is not None:
            queries.set_profile(ensure_diary_owner(), value)
            db.session.commit()
            flash(message)
            return redirect(url_for(next_endpoint), code=303)
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
