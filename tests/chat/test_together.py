"""Questions asked in one message: the page's ``ask_together`` lists, as the page reads them."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.datastructures import MultiDict

from selfservice.chat.services import current_context
from selfservice.chat.texts import KEPT_BACK, SAFETY_TEXT
from selfservice.i18n import Text
from selfservice.questionnaire import messages
from tests.builders import household_inputs, sample_input
from tests.chat.test_conversation import Chat


@pytest.fixture
def chat(shared_app):
    with shared_app.test_request_context("/?lang=sv"):
        yield Chat(current_context())


@pytest.fixture(params=["sv", "en", "fi", "ar"])
def any_chat(shared_app, request):
    with shared_app.test_request_context(f"/?lang={request.param}"):
        yield request.param, Chat(current_context())


def send_together(chat: Chat, **fields: Any) -> Any:
    """Send the fields of the questions asked together, as the page posts them."""
    posted = MultiDict()
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            posted.add(name, item)
    return chat.send(posted=posted, together=" ".join(chat.state.together))


def answer_as_shown(chat: Chat, inputs: dict[str, dict[str, Any]]) -> None:
    """Answer what the chat asks now: the questions together, or the one question."""
    step_key = chat.asking.split(":")[0]
    page = chat.ctx.questionnaire.page(step_key.split(".")[0])
    given = inputs.get(step_key, {})
    if chat.state.together:
        send_together(chat, **{i: given.get(i, sample_input(page.question(i)))
                               for i in chat.state.together})
    else:
        chat.answer(given.get(chat.question.id, sample_input(chat.question)))


def turns_to_finish(chat: Chat, inputs: dict[str, dict[str, Any]]) -> int:
    for turn in range(200):
        if chat.asking is None:
            return turn
        answer_as_shown(chat, inputs)
    raise AssertionError("the conversation went on for ever")


def test_first_and_last_name_are_asked_in_one_message_and_both_saved(chat):
    chat.answer_until("household:child_count")
    send_together(chat, child_count="0", protected_identity="no", interpreter_needed="no")
    assert chat.asking == "personal.1:first_name"
    assert chat.state.together == ["first_name", "last_name"]
    questions = chat.parts("question")
    assert [q.text.source() for q in questions] == ["Förnamn", "Efternamn"]
    # Who they are about is said once, above the first.
    assert questions[0].member.source() == "Person 1" and questions[1].member is None
    outcome = send_together(chat, first_name="Testa", last_name="Exempelsson")
    assert chat.answers["personal.1"] == {"first_name": "Testa", "last_name": "Exempelsson"}
    person = outcome.messages[0]
    assert [(row.text.source(), row.answer) for row in person.rows] == \
        [("Förnamn", "Testa"), ("Efternamn", "Exempelsson")]
    assert chat.asking == "personal.1:has_identity_number"


def test_a_question_revealed_by_another_asked_with_it_counts_only_when_it_applies(chat):
    chat.answer_until("personal.1:has_identity_number")
    assert chat.state.together == ["has_identity_number", "identity_number", "date_of_birth"]
    send_together(chat, has_identity_number="no", identity_number="",
                  date_of_birth="1985-04-23")
    assert chat.answers["personal.1"]["has_identity_number"] == "no"
    assert chat.answers["personal.1"]["date_of_birth"] == "1985-04-23"
    assert "identity_number" not in chat.answers["personal.1"]
    assert chat.asking == "personal.1:gender"


def test_a_wrong_answer_keeps_the_others_and_asks_again_with_the_forms_message(chat):
    chat.answer_until("expenses:rent")
    assert "electricity" in chat.state.together
    send_together(chat, rent="5 400 kr", electricity="massor", home_insurance="",
                  other_costs="")
    assert chat.answers["expenses"]["rent"] == 5400
    assert "electricity" not in chat.answers["expenses"]
    assert chat.asking == "expenses:electricity"
    refused = Text(messages.NOT_AN_AMOUNT, messages.example(messages.NOT_AN_AMOUNT)).source()
    assert f"Hur mycket betalar ni för el per månad? – {refused}" in chat.said()
    # Left empty, optional questions count as skipped and are not asked again.
    assert chat.state.together == ["electricity"] or chat.state.together == []
    assert "expenses:home_insurance" in chat.state.skipped


TYPED_QUESTIONS = {"sv": "vad betyder riksnorm", "en": "what does riksnorm mean",
                   "fi": "mitä tarkoittaa omavaraisuus", "ar": "شو يعني المعيار الوطني"}


def test_a_question_typed_into_a_name_field_is_answered_and_never_saved(any_chat):
    language, chat = any_chat
    typed = TYPED_QUESTIONS[language]
    chat.answer_until("personal.1:first_name")
    outcome = send_together(chat, first_name=typed, last_name="Exempelsson")
    assert "first_name" not in chat.answers["personal.1"]
    assert chat.answers["personal.1"]["last_name"] == "Exempelsson"
    assert any(part.kind == "entry" for m in outcome.messages for part in m.parts)
    assert Text(KEPT_BACK, {"question": Text("Förnamn")}).source() in chat.said()
    assert chat.asking == "personal.1:first_name"
    # Sent again as it is (the box shows it again), it was the answer after all.
    assert chat.state.together == [] and chat.state.pending == typed
    chat.send(text=typed)
    assert chat.answers["personal.1"]["first_name"] == typed


def test_yes_to_protected_identity_among_others_points_to_the_safety_page(chat):
    chat.answer_until("household:child_count")
    send_together(chat, child_count="1", protected_identity="yes", interpreter_needed="no")
    assert chat.answers["household"]["protected_identity"] == "yes"
    assert SAFETY_TEXT in chat.said()


def test_a_page_left_while_asking_together_shows_the_question_again(chat):
    chat.answer_until("personal.1:first_name")
    outcome = chat.send(posted=MultiDict({"first_name": "Testa"}), together="first_name")
    assert "personal.1" not in chat.answers
    assert any("Frågan hann ändras" in text for text in chat.said(outcome))


@pytest.mark.parametrize(("adults", "children", "most"), [(1, 0, 30), (2, 3, 70)])
def test_a_household_is_done_in_half_the_turns(chat, adults, children, most):
    inputs = household_inputs(adults=adults, children=children)
    assert turns_to_finish(chat, inputs) <= most
    assert chat.answers["household"]["applying"] == ("alone" if adults == 1 else "together")
    assert len([key for key in chat.answers if key.startswith("rating_choice.")]) == adults


def test_the_second_adult_is_offered_the_first_adults_last_name(chat):
    inputs = household_inputs(adults=2, children=0)
    for _ in range(60):
        if chat.asking == "personal.2:first_name":
            break
        answer_as_shown(chat, inputs)
    assert chat.state.together == ["first_name", "last_name"]
    assert chat.last.offered == {"last_name": "Exempelsson"}
    assert "Jag har fyllt i samma svar som för Person 1. Ändra det om det inte stämmer." \
        in chat.said()
    send_together(chat, first_name="Provia", last_name="Exempelsson")
    assert chat.answers["personal.2"]["last_name"] == "Exempelsson"
    # Only what the page lists is offered: not the identity number asked next.
    assert chat.asking == "personal.2:has_identity_number" and chat.last.offered == {}
