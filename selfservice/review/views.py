"""The caseworker area: queue, record, identity reveal, ratings, prompts and the audit log."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_limiter import RequestLimit
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import (
    StringField,
    TextAreaField,
)

from selfservice import database
from selfservice.accounts.auth import role_required
from selfservice.bidi import left_to_right
from selfservice.clock import swedish_date, swedish_time
from selfservice.database import utcnow
from selfservice.documents.download import pdf_download
from selfservice.documents.services import (
    application_filename,
    exported_pdf,
)
from selfservice.extensions import limiter, signed_in_user
from selfservice.i18n import N_, Number, Text, languages, stands_for
from selfservice.inputs import Typed, page_number, refusal
from selfservice.records import services as records
from selfservice.records.audit import action_label, record_event, search_entries
from selfservice.records.layout import IDENTIFYING
from selfservice.records.models import AuditEntry
from selfservice.review import reveals, services
from selfservice.review.booking import interpreter_booking
from selfservice.review.record_page import record_page, template_values
from selfservice.spreadsheet import csv_download, to_csv

bp = Blueprint("review", __name__, url_prefix="/caseworker")
STAFF = ("caseworker", "admin")
REASON_MISSING = N_("Skriv varför du behöver se identiteten.")
JUSTIFICATION_MISSING = N_("Skriv en kort motivering (högst %(max)s tecken).")
# The justification is sealed, so no column says how long it may be.
JUSTIFICATION_LIMIT = 2000
CATEGORY_MISSING = N_("Välj en kategori. Det du skrev finns kvar.")
DATE_MISSING = N_("Skriv datumet för bedömningen som år-månad-dag, till exempel %(example)s.")
DATE_IN_FUTURE = N_("Datumet för bedömningen kan inte vara senare än i dag.")
RATING_SAVED = N_("Bedömningen för person %(number)s är sparad.")
STALE_FORM = N_("Sidan hann bli för gammal. Det du skrev finns kvar – spara igen.")
NOT_FOUND = N_("Ingen ansökan hittades.")


class ActionForm(FlaskForm):
    """Only a CSRF token: for buttons that change something."""


class RevealForm(FlaskForm):
    reason = StringField(validators=[Typed(AuditEntry.reason)])


class RatingForm(FlaskForm):
    justification = TextAreaField(validators=[Typed(limit=JUSTIFICATION_LIMIT,
                                                    multiline=True)])


class AuditSearchForm(FlaskForm):
    """The audit log's search; a GET form that changes nothing, so no CSRF token."""

    class Meta:
        csrf = False

    reference = StringField(validators=[Typed(AuditEntry.reference_code)])
    user = StringField(validators=[Typed(AuditEntry.user)])


class FindForm(FlaskForm):
    reference = StringField()
    identity_number = StringField()


def _record_or_404(reference: str):
    record = records.find_by_reference(reference)
    if record is None:
        abort(404)
    return record


@bp.get("/")
@role_required(*STAFF)
def queue():
    interpreter = {"yes": True, "no": False}.get(request.args.get("interpreter", ""))
    filters = services.QueueFilter(status=request.args.get("status") or None,
                                   language=_one_of(request.args.get("language"),
                                                    languages()),
                                   category=request.args.get("category") or None,
                                   interpreter=interpreter,
                                   responsible=current_user.id
                                   if request.args.get("mine") == "1" else None)
    found = services.queue(filters=filters, page=page_number(request.args.get("page")),
                           order=request.args.get("order"))
    urgent, urgent_total = services.urgent_waiting()
    return render_template("review/queue.html", rows=found.rows, total=found.total,
                           urgent=urgent, urgent_total=urgent_total,
                           page=found.page, pages=found.pages, order=found.order,
                           orders=services.ORDERS, filters=filters,
                           responsible=services.responsible_names(found.rows + urgent),
                           booking=interpreter_booking,
                           statuses=services.caseworker_terms().status_codes, find_form=FindForm(),
                           reveal_flags=_reveal_flags())


def _reveal_flags() -> list[AuditEntry]:
    """Caseworkers who reached the limit on reveals lately: for administrators only."""
    return reveals.recent_flags() if current_user.role == "admin" else []


def _one_of(value: str | None, known) -> str | None:
    return value if value in known else None


