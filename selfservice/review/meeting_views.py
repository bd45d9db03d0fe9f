"""The first meeting: its arrangements and agenda, and what the unit follows up per adult
(försörjningshinder, separate meetings, the plan for self-support)."""

from __future__ import annotations

from datetime import date

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import DateField, IntegerField, StringField, ValidationError
from wtforms.validators import AnyOf, NumberRange, Optional

from selfservice.accounts.auth import role_required
from selfservice.bidi import left_to_right
from selfservice.documents.download import pdf_download
from selfservice.documents.services import agenda_html, agenda_pdf
from selfservice.i18n import N_, Text
from selfservice.review import services
from selfservice.review.agenda import expected_minutes, first_meeting_agenda
from selfservice.review.record_page import record_page
from selfservice.review.views import STAFF, ActionForm, _record_or_404, bp

YES_NO = {"yes": N_("Ja"), "no": N_("Nej")}
MEETING_SAVED = N_("Mötet är sparat.")
MEETING_DATE_WRONG = N_("Skriv datumet som år-månad-dag, till exempel %(example)s.")
MEETING_MINUTES_WRONG = N_("Skriv mötets längd i minuter, mellan 5 och 240.")
MEETING_INTERPRETER_WRONG = N_("Välj om tolken är bokad.")
MEETING_SEPARATE_WRONG = N_("Välj om de vuxna hade var sitt möte.")
PLAN_BEFORE_APPLICATION = N_("Planen kan inte vara gjord före ansökan (%(date)s).")
OBSTACLE_SAVED = N_("Försörjningshindret för person %(number)s är sparat.")
# The example is isolated: in an Arabic sentence "2026-12-14" would read "14-12-2026".
DATE_PROBLEM = Text(MEETING_DATE_WRONG, {"example": left_to_right("2026-12-14")})
PROBLEMS = (("meeting_on", DATE_PROBLEM), ("minutes", Text(MEETING_MINUTES_WRONG)),
            ("interpreter_booked", Text(MEETING_INTERPRETER_WRONG)),
            ("separate_meetings", Text(MEETING_SEPARATE_WRONG)), ("plan_made_on", DATE_PROBLEM))


def _a_real_day(_form: FlaskForm, field: DateField) -> None:
    if field.data and not date(2000, 1, 1) <= field.data <= date(2100, 12, 31):
        raise ValidationError(str(DATE_PROBLEM))


class MeetingForm(FlaskForm):
    """The first meeting's day, length and interpreter, and what the follow-up asks about the
    meetings; every field may stay empty."""

    meeting_on = DateField(validators=[Optional(), _a_real_day])
    minutes = IntegerField(validators=[Optional(), NumberRange(min=5, max=240)])
    interpreter_booked = StringField(default="no", validators=[Optional(), AnyOf(YES_NO)])
    separate_meetings = StringField(validators=[Optional(), AnyOf(YES_NO)])
    plan_made_on = DateField(validators=[Optional(), _a_real_day])


def _yes_no(value: str | None) -> bool | None:
    return None if not value else value == "yes"


def _agenda_of(record, arranged, page=None):
    page = page or record_page(record)
    return first_meeting_agenda(record, page.meeting, arranged, page.prompts, page.used,
                                asked_alone=page.asked_alone)


@bp.route("/records/<reference>/agenda", methods=["GET", "POST"])
@role_required(*STAFF)
def agenda(reference: str):
    """The first meeting's agenda as the PDF says it, with the meeting's arrangements."""
    found = _record_or_404(reference)
    arranged = services.first_meeting(found)
    form = MeetingForm(obj=arranged) if request.method == "GET" else MeetingForm()
    valid = request.method == "POST" and form.validate()
    too_early = valid and bool(form.plan_made_on.data and found.submitted_on
                               and form.plan_made_on.data < found.submitted_on)
    if valid and not too_early:
        services.arrange_meeting(
            record=found, meeting_on=form.meeting_on.data, minutes=form.minutes.data,
            interpreter_booked=form.interpreter_booked.data == "yes", user=current_user,
            separate_meetings=_yes_no(form.separate_meetings.data),
            plan_made_on=form.plan_made_on.data)
        flash(str(Text(MEETING_SAVED)))
        return redirect(url_for(".agenda", reference=reference))
    if request.method == "GET" and arranged is not None:
        form.interpreter_booked.data = "yes" if arranged.interpreter_booked else "no"
        form.separate_meetings.data = {True: "yes", False: "no"}.get(arranged.separate_meetings)
    errors = {name: problem for name, problem in PROBLEMS if form[name].errors}
    if too_early:
        errors["plan_made_on"] = Text(PLAN_BEFORE_APPLICATION,
                                      {"date": found.submitted_on.isoformat()})
    page = record_page(found)
    # Our own autoescaped template, rendered in the applicant's language.
    shown = Markup(agenda_html(_agenda_of(found, arranged, page), page=True))  # noqa: S704
    return render_template("review/agenda.html", record=found, form=form, errors=errors,
                           agenda=shown, page=page, who=page.who,
                           needs_interpreter=found.interpreter_needed,
                           default_minutes=expected_minutes(found), yes_no=YES_NO), \
        400 if errors else 200


@bp.get("/records/<reference>/agenda.pdf")
@role_required(*STAFF)
def agenda_download(reference: str):
    """The agenda as a PDF in the applicant's language with Swedish beneath; no identity."""
    found = _record_or_404(reference)
    agenda = _agenda_of(found, services.first_meeting(found))
    services.agenda_exported(record=found, user=current_user)
    return pdf_download(lambda: agenda_pdf(agenda), f"dagordning-{found.reference_code}.pdf")


@bp.post("/records/<reference>/obstacles/<int:position>")
@role_required(*STAFF)
def obstacle(reference: str, position: int):
    """Record one adult's försörjningshinder; an unknown code or adult changes nothing."""
    found = _record_or_404(reference)
    code = request.form.get("code", "")
    known = {item.value for item in current_app.extensions["obstacles"]}
    if ActionForm().validate() and code in known and \
            position in {person.position for person in found.people}:
        services.set_obstacle(record=found, position=position, code=code, user=current_user)
        flash(str(Text(OBSTACLE_SAVED, {"number": position})))
    return redirect(url_for(".record", reference=reference, _anchor=f"person-{position}"))
