"""The chat's data: what a person sent, what a turn decided, and the conversation's state.

The state and the messages (:mod:`selfservice.chat.messages`) are stored together in the
draft's sealed transcript as JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from selfservice.chat.messages import EntryPart, Link, Message, Paragraph
from selfservice.chat.texts import ALL_DONE, CHECK_LINK, GREETING, PRIVATE_ANSWER
from selfservice.i18n import Text
from selfservice.questionnaire.engine import Answers, Step
from selfservice.questionnaire.engine import plan as whole_plan
from selfservice.questionnaire.model import Question, Questionnaire
from selfservice.questionnaire.types import ESCAPE_LABELS, is_escape


@dataclass
class ChatState:
    """Where a conversation is: stored with the transcript, updated by every turn."""

    asking: str | None = None  # the question asked now, as "step:question"
    revisit: bool = False  # asked again to change its answer
    awaiting: str | None = None  # "change" or "restart" while a choice is pending
    step: str | None = None  # the step whose heading was shown last
    count: int = 0  # messages so far, numbering the next
    skipped: list[str] = field(default_factory=list)  # optional questions skipped in chat
    owned: dict[str, str] = field(default_factory=dict)  # step -> digest the chat wrote
    pending: str | None = None  # typed text that read as a question, kept until confirmed
    pending_question: str | None = None  # which of the questions asked together it was for
    together: list[str] = field(default_factory=list)  # ids asked in one message with asking

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> ChatState:
        known = {name: value for name, value in (data or {}).items()
                 if name in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(frozen=True)
class Turn:
    """What the person sent: typed text, a tapped reply, ticked boxes or a command."""

    text: str = ""
    choice: str | None = None  # a tapped quick reply: a choice code or an escape
    choices: tuple[str, ...] = ()  # ticked boxes of a multi_choice question
    command: str | None = None
    change: str | None = None  # the question picked to change
    entry: str | None = None  # a glossary entry tapped in a list of suggestions
    asked: str | None = None  # the question the page showed when the person answered
    together: str | None = None  # the ids of the questions it showed together, space-separated
    posted: Any = None  # the fields of questions asked together, as the request has them


@dataclass(frozen=True)
class Save:
    """One answer to store; no question means "this page is done with nothing to store"."""

    step_key: str
    question_id: str | None
    value: Any


@dataclass
class Context:
    """What a conversation needs besides its state: the engine and the world around it."""

    questionnaire: Questionnaire
    locale: str
    translate: Callable[[str], str]  # Swedish msgid -> text in ``locale``
    office_phone: str  # isolated left to right (LRI … PDI), as every sentence shows it
    emergency_phone: str
    municipality: str
    search: Callable[[str], list[Any]] = lambda query: []  # typed question -> hits
    is_confident: Callable[[list[Any]], bool] = lambda hits: False
    entry: Callable[[str], Any] | None = None  # entry id -> entry (title, text); KeyError
    suggestion: Callable[[Step, Answers], Any] = lambda step, answers: None
    journey: ChatJourney = field(default_factory=lambda: APPLICATION)


@dataclass(frozen=True)
class ChatJourney:
    """What the conversation walks through and where it leads: the whole application, or
    one person's follow-up of fixed pages."""

    plan: Callable[[Questionnaire, Answers], tuple[list[Step], Answers]] = whole_plan
    greeting: str = GREETING
    all_done: str = ALL_DONE
    done_link: tuple[str, str] = ("intake.check", CHECK_LINK)  # (endpoint, label msgid)
    check_link: tuple[str, str] | None = ("intake.check", CHECK_LINK)  # under a summary
    # Answers to put in the reply box of a step's questions before the person answers (a
    # follow-up offers the goals as the person wrote them in the application).
    offered: Callable[[Step], dict[str, Any]] = lambda step: {}


APPLICATION = ChatJourney()


@dataclass
class Outcome:
    """The result of a turn: the new state, the new messages and the answers to store."""

    state: ChatState
    messages: list[Message] = field(default_factory=list)
    saves: list[Save] = field(default_factory=list)
    restart: bool = False  # the messages replace the whole transcript
    question: tuple[Step, Question] | None = None  # asked now, when the turn is over
    together: list[Question] = field(default_factory=list)  # asked with it, itself first
    offered: dict[str, Any] = field(default_factory=dict)  # question id -> first member's answer
    value: Any = None  # that question's saved answer, if it has one


def ref_of(step: Step, question: Question) -> str:
    return f"{step.key}:{question.id}"



def answer_text(question: Question, value: Any) -> Any:
    """Return a stored value as a Text where it has a label, so it shows in any language;
    a staff-only answer as a sentence saying so."""
    if question.private:
        return Text(PRIVATE_ANSWER)
    if is_escape(value):
        return Text(ESCAPE_LABELS[value["escape"]])
    return question.kind.spoken(question, value)


def paragraph(text: Text, style: str | None = None) -> Paragraph:
    return Paragraph(text, style)


def link(endpoint: str, label: str) -> Link:
    return Link(endpoint, Text(label))


def entry_part(entry: Any) -> EntryPart:
    return EntryPart(entry.id, Text(entry.title), entry.shown_text())
