"""The applicant's journey: start, task list, one page per step, check answers, submit."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, StringField

from selfservice.current import current_questionnaire, documents_to_bring, suggestion_for
from selfservice.extensions import limiter
from selfservice.funnel import feedback
from selfservice.funnel.services import CHECK, FORM, channel_of
from selfservice.glossary import current_knowledge
from selfservice.i18n import N_, N_plural, Text, counted_text, current_locale, languages
from selfservice.intake import pairing, services
from selfservice.intake.access import (
    HOLDER,
    draft_required,
    hold,
    let_go,
    note_position,
    session_draft,
)
from selfservice.questionnaire.engine import (
    CANNOT_START,
    Step,
    find_step,
    guidance_after,
    incomplete_steps,
    neighbours,
    plan,
    raised_choices,
    section_status,
)
from selfservice.questionnaire.forms import build_step_form, private_answered, read_step
from selfservice.questionnaire.summary import household_summary, member_label

bp = Blueprint("intake", __name__)

CONSENT_MISSING = N_("Kryssa i rutan för att visa att du har läst hur vi hanterar dina svar.")
RESUME_CODE_UNKNOWN = N_plural(
    "Vi hittar inget utkast med den koden. Kontrollera koden. Ett utkast sparas i %(num)s dag.",
    "Vi hittar inget utkast med den koden. Kontrollera koden. Ett utkast sparas i %(num)s dagar.",
)
SWITCH_LANGUAGE = "switch_language"  # the language switch's buttons on a question page
STALE_FORM = N_("Sidan hann bli för gammal. Dina svar finns kvar här – skicka dem igen.")
# The accessibility statement names when it was made and last reviewed (DIGG's model
# statement); change the second date whenever the statement is checked again.
STATEMENT_MADE = date(2026, 12, 4)
STATEMENT_REVIEWED = date(2026, 12, 4)


class ConsentForm(FlaskForm):
    consent = BooleanField()


class ResumeForm(FlaskForm):
    code = StringField()


class ActionForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change something."""


def _step_url(step: Step, **args) -> str:
    return url_for(".step", page_id=step.page.id, number=step.number, **args)


@bp.get("/")
def start():
    # Ticked before the language was switched (the switch posts the form): still ticked.
    form = ConsentForm(data={"consent": request.args.get("consent") == "y"})
    return render_template("intake/start.html", form=form)


@bp.post("/start")
def begin():
    form = ConsentForm()
    switch_to = request.form.get(SWITCH_LANGUAGE)
    if switch_to in languages() and form.validate():
        ticked = {"consent": "y"} if form.consent.data else {}
        return redirect(url_for(".start", lang=switch_to, **ticked))
    if not form.validate() or not form.consent.data:
        error = STALE_FORM if "csrf_token" in form.errors else CONSENT_MISSING
        return render_template("intake/start.html", form=form, errors={"consent": Text(error)})
    if session_draft()[0] is not None:
        return redirect(url_for(".tasks"))
    draft, code, holder = services.start_draft(locale=current_locale())
    hold(draft, holder, resumed=False)
    # A new household goes straight to the first page: the one that asks about urgent needs.
    first_steps, _answers = plan(current_questionnaire(), {})
    return render_template("intake/resume_code.html", code=code, first_time=True,
                           next_url=_step_url(first_steps[0]))


@bp.post("/resume-code")
@draft_required
def new_resume_code(draft):
    if not ActionForm().validate():
        return redirect(url_for(".tasks"))
    code = services.renew_resume_code(draft=draft)
    return render_template("intake/resume_code.html", code=code, first_time=False,
                           next_url=url_for(".tasks"))


# Codes typed by people (resume codes, follow-up codes) are tried at most this often per
# address: each is 80 bits, so this keeps guessing hopeless without hindering a typo or two.
CODE_ATTEMPTS = "10 per minute"


@bp.route("/resume", methods=["GET", "POST"])
@limiter.limit(CODE_ATTEMPTS, methods=["POST"])
def resume():
    form = ResumeForm()
    errors = {}
    if form.is_submitted():
        draft = services.find_draft_by_resume_code(form.code.data or "") if form.validate() \
            else None
        if draft is not None:
            session.clear()
            # Taking the draft here ends it on every other phone that held it.
            hold(draft, services.take_draft(draft=draft), resumed=True)
            session["lang"] = draft.locale
            return redirect(url_for(".tasks", lang=draft.locale))
        days = current_app.config["DRAFT_LIFETIME_DAYS"]
        errors["code"] = Text(STALE_FORM) if "csrf_token" in form.errors \
            else counted_text(*RESUME_CODE_UNKNOWN, days)
    return render_template("intake/resume.html", form=form, errors=errors)


