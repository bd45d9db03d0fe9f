"""The chat asks for the person's goals and rulers as the web form does, and never repeats
an answer only the caseworker may read."""

from __future__ import annotations

import pytest

from selfservice.chat.services import current_context
from selfservice.chat.texts import PRIVATE_ANSWER
from tests.chat.test_conversation import HOUSEHOLD, Chat, urgent_answered
from tests.chat.test_together import send_together


@pytest.fixture
def chat(shared_app):
    with shared_app.test_request_context("/?lang=sv"):
        yield Chat(current_context(), urgent_answered())


def test_the_goals_page_is_asked_in_one_message_and_the_rulers_are_saved_as_numbers(chat):
    chat.answer_until("goals.1:goal_1")
    assert chat.state.together[:3] == ["goal_1", "goal_1_importance", "goal_1_confidence"]
    send_together(chat, goal_1="Jag vill sova bättre", goal_1_importance="8",
                  goal_1_confidence="3")
    assert chat.answers["goals.1"] == {
        "goal_1": {"text": "Jag vill sova bättre", "lang": "sv"},
        "goal_1_importance": 8, "goal_1_confidence": 3}
    said = chat.transcript[-2] if chat.transcript[-1].by == "bot" else chat.transcript[-1]
    assert [row.answer.source() for row in said.rows if not isinstance(row.answer, str)] == \
        ["8 av 10", "3 av 10"]


def test_a_wish_to_meet_alone_is_saved_but_never_said_back(chat):
    chat.answer_until("own_meeting.2:meet_alone", HOUSEHOLD)
    chat.send(choice="yes")
    assert chat.answers["own_meeting.2"] == {"meet_alone": "yes"}
    mine = [message for message in chat.transcript if message.by == "person"][-1]
    assert [text.source() for text in mine.said] == [PRIVATE_ANSWER]
    chat.send(command="change")
    items = [part for part in chat.last.messages[-1].parts if part.kind == "change"]
    wish = [item for part in items for item in part.items
            if item.ref == "own_meeting.2:meet_alone"]
    assert wish and wish[0].answer.source() == PRIVATE_ANSWER
    chat.send(command="summary")
    summary = next(part for part in chat.last.messages[-1].parts if part.kind == "summary")
    labels = [row.text.source() for group in summary.groups for row in group.rows]
    assert "Vill du träffa handläggaren ensam en gång?" not in labels