@bp.post("/find")
@role_required(*STAFF)
@limiter.limit("30 per minute", key_func=signed_in_user)
def find():
    """Find by reference code or identity number; the number travels in a POST, never a URL."""
    form = FindForm()
    found = []
    if form.validate():
        if form.reference.data:
            record = records.find_by_reference(form.reference.data)
            found = [record] if record else []
        elif form.identity_number.data:
            found = records.find_by_identity_number(form.identity_number.data)
            # The person looked up, not everyone of every household found: a person with
            # many applications would not fit the column.
            record_event(user=current_user.username, action="lookup_identity_number",
                         subject=",".join(records.pseudonyms_of_identity_number(
                             form.identity_number.data)) if found else "-",
                         reason=f"{len(found)} found")
            database.session().commit()
    if len(found) == 1:
        return redirect(url_for(".record", reference=found[0].reference_code))
    return render_template("review/found.html", found=found, message=None if found
                           else Text(NOT_FOUND), find_form=form)


def _render_record(record, *, identity=None, errors=None, typed=None, status=200):
    stands_for("review.record", reference=record.reference_code)  # also after a POST
    page = record_page(record, identity)
    return render_template(
        "review/record.html", **template_values(page), identifying=IDENTIFYING,
        errors=errors or {}, typed=typed or {}, today=swedish_date(utcnow()).isoformat(),
        statuses=services.caseworker_terms().status_codes,
        responsible=services.responsible_names([record]).get(record.responsible_user_id),
        reveal_form=RevealForm(), rating_form=RatingForm(), action_form=ActionForm(),
        guide=current_app.extensions.get("mi_guide")), status


@bp.get("/records/<reference>")
@role_required(*STAFF)
def record(reference: str):
    found = _record_or_404(reference)
    services.open_record(record=found, user=current_user)
    return _render_record(found)[0]


def _too_many_reveals(_limit: RequestLimit) -> Response:
    reveals.flag_unusual()
    found = _record_or_404(request.view_args["reference"])
    return current_app.make_response(_render_record(
        found, errors={"reason": reveals.limit_reached()}, status=429))


@bp.post("/records/<reference>/reveal")
@role_required(*STAFF)
@limiter.limit(reveals.per_hour, key_func=signed_in_user, deduct_when=reveals.made,
               on_breach=_too_many_reveals)
def reveal(reference: str):
    found = _record_or_404(reference)
    form = RevealForm()
    if not form.validate() or not form.reason.data:
        problem = refusal(form.reason) or Text(REASON_MISSING)
        return _render_record(found, errors={"reason": problem}, status=400)
    identity = records.reveal_identity(record=found, user=current_user.username,
                                       reason=form.reason.data)
    return _render_record(found, identity=identity)


@bp.post("/records/<reference>/ratings/<int:position>")
@role_required(*STAFF)
def rate(reference: str, position: int):
    found = _record_or_404(reference)
    form = RatingForm()
    valid = form.validate()
    typed = {"category": request.form.get("category", ""),
             "rehabilitation": request.form.get("rehabilitation", ""),
             "justification": form.justification.data or "",
             # The meeting's date; left out, today (Swedish date), as the form suggests.
             "assessed_on": request.form.get("assessed_on")
             or swedish_date(utcnow()).isoformat()}
    problem = refusal(form.justification) or (
        _rating_problem(found, position, typed) if valid else Text(STALE_FORM))
    if problem is not None:
        # Everything typed comes back with the reason, at the person's rating.
        return _render_record(found, errors={f"rating-{position}": problem},
                              typed={position: typed}, status=400)
    services.add_rating(record=found, position=position, category=typed["category"],
                        rehabilitation=typed["rehabilitation"] or None,
                        justification=typed["justification"],
                        assessed_on=date.fromisoformat(typed["assessed_on"]), user=current_user)
    flash(str(Text(RATING_SAVED, {"number": position})))
    return redirect(url_for(".record", reference=reference, _anchor=f"person-{position}"))


def _rating_problem(record, position: int, typed: dict[str, str]) -> Text | None:
    terms = services.caseworker_terms()
    if position not in {p.position for p in record.people}:
        abort(404)
    if typed["category"] not in terms.category_codes:
        return Text(CATEGORY_MISSING)
    if typed["rehabilitation"] and typed["rehabilitation"] not in terms.rehabilitation_codes:
        return Text(CATEGORY_MISSING)
    if not typed["justification"]:
        return Text(JUSTIFICATION_MISSING, {"max": Number(JUSTIFICATION_LIMIT)})
    try:
        day = date.fromisoformat(typed["assessed_on"])
    except ValueError:
        return Text(DATE_MISSING, {"example": left_to_right("2026-12-04")})
    if day > swedish_date(utcnow()):
        return Text(DATE_IN_FUTURE)
    return None