@bp.get("/tasks")
@draft_required
def tasks(draft):
    questionnaire = current_questionnaire()
    steps, answers = plan(questionnaire, services.answers_of(draft))
    sections = []
    for section in questionnaire.sections:
        mine = [s for s in steps if s.section_id == section.id]
        status = section_status(questionnaire, section, steps, answers)
        first = next((s for s in mine if s.key not in answers), mine[0] if mine else None)
        sections.append({"section": section, "status": status, "first": first})
    done = sum(1 for s in sections if s["status"] == "done")
    paired = note_position(draft, pairing.TASKS)
    return render_template("intake/tasks.html", sections=sections, done=done, paired=paired,
                           complete=not incomplete_steps(questionnaire, steps, answers),
                           action_form=ActionForm())


@bp.route("/apply/<page_id>", methods=["GET", "POST"])
@bp.route("/apply/<page_id>/<int:number>", methods=["GET", "POST"])
@draft_required
def step(draft, page_id: str, number: int | None = None):
    questionnaire = current_questionnaire()
    opened = services.answers_of(draft)
    steps, answers = plan(questionnaire, opened)
    page = questionnaire.page(page_id)
    if page is None:
        abort(404)
    section = questionnaire.section(page.section_id)
    if section_status(questionnaire, section, steps, answers) == CANNOT_START:
        return redirect(url_for(".tasks"))
    current = find_step(steps, page_id, number)
    if current is None:
        abort(404)
    errors: dict[str, Text] = {}
    switch_to = request.form.get(SWITCH_LANGUAGE)
    if request.method == "POST" and switch_to in languages() and ActionForm().validate():
        # The language switch submits the page: keep what was typed, show it in the other
        # language, check it only when the person saves.
        typed = {name: request.form.getlist(name) for name in request.form
                 if name not in {"csrf_token", SWITCH_LANGUAGE}}
        services.keep_typed(draft=draft, step_key=current.key, typed=typed,
                            locale=current_locale())
        return redirect(_step_url(current, lang=switch_to, **_kept_args()))
    if request.method == "POST":
        form = build_step_form(questionnaire, current, answers, formdata=request.form)
        form.validate()  # checks only the CSRF token; answers are read by the engine
        values, errors = read_step(questionnaire, current, form, answers)
        if "csrf_token" in form.errors:
            errors["_form"] = Text(STALE_FORM)
        if not errors:
            services.save_step(draft=draft, step_key=current.key, values=values,
                               locale=current_locale())
            return redirect(_after_save(current, values))
    else:
        services.count_shown(draft=draft, step=current.page.id, locale=current_locale(),
                             channel=FORM)
        typed = services.typed_on(opened, current.key)
        form = build_step_form(questionnaire, current, answers,
                               formdata=MultiDict(typed) if typed else None)
    previous, _next = neighbours(steps, current)
    same_section = [s for s in steps if s.section_id == current.section_id]
    paired = note_position(draft, pairing.step_position(current))
    return render_template(
        "intake/step.html", form=form, step=current, section=section, errors=errors,
        paired=paired,
        suggestion=suggestion_for(current, answers),
        member=member_label(questionnaire, current, answers),
        back_url=_step_url(previous) if previous else url_for(".tasks"),
        position=same_section.index(current) + 1, total=len(same_section),
        returning=request.args.get("return") == "check",
        private_answered=private_answered(current, answers),
    )


def _kept_args() -> dict[str, str]:
    return {"return": "check"} if request.args.get("return") == "check" else {}


def _after_save(saved: Step, values: dict) -> str:
    """Return where the applicant goes after saving a step."""
    mark = guidance_after(saved.page, values)
    if mark is not None:
        return url_for(f".{mark}")
    if request.args.get("return") == "check":
        return url_for(".check")
    draft = services.find_draft(session.get("draft_id"))
    steps, _answers = plan(current_questionnaire(), services.answers_of(draft))
    current = find_step(steps, saved.page.id, saved.number)
    following = neighbours(steps, current)[1] if current else None
    return _step_url(following) if following else url_for(".tasks")


@bp.get("/check")
@draft_required
def check(draft):
    questionnaire = current_questionnaire()
    steps, answers = plan(questionnaire, services.answers_of(draft))
    missing = incomplete_steps(questionnaire, steps, answers)
    # Reached from the form or from the chat's last message: counted under the channel the
    # draft last showed a question in.
    services.count_shown(draft=draft, step=CHECK, locale=current_locale(), channel=None)
    paired = note_position(draft, pairing.CHECK)
    return render_template("intake/check.html", paired=paired,
                           summary=household_summary(questionnaire, steps, answers),
                           missing=missing, member_label=member_label, answers=answers,
                           suggestion_for=suggestion_for,
                           questionnaire=questionnaire, action_form=ActionForm())


