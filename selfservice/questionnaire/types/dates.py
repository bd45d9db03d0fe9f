"""A calendar date, typed in the ways Swedes, Finns and others write one."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from babel.dates import format_date

from selfservice.questionnaire import messages
from selfservice.questionnaire.types.base import (
    InvalidAnswer,
    QuestionType,
    page_locale,
    without_spaces,
)

if TYPE_CHECKING:
    from selfservice.questionnaire.model import Question

_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%d.%m.%Y", "%d/%m/%Y")


class DateType(QuestionType):
    name = "date"
    input_attributes = MappingProxyType({"inputmode": "numeric", "class": "input input--medium",
                                         "autocomplete": "off", "placeholder": ""})

    def parse(self, question: Question, raw: str) -> str:
        text = without_spaces(raw)
        for pattern in _DATE_FORMATS:
            try:
                day = datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        else:
            raise InvalidAnswer(messages.NOT_A_DATE)
        if day.year < 1900:
            raise InvalidAnswer(messages.DATE_TOO_EARLY)
        if question.past_only and day > date.today():
            raise InvalidAnswer(messages.DATE_IN_FUTURE)
        if question.future_only and day < date.today():
            raise InvalidAnswer(messages.DATE_IN_PAST)
        return day.isoformat()

    def display(self, question: Question, value: Any) -> str:
        return format_date(date.fromisoformat(value), format="long", locale=page_locale())

    def sample_input(self, question: Question) -> str:
        return "2015-06-01"

    def sample(self, question: Question, rng: random.Random, locale: str) -> str:
        offset = timedelta(days=rng.randint(30, 2000))
        day = date.today() + offset if question.future_only else date.today() - offset
        return day.isoformat()
