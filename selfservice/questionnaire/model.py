"""The questionnaire as immutable Python data, built once from its file."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from selfservice.questionnaire.types import QuestionType

Condition = dict[str, Any]


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    hint: str | None = None
    exclusive: bool = False  # "none of these": cannot be combined with other choices
    aliases: str | None = None  # words people type for it, comma-separated; translated


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: str
    why: str
    hint: str | None = None
    help: str | None = None
    required: bool = True
    escapes: tuple[str, ...] = ()
    when: Condition | None = None
    personal_data: str | None = None
    choices: tuple[Choice, ...] = ()
    max_length: int | None = None
    min: int | None = None
    max: int | None = None
    past_only: bool = False
    future_only: bool = False
    marks: tuple[str, ...] = ()
    low: str | None = None  # a ruler's ends: "0 = inte alls viktigt", "10 = …"
    high: str | None = None
    about: str | None = None  # the question on the same page a ruler rates (a goal)
    # Recordings of the question read aloud, (language, file under static/audio/): "Listen"
    # plays the one for the page's language instead of the browser's speech synthesis.
    audio: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        # A type that brings its own choices (yes/no) fills them in, so every view of a
        # choice question reads ``choices`` alike.
        if not self.choices and self.kind.fixed_choices():
            object.__setattr__(self, "choices", self.kind.fixed_choices())

    @property
    def kind(self) -> QuestionType:
        """The question's type object, which owns reading and showing its answers."""
        from selfservice.questionnaire.types import question_type

        return question_type(self.type)

    @property
    def private(self) -> bool:
        """Whether only staff may read the answer (``marks: [private]``): never the check
        page, the PDF, the confirmation or the chat's read-backs."""
        return "private" in self.marks

    @property
    def may_hold_identity(self) -> bool:
        """Whether people may type identity numbers, contact details or names into it: free
        text, which staff see masked until the identity is revealed."""
        return self.personal_data == "free_text" or self.kind.free_text

    def audio_file(self, locale: str) -> str | None:
        """Return the recording of this question in ``locale``, if the form names one."""
        return next((file for lang, file in self.audio if lang == locale), None)

    def choice_label(self, value: str) -> str | None:
        """Return the Swedish label of a choice code, or None if the code is unknown."""
        return next((c.label for c in self.choices if c.value == value), None)

    def choice_hint(self, value: str) -> str | None:
        """Return the Swedish hint under a choice, if it has one."""
        return next((c.hint for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    section_id: str
    questions: tuple[Question, ...]
    intro: str | None = None
    repeat: str | None = None
    when: Condition | None = None
    suggestion: bool = False
    # The chat asks each of these lists of questions in one message, as the page does.
    ask_together: tuple[tuple[str, ...], ...] = ()
    # On a repeated page, the chat offers the first member's answer to these questions.
    offer_same: tuple[str, ...] = ()

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    def asked_with(self, question_id: str) -> tuple[str, ...]:
        """Return the ids the chat asks together with a question (just its own if none)."""
        return next((group for group in self.ask_together if question_id in group),
                    (question_id,))


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    pages: tuple[Page, ...]
    intro: str | None = None
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class Repeat:
    id: str
    count_question: str
    label: str
    count_map: dict[str, int] = field(default_factory=dict)
    max: int = 10
    name_question: str | None = None


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    title: str
    sections: tuple[Section, ...]
    repeats: dict[str, Repeat]

    @cached_property
    def pages(self) -> tuple[Page, ...]:
        return tuple(page for section in self.sections for page in section.pages)

    @cached_property
    def _pages_by_id(self) -> dict[str, Page]:
        return {page.id: page for page in self.pages}

    def page(self, page_id: str) -> Page | None:
        return self._pages_by_id.get(page_id)

    def question(self, ref: str) -> Question | None:
        """Return the question a ``page.question`` reference names, or None."""
        page_id, _, question_id = ref.partition(".")
        page = self.page(page_id)
        return next((q for q in page.questions if q.id == question_id), None) if page else None

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)
