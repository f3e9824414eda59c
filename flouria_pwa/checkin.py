"""The morning check-in: new, edit and delete."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import format_date
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug import Response

from .dates import now_local
from .extensions import db
from .forms import DAY_LABELS
from .forms import EVENING_FROM
from .forms import LIKE_LAST
from .forms import CheckInForm
from .forms import ConfirmForm
from .forms import HelpedForm
from .forms import like_last
from .forms import medicine_rows
from .forms import validated
from .helped import NotAsked
from .helped import open_questions
from .helped import set_effect
from .identity import diary_owner
from .identity import ensure_diary_owner
from .rules.contract import NOTE_MAX
from .rules.values import MedicineTaken
from .store import queries
from .store.models import CheckIn
from .tips.kept import selection_at_save
from .validation import validate_checkin

bp = Blueprint("checkin", __name__)


def _render_form(form: CheckInForm, *, editing: bool, status: int = 200) -> tuple[str, int]:
    form.word_for_its_time()
    page = _time_words() | _new_page()
    return render_template("checkin/form.html", form=form, editing=editing, **page), status


def _new_page() -> dict[str, Any]:
    """What the page of a new check-in says besides the form: today's latest check-in, if she
    already made one (a second visit the same day), all of today's (the heading says which
    check-in of the day this one is, offline too), the open "Hielp het?" questions, and the
    note's limit for the counter."""
    now = now_local()
    day = now.date()
    user = diary_owner()
    todays = queries.checkins_between(user, day, day)
    return {
        "today_date": day,
        "has_last": bool(todays) or queries.latest_checkin(user) is not None,
        "like_last_fields": LIKE_LAST,
        "earlier": todays[0] if todays else None,
        "todays_ids": [c.id for c in todays],
        "note_max": NOTE_MAX,
        "helped": open_questions(user, now),
        "helped_back": "",
    }


def _time_words() -> dict[str, Any]:
    """Both wordings of the questions that name a day, for the browser to switch between when
    she changes the time (checkin-form.js), and the time from which the evening's apply."""
    return {
        "evening_from": EVENING_FROM.strftime("%H:%M"),
        "day_labels": {name: (str(a), str(b)) for name, (a, b) in DAY_LABELS.items()},
    }


def _her_checkin_or_404(checkin_id: str) -> CheckIn:
    """Her check-in; 404 also for somebody else's (no hint that it exists)."""
    entry = queries.owned_checkin(diary_owner(), checkin_id)
    if entry is None:
        abort(404)
    return entry


def _save(form: CheckInForm, entry: CheckIn | None = None) -> Response | tuple[str, int]:
    """Check the form against the contract (the API's own check), then store it whole."""
    value = validated(form, lambda payload: validate_checkin(payload, stored=True))
    if value is None:
        return _render_form(form, editing=entry is not None, status=400)
    user = ensure_diary_owner()
    try:
        saved = queries.save_checkin(
            user, value, entry, tips=lambda row: selection_at_save(row, user)
        )
        db.session.commit()
    except queries.NotHers:
        abort(404)
    except queries.Deleted as refused:  # a form sent again after its check-in was deleted
        flash(refused.message)
        return redirect(url_for("diary.index"), code=303)
    except queries.DiaryFull as refused:
        form.form_errors.append(refused.message)
        return _render_form(form, editing=entry is not None, status=409)
    return redirect(url_for("tips.for_checkin", checkin_id=saved.id), code=303)


