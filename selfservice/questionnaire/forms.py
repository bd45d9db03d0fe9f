"""Build a WTForms form for one step from the definition, and read it back into answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm

from selfservice.i18n import Text
from selfservice.questionnaire.engine import Answers, Step, holds
from selfservice.questionnaire.model import Question, Questionnaire
from selfservice.questionnaire.types import InvalidAnswer, escape_field_name

__all__ = ["build_step_form", "escape_field_name", "local_condition", "read_answer",
           "read_step", "shown_questions"]


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
                    formdata: Any = None) -> FlaskForm:
    """Return a form for ``step``, filled from the saved answers unless ``formdata`` is given."""
    questions = shown_questions(questionnaire, step, answers)
    attrs: dict[str, Any] = {}
    saved = answers.get(step.key, {})
    data: dict[str, Any] = {}
    for question in questions:
        attrs[question.id] = question.kind.form_field(question)
        attrs.update(question.kind.escape_fields(question))
        data.update(question.kind.form_data(question, saved.get(question.id)))
    form_class = type("StepForm", (FlaskForm,), attrs)
    form = form_class(formdata=formdata, data=None if formdata else data)
    form.questions = questions
    return form


def read_answer(question: Question, raw: Any, boxes: Sequence[str] = ()) -> Any:
    """Return the value to store for one question's raw input, or None when left empty.

    ``raw`` is the typed text, the chosen code, or the list of codes of a multiple choice
    (escapes of a choice question are codes among them); ``boxes`` are the escapes ticked
    beside a typed answer. Raises :class:`InvalidAnswer` with the message the person sees.
    """
    return question.kind.read_posted(question, raw, boxes)


def read_step(questionnaire: Questionnaire, step: Step, form: FlaskForm,
              answers: Answers) -> tuple[dict[str, Any], dict[str, Text]]:
    """Return the step's values to store and the messages for fields that are wrong."""
    values: dict[str, Any] = {}
    errors: dict[str, Text] = {}
    for question in form.questions:
        if not holds(questionnaire, question.when, answers, step, values):
            continue
        try:
            value = read_answer(question, *question.kind.posted(question, form))
        except InvalidAnswer as error:
            errors[question.id] = error.text
            continue
        if value is not None:
            values[question.id] = value
    return values, errors
