"""The person's follow-up: with the code a caseworker gave them, they rate themselves again.

The same pages as the questionnaire's self-rating (the rule's page and the page that holds
the person's own choice, as ``forms/self_rating.yaml`` and ``forms/record.yaml`` name them),
rendered by the step template, so the follow-up reads and behaves like the form: the
interpreter view, the quick exit, the language switch, no JavaScript needed. Each page is
saved on the server as the person goes; the session holds only the reading's random id and
its holder token (``intake.access``).
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import refresh
from werkzeug.wrappers import Response

from selfservice.current import current_questionnaire, suggestion_for
from selfservice.extensions import limiter
from selfservice.i18n import N_, Text, current_locale, languages
from selfservice.intake.access import forget_reading, held_reading, hold_reading
from selfservice.intake.views import (
    CODE_ATTEMPTS,
    STALE_FORM,
    SWITCH_LANGUAGE,
    ActionForm,
    ResumeForm,
)
from selfservice.questionnaire.engine import Step
from selfservice.questionnaire.forms import build_step_form, read_step
from selfservice.questionnaire.goals import goal_questions
from selfservice.records import readings
from selfservice.records.models import FollowUpReading

bp = Blueprint("follow_up", __name__)

CODE_REFUSED = N_("Koden fungerar inte. Den kan vara fel skriven, redan använd eller för "
                  "gammal. Kontrollera koden eller be din handläggare om en ny.")


@bp.route("/follow-up", methods=["GET", "POST"])
@limiter.limit(CODE_ATTEMPTS, methods=["POST"])
def start():
    """Ask for the follow-up code; a right one opens the reading, once."""
    form = ResumeForm()
    errors: dict[str, Text] = {}
    if form.is_submitted():
        opened = readings.redeem(form.code.data or "") if form.validate() else None
        if opened is not None:
            reading, holder = opened
            hold_reading(reading, holder)
            return redirect(url_for(".page", page_id=_first_open_page(reading)))
        errors["code"] = Text(STALE_FORM) if "csrf_token" in form.errors else Text(CODE_REFUSED)
    return render_template("intake/follow_up_code.html", form=form, errors=errors)


@bp.route("/follow-up/<page_id>", methods=["GET", "POST"])
def page(page_id: str):
    """One page of the follow-up, shown and saved like a page of the form."""
    reading = held_reading()
    if reading is None:
        return redirect(url_for(".start"))
    pages = readings.pages()
    if page_id not in pages:
        abort(404)
    questionnaire = current_questionnaire()
    step = Step(questionnaire.page(page_id), reading.position)
    answers = readings.answers_of(reading)
    goal_ids = [question.id for question in goal_questions(step.page)]
    if step.key not in answers and goal_ids:
        # The person's goals from their application, for them to put on the rulers again.
        answers[step.key] = readings.own_goals(reading, step.key, goal_ids)
    errors: dict[str, Text] = {}
    switch_to = request.form.get(SWITCH_LANGUAGE)
    if request.method == "POST" and switch_to in languages() and ActionForm().validate():
        # The language switch submits the page: show what was typed in the other language.
        session["lang"] = switch_to
        refresh()
        form = build_step_form(questionnaire, step, answers, formdata=request.form)
    elif request.method == "POST":
        form = build_step_form(questionnaire, step, answers, formdata=request.form)
        form.validate()  # checks only the CSRF token; answers are read by the engine
        values, errors = read_step(questionnaire, step, form, answers)
        if "csrf_token" in form.errors:
            errors["_form"] = Text(STALE_FORM)
        if not errors:
            return _saved(reading, step, values, pages)
    else:
        form = build_step_form(questionnaire, step, answers)
    number = pages.index(page_id)
    return render_template(
        "intake/step.html", form=form, step=step,
        section=questionnaire.section(step.page.section_id), errors=errors,
        suggestion=suggestion_for(step, answers),
        member=None, follow_up=True,
        back_url=url_for(".page", page_id=pages[number - 1]) if number else url_for(".start"),
        position=number + 1, total=len(pages), returning=False)


def _first_open_page(reading: FollowUpReading) -> str:
    """Return the first page not yet saved: where a person who left comes back to."""
    answered, questionnaire = readings.answers_of(reading), current_questionnaire()
    pages = readings.pages()
    return next((page_id for page_id in pages
                 if Step(questionnaire.page(page_id), reading.position).key not in answered),
                pages[0])


def _saved(reading: FollowUpReading, step: Step, values: dict, pages: list[str]) -> Response:
    readings.save_page(reading=reading, step_key=step.key, values=values,
                       locale=current_locale())
    number = pages.index(step.page.id)
    if number + 1 < len(pages):
        return redirect(url_for(".page", page_id=pages[number + 1]))
    readings.finish(reading=reading)
    forget_reading()
    return redirect(url_for(".done"))


@bp.get("/follow-up/done")
def done():
    """Say the reading is saved and what happens with it."""
    return render_template("intake/follow_up_done.html")
