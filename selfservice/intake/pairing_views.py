"""Pairing pages: the applicant's "Show to my interpreter", and the follower's view.

The applicant asks for a code (``POST /pair``), sees whether someone follows and decides
whether the follower sees the answers too; the follower types the code at ``/follow`` and
watches ``/follow/now``, which a script asks every moment for anything new (JSON) and which
without a script refreshes itself and has a button to refresh.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from markupsafe import Markup
from werkzeug.wrappers import Response

from selfservice import codes
from selfservice.extensions import limiter
from selfservice.i18n import N_, Text, current_locale
from selfservice.intake import pairing
from selfservice.intake.access import draft_required, opened_pairing
from selfservice.intake.models import Draft, Pairing
from selfservice.intake.pairing_screen import screen_of
from selfservice.intake.views import CODE_ATTEMPTS, STALE_FORM, ActionForm, ResumeForm

bp = Blueprint("pairing", __name__)

FOLLOWING = "following"  # the follower's session: [pairing id, token]
CODE_REFUSED = N_("Koden fungerar inte. Den kan vara fel skriven, redan använd eller avslutad. "
                  "Be den sökande visa en ny kod.")
NEW_QUESTION = N_("Ny fråga: %(title)s")
NOW_ON = {pairing.TASKS: N_("Den sökande är på översikten."),
          pairing.CHECK: N_("Den sökande kontrollerar sina svar."),
          "waiting": N_("Väntar på att den sökande öppnar en fråga.")}
ENDED = N_("Visningen är avslutad.")
# Pages an applicant may come back to from the pairing page.
RETURNS = ("/apply/", "/chat", "/tasks", "/check")


def _back() -> str:
    back = request.values.get("back", "")
    if back.startswith(RETURNS) and "//" not in back and "\\" not in back:
        return back
    return url_for("intake.tasks")


def _position_of(back: str) -> str | None:
    """Where the applicant was when asking for a code: the follower starts there."""
    parts = back.partition("?")[0].strip("/").split("/")
    if parts[0] == "apply" and 2 <= len(parts) <= 3:
        return pairing.step_position_of(parts[1], parts[2] if len(parts) == 3 else None)
    return {"tasks": pairing.TASKS, "check": pairing.CHECK}.get(parts[0])


def _wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) \
        == "application/json"


# --------------------------------------------------------------------- the applicant


@bp.post("/pair")
@draft_required
def begin(draft: Draft):
    """Give the applicant a fresh code to show (the code is shown once, on this page)."""
    if not ActionForm().validate():
        return redirect(_back())
    opened, code = pairing.start(draft=draft, locale=current_locale(),
                                 position=_position_of(_back()))
    opened_pairing()
    return _pair_page(opened, code=code)


@bp.get("/pair")
@draft_required
def manage(draft: Draft):
    return _pair_page(pairing.open_pairing(draft))


def _pair_page(opened: Pairing | None, code: str | None = None) -> str:
    follow_url = url_for(".follow", _external=True, lang=None)
    return render_template(
        "intake/pair.html", pairing=opened, code=code, back=_back(),
        follow_url=follow_url,
        qr=codes.qr_svg(f"{follow_url}?code={code.replace(' ', '')}") if code else None,
        action_form=ActionForm())


@bp.get("/pair/status")
@draft_required
def status(draft: Draft):
    """What the pairing page's status shows now, for its script."""
    opened = pairing.open_pairing(draft)
    html = render_template("intake/_pair_status.html", pairing=opened)
    words = Markup(html).striptags()  # noqa: S704 (our own template, read as plain text)
    return jsonify(version=opened.version if opened else 0, html=html, ended=opened is None,
                   announce=words)


@bp.post("/pair/answers")
@draft_required
def answers(draft: Draft):
    opened = pairing.open_pairing(draft)
    if opened is not None and ActionForm().validate():
        pairing.show_answers(pairing=opened, shown=request.form.get("show") == "yes")
    return redirect(url_for(".manage", back=_back()))


@bp.post("/pair/end")
@draft_required
def end(draft: Draft):
    opened = pairing.open_pairing(draft)
    if opened is not None and ActionForm().validate():
        pairing.end(pairing=opened, by=pairing.BY_APPLICANT)
    return redirect(_back())


# --------------------------------------------------------------------- the follower


def _followed() -> Pairing | None:
    pairing_id, token = (session.get(FOLLOWING) or [None, None])[:2]
    return pairing.followed(pairing_id, token)


@bp.route("/follow", methods=["GET", "POST"])
@limiter.limit(CODE_ATTEMPTS, methods=["POST"])
def follow():
    """Ask for the code the applicant shows; the right one opens the view on this device."""
    form = ResumeForm(data={"code": request.args.get("code", "")})
    errors: dict[str, Text] = {}
    if form.is_submitted():
        joined = pairing.join(form.code.data or "") if form.validate() else None
        if joined is not None:
            opened, token = joined
            session[FOLLOWING] = [opened.id, token]
            return redirect(url_for(".now"))
        errors["code"] = Text(STALE_FORM if "csrf_token" in form.errors else CODE_REFUSED)
    return render_template("intake/follow.html", form=form, errors=errors,
                           following=_followed())


@bp.get("/follow/now")
def now() -> Response | str:
    followed = _followed()
    if followed is None:
        if _wants_json():
            return jsonify(version=0, ended=True)
        return redirect(url_for(".follow"))
    live = followed.ended_at is None
    if _wants_json():
        return _now_json(followed, live)
    return render_template("intake/following.html", pairing=followed, live=live,
                           screen=screen_of(followed) if live else None, now_on=NOW_ON,
                           auto=request.args.get("auto") != "0")


def _now_json(followed: Pairing, live: bool) -> Response:
    since = request.args.get("since", "")
    if since == str(followed.version):
        return jsonify(version=followed.version, ended=not live)
    screen = screen_of(followed) if live else None
    if not live:
        announce = str(Text(ENDED))
    elif screen.title is not None:
        announce = str(Text(NEW_QUESTION, {"title": screen.title.swedish}))
    else:
        announce = str(Text(NOW_ON[screen.where]))
    html = render_template("intake/_follow_screen.html", live=live, screen=screen,
                           now_on=NOW_ON)
    return jsonify(version=followed.version, ended=not live, html=html, announce=announce)


@bp.post("/follow/stop")
def stop():
    """The follower stops following; the applicant's page no longer says anyone follows."""
    followed = _followed()
    if followed is not None and ActionForm().validate():
        pairing.end(pairing=followed, by=pairing.BY_FOLLOWER)
    session.pop(FOLLOWING, None)
    return redirect(url_for(".follow"))
