"""The applicant's page "who opened my application": the reference code and the secret from
the confirmation (or the PDF) show when staff opened it, which unit and what they did.

Wrong pairs get one neutral answer, whichever half was wrong, and count against a limit per
address and per reference code, so neither a guesser with many addresses nor one with many
codes gets far. Nothing of the look-up is logged: it is a POST, so the secret is in no URL.
"""

from __future__ import annotations

from babel.dates import format_date, format_time
from flask import Blueprint, current_app, g, render_template, request
from flask_limiter import RequestLimit
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField

from selfservice import codes
from selfservice.clock import swedish
from selfservice.extensions import limiter
from selfservice.i18n import N_, Text, current_locale, stands_for
from selfservice.records.access_log import AccessLogEntry, open_access_log, reference_of

bp = Blueprint("access_log", __name__)

NOT_FOUND = N_("Vi kan inte visa någon logg för de uppgifterna. Kontrollera referensnumret och "
               "koden och skriv dem igen.")
TOO_MANY = N_("Du har skrivit fel för många gånger. Vänta en timme och försök igen.")
STALE = N_("Sidan hann bli för gammal. Skriv referensnumret och koden igen.")
ROBOTS = "noindex, nofollow"


class LookupForm(FlaskForm):
    reference = StringField()
    secret = StringField()


def _refused(_response: Response) -> bool:
    """Count only wrong pairs: a person who gets it right can look again and again."""
    return bool(g.get("access_log_refused"))


def _reference_tried() -> str:
    typed = request.form.get("reference") or ""
    return "access-log:" + (reference_of(typed) or codes.normalise(typed)[:16])


def _too_many(_limit: RequestLimit) -> Response:
    return _page(LookupForm(), error=Text(TOO_MANY), status=429)


def _page(form: LookupForm, *, error: Text | None = None,
          entries: list[AccessLogEntry] | None = None, status: int = 200) -> Response:
    years, days = _kept_for(current_app.config["AUDIT_RETENTION_DAYS"])
    response = current_app.make_response((render_template(
        "intake/access_log.html", form=form, error=error, entries=entries,
        reference=reference_of(form.reference.data or ""), kept_years=years, kept_days=days,
        when=_when), status))
    response.headers["X-Robots-Tag"] = ROBOTS
    return response


def _kept_for(days: int) -> tuple[int | None, int]:
    """Return how long entries are kept in whole years where that is what the setting says
    (1826 days is five years with a leap day), else None and the days."""
    years = round(days / 365.25)
    return (years, days) if years and abs(years * 365.25 - days) <= 1 else (None, days)


def _when(entry: AccessLogEntry) -> str:
    """Return when an act happened, in Swedish time, written the way the page's language
    writes dates and times."""
    moment = swedish(entry.at)
    locale = current_locale()
    day = format_date(moment, "long", locale=locale)
    return f"{day} {format_time(moment, 'HH:mm', locale=locale)}"


@bp.get("/who-opened")
def lookup():
    """Ask for the reference code and the secret."""
    return _page(LookupForm(formdata=None))


@bp.post("/who-opened")
@limiter.limit("20 per hour", methods=["POST"], deduct_when=_refused, on_breach=_too_many)
@limiter.limit("10 per hour", methods=["POST"], key_func=_reference_tried, deduct_when=_refused,
               on_breach=_too_many)
def show():
    """Show the acts on the application, or one neutral message for any wrong pair."""
    stands_for("access_log.lookup")  # the language switch opens the empty form, not the result
    form = LookupForm()
    if not form.validate():
        return _page(form, error=Text(STALE))
    entries = open_access_log(reference_code=form.reference.data or "",
                              secret=form.secret.data or "")
    if entries is None:
        g.access_log_refused = True
        return _page(form, error=Text(NOT_FOUND))
    return _page(form, entries=entries)
