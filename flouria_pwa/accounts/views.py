"""Accounts on top of the anonymous diary: save it with a password, sign in on another device,
recover with a one-time code, sign out.

Nobody has to sign up to start. "Bewaar je dagboek" gives the browser's anonymous diary a
username and password; the same user row stays, so every check-in moves along. Passwords are
hashed with scrypt (Werkzeug's default); sign-in and recovery are rate limited (`throttle`).
"""

from __future__ import annotations

from functools import cache

from flask import Blueprint
from flask import Response
from flask import abort
from flask import flash
from flask import make_response
from flask import redirect
from flask import render_template
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from .. import identity
from ..extensions import db
from ..forms import ConfirmForm
from ..store import accounts as store
from ..store import queries
from ..store.models import User
from . import recovery
from . import throttle
from .forms import CodesDownloadForm
from .forms import ConfirmPasswordForm
from .forms import RecoverForm
from .forms import SignInForm
from .forms import SignUpForm

bp = Blueprint("accounts", __name__, url_prefix="/account")

Page = str | Response | tuple[str, int]


@cache
def _dummy_hash() -> str:
    return generate_password_hash("not a password")


def _password_ok(user: User | None, password: str) -> bool:
    """Check the password; an unknown name costs the same time, so timing tells nothing."""
    if user is None or user.password_hash is None:
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(user.password_hash, password)


def _signed_in() -> User | None:
    user = identity.diary_owner()
    return user if user is not None and user.has_account else None


def _codes_page(user: User, codes: list[str], status: int = 200) -> tuple[str, int]:
    # formdata=None: this page answers a POST, whose own fields must not replace the codes.
    form = CodesDownloadForm(formdata=None, data={"codes": codes})
    return render_template("account/codes.html", user=user, codes=codes, form=form), status


def _too_many(template: str, form: object, **context: object) -> tuple[str, int]:
    message = _("Too many attempts. Wait 15 minutes and try again.")
    return render_template(template, form=form, refusal=message, **context), 429


def _taken(form: SignUpForm) -> tuple[str, int]:
    form.username.errors.append(_("This name is already taken. Choose another one."))
    return render_template("account/save.html", form=form), 400


@bp.route("/bewaren", methods=["GET", "POST"])
def save() -> Page:
    if _signed_in():
        return redirect(url_for("accounts.overview"), code=303)
    form = SignUpForm()
    if not form.validate_on_submit():
        return render_template("account/save.html", form=form), 400 if form.is_submitted() else 200
    if not throttle.sign_up_allowed():
        return _too_many("account/save.html", form)
    if store.account_named(form.username.data) is not None:
        return _taken(form)
    user = identity.ensure_diary_owner()
    user.username = form.username.data
    user.password_hash = generate_password_hash(form.password.data)
    codes = recovery.replace_codes(user)
    try:
        identity.become_account(user)  # commits
    except IntegrityError:  # the same name, saved a moment ago by somebody else
        db.session.rollback()
        return _taken(form)
    return _codes_page(user, codes)


def _anonymous_entries() -> int:
    """Check-ins of this browser's anonymous diary, which may join her account on sign-in."""
    return queries.count_checkins(identity.anonymous_user())


@bp.route("/inloggen", methods=["GET", "POST"])
def sign_in() -> Page:
    if _signed_in():
        return redirect(url_for("accounts.overview"), code=303)
    form = SignInForm()
    device_entries = _anonymous_entries()
    if not form.validate_on_submit():
        page = render_template("account/sign_in.html", form=form, device_entries=device_entries)
        return page, 400 if form.is_submitted() else 200
    username = form.username.data
    attempt = throttle.attempt(username, identity.trusted_device(username))
    if not attempt.allowed:
        return _too_many("account/sign_in.html", form, device_entries=device_entries)
    user = store.account_named(username)
    if not _password_ok(user, form.password.data):
        form.password.errors.append(_("This username and password do not match."))
        page = render_template("account/sign_in.html", form=form, device_entries=device_entries)
        return page, 400
    attempt.succeeded()
    identity.sign_in(user, adopt=bool(form.adopt.data))
    flash(_("You are signed in. Your whole diary is here."))
    return redirect(url_for("diary.index"), code=303)


