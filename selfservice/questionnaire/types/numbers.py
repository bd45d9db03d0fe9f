"""Types whose answer is a whole number: a count, or an amount of money in kronor."""

from __future__ import annotations

import random
import re
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from babel.numbers import format_decimal
from flask_babel import gettext as _

from selfservice.i18n import N_
from selfservice.questionnaire import messages
from selfservice.questionnaire.types.base import (
    InvalidAnswer,
    QuestionType,
    page_locale,
    without_spaces,
)

if TYPE_CHECKING:
    from selfservice.questionnaire.model import Question

DEFAULT_MAX_AMOUNT = 10_000_000
# Numbers are written left to right in Arabic too: without dir="ltr" "9 800" shows "800 9".
_NUMERIC = MappingProxyType({"inputmode": "numeric", "class": "input input--short",
                             "autocomplete": "off", "dir": "ltr"})


class IntegerType(QuestionType):
    name = "integer"
    input_attributes = _NUMERIC

    def parse(self, question: Question, raw: str) -> int:
        digits = without_spaces(raw)
        if not re.fullmatch(r"-?\d{1,12}", digits):
            raise InvalidAnswer(messages.NOT_A_NUMBER)
        number = int(digits)
        if question.min is not None and number < question.min:
            raise InvalidAnswer(messages.NUMBER_TOO_SMALL, min=question.min)
        if question.max is not None and number > question.max:
            raise InvalidAnswer(messages.NUMBER_TOO_LARGE, max=question.max)
        return number

    def display(self, question: Question, value: Any) -> str:
        return format_decimal(value, locale=page_locale())

    def sample_input(self, question: Question) -> str:
        return str(question.min if question.min is not None else 1)

    def sample(self, question: Question, rng: random.Random, locale: str) -> str:
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else 10
        return str(rng.randint(low, max(low, min(high, low + 3))))


# Translators: how people write "kronor" after an amount, separated by commas; add the words
# used in your language. The Swedish ones always work as well.
CURRENCY_WORDS = N_("kronor, krona, kr, sek, spänn")


@cache
def _currency_words(translated: str) -> tuple[str, ...]:
    """Return the words, longest first, so that "kronor" goes before "kr" would."""
    words = {w.strip().casefold().replace(" ", "") for listed in (CURRENCY_WORDS, translated)
             for w in listed.split(",") if w.strip()}
    return tuple(sorted(words, key=len, reverse=True))


class MoneyType(QuestionType):
    """Whole kronor, typed as people write them: "4 500", "4500 kr", "4.500:-"."""

    name = "money"
    input_attributes = _NUMERIC
    # Translators: the short word for kronor written after an amount field.
    unit = N_("kr")

    def parse(self, question: Question, raw: str) -> int:
        text = without_spaces(raw.casefold())
        for word in _currency_words(_(CURRENCY_WORDS)):
            if text.endswith(word):
                text = text.removesuffix(word)
                break
        text = re.sub(r"[,.](00?|-)$|:-$", "", text)
        if re.fullmatch(r"-?\d{1,3}([,.]\d{3})+", text):
            text = re.sub(r"[,.]", "", text)  # 4,500 or 4.500 written with thousands separators
        if re.fullmatch(r"-\d+", text):
            raise InvalidAnswer(messages.NEGATIVE_AMOUNT)
        if not re.fullmatch(r"\d{1,15}", text):
            raise InvalidAnswer(messages.NOT_AN_AMOUNT)
        amount = int(text)
        limit = question.max if question.max is not None else DEFAULT_MAX_AMOUNT
        if amount > limit:
            raise InvalidAnswer(messages.AMOUNT_TOO_LARGE,
                                max=format_decimal(limit, locale=page_locale()))
        if question.min is not None and amount < question.min:
            raise InvalidAnswer(messages.NUMBER_TOO_SMALL, min=question.min)
        return amount

    def display(self, question: Question, value: Any) -> str:
        return _("%(amount)s kr", amount=format_decimal(value, locale=page_locale()))

    def sample_input(self, question: Question) -> str:
        return "4 500"

    def sample(self, question: Question, rng: random.Random, locale: str) -> str:
        amount = rng.choice((0, 0, 250, 1_200, 3_400, 4_500, 6_800, 9_100, 12_500))
        return f"{amount:,}".replace(",", " ") + rng.choice(("", " kr"))
