"""Signing in and out of the caseworker area, and keeping a session alive on request."""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField

from selfservice.accounts import sessions
from selfservice.accounts.auth import authenticate, role_required
from selfservice.database import utcnow
from selfservice.extensions import account_tried, limiter
from selfservice.i18n import N_, Text

bp = Blueprint("accounts", __name__, url_prefix="/caseworker")

SIGN_IN_FAILED = N_("Fel användarnamn eller lösenord, eller kontot är tillfälligt låst. "
                    "Försök igen om en stund.")


class SignInForm(FlaskForm):
    username = StringField()
    password = PasswordField()


class ActionForm(FlaskForm):
    """Only a CSRF token: for buttons that change something."""


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/caseworker") and not target.startswith("//"):
        return target
    return url_for("review.queue")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"], key_func=account_tried)
@limiter.limit("100 per minute", methods=["POST"])
def sign_in():
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        user = authenticate(form.username.data or "", form.password.data or "")
        if user is not None:
            sessions.renew_browser_session()
            response = redirect(_safe_next(request.args.get("next")))
            response.set_cookie(sessions.COOKIE, sessions.start_session(user), httponly=True,
                                secure=current_app.config["SESSION_COOKIE_SECURE"],
                                samesite="Strict", path="/")
            return response
        error = Text(SIGN_IN_FAILED)
    elif form.is_submitted():
        error = Text(SIGN_IN_FAILED)
    return render_template("accounts/sign_in.html", form=form, error=error), 200


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
