"""Build a WTForms form for one step from the definition, and read it back into answers."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Form

from selfservice.i18n import Text
from selfservice.questionnaire.engine import Answers, Step, holds
from selfservice.questionnaire.model import Question, Questionnaire
from selfservice.questionnaire.types import InvalidAnswer, escape_field_name

__all__ = ["build_questions_form", "build_step_form", "escape_field_name", "local_condition",
           "private_answered", "read_answer", "read_questions", "read_step", "revealed_by",
           "shown_questions"]


def _is_local(condition: dict[str, Any]) -> bool:
    return "question" in condition and "." not in condition["question"]


def _part(condition: dict[str, Any], local: bool) -> dict[str, Any] | None:
    """Keep the leaves that look at this page (``local``) or elsewhere; None means "maybe"."""
    if "all" in condition:
        kept = [c for c in (_part(sub, local) for sub in condition["all"]) if c is not None]
        return {"all": kept} if kept else None
    if "any" in condition:
        parts = [_part(sub, local) for sub in condition["any"]]
        return None if any(c is None for c in parts) else {"any": parts}
    if "not" in condition:
        inner = _part(condition["not"], local)
        return None if inner is None else {"not": inner}
    return condition if _is_local(condition) == local else None


def local_condition(question: Question) -> dict[str, Any] | None:
    """Return the part of a question's condition that its own page decides, for the script."""
    return _part(question.when, local=True) if question.when else None


def shown_questions(questionnaire: Questionnaire, step: Step, answers: Answers) -> list[Question]:
    """Return the questions a page shows: those that apply, and those revealed on the page."""
    return [q for q in step.page.questions
            if q.when is None
            or holds(questionnaire, _part(q.when, local=False), answers, step)]


def build_step_form(questionnaire: Questionnaire, step: Step, answers: Answers,
                    formdata: Any = None) -> Form:
    """Return a form for ``step``, filled from the saved answers unless ``formdata`` is given.

    A form to show (no ``formdata``) checks nothing, so it is a plain form: the page writes
    its CSRF token itself, and signing one for the form too is a tenth of a step's time.
    """
    return build_questions_form(shown_questions(questionnaire, step, answers),
                                answers.get(step.key, {}), formdata,
                                base=FlaskForm if formdata is not None else Form)


def build_questions_form(questions: Sequence[Question], saved: dict[str, Any],
                         formdata: Any = None, base: type[Form] = FlaskForm) -> Form:
    """Return a form for some questions of one page (the chat asks a few together).

    ``base`` is a plain :class:`wtforms.Form` where the request was checked already.
    """
    data: dict[str, Any] = {}
    for question in questions:
        # A staff-only answer is never shown again: the next person at the phone may be the
        # one it is private from (forms/README.md, "Marks").
        value = None if question.private else saved.get(question.id)
        data.update(question.kind.form_data(question, value))
    form_class = _form_class(_TheseQuestions(tuple(questions)), base)
    form = form_class(formdata=formdata, data=None if formdata else data)
    form.questions = list(questions)
    return form


class _TheseQuestions:
    """These very question objects, as a cache key: questions hold lists and cannot be
    hashed, and two questionnaires (tests load several) may have questions that are equal."""

    __slots__ = ("_hash", "questions")

    def __init__(self, questions: tuple[Question, ...]) -> None:
        self.questions = questions  # held, so no other object can take their ids
        self._hash = hash(tuple(map(id, questions)))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _TheseQuestions) and len(other.questions) == len(
            self.questions) and all(a is b for a, b in zip(self.questions, other.questions,
                                                           strict=True))


@lru_cache(maxsize=512)
def _form_class(these: _TheseQuestions, base: type[Form]) -> type[Form]:
    # Fields depend on the questions only (labels are translated when the page is drawn), and
    # making a form class is a tenth of a step's time: each page's class is made once.
    attrs: dict[str, Any] = {}
    for question in these.questions:
        attrs[question.id] = question.kind.form_field(question)
        attrs.update(question.kind.escape_fields(question))
    return type("StepForm", (base,), attrs)


def read_answer(question: Question, raw: Any, boxes: Sequence[str] = ()) -> Any:
    """Return the value to store for one question's raw input, or None when left empty.

    ``raw`` is the typed text, the chosen code, or the list of codes of a multiple choice
    (escapes of a choice question are codes among them); ``boxes`` are the escapes ticked
    beside a typed answer. Raises :class:`InvalidAnswer` with the message the person sees.
    """
    return question.kind.read_posted(question, raw, boxes)


def read_step(questionnaire: Questionnaire, step: Step, form: Form,
              answers: Answers) -> tuple[dict[str, Any], dict[str, Text]]:
    """Return the step's values to store and the messages for fields that are wrong."""
    values: dict[str, Any] = {}
    errors: dict[str, Text] = {}
    saved = answers.get(step.key, {})
    for question, value, error in read_questions(questionnaire, step, form, answers):
        if error is not None:
            errors[question.id] = error
        elif value is not None:
            values[question.id] = value
        elif question.private and question.id in saved:
            # Its page shows no saved answer, so left empty it stays as it was.
            values[question.id] = saved[question.id]
    return values, errors


def private_answered(step: Step, answers: Answers) -> set[str]:
    """Return the staff-only questions of a step that have an answer the page does not show."""
    saved = answers.get(step.key, {})
    return {q.id for q in step.page.questions if q.private and q.id in saved}


def read_questions(questionnaire: Questionnaire, step: Step, form: Form, answers: Answers,
                   earlier: dict[str, Any] | None = None,
                   ) -> Iterator[tuple[Question, Any, Text | None]]:
    """Yield each question of a posted form that applies, its value (None if left empty)
    and the message if its input is wrong; questions whose condition fails are left out.

    ``earlier`` are the page's answers given before, when the form has only some of its
    questions (the chat asks a few together).
    """
    values: dict[str, Any] = dict(earlier or {})
    for question in form.questions:
        if not holds(questionnaire, question.when, answers, step, values):
            continue
        try:
            value = read_answer(question, *question.kind.posted(question, form))
        except InvalidAnswer as error:
            yield question, None, error.text
            continue
        if value is not None:
            values[question.id] = value
        yield question, value, None


def revealed_by(question: Question) -> set[str]:
    """Return the ids of questions on its own page that a question's condition looks at."""
    found: set[str] = set()

    def walk(condition: dict[str, Any]) -> None:
        for key in ("all", "any"):
            for sub in condition.get(key, ()):
                walk(sub)
        if "not" in condition:
            walk(condition["not"])
        if "question" in condition:
            found.add(condition["question"])

    local = local_condition(question)
    if local:
        walk(local)
    return found
