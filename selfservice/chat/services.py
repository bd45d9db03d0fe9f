"""The chat's transcript and turns: every change goes through the draft, sealed, committed.

The transcript is the draft's sealed ``conversation``: a first entry with the chat's state
(which question is asked, what was skipped) and then the messages. Answers go into the same
draft answers as the web form's, through the intake services, so either can carry on.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext

from selfservice import glossary
from selfservice.bidi import left_to_right
from selfservice.chat import conversation
from selfservice.chat.conversation import ChatState, Context, Message, Outcome, Turn, dump, load
from selfservice.current import current_questionnaire, suggestion_for
from selfservice.i18n import current_locale
from selfservice.intake import services as intake
from selfservice.intake.models import Draft

STATE = "state"


def current_context() -> Context:
    """Return what a conversation needs, for the request's language and this app."""
    locale = current_locale()
    knowledge = glossary.current_knowledge()
    return Context(
        questionnaire=current_questionnaire(), locale=locale, translate=gettext,
        # Isolated as the pages and the PDF isolate them: in an Arabic sentence a bare
        # "08-123 456 00" would read "00 456 123-08".
        office_phone=left_to_right(current_app.config["SOCIAL_OFFICE_PHONE"]),
        emergency_phone=left_to_right(current_app.config["SOCIAL_EMERGENCY_PHONE"]),
        municipality=current_app.config["MUNICIPALITY_NAME"],
        search=lambda query: glossary.search(query, locale=locale),
        is_confident=glossary.is_confident, entry=knowledge.entry, suggestion=suggestion_for)


def transcript_of(draft: Draft) -> tuple[ChatState, list[Message]]:
    """Return the chat's state and messages, opened from the draft."""
    stored = intake.conversation_of(draft)
    state = ChatState()
    if stored and stored[0].get("type") == STATE:
        state, stored = ChatState.from_json(stored[0][STATE]), stored[1:]
    return state, [load(m) for m in stored if "by" in m]


def _record(draft: Draft, outcome: Outcome, messages: list[Message]) -> None:
    kept = outcome.messages if outcome.restart else [*messages, *outcome.messages]
    intake.save_chat_turn(
        draft=draft, saves=[(s.step_key, s.question_id, s.value) for s in outcome.saves],
        messages=[{"type": STATE, STATE: outcome.state.to_json()}, *(dump(m) for m in kept)],
        locale=current_locale())


def open_conversation(draft: Draft) -> tuple[Outcome, list[Message]]:
    """Return the conversation to show, greeting first or catching up with the web form."""
    state, messages = transcript_of(draft)
    answers = intake.answers_of(draft)
    if messages:
        outcome = conversation.resume(current_context(), state, answers)
    else:
        outcome = conversation.begin(current_context(), state, answers)
    if outcome.messages or outcome.saves:
        _record(draft, outcome, messages)
        messages = outcome.messages if outcome.restart else [*messages, *outcome.messages]
    return outcome, messages


def take_turn(draft: Draft, turn: Turn) -> Outcome:
    """Answer one turn, store its answers and transcript, and return what is new."""
    state, messages = transcript_of(draft)
    if not messages:
        opened, messages = open_conversation(draft)
        state = opened.state
    answers = intake.answers_of(draft)
    outcome = conversation.respond(current_context(), state, answers, turn)
    _record(draft, outcome, messages)
    if TYPED_KEY in answers.get(intake.TYPED, {}):  # sent now: no longer kept aside
        intake.keep_typed(draft=draft, step_key=TYPED_KEY, typed=None, locale=current_locale())
    return outcome


TYPED_KEY = "chat"  # what was typed in the chat's box when the person switched language


def keep_typed(draft: Draft, fields: dict[str, list[str]]) -> None:
    """Keep a half-typed message, or the fields of questions asked together, over a
    language switch; the next turn forgets them."""
    intake.keep_typed(draft=draft, step_key=TYPED_KEY, typed=fields, locale=current_locale())


def kept_typing(draft: Draft) -> dict[str, list[str]]:
    """Return what was being typed when the language was switched (empty if nothing)."""
    return intake.typed_on(draft, TYPED_KEY) or {}
