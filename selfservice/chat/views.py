"""The chat: the same questions as the web form, one at a time, in the same draft.

Every turn is a form POST that redirects back to the whole conversation, so the chat works
without JavaScript. ``chat.js`` sends the same POST with ``Accept: application/json`` and
gets the new messages and reply controls as HTML to put in place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from selfservice.chat import services
from selfservice.chat.conversation import BUTTON_LABELS, COMMANDS, Message, Outcome, Turn
from selfservice.chat.texts import (
    APPLICATION_INTRO,
    BACK_TO_TASKS,
    CHECK_LINK,
    FOLLOW_UP_DONE_LINK,
    FOLLOW_UP_INTRO,
)
from selfservice.i18n import N_, Text, languages
from selfservice.intake import pairing
from selfservice.intake.access import draft_required, forget_reading, held_reading, note_position
from selfservice.questionnaire.engine import Step
from selfservice.questionnaire.forms import build_questions_form, revealed_by
from selfservice.questionnaire.types import ESCAPE_LABELS, QuestionType, is_escape
from selfservice.records import readings

bp = Blueprint("chat", __name__, url_prefix="/chat")

# The page shows the latest exchange (what the person sent last and the answer to it), so that
# without JavaScript it opens with the question asked now on the first screen; the whole
# conversation is one link away. At most WINDOW messages keep the page within its weight budget.
WINDOW = 40
STALE_FORM = N_("Sidan hann bli för gammal. Dina svar finns kvar här – skicka dem igen.")


class TurnForm(FlaskForm):
    """Only the CSRF token: what the person sent is read by the conversation."""


def _wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) \
        == "application/json"


def _turn_from(form: Any) -> Turn:
    def one(name: str) -> str | None:
        value = form.get(name)
        return value if value else None
    return Turn(text=form.get("text", ""), choice=one("choice"),
                choices=tuple(v for v in form.getlist("choices") if v),
                command=one("command"), change=one("change"), entry=one("entry"),
                asked=form.get("asked"), together=form.get("together"),
                posted=form if form.get("together") else None)


@dataclass(frozen=True)
class Place:
    """Where a conversation is held: its addresses, and the form page of a question."""

    turn_url: str
    all_url: str  # the whole conversation
    done: tuple[str, str]  # (address, label msgid) once every question is dealt with
    back: tuple[str, str] | None  # (address, label msgid) of the back link
    intro: str  # msgid: what the chat is, under its heading
    form_url: Callable[[Step | None, Any], str]  # the form's page of a question
    pairs: bool = False  # an interpreter may follow it ("Visa för min tolk", intake/pairing)


def _application() -> Place:
    def form_url(step: Step | None, question: Any) -> str:
        if step is None:
            return url_for("intake.tasks")
        return url_for("intake.step", page_id=step.page.id, number=step.number) \
            + f"#{question.id}"
    return Place(turn_url=url_for(".turn"), all_url=url_for(".show", all=1),
                 done=(url_for("intake.check"), CHECK_LINK),
                 back=(url_for("intake.tasks"), BACK_TO_TASKS), intro=APPLICATION_INTRO,
                 form_url=form_url, pairs=True)


def _follow_up() -> Place:
    def form_url(step: Step | None, question: Any) -> str:
        first = readings.pages()[0]
        if step is None:
            return url_for("follow_up.page", page_id=first)
        return url_for("follow_up.page", page_id=step.page.id) + f"#{question.id}"
    return Place(turn_url=url_for(".follow_up_turn"), all_url=url_for(".follow_up", all=1),
                 done=(url_for("follow_up.done"), FOLLOW_UP_DONE_LINK), back=None,
                 intro=FOLLOW_UP_INTRO, form_url=form_url)


def _controls(outcome: Outcome, place: Place,
              kept: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Return what the reply area shows: the question asked now and how to answer it
    (``kept``: what was typed before a language switch)."""
    step, question = outcome.question or (None, None)
    state = outcome.state
    # A staff-only answer is not marked among the replies again (the phone may be shared).
    value = None if question is not None and question.private else outcome.value
    form_url = place.form_url(step, question)
    return {"question": question, "step": step, "state": state, "value": value, "place": place,
            "together": _together_form(outcome, kept) if outcome.together else None,
            "revealed_here": _revealed_here(outcome.together),
            "prefill": state.pending if state.pending and not state.together
            else _prefill(question, value) if step and state.revisit
            else _prefill(question, outcome.offered.get(question.id)) if step else None,
            "form_url": form_url, "commands": COMMANDS, "buttons": BUTTON_LABELS,
            "escape_labels": ESCAPE_LABELS,
            "default_input_attributes": QuestionType.input_attributes}


def _revealed_here(questions: list[Any]) -> set[str]:
    """Return the questions asked together that another of them reveals; the rest apply
    already (their condition looks at answers given before) and are shown as they are."""
    ids = {question.id for question in questions}
    return {q.id for q in questions if revealed_by(q) and revealed_by(q) <= ids}