@bp.get("/records/<reference>/pdf")
@role_required(*STAFF)
def pdf(reference: str):
    """The applicant's document in their language and Swedish, without identity; audited."""
    found = _record_or_404(reference)
    return pdf_download(
        lambda: exported_pdf(record=found, language=found.locale, user=current_user.username,
                             reason="Handläggarens nedladdning", with_identity=False),
        application_filename(found.reference_code))


@bp.post("/records/<reference>/status")
@role_required(*STAFF)
def status(reference: str):
    found = _record_or_404(reference)
    if ActionForm().validate() and \
            request.form.get("status") in services.caseworker_terms().status_codes:
        services.set_status(record=found, status=request.form["status"], user=current_user)
    return redirect(url_for(".record", reference=reference))


@bp.post("/records/<reference>/assign")
@role_required(*STAFF)
def assign(reference: str):
    """Take the record (or give it up): the caseworker responsible for the household."""
    found = _record_or_404(reference)
    if ActionForm().validate():
        services.assign(record=found, user=current_user,
                        responsible=None if request.form.get("release") else current_user)
    return redirect(url_for(".record", reference=reference))


@bp.post("/records/<reference>/prompts")
@role_required(*STAFF)
def prompts(reference: str):
    found = _record_or_404(reference)
    if ActionForm().validate():
        services.set_prompts_used(record=found, used=_ticked_prompts(found), user=current_user)
    return redirect(url_for(".record", reference=reference, _anchor="prompts"))


def _ticked_prompts(record) -> set[tuple[str, int | None]]:
    """Read the ticked boxes ("prompt_id" or "prompt_id:position") of known prompts."""
    known = {p.id for p in current_app.extensions["mi_guide"].prompts}
    positions = {p.position for p in record.people}
    ticked = set()
    for value in request.form.getlist("prompt"):
        prompt_id, _, position = value.partition(":")
        number = int(position) if position.isdigit() else None
        if prompt_id in known and (number is None or number in positions):
            ticked.add((prompt_id, number))
    return ticked


@bp.get("/audit")
@role_required("admin")
def audit_log():
    """The log, newest first; searched by reference code, user or Swedish date."""
    page = page_number(request.args.get("page"))
    search = AuditSearchForm(request.args)
    errors = {name: refusal(search[name]) for name in ("reference", "user")
              if not search[name].validate(search)}
    reference = "" if errors else (search.reference.data or "").upper()
    try:
        day = date.fromisoformat(request.args.get("date", ""))
    except ValueError:
        day = None
    subjects = None
    if reference:
        found = records.find_by_reference(reference)
        subjects = [p.pseudonym for p in found.people if p.pseudonym] if found else []
    entries = [] if errors else search_entries(
        subjects=subjects, text=reference or None, user=search.user.data or None, day=day,
        page=page)
    return render_template("review/audit.html", entries=entries, page=page,
                           search=request.args, errors=errors, find_form=FindForm(),
                           reveal_flags=_reveal_flags()), 400 if errors else 200


@bp.post("/audit")
@role_required("admin")
@limiter.limit("30 per minute", key_func=signed_in_user)
def audit_by_identity_number():
    """Search the log for a person by identity number: sent by POST, matched through the
    pseudonym, and itself logged as a look-up."""
    form = FindForm()
    entries = []
    if form.validate() and form.identity_number.data:
        subjects = records.pseudonyms_of_identity_number(form.identity_number.data)
        entries = search_entries(subjects=subjects)
        record_event(user=current_user.username, action="lookup_identity_number",
                     subject=",".join(subjects) or "-", reason="granskningslogg")
        database.session().commit()
    return render_template("review/audit.html", entries=entries, page=1, search={},
                           find_form=form)


@bp.get("/audit.csv")
@role_required("admin")
def audit_export():
    record_event(user=current_user.username, action="audit_export", subject="-")
    database.session().commit()
    entries = database.session().scalars(select(AuditEntry).order_by(AuditEntry.id))
    return csv_download(to_csv([
        ["id", "tid (svensk tid)", "användare", "enhet", "händelse", "kod", "berörd", "skäl",
         "hash"],
        *([entry.id, swedish_time(entry.at), entry.user, entry.unit,
           str(Text(action_label(entry.action))), entry.action, entry.subject, entry.reason,
           entry.entry_hash] for entry in entries)]), "granskningslogg.csv")


@bp.context_processor
def _review_helpers() -> dict:
    return {"prompt_kinds": current_app.extensions["mi_guide"].kinds, "action_label": action_label,
            "caseworker_terms": services.caseworker_terms()}


# The first meeting's arrangements, its agenda and the follow-up per adult, on the same
# blueprint (imported last: they use what this module defines).
# The follow-up code a caseworker gives a person, too.
from selfservice.review import meeting_views, reading_views  # noqa: E402,F401
