"""A calendar date, typed in the ways Swedes, Finns and others write one."""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from babel.dates import format_date, get_month_names

from selfservice.bidi import left_to_right
from selfservice.i18n import N_, Text
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
# Month names are read in these languages whatever the page's language ("23 april 2015",
# "23. huhtikuuta 2015", "April 23, 2015", "23 أبريل 2015"): people write as they learnt.
MONTH_LANGUAGES = ("sv", "en", "fi", "ar")
_WORDS = re.compile(r"[^\W\d_]+")


@cache
def _month_numbers() -> dict[str, int]:
    names: dict[str, int] = {}
    for language in MONTH_LANGUAGES:
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in get_month_names(width, context, language).items():
                    names.setdefault(_fold(name), number)
    return names


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word.casefold().strip("."))
                   if not unicodedata.combining(c))


def _in_numbers(raw: str) -> str:
    """Return "23 april 2015" as "23.4.2015" and "April 23, 2015" as "23.4.2015"."""
    months = _month_numbers()
    found = [(m.group(), months[_fold(m.group())]) for m in _WORDS.finditer(raw)
             if _fold(m.group()) in months]
    if len(found) != 1:
        return raw
    numbers = re.findall(r"\d+", raw)  # also Arabic-Indic digits, which int() reads
    if len(numbers) != 2:
        return raw
    day, year = numbers if len(numbers[1]) == 4 else reversed(numbers)
    return f"{int(day)}.{found[0][1]}.{int(year)}"


class DateType(QuestionType):
    name = "date"
    input_attributes = MappingProxyType({"inputmode": "numeric", "class": "input input--medium",
                                         "autocomplete": "off", "placeholder": "",
                                         "dir": "ltr"})
    # Other ways of writing a date are read too; the hint shows the one that never misleads.
    # The example is isolated (LRI ... PDI), or after Arabic text its parts would swap places;
    # parse() reads it back as typed.
    format_hint = Text(N_("Skriv datumet som år-månad-dag, till exempel %(example)s."),
                       {"example": left_to_right("2024-03-15")})

    def parse(self, question: Question, raw: str) -> str:
        text = without_spaces(_in_numbers(raw))
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