@bp.post("/submit")
@draft_required
def submit(draft):
    questionnaire = current_questionnaire()
    steps, answers = plan(questionnaire, services.answers_of(draft))
    if not ActionForm().validate() or incomplete_steps(questionnaire, steps, answers):
        return redirect(url_for(".check"))
    services.submit(draft=draft, questionnaire=questionnaire, holder=session[HOLDER])
    return redirect(url_for(".confirmation"))


# One answer to the question after sending per session; the answer itself keeps no link.
FEEDBACK_GIVEN = "feedback_given"


@bp.route("/confirmation", methods=["GET", "POST"])
@draft_required
def confirmation(draft):
    """The receipt, and the optional question after sending (posted here, so that only the
    phone that sent, while its receipt is open, can answer)."""
    if not draft.reference_code:
        return redirect(url_for(".check"))
    values, errors = {}, {}
    if request.method == "POST" and not session.get(FEEDBACK_GIVEN):
        values, errors = feedback.read(request.form)
        if not ActionForm().validate():
            errors = {"_form": Text(STALE_FORM)}
        if not errors:
            feedback.store(values=values, locale=current_locale(),
                           channel=channel_of(draft.funnel_marks))
            session[FEEDBACK_GIVEN] = True
            return redirect(url_for(".confirmation", _anchor="feedback"))
    return render_template("intake/confirmation.html", reference_code=draft.reference_code,
                           access_secret=services.access_secret_of(draft, session[HOLDER]),
                           bring=documents_to_bring(services.sent_answers(draft)),
                           feedback_given=session.get(FEEDBACK_GIVEN, False),
                           feedback=values, errors=errors, ease=feedback.EASE,
                           helped=feedback.HELPED)


@bp.post("/finish")
def finish():
    """End this phone's hold on the application and leave a page that shows nothing of it.

    A draft not yet sent stays: its resume code still opens it, on this phone or another.
    """
    if not ActionForm().validate():
        return redirect(url_for(".tasks"))
    let_go()
    return redirect(url_for(".cleared"))


@bp.get("/leave")
def leave():
    """Leave quickly: end this phone's hold on the application and its session, then go to a
    neutral site. A draft not yet sent stays: its resume code still opens it.

    A plain link, so it works in one tap without JavaScript (app.js only blanks the page and
    takes this page's place in the history). A link another site sends the browser to
    (Sec-Fetch-Site) ends nothing, nor does a browser fetching it ahead in case it is tapped
    (Sec-Purpose: prefetch), which gets an answer it cannot use.
    """
    if "prefetch" in request.headers.get("Sec-Purpose", request.headers.get("Purpose", "")):
        return current_app.response_class(status=400)
    if request.headers.get("Sec-Fetch-Site", "none") in {"same-origin", "none"}:
        let_go()
    response = redirect(current_app.config["QUICK_EXIT_URL"], 303)
    # The browser's copies of this site's pages go too, where it keeps any despite no-store.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@bp.get("/urgent")
def urgent():
    """What a household that needs help today can do now: phone numbers, then go on."""
    draft, _why = session_draft()
    questionnaire = current_questionnaire()
    needs = raised_choices(questionnaire, services.answers_of(draft), "urgent") \
        if draft is not None and not draft.reference_code else []
    return render_template("intake/urgent.html",
                           needs=[question.choice_label(code) for question, code in needs])


@bp.get("/safety")
def safety():
    return render_template("intake/safety.html")


@bp.get("/privacy")
def privacy():
    return render_template("intake/privacy.html")


@bp.get("/glossary")
def glossary():
    return render_template("intake/glossary.html", entries=current_knowledge().entries)


@bp.get("/accessibility")
def accessibility():
    return render_template("intake/accessibility.html", made=STATEMENT_MADE,
                           reviewed=STATEMENT_REVIEWED)


@bp.get("/expired")
def expired():
    return render_template("intake/expired.html")


# Neutral pages: what a phone shows once it no longer holds an application. They name neither
# the service nor the person, so a phone that is lent or shared on gives nothing away.
@bp.get("/elsewhere")
def elsewhere():
    return render_template("intake/neutral.html", reason="elsewhere")


@bp.get("/closed")
def closed():
    return render_template("intake/neutral.html", reason="closed")


@bp.get("/cleared")
def cleared():
    return render_template("intake/neutral.html", reason="cleared")
