"""The chat's transcript and turns: every change is sealed and committed where it is kept.

The transcript is a first entry with the chat's state (which question is asked, what was
skipped) and then the messages. An application's is the draft's sealed ``conversation``, and
its answers go into the same draft answers as the web form's, through the intake services, so
either can carry on; a follow-up's is kept in its reading, beside the reading's pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext

from selfservice import glossary
from selfservice.bidi import left_to_right
from selfservice.chat import conversation
from selfservice.chat.conversation import ChatState, Context, Message, Outcome, Turn, dump, load
from selfservice.chat.model import APPLICATION, ChatJourney
from selfservice.chat.texts import FOLLOW_UP_DONE, FOLLOW_UP_DONE_LINK, FOLLOW_UP_GREETING
from selfservice.current import current_questionnaire, suggestion_for
from selfservice.i18n import current_locale
from selfservice.intake import services as intake
from selfservice.intake.models import Draft
from selfservice.questionnaire.engine import Answers, Step, plan_of_steps
from selfservice.questionnaire.goals import goal_questions
from selfservice.records import readings
from selfservice.records.models import FollowUpReading

STATE = "state"
TYPED_KEY = "chat"  # what was typed in the chat's box when the person switched language


@dataclass(frozen=True)
class Transcript:
    """Where a conversation keeps its answers and messages: an application's draft, or a
    follow-up reading. The conversation is the same; only where it is stored differs."""

    answers: Callable[[], Answers]
    messages: Callable[[], list[dict[str, Any]]]
    # (saves as (step key, question id, value), messages, locale, the step asked now): in one
    # transaction
    store: Callable[[list[tuple[str, str | None, Any]], list[dict[str, Any]], str, str | None],
                    None]
    keep_typed: Callable[[dict[str, list[str]] | None, str], None]  # (fields, locale)
    typed: Callable[[], dict[str, list[str]] | None]
    journey: ChatJourney = APPLICATION


def of_draft(draft: Draft) -> Transcript:
    """The conversation of an application, in its draft beside the web form's answers."""
    return Transcript(
        answers=lambda: intake.answers_of(draft),
        messages=lambda: intake.conversation_of(draft),
        # An application's steps count towards the drop-off funnel (selfservice/funnel).
        store=lambda saves, messages, locale, asked: intake.save_chat_turn(
            draft=draft, saves=saves, messages=messages, locale=locale, asked=asked),
        keep_typed=lambda typed, locale: intake.keep_typed(
            draft=draft, step_key=TYPED_KEY, typed=typed, locale=locale),
        typed=lambda: intake.typed_on(intake.answers_of(draft), TYPED_KEY))


def of_reading(reading: FollowUpReading) -> Transcript:
    """The conversation of a follow-up: one person's fixed pages, in their reading."""
    steps = readings.steps_of(reading)
    goals = {step.key: [q.id for q in goal_questions(step.page)] for step in steps}

    def offered(step: Step) -> dict[str, Any]:
        # Their goals as they wrote them in the application, to send as they are or reword.
        ids = goals.get(step.key)
        return readings.own_goals(reading, step.key, ids) if ids else {}

    journey = ChatJourney(
        plan=lambda questionnaire, answers: plan_of_steps(questionnaire, steps, answers),
        greeting=FOLLOW_UP_GREETING, all_done=FOLLOW_UP_DONE,
        done_link=("follow_up.done", FOLLOW_UP_DONE_LINK), check_link=None, offered=offered)
    return Transcript(
        answers=lambda: readings.answers_of(reading),
        messages=lambda: readings.conversation_of(reading),
        # A follow-up reading is not an application: nothing of it is counted.
        store=lambda saves, messages, locale, _asked: readings.save_chat_turn(
            reading=reading, saves=saves, messages=messages, locale=locale),
        keep_typed=lambda typed, locale: readings.keep_typed(
            reading=reading, typed=typed, locale=locale),
        typed=lambda: readings.typed_on(reading), journey=journey)


def current_context(journey: ChatJourney = APPLICATION) -> Context:
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
        is_confident=glossary.is_confident, entry=knowledge.entry, suggestion=suggestion_for,
        journey=journey)


def transcript_of(transcript: Transcript) -> tuple[ChatState, list[Message]]:
    """Return the chat's state and messages, opened from where they are kept."""
    stored = transcript.messages()
    state = ChatState()
    if stored and stored[0].get("type") == STATE:
        state, stored = ChatState.from_json(stored[0][STATE]), stored[1:]
    return state, [load(m) for m in stored if "by" in m]


def _record(transcript: Transcript, outcome: Outcome, messages: list[Message]) -> None:
    kept = outcome.messages if outcome.restart else [*messages, *outcome.messages]
    step = outcome.question[0] if outcome.question else None
    transcript.store([(s.step_key, s.question_id, s.value) for s in outcome.saves],
                     [{"type": STATE, STATE: outcome.state.to_json()}, *(dump(m) for m in kept)],
                     current_locale(), step.key if step is not None else None)


def open_conversation(transcript: Transcript) -> tuple[Outcome, list[Message]]:
    """Return the conversation to show, greeting first or catching up with the web form."""
    state, messages = transcript_of(transcript)
    answers = transcript.answers()
    ctx = current_context(transcript.journey)
    if messages:
        outcome = conversation.resume(ctx, state, answers)
    else:
        outcome = conversation.begin(ctx, state, answers)
    if outcome.messages or outcome.saves:
        _record(transcript, outcome, messages)
        messages = outcome.messages if outcome.restart else [*messages, *outcome.messages]
    return outcome, messages


def take_turn(transcript: Transcript, turn: Turn) -> Outcome:
    """Answer one turn, store its answers and transcript, and return what is new."""
    state, messages = transcript_of(transcript)
    if not messages:
        opened, messages = open_conversation(transcript)
        state = opened.state
    answers = transcript.answers()
    outcome = conversation.respond(current_context(transcript.journey), state, answers, turn)
    _record(transcript, outcome, messages)
    if transcript.typed():  # sent now: no longer kept aside
        transcript.keep_typed(None, current_locale())
    return outcome


def keep_typed(transcript: Transcript, fields: dict[str, list[str]]) -> None:
    """Keep a half-typed message, or the fields of questions asked together, over a
    language switch; the next turn forgets them."""
    transcript.keep_typed(fields, current_locale())


def kept_typing(transcript: Transcript) -> dict[str, list[str]]:
    """Return what was being typed when the language was switched (empty if nothing)."""
    return transcript.typed() or {}