@bp.route("/herstellen", methods=["GET", "POST"])
def recover() -> Page:
    form = RecoverForm()
    if not form.validate_on_submit():
        return render_template("account/recover.html", form=form), (
            400 if form.is_submitted() else 200
        )
    username = form.username.data
    attempt = throttle.attempt(username, identity.trusted_device(username))
    if not attempt.allowed:
        return _too_many("account/recover.html", form)
    user = store.account_named(username)
    if user is None or not recovery.use(user, form.code.data):
        form.code.errors.append(_("This code does not work for this username."))
        return render_template("account/recover.html", form=form), 400
    user.password_hash = generate_password_hash(form.password.data)
    identity.end_all_sessions(user)  # every other device is signed out
    db.session.commit()
    attempt.succeeded()
    identity.sign_in(user, adopt=False)
    left = recovery.remaining(user)
    flash(
        ngettext(
            "Your new password is set. You have %(num)d recovery code left.",
            "Your new password is set. You have %(num)d recovery codes left.",
            left,
        )
    )
    return redirect(url_for("accounts.overview"), code=303)


def _overview(user: User, form: ConfirmPasswordForm, **context: object) -> str:
    return render_template(
        "account/overview.html",
        user=user,
        left=recovery.remaining(user),
        form=form,
        everywhere=ConfirmForm(),
        **context,
    )


@bp.get("")
def overview() -> Page:
    user = _signed_in()
    if user is None:
        return redirect(url_for("accounts.save"), code=303)
    return _overview(user, ConfirmPasswordForm())


@bp.post("/herstelcodes")
def new_codes() -> Page:
    """New codes need her password, throttled like sign-in (a borrowed, unlocked phone)."""
    user = _signed_in()
    if user is None or user.username is None:
        abort(404)
    form = ConfirmPasswordForm()
    if not form.validate_on_submit():
        return _overview(user, form), 400
    attempt = throttle.attempt(user.username, identity.trusted_device(user.username))
    if not attempt.allowed:
        message = _("Too many attempts. Wait 15 minutes and try again.")
        return _overview(user, form, refusal=message), 429
    if not _password_ok(user, form.password.data):
        form.password.errors.append(_("This password is not right."))
        return _overview(user, form), 400
    attempt.succeeded()
    codes = recovery.replace_codes(user)
    db.session.commit()
    return _codes_page(user, codes)


@bp.post("/herstelcodes.txt")
def download_codes() -> Response:
    """The codes page posts its codes back; only her current unused codes are echoed."""
    user = _signed_in()
    form = CodesDownloadForm()
    codes = [c for c in (form.codes.data or []) if c]
    if user is None or not form.validate_on_submit() or not recovery.are_current(user, codes):
        abort(404)
    lines = [
        _("Flouria recovery codes for %(name)s", name=user.username),
        _("Each code works once to set a new password. Keep them somewhere safe."),
        "",
        *codes,
        "",
    ]
    response = make_response("\r\n".join(lines))
    response.mimetype = "text/plain"
    response.headers["Content-Disposition"] = 'attachment; filename="flouria-herstelcodes.txt"'
    return response


@bp.post("/overal-uitloggen")
def sign_out_everywhere() -> Response:
    """Every device, this one included, needs the password again (a lost phone, a shared one)."""
    user = _signed_in()
    form = ConfirmForm()
    if user is None or not form.validate_on_submit():
        abort(404)
    identity.end_all_sessions(user)
    db.session.commit()
    identity.sign_out()
    flash(_("You are signed out on every device."))
    return redirect(url_for("checkin.new"), code=303)


@bp.route("/uitloggen", methods=["GET", "POST"])
def sign_out() -> Page:
    if _signed_in() is None:  # an anonymous diary has no way back: nothing to sign out of
        return redirect(url_for("checkin.new"), code=303)
    form = ConfirmForm()
    if form.validate_on_submit():
        identity.sign_out()
        flash(_("You are signed out. What Flouria kept on this device has been removed."))
        return redirect(url_for("checkin.new"), code=303)
    return render_template("account/sign_out.html", form=form)
