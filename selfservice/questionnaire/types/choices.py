"""Types whose answer is chosen: one of a list, several of a list, or yes/no.

Escapes ("I don't know") are listed among the choices here rather than ticked beside the
answer, so a choice question's posted value is a code (or a list of codes) and nothing else.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from wtforms import Field, RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice

from selfservice.i18n import N_, Text, join_list
from selfservice.questionnaire import messages
from selfservice.questionnaire.types.base import (
    ESCAPE_LABELS,
    CodeMatcher,
    InvalidAnswer,
    QuestionType,
    is_escape,
)

if TYPE_CHECKING:
    from selfservice.questionnaire.model import Choice, Question


def options(question: Question) -> list[tuple[str, str]]:
    """Return (code, Swedish label) of every choice, escapes last."""
    return [(c.value, c.label) for c in question.choices] + \
        [(e, ESCAPE_LABELS[e]) for e in question.escapes]


class SingleChoiceType(QuestionType):
    name = "single_choice"
    widget = "choices"
    takes_choices = True
    required_message = messages.REQUIRED_CHOICE

    def parse(self, question: Question, raw: str) -> str:
        if question.choice_label(raw) is None:
            raise InvalidAnswer(messages.UNKNOWN_CHOICE)
        return raw

    def read_posted(self, question: Question, raw: Any, boxes: Sequence[str] = ()) -> Any:
        if raw in question.escapes:
            return {"escape": raw}
        return self._parse_or_require(question, raw or "")

    def read_typed(self, question: Question, text: str, match: CodeMatcher) -> Any:
        return self.read_posted(question, match(question, text) or text)

    def read_tapped(self, question: Question, code: str) -> Any:
        return self.read_posted(question, code)

    def display(self, question: Question, value: Any) -> str:
        return _(question.choice_label(value) or value)

    def spoken(self, question: Question, value: Any) -> Any:
        label = question.choice_label(value)
        return Text(label) if label else self.display(question, value)

    def said(self, question: Question, code: str) -> Text:
        if code in ESCAPE_LABELS:
            return Text(ESCAPE_LABELS[code])
        return Text(question.choice_label(code) or code)

    def form_field(self, question: Question) -> Field:
        # Choices are checked by the type so that the message is ours and translated.
        return RadioField(choices=[SelectChoice(v, label) for v, label in options(question)],
                          validate_choice=False)

    def escape_fields(self, question: Question) -> dict[str, Field]:
        return {}

    def form_data(self, question: Question, value: Any) -> dict[str, Any]:
        return {question.id: value["escape"] if is_escape(value) else value}

    def posted(self, question: Question, form: Any) -> tuple[Any, list[str]]:
        return form[question.id].data, []

    def sample_input(self, question: Question) -> str:
        return question.choices[0].value

    def sample(self, question: Question, rng: random.Random, locale: str) -> str:
        return rng.choice(question.choices).value


YES_NO_LABELS = {"yes": N_("Ja"), "no": N_("Nej")}
# Translators: what people type for yes and for no, separated by commas, spoken forms and
# spellings without accents too. Swedish words always work as well.
YES_WORDS = N_("ja, japp, jepp, jo, jaa, javisst, visst, absolut, stämmer, okej, ok")
NO_WORDS = N_("nej, nä, nää, nix, nej tack, inte, aldrig")


class YesNoType(SingleChoiceType):
    """A single choice between "yes" and "no", which the type brings itself."""

    name = "yes_no"
    takes_choices = False

    def fixed_choices(self) -> tuple[Choice, ...]:
        return _yes_no_choices()

    def everyday_words(self) -> dict[str, str]:
        return {"yes": YES_WORDS, "no": NO_WORDS}

    def sample_input(self, question: Question) -> str:
        return "no"


@cache
def _yes_no_choices() -> tuple[Choice, ...]:
    from selfservice.questionnaire.model import Choice

    return tuple(Choice(code, label) for code, label in YES_NO_LABELS.items())


class MultiChoiceType(SingleChoiceType):
    """Several choices; an "exclusive" choice ("none of these") stands alone."""

    name = "multi_choice"
    required_message = messages.REQUIRED_CHOICES

    @property
    def multiple(self) -> bool:
        return True

    def read_posted(self, question: Question, raw: Any, boxes: Sequence[str] = ()) -> Any:
        if isinstance(raw, str):
            raw = [raw] if raw.strip() else []
        raw = list(raw or [])
        chosen = [e for e in question.escapes if e in raw]
        rest = [v for v in raw if v not in question.escapes]
        if chosen and (rest or len(chosen) > 1):
            raise InvalidAnswer(messages.ESCAPE_EXCLUSIVE)
        if chosen:
            return {"escape": chosen[0]}
        return self._parse_or_require(question, rest)

    def parse(self, question: Question, raw: Any) -> list[str]:
        chosen = list(dict.fromkeys(raw))
        unknown = next((v for v in chosen if question.choice_label(v) is None), None)
        if unknown is not None:
            raise InvalidAnswer(messages.UNKNOWN_CHOICES, part=unknown.strip()[:60])
        alone = [c for c in question.choices if c.exclusive and c.value in chosen]
        if alone and len(chosen) > 1:
            raise InvalidAnswer(messages.EXCLUSIVE_CHOICE, choice=Text(alone[0].label))
        return chosen

    def read_typed(self, question: Question, text: str, match: CodeMatcher) -> Any:
        parts = [p for p in text.replace(";", ",").replace("\n", ",").split(",") if p.strip()]
        return self.read_posted(question, [match(question, p) or p for p in parts])

    def read_tapped(self, question: Question, code: str) -> Any:
        return self.read_posted(question, [code])

    def read_ticked(self, question: Question, codes: Sequence[str]) -> Any:
        return self.read_posted(question, list(codes))

    def display(self, question: Question, value: Any) -> str:
        return join_list(SingleChoiceType.display(self, question, v) for v in value)

    def spoken(self, question: Question, value: Any) -> Any:
        if not isinstance(value, list):
            return self.display(question, value)
        return [SingleChoiceType.spoken(self, question, v) for v in value]

    def form_field(self, question: Question) -> Field:
        return SelectMultipleField(
            choices=[SelectChoice(v, label) for v, label in options(question)],
            validate_choice=False)

    def form_data(self, question: Question, value: Any) -> dict[str, Any]:
        return {question.id: [value["escape"]] if is_escape(value) else value}

    def sample_input(self, question: Question) -> list[str]:
        return [question.choices[0].value]

    def sample(self, question: Question, rng: random.Random, locale: str) -> list[str]:
        alone = [c.value for c in question.choices if c.exclusive]
        if alone and rng.random() < 0.5:
            return [rng.choice(alone)]
        others = [c.value for c in question.choices if not c.exclusive]
        return rng.sample(others, k=min(len(others), rng.choice((1, 1, 2, 3))))
