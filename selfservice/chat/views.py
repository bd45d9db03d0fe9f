"""The chat: the same questions as the web form, one at a time, in the same draft.

Every turn is a form POST that redirects back to the whole conversation, so the chat works
without JavaScript. ``chat.js`` sends the same POST with ``Accept: application/json`` and
gets the new messages and reply controls as HTML to put in place.
"""

from __future__ import annotations

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
from selfservice.i18n import N_, Text, current_locale, languages
from selfservice.intake import pairing
from selfservice.intake.access import draft_required
from selfservice.questionnaire.forms import build_questions_form, revealed_by
from selfservice.questionnaire.types import ESCAPE_LABELS, QuestionType, is_escape

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


def _controls(outcome: Outcome, kept: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Return what the reply area shows: the question asked now and how to answer it
    (``kept``: what was typed before a language switch)."""
    step, question = outcome.question or (None, None)
    state = outcome.state
    # A staff-only answer is not marked among the replies again (the phone may be shared).
    value = None if question is not None and question.private else outcome.value
    if step is not None:
        form_url = url_for("intake.step", page_id=step.page.id, number=step.number) \
            + f"#{question.id}"
    else:
        form_url = url_for("intake.tasks")
    return {"question": question, "step": step, "state": state, "value": value,
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


def _page(outcome: Outcome, messages: list[Message], kept: dict[str, list[str]] | None = None,
          **extra: Any) -> str:
    everything = request.args.get("all") == "1"
    shown = messages if everything else _latest_exchange(messages)
    return render_template("chat/conversation.html", messages=shown,
                           earlier=len(messages) - len(shown), **_controls(outcome, kept),
                           **extra)


def _note_position(draft: Any, outcome: Outcome) -> Any:
    """Tell an interpreter following this chat which question it asks now."""
    step, question = outcome.question or (None, None)
    position = pairing.chat_position(step, question.id) if step is not None else pairing.CHAT
    return pairing.note_position(draft=draft, position=position, locale=current_locale())


@bp.get("")
@draft_required
def show(draft):
    outcome, messages = services.open_conversation(draft)
    paired = _note_position(draft, outcome)
    kept = services.kept_typing(draft)
    if not kept:
        return _page(outcome, messages, paired=paired)
    return _page(outcome, messages, kept=kept, typed=(kept.get("text") or [""])[0],
                 paired=paired)


@bp.post("")
@draft_required
def turn(draft):
    if not TurnForm().validate():
        if _wants_json():
            return jsonify(error=str(Text(STALE_FORM))), 400
        outcome, messages = services.open_conversation(draft)
        return _page(outcome, messages, errors={"_form": Text(STALE_FORM)},
                     typed=request.form.get("text", ""))
    switch_to = request.form.get("switch_language")
    if switch_to in languages():
        # The language switch posts the chat's form: keep what was being typed.
        services.keep_typed(draft, {name: request.form.getlist(name) for name in request.form
                                    if name not in {"csrf_token", "switch_language"}})
        return redirect(url_for(".show", lang=switch_to) + "#reply")
    outcome = services.take_turn(draft, _turn_from(request.form))
    _note_position(draft, outcome)
    if _wants_json():
        controls = _controls(outcome)
        return jsonify(
            restart=outcome.restart, form_url=controls["form_url"],
            messages=render_template("chat/_messages.html", messages=outcome.messages),
            controls=render_template("chat/_controls.html", **controls))
    first = f"#m{outcome.messages[0].number}" if outcome.messages else ""
    return redirect(url_for(".show") + first)
