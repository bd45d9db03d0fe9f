"""Signing in and out of the caseworker area, and keeping a session alive on request."""

from __future__ import annotations

import math
import re
import time

from flask import (
    Blueprint,
    current_app,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField

from selfservice import database
from selfservice.accounts import second_factor, sessions, throttle
from selfservice.accounts.auth import authenticate, role_required
from selfservice.accounts.models import User
from selfservice.database import utcnow
from selfservice.extensions import limiter
from selfservice.i18n import N_, Text, counted_text
from selfservice.inputs import Typed, local_path, refusal

bp = Blueprint("accounts", __name__, url_prefix="/caseworker")

CODE_WRONG = N_("Koden stämmer inte. Skriv de sex siffrorna som appen visar nu, eller en "
                "av dina reservkoder.")
PENDING = "second_factor"  # the Flask session's note of a user whose password was right
PENDING_SECONDS = 300
SIGN_IN_FAILED = N_("Fel användarnamn eller lösenord. Kontrollera dem och försök igen.")


class SignInForm(FlaskForm):
    username = StringField(validators=[Typed(User.username)])
    password = PasswordField()


class CodeForm(FlaskForm):
    code = StringField()


class ActionForm(FlaskForm):
    """Only a CSRF token: for buttons that change something."""


def _safe_next(target: str | None) -> str:
    return local_path(target, under="/caseworker") or url_for("review.queue")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("100 per minute", methods=["POST"])
def sign_in():
    form = SignInForm()
    error, status, wait = None, 200, 0
    if form.validate_on_submit():
        username, address = form.username.data or "", get_remote_address()
        wait = throttle.begin_attempt(username=username, address=address)
        user = authenticate(username, form.password.data or "") if not wait else None
        if user is not None:
            throttle.succeeded(username=username, address=address)
            target = _safe_next(request.args.get("next"))
            # A new browser session (a new CSRF token) once the password is right, again
            # once signed in: nothing planted in the old one carries over.
            sessions.renew_browser_session()
            if not second_factor.required():
                return _signed_in(redirect(target), user)
            # The password is right: the code comes next, within a few minutes.
            session[PENDING] = {"user": user.id, "at": int(time.time()), "next": target}
            return redirect(url_for(".second_factor_page"))
        error, status = (_wait_text(wait), 429) if wait else (Text(SIGN_IN_FAILED), 200)
    elif form.is_submitted():
        error = refusal(form.username) or Text(SIGN_IN_FAILED)
    response = current_app.make_response(
        (render_template("accounts/sign_in.html", form=form, error=error), status))
    if wait:
        response.headers["Retry-After"] = str(wait)
    return response


def _wait_text(seconds: int) -> Text:
    """Say how long to wait, in seconds or (over a minute and a half) whole minutes."""
    if seconds <= 90:
        return counted_text("För många misslyckade inloggningar. Vänta %(num)s sekund och "
                            "försök sedan igen.",
                            "För många misslyckade inloggningar. Vänta %(num)s sekunder och "
                            "försök sedan igen.", seconds)
    return counted_text("För många misslyckade inloggningar. Vänta %(num)s minut och försök "
                        "sedan igen.",
                        "För många misslyckade inloggningar. Vänta %(num)s minuter och "
                        "försök sedan igen.", math.ceil(seconds / 60))


def _signed_in(response: Response, user: User) -> Response:
    """Give the browser the new server-side session of a user who has signed in."""
    sessions.renew_browser_session()
    response.set_cookie(sessions.COOKIE, sessions.start_session(user), httponly=True,
                        secure=current_app.config["SESSION_COOKIE_SECURE"],
                        samesite="Strict", path="/")
    return response


def _pending_user(pending: dict | None) -> User | None:
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = database.session().get(User, pending.get("user"))
    return user if user is not None and user.active else None


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def second_factor_page():
    """The code from the authenticator app (or a recovery code); the first time, set it up."""
    pending = session.get(PENDING)
    user = _pending_user(pending)
    if user is None:
        session.pop(PENDING, None)
        return redirect(url_for(".sign_in"))
    enrolling = not user.enrolled
    secret = second_factor.opened_for_enrolment(user, pending.get("secret")) \
        if enrolling else None
    if enrolling and secret is None:
        secret = second_factor.new_secret()
        session[PENDING] = pending = {
            **pending, "secret": second_factor.sealed_for_enrolment(user, secret)}
    form, error = CodeForm(), None
    if form.validate_on_submit():
        if enrolling:
            recovery = second_factor.enrol(user, secret, form.code.data or "")
            if recovery is not None:
                session.pop(PENDING, None)
                return _signed_in(make_response(render_template(
                    "accounts/recovery_codes.html", codes=recovery, next=pending["next"])), user)
        elif second_factor.verify(user, form.code.data or ""):
            session.pop(PENDING, None)
            return _signed_in(redirect(pending["next"]), user)
        error = Text(CODE_WRONG)
    elif form.is_submitted():
        error = Text(CODE_WRONG)
    return render_template(
        "accounts/second_factor.html", form=form, error=error, enrolling=enrolling,
        qr=second_factor.qr_svg(user, secret) if enrolling else None,
        # Shown in groups of four, as the apps accept it typed (spaces are ignored).
        secret=" ".join(re.findall(".{1,4}", secret)) if enrolling else None,
        recovery_left=None if enrolling else second_factor.recovery_left(user),
    ), 400 if error else 200


@bp.post("/sign-out")
def sign_out():
    # No CSRF token is needed to end a session: a stale page (or a forged post, which the
    # Strict cookie and the cross-site check keep out anyway) can only sign its holder out,
    # and a sign-out that left the session alive on the server would be worse.
    sessions.end_session(request.cookies.get(sessions.COOKIE))
    sessions.renew_browser_session()
    response = redirect(url_for("accounts.sign_in"))
    response.delete_cookie(sessions.COOKIE, path="/")
    return response


@bp.get("/session")
@role_required("caseworker", "admin")
def session_status():
    """Tell the page how long is left before the idle timeout (polled by the warning script)."""
    held = g.user_session
    idle_left = sessions.idle_timeout() - (utcnow() - held.last_seen_at)
    absolute_left = held.ends_at - utcnow()
    return jsonify(seconds_left=max(0, int(min(idle_left, absolute_left).total_seconds())))


@bp.post("/session")
@role_required("caseworker", "admin")
def extend_session():
    """Keep the session alive (the request itself counts as activity)."""
    if not ActionForm().validate():
        return jsonify(ok=False), 400
    return jsonify(ok=True, user=current_user.username)