def _together_form(outcome: Outcome, typed: dict[str, list[str]] | None = None) -> FlaskForm:
    """Return the fields of the questions asked together, with text kept back shown again and
    the first member's answers where the page offers them, or as typed before a language
    switch."""
    if typed and typed.get("together"):
        return build_questions_form(outcome.together, {}, formdata=MultiDict(typed))
    state = outcome.state
    kept = {state.pending_question: state.pending} if state.pending_question else {}
    return build_questions_form(outcome.together, {**outcome.offered, **kept})


def _prefill(question: Any, value: Any) -> Any:
    """Return the answer as the text box shows it again when the person changes it."""
    if value is None or is_escape(value):
        return None
    return question.kind.form_value(question, value)


def _latest_exchange(messages: list[Message]) -> list[Message]:
    last_sent = next((index for index in range(len(messages) - 1, -1, -1)
                      if messages[index].by == "person"), 0)
    return messages[max(last_sent, len(messages) - WINDOW):]


def _page(outcome: Outcome, messages: list[Message], place: Place,
          kept: dict[str, list[str]] | None = None, **extra: Any) -> str:
    everything = request.args.get("all") == "1"
    shown = messages if everything else _latest_exchange(messages)
    return render_template("chat/conversation.html", messages=shown,
                           earlier=len(messages) - len(shown), **_controls(outcome, place, kept),
                           **extra)


# Tells an interpreter following the application's chat which question it asks now, and
# returns the pairing (``intake/pairing.py``); the follow-up's chat has none.
Noting = Callable[[Outcome], Any]


def _no_one_follows(outcome: Outcome) -> None:
    return None


def _show(transcript: services.Transcript, place: Place,
          noted: Noting = _no_one_follows) -> str:
    outcome, messages = services.open_conversation(transcript)
    paired = noted(outcome)
    kept = services.kept_typing(transcript)
    if not kept:
        return _page(outcome, messages, place, paired=paired)
    return _page(outcome, messages, place, kept=kept, typed=(kept.get("text") or [""])[0],
                 paired=paired)


def _turn(transcript: services.Transcript, place: Place, show_endpoint: str,
          then: Callable[[], str | None] = lambda: None,
          noted: Noting = _no_one_follows) -> Any:
    """Take one turn (or a language switch) posted to either conversation; ``then`` runs
    after the turn is stored and may name the page to go to instead of the conversation."""
    if not TurnForm().validate():
        if _wants_json():
            return jsonify(error=str(Text(STALE_FORM))), 400
        outcome, messages = services.open_conversation(transcript)
        return _page(outcome, messages, place, errors={"_form": Text(STALE_FORM)},
                     typed=request.form.get("text", ""))
    switch_to = request.form.get("switch_language")
    if switch_to in languages():
        # The language switch posts the chat's form: keep what was being typed.
        services.keep_typed(transcript, {name: request.form.getlist(name)
                                         for name in request.form
                                         if name not in {"csrf_token", "switch_language"}})
        return redirect(url_for(show_endpoint, lang=switch_to) + "#reply")
    outcome = services.take_turn(transcript, _turn_from(request.form))
    noted(outcome)
    elsewhere = then()
    if _wants_json():
        controls = _controls(outcome, place)
        return jsonify(
            restart=outcome.restart, form_url=controls["form_url"],
            messages=render_template("chat/_messages.html", messages=outcome.messages,
                                     place=place),
            controls=render_template("chat/_controls.html", **controls))
    if elsewhere:
        return redirect(elsewhere)
    first = f"#m{outcome.messages[0].number}" if outcome.messages else ""
    return redirect(url_for(show_endpoint) + first)


def _followed_in(draft: Any) -> Noting:
    def noted(outcome: Outcome) -> Any:
        step, question = outcome.question or (None, None)
        position = pairing.chat_position(step, question.id) if step is not None \
            else pairing.CHAT
        return note_position(draft, position)
    return noted


@bp.get("")
@draft_required
def show(draft):
    return _show(services.of_draft(draft), _application(), noted=_followed_in(draft))


@bp.post("")
@draft_required
def turn(draft):
    return _turn(services.of_draft(draft), _application(), ".show",
                 noted=_followed_in(draft))


@bp.get("/follow-up")
def follow_up():
    """A follow-up in the chat: the same pages as the follow-up form, in one conversation."""
    reading = held_reading()
    if reading is None:
        return redirect(url_for("follow_up.start"))
    return _show(services.of_reading(reading), _follow_up())


@bp.post("/follow-up")
def follow_up_turn():
    reading = held_reading()
    if reading is None:
        return redirect(url_for("follow_up.start"))

    def finish_when_answered() -> str | None:
        # The last page saved: the reading counts from today, as when the form is sent, and
        # without JavaScript the person goes to the same page the form ends on.
        if not readings.is_answered(reading):
            return None
        readings.finish(reading=reading)
        forget_reading()
        return url_for("follow_up.done")

    return _turn(services.of_reading(reading), _follow_up(), ".follow_up",
                 then=finish_when_answered)