@bp.get("/")
def new() -> str:
    """Today's check-in. Never a redirect: the offline app shell caches this page.

    On the first visit the page opens with the short welcome (the profile questions) on top.
    """
    user = diary_owner()
    now = now_local()
    data: dict[str, Any] = {"id": str(uuid.uuid4()), "date": now.date(), "time": now.time()}
    # "Zoals gisteren" without JavaScript: her last check-in's where, cramp and medicines, marked.
    last = queries.latest_checkin(user) if request.args.get("zoals") == "gisteren" else None
    taken: tuple[MedicineTaken, ...] = ()
    if last is not None:
        copied = like_last(last.value().to_json())
        taken = tuple(MedicineTaken(**m) for m in copied.pop("medicines_taken", []))
        data |= copied
    mine = queries.profile_of(user).my_medicines
    data["medicines_taken"] = medicine_rows(taken, mine, now.strftime("%H:%M"))
    form = CheckInForm(data=data)
    form.word_for_its_time()
    first_run = user is None or user.profile is None
    # The notice of an earlier check-in today is outside the answers: the cached blank
    # answers stay the same for everyone.
    return render_template(
        "checkin/form.html",
        form=form,
        editing=False,
        first_run=first_run,
        answers=None if last else _blank_answers(form),
        copied_from=_when_of(last) if last else None,
        **_time_words(),
        **_new_page(),
    )


def _when_of(entry: CheckIn) -> str:
    """When her last check-in was, for the note on copied answers: "dinsdag 08:10" within the
    week, the date further back."""
    day = entry.date
    within_week = 0 <= (now_local().date() - day).days < 7
    words = format_date(day, "EEEE" if within_week else "EEEE d MMMM")
    return f"{words} {entry.time}" if entry.time else words


def _blank_answers(form: CheckInForm) -> Markup:
    """The answers of a new check-in: the same for everyone at the same part of the day, so
    rendered once per language and morning or evening (per app and process; a restart picks up
    changed templates)."""
    if current_app.debug or current_app.config.get("TEMPLATES_AUTO_RELOAD"):
        return Markup(render_template("checkin/_answers.html", form=form))  # edits show at once
    cache: dict[str, Markup] = current_app.extensions.setdefault("flouria.blank_answers", {})
    key = f"{get_locale()}{' evening' if form.evening() else ''}"
    if key not in cache:
        cache[key] = Markup(render_template("checkin/_answers.html", form=form))
    return cache[key]


@bp.post("/")
def create() -> Response | tuple[str, int]:
    form = CheckInForm()
    if not form.id.data:
        form.id.data = str(uuid.uuid4())
    return _save(form)


@bp.route("/checkin/<checkin_id>", methods=["GET", "POST"])
def edit(checkin_id: str) -> str | Response | tuple[str, int]:
    entry = _her_checkin_or_404(checkin_id)
    mine = queries.profile_of(diary_owner()).my_medicines
    form = CheckInForm(data=CheckInForm.data_from(entry.value(), mine))
    form.id.data = entry.id  # the id is never edited
    if form.is_submitted():
        return _save(form, entry)
    form.word_for_its_time()
    return render_template("checkin/form.html", form=form, editing=True, **_time_words())


@bp.post("/checkin/<checkin_id>/hielp-het")
def helped(checkin_id: str) -> Response | tuple[str, int]:
    """Her answer to "Hielp het?" for medicine `index` of her check-in (404 for anybody
    else's, or for an entry that is not an as-needed medicine)."""
    entry = _her_checkin_or_404(checkin_id)
    form = HelpedForm()
    back = url_for("tips.today") if form.back.data == "tips" else url_for("checkin.new")
    if not form.validate_on_submit():
        # (a missing or wrong CSRF token never gets here: CSRFProtect refuses it first)
        problems = [*form.effect.errors, *form.index.errors]
        message = str(problems[0]) if problems else _("Nothing has been saved yet.")
        return render_template("error.html", status=400, message=message), 400
    try:
        stored = set_effect(entry, form.index.data, form.effect.data)
    except NotAsked:
        abort(404)
    if stored:
        db.session.commit()
        flash(_("Thank you. Your answer has been saved."))
    return redirect(back, code=303)


@bp.route("/checkin/<checkin_id>/verwijderen", methods=["GET", "POST"])
def delete(checkin_id: str) -> str | Response:
    entry = _her_checkin_or_404(checkin_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        queries.delete_checkin(entry)
        db.session.commit()
        flash(_("The check-in has been deleted."))
        return redirect(url_for("diary.index"), code=303)
    return render_template("checkin/delete.html", entry=entry, form=form)
