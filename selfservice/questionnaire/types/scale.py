"""A ruler: a whole number from 0 to 10 chosen on a scale whose two ends say what they mean.

MI's importance and confidence rulers ("how important is this to you?", "how sure are you
that you can do it?") are asked this way. It is a choice among eleven numbers, so it works
without JavaScript as radio buttons in a fieldset and as quick replies in the chat; the ends
(``low`` and ``high`` in the definition, "0 = inte alls viktigt") are shown with the scale.
The answer is stored as the number itself, so later readings can be compared and charted.
"""

from __future__ import annotations

import random
import re
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import gettext as _

from selfservice.i18n import N_, Text
from selfservice.questionnaire import messages
from selfservice.questionnaire.types.base import (
    CodeMatcher,
    InvalidAnswer,
    is_escape,
    without_spaces,
)
from selfservice.questionnaire.types.choices import SingleChoiceType

if TYPE_CHECKING:
    from selfservice.questionnaire.model import Choice, Question

LOWEST, HIGHEST = 0, 10
OUT_OF = N_("%(number)s av 10")


class RulerType(SingleChoiceType):
    name = "ruler"
    takes_choices = False
    #: How the page and the chat lay the choices out: side by side, as a scale.
    layout: ClassVar[str] = "scale"
    required_message = messages.NOT_ON_RULER

    def fixed_choices(self) -> tuple[Choice, ...]:
        return _steps()

    def parse(self, question: Question, raw: Any) -> int:
        digits = without_spaces(str(raw))
        if not re.fullmatch(r"\d{1,2}", digits) or not LOWEST <= int(digits) <= HIGHEST:
            raise InvalidAnswer(messages.NOT_ON_RULER)
        return int(digits)

    def read_typed(self, question: Question, text: str, match: CodeMatcher) -> Any:
        # "6" is the number six, not the sixth choice (which the chat's matcher would read).
        return self.read_posted(question, text)

    def display(self, question: Question, value: Any) -> str:
        return _(OUT_OF, number=value)

    def spoken(self, question: Question, value: Any) -> Any:
        return Text(OUT_OF, {"number": value})

    def said(self, question: Question, code: Any) -> Text:
        return Text(OUT_OF, {"number": code}) if str(code).isdigit() else super().said(
            question, code)

    def form_data(self, question: Question, value: Any) -> dict[str, Any]:
        if value is None or is_escape(value):
            return super().form_data(question, value)
        return {question.id: str(value)}

    def form_value(self, question: Question, value: Any) -> str:
        return str(value)

    def sample_input(self, question: Question) -> str:
        return "5"

    def sample(self, question: Question, rng: random.Random, locale: str) -> str:
        return str(rng.randint(LOWEST, HIGHEST))


@cache
def _steps() -> tuple[Choice, ...]:
    from selfservice.questionnaire.model import Choice

    return tuple(Choice(str(n), str(n)) for n in range(LOWEST, HIGHEST + 1))
