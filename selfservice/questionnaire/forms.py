"""Build a WTForms form for one step from the definition, and read it back into answers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from selfservice.i18n import Text
from selfservice.questionnaire import messages
from selfservice.questionnaire.answers import (
    ANSWER_TYPES,
    ESCAPE_LABELS,
    YES_NO_LABELS,
    InvalidAnswer,
    display,
)
from selfservice.questionnaire.engine import Answers, Step, holds, is_escape
from selfservice.questionnaire.model import Question, Questionnaire

CHOICE_TYPES = {"single_choice", "multi_choice", "yes_no"}


def _choices(question: Question) -> list[SelectChoice]:
    if question.type == "yes_no":
        options = list(YES_NO_LABELS.items())
    else:
        options = [(c.value, c.label) for c in question.choices]
    options += [(e, ESCAPE_LABELS[e]) for e in question.escapes]
    return [SelectChoice(value, label) for value, label in options]


FIELD_BUILDERS: dict[str, Callable[[Question], Field]] = {
    "text": lambda q: StringField(),
    "long_text": lambda q: TextAreaField(),
    "integer": lambda q: StringField(),
    "money": lambda q: StringField(),
    "date": lambda q: StringField(),
    "personnummer": lambda q: StringField(),
    "phone": lambda q: StringField(),
    "email": lambda q: StringField(),
    # Choices are checked by the engine so that the message is ours and translated.
    "single_choice": lambda q: RadioField(choices=_choices(q), validate_choice=False),
    "yes_no": lambda q: RadioField(choices=_choices(q), validate_choice=False),
    "multi_choice": lambda q: SelectMultipleField(choices=_choices(q), validate_choice=False),
}


def escape_field_name(question: Question, escape: str) -> str:
    return f"{question.id}__{escape}"


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


def _form_value(question: Question, value: Any) -> Any:
    if value is None or is_escape(value):
        return None
    if question.type == "long_text":
        return value["text"]
    if question.type in {"integer", "money", "date", "personnummer"}:
        return display(question, value) if question.type == "personnummer" else str(value)
    return value


def build_step_form(questionnaire: Questionnaire, step: Step, answers: Answers,
                    formdata: Any = None) -> FlaskForm:
    """Return a form for ``step``, filled from the saved answers unless ``formdata`` is given."""
    questions = shown_questions(questionnaire, step, answers)
    attrs: dict[str, Any] = {}
    saved = answers.get(step.key, {})
    data: dict[str, Any] = {}
    for question in questions:
        attrs[question.id] = FIELD_BUILDERS[question.type](question)
        value = saved.get(question.id)
        data[question.id] = _form_value(question, value)
        if is_escape(value) and question.type in CHOICE_TYPES:
            data[question.id] = [value["escape"]] if question.type == "multi_choice" \
                else value["escape"]
        if question.type not in CHOICE_TYPES:
            for escape in question.escapes:
                attrs[escape_field_name(question, escape)] = BooleanField()
                data[escape_field_name(question, escape)] = (
                    is_escape(value) and value["escape"] == escape)
    form_class = type("StepForm", (FlaskForm,), attrs)
    form = form_class(formdata=formdata, data=None if formdata else data)
    form.questions = questions
    return form


def _chosen_escape(question: Question, raw: Any, boxes: Sequence[str]) -> tuple[str | None, Any]:
    """Split raw input into an escape (if one was chosen) and the remaining answer."""
    if question.type == "multi_choice":
        raw = raw or []
        chosen = [e for e in question.escapes if e in raw]
        rest = [v for v in raw if v not in question.escapes]
        if chosen and (rest or len(chosen) > 1):
            raise InvalidAnswer(messages.ESCAPE_EXCLUSIVE)
        return (chosen[0] if chosen else None), rest
    if question.type in CHOICE_TYPES:
        return (raw if raw in question.escapes else None), (raw or "")
    chosen = [e for e in question.escapes if e in boxes]
    text = (raw or "").strip()
    if chosen and (text or len(chosen) > 1):
        raise InvalidAnswer(messages.ESCAPE_ALONE)
    return (chosen[0] if chosen else None), raw or ""


def read_answer(question: Question, raw: Any, boxes: Sequence[str] = ()) -> Any:
    """Return the value to store for one question's raw input, or None when left empty.

    ``raw`` is the typed text, the chosen code, or the list of codes of a multi_choice
    (escapes of a choice question are codes among them); ``boxes`` are the escapes ticked
    beside a typed answer. Raises :class:`InvalidAnswer` with the message the person sees.
    """
    escape, raw = _chosen_escape(question, raw, boxes)
    if escape:
        return {"escape": escape}
    empty = raw == [] or (isinstance(raw, str) and not raw.strip())
    if empty:
        if not question.required:
            return None
        if question.type == "multi_choice":
            raise InvalidAnswer(messages.REQUIRED_CHOICES)
        raise InvalidAnswer(messages.REQUIRED_CHOICE if question.type in CHOICE_TYPES
                            else messages.REQUIRED_TEXT)
    parse = ANSWER_TYPES[question.type].parse
    if question.type == "multi_choice":
        chosen = [parse(question, v) for v in dict.fromkeys(raw)]
        alone = [c for c in question.choices if c.exclusive and c.value in chosen]
        if alone and len(chosen) > 1:
            raise InvalidAnswer(messages.EXCLUSIVE_CHOICE, choice=Text(alone[0].label))
        return chosen
    return parse(question, raw)


def _read_question(question: Question, form: FlaskForm) -> Any:
    boxes = [] if question.type in CHOICE_TYPES else \
        [e for e in question.escapes if form[escape_field_name(question, e)].data]
    return read_answer(question, form[question.id].data, boxes)


def read_step(questionnaire: Questionnaire, step: Step, form: FlaskForm,
              answers: Answers) -> tuple[dict[str, Any], dict[str, Text]]:
    """Return the step's values to store and the messages for fields that are wrong."""
    values: dict[str, Any] = {}
    errors: dict[str, Text] = {}
    for question in form.questions:
        if not holds(questionnaire, question.when, answers, step, values):
            continue
        try:
            value = _read_question(question, form)
        except InvalidAnswer as error:
            errors[question.id] = error.text
            continue
        if value is not None:
            values[question.id] = value
    return values, errors
