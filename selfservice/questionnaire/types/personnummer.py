"""A Swedish personal identity or co-ordination number, checked by its Luhn digit."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from personnummer.personnummer import Personnummer, PersonnummerException

from selfservice.questionnaire import messages
from selfservice.questionnaire.types.base import InvalidAnswer, QuestionType, without_spaces

if TYPE_CHECKING:
    from selfservice.questionnaire.model import Question


def luhn_digit(nine_digits: str) -> str:
    """Return the check digit of a Swedish identity number's last nine digits before it."""
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def fictional_identity_number(born: date, rng: random.Random) -> str:
    """Return a valid identity number in Skatteverket's test range (serial 980–999)."""
    serial = str(rng.randint(980, 999))
    return f"{born:%Y%m%d}-{serial}{luhn_digit(f'{born:%y%m%d}{serial}')}"


class PersonnummerType(QuestionType):
    name = "personnummer"
    identifies = True
    input_attributes = MappingProxyType({"inputmode": "numeric", "class": "input input--medium",
                                         "autocomplete": "off", "dir": "ltr"})

    def parse(self, question: Question, raw: str) -> str:
        text = without_spaces(raw)
        if not re.fullmatch(r"(\d{2})?\d{6}[-+]?\d{4}", text):
            raise InvalidAnswer(messages.NOT_A_PERSONNUMMER)
        try:
            number = Personnummer(text)
        except PersonnummerException:
            raise InvalidAnswer(messages.PERSONNUMMER_CHECKSUM) from None
        if number.get_date() > date.today():
            raise InvalidAnswer(messages.PERSONNUMMER_IN_FUTURE)
        return number.format(long_format=True)

    def display(self, question: Question, value: Any) -> str:
        return f"{value[:8]}-{value[8:]}"

    def form_value(self, question: Question, value: Any) -> str:
        return self.display(question, value)

    def sample_input(self, question: Question) -> str:
        return f"19800101-998{luhn_digit('800101998')}"

    def sample(self, question: Question, rng: random.Random, locale: str) -> str:
        born = date.today() - timedelta(days=rng.randint(18 * 366 + 1, 67 * 365))
        return fictional_identity_number(born, rng)
