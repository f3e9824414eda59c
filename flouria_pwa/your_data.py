"""Her data, her choice: export (JSON, CSV), import, erase everything, and the privacy page."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint
from flask import Response
from flask import flash
from flask import redirect
from flask import render_template
from flask import stream_with_context
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import OperationalError

from . import export
from . import identity
from .accounts import throttle
from .accounts.forms import ImportForm
from .dates import today
from .extensions import db
from .forms import ConfirmForm
from .store import queries

bp = Blueprint("your_data", __name__)

Page = str | Response | tuple[str, int]


def _download(chunks: Iterator[str], mimetype: str, suffix: str) -> Response:
    name = f"flouria-{today().isoformat()}.{suffix}"
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _page(form: ImportForm, status: int = 200) -> tuple[str, int]:
    user = identity.diary_owner()
    count = queries.count_checkins(user)
    return render_template("your_data/index.html", form=form, user=user, count=count), status


@bp.get("/gegevens/")
def index() -> Page:
    return _page(ImportForm())


@bp.get("/gegevens/flouria.json")
def export_json() -> Response:
    return _download(export.json_chunks(identity.diary_owner()), "application/json", "json")


@bp.get("/gegevens/flouria.csv")
def export_csv() -> Response:
    return _download(export.csv_chunks(identity.diary_owner()), "text/csv", "csv")


@bp.post("/gegevens/importeren")
def import_file() -> Page:
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    try:
        file = export.read(form.file.data.read())
    except export.ImportProblem as problem:
        form.file.errors.append(str(problem))
        return _page(form, 400)
    user = identity.ensure_diary_owner()
    try:
        result = export.restore(user, file)
    except queries.DiaryFull as full:
        db.session.rollback()
        form.file.errors.append(full.message)
        return _page(form, 400)
    try:
        db.session.commit()
    except (IntegrityError, OperationalError):  # the same file, imported twice at one moment
        db.session.rollback()
        form.file.errors.append(
            _("This file was being imported at the same moment. Look in your diary, or try again.")
        )
        return _page(form, 409)
    flash(
        ngettext(
            "Import done: %(num)d check-in added, %(updated)d updated, %(same)d already there.",
            "Import done: %(num)d check-ins added, %(updated)d updated, %(same)d already there.",
            result.added,
            updated=result.updated,
            same=result.unchanged,
        )
    )
    if result.deleted:
        flash(
            ngettext(
                "%(num)d check-in in the file was deleted from your diary: it stays deleted.",
                "%(num)d check-ins in the file were deleted from your diary: they stay deleted.",
                result.deleted,
            )
        )
    return redirect(url_for("diary.index"), code=303)


@bp.route("/gegevens/wissen", methods=["GET", "POST"])
def erase() -> Page:
    form = ConfirmForm()
    user = identity.diary_owner()
    if form.validate_on_submit():
        if user is not None:
            name = user.username
            queries.erase(user, throttle.account_key(name) if name is not None else None)
            db.session.commit()
        identity.sign_out(forget_diary=True)
        flash(_("Everything is erased. Nothing of your diary is left with us or on this device."))
        return redirect(url_for("checkin.new"), code=303)
    return render_template("your_data/erase.html", form=form, user=user)


@bp.get("/privacy")
def privacy() -> str:
    return render_template(
        "your_data/privacy.html",
        window_minutes=int(throttle.WINDOW.total_seconds() // 60),
    )
