"""Messages as people type them, in four languages: each answered, carried out or stored.

The messages are in typed_messages.yaml; the glossary questions of retrieval_questions.yaml
are also asked at a free-text, a choice and a yes/no question. None of the questions may end
up stored as an answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from selfservice.chat.services import current_context
from selfservice.chat.texts import (
    ASK_ANYTHING,
    DONT_KNOW,
    NOTHING_ANSWERED,
    PERSON,
    PICK_QUESTION,
    RESTART_QUESTION,
    SKIPPED,
    SUMMARY_EMPTY,
    SUMMARY_INTRO,
    WHY_INTRO,
)
from tests.builders import household_inputs
from tests.chat.test_conversation import Chat

HERE = Path(__file__).parent
MESSAGES = yaml.safe_load((HERE / "typed_messages.yaml").read_text(encoding="utf-8"))
GLOSSARY_QUESTIONS = yaml.safe_load(
    (HERE / "retrieval_questions.yaml").read_text(encoding="utf-8"))
PLACES = {"first_name": "personal.1:first_name", "applying": "household:applying",
          "protected": "household:protected_identity", "children": "household:child_count",
          "rent": "expenses:rent", "birth": "child.1:date_of_birth",
          "status": "occupation.1:status", "goal": "occupation.1:work_goal",
          "phone": "personal.1:phone", "email": "personal.1:email"}
COMMAND_SAYS = {"help": {ASK_ANYTHING}, "why": {WHY_INTRO}, "summary": {SUMMARY_INTRO,
                SUMMARY_EMPTY}, "change": {PICK_QUESTION, NOTHING_ANSWERED},
                "person": {PERSON}, "restart": {RESTART_QUESTION}, "skip": {SKIPPED}}
HOUSEHOLD = household_inputs(adults=2, children=1)


def cases(language: str) -> list[tuple[str, str, Any]]:
    typed = [tuple(case) for case in MESSAGES[language]]
    asked = [case["q"] for case in GLOSSARY_QUESTIONS[language]["answers"][:24]]
    places = ["first_name", "applying", "protected"]
    return typed + [(places[n % 3], question, "question") for n, question in enumerate(asked)]


# Messages not handled yet go here, with the reason; strict: fixing one fails the test until
# it is taken off the list.
KNOWN_GAPS: set[str] = set()
ALL = [pytest.param(language, *case, id=f"{language}-{n}", marks=[pytest.mark.xfail(
           strict=True, reason="not handled yet")] if case[1] in KNOWN_GAPS else [])
       for language in MESSAGES for n, case in enumerate(cases(language))]


def msgids(outcome) -> set[str]:
    return {part.text.msgid for message in outcome.messages for part in message.parts
            if getattr(part, "text", None) is not None and hasattr(part.text, "msgid")}


@pytest.mark.parametrize("language", list(MESSAGES))
def test_every_language_has_sixty_messages_and_every_kind_of_them(language):
    found = cases(language)
    assert len(found) >= 60
    expected = {str(e) if not isinstance(e, dict) else next(iter(e)) for _p, _t, e in found}
    assert {"question", "stored", "help", "why", "back", "person", "change"} <= expected
    assert {place for place, _t, _e in found} >= {"first_name", "applying", "protected",
                                                   "children", "rent", "birth", "goal"}


@pytest.mark.parametrize(("language", "place", "typed", "expect"), ALL)
def test_a_typed_message_is_handled_as_the_person_meant_it(shared_app, language, place, typed,
                                                          expect):
    with shared_app.test_request_context(f"/?lang={language}"):
        chat = Chat(current_context())
        ref = PLACES[place]
        chat.answer_until(ref, HOUSEHOLD)
        step_key, question_id = ref.split(":")
        before = dict(chat.answers.get(step_key, {}))
        outcome = chat.send(text=typed)
        stored = chat.answers.get(step_key, {}).get(question_id)
        said = msgids(outcome)
        if expect == "question":
            assert question_id not in chat.answers.get(step_key, {}), f"stored {stored!r}"
            answered = any(part.kind in ("entry", "entries") for message in outcome.messages
                           for part in message.parts)
            assert answered or DONT_KNOW in said, said
        elif expect == "back":
            assert chat.asking != ref and chat.state.revisit
        elif isinstance(expect, str):
            assert said & COMMAND_SAYS[expect], said
            assert chat.answers.get(step_key, {}) == before or expect == "skip"
        elif "invalid" in expect:
            assert question_id not in chat.answers.get(step_key, {})
            assert any(part.kind == "p" and part.style == "error"
                       for message in outcome.messages for part in message.parts)
        else:
            assert (stored["text"] if isinstance(stored, dict) else stored) == expect["stored"]
