"""Types whose answer is written text: a line, a longer text, an e-mail address, a phone
number, a postcode."""

from __future__ import annotations

import random
import re
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import email_validator
import phonenumbers
from wtforms import Field, TextAreaField

from selfservice.questionnaire import messages
from selfservice.questionnaire.types.base import (
    SPACES,
    InvalidAnswer,
    QuestionType,
    clean_text,
    page_locale,
)

if TYPE_CHECKING:
    from selfservice.questionnaire.model import Question


# Five digits, the first never 0 (PostNord's 100 00–984 99), written "151 72" or "15172",
# perhaps with the country before it as on letters from abroad ("SE-151 72"). ASCII only: the
# digits an Arabic keyboard types are turned into these first; other scripts' digits are not
# a postcode anyone writes.
_POSTCODE = re.compile(r"(?:SE?[- ]?)?([0-9]{3}) ?([0-9]{2})", re.ASCII)


def _check_length(question: Question, text: str, default: int) -> str:
    limit = question.max_length or default
    if len(text) > limit:
        raise InvalidAnswer(messages.TOO_LONG, num=limit, length=len(text))
    return text


class TextType(QuestionType):
    name = "text"
    max_length = 200
    takes_any_line = True
    kept_as_typed = True

    def parse(self, question: Question, raw: str) -> str:
        return _check_length(question, clean_text(raw, words=True), self.max_length)

    def sample_input(self, question: Question) -> str:
        return "Exempeltext"[:question.max_length or None]


# Free text as people write it, in the four languages the demo households use.
FREE_TEXT_SAMPLES = {
    "sv": ("Jag vill gärna arbeta inom vården.", "Jag behöver hjälp med att skriva ett CV.",
           "Min syster hjälper mig ibland med barnen."),
    "en": ("I would like to work in a shop.", "I need help to plan my studies.",
           "My neighbour sometimes helps us."),
    "ar": ("أريد أن أعمل في رعاية الأطفال.", "أحتاج إلى مساعدة في كتابة السيرة الذاتية."),
    "fi": ("Haluaisin työskennellä kaupassa.", "Tarvitsen apua opiskelujen suunnitteluun."),
}


class LongTextType(QuestionType):
    """Free text, stored with the language it was written in so later views can mark it."""

    name = "long_text"
    widget = "textarea"
    free_text = True
    max_length = 3000
    takes_any_line = True
    kept_as_typed = True

    def parse(self, question: Question, raw: str) -> dict[str, str]:
        text = _check_length(question, clean_text(raw, multiline=True, words=True),
                             self.max_length)
        return {"text": text, "lang": page_locale()}

    def display(self, question: Question, value: Any) -> str:
        return value["text"]

    def written_in(self, value: Any) -> str | None:
        return value.get("lang") if isinstance(value, dict) else None

    def form_field(self, question: Question) -> Field:
        return TextAreaField()

    def form_value(self, question: Question, value: Any) -> str:
        return value["text"]

    def sample_input(self, question: Question) -> str:
        return "Ett längre svar."

    def sample(self, question: Question, rng: random.Random, locale: str) -> str:
        return rng.choice(FREE_TEXT_SAMPLES.get(locale, FREE_TEXT_SAMPLES["sv"]))


class PhoneType(QuestionType):
    name = "phone"
    identifies = True
    input_attributes = MappingProxyType({"type": "tel", "class": "input input--medium",
                                         "autocomplete": "tel", "dir": "ltr"})

    def parse(self, question: Question, raw: str) -> str:
        text = clean_text(raw)
        try:
            number = phonenumbers.parse(text, "SE")
        except phonenumbers.NumberParseException:
            raise InvalidAnswer(messages.NOT_A_PHONE) from None
        if len(text) > 30 or not phonenumbers.is_valid_number(number):
            raise InvalidAnswer(messages.NOT_A_PHONE)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def sample_input(self, question: Question) -> str:
        return "070-174 06 99"

    def sample(self, question: Question, rng: random.Random, locale: str) -> str:
        # PTS keeps 070-174 06 05–99 for fiction.
        return f"070-174 06 {rng.randint(5, 99):02d}"


class EmailType(QuestionType):
    name = "email"
    kept_as_typed = True
    identifies = True
    input_attributes = MappingProxyType({"type": "email", "class": "input",
                                         "autocomplete": "email", "dir": "ltr",
                                         "spellcheck": "false"})

    def parse(self, question: Question, raw: str) -> str:
        text = clean_text(raw)
        try:
            return email_validator.validate_email(text, check_deliverability=False).normalized
        except email_validator.EmailNotValidError:
            raise InvalidAnswer(messages.NOT_AN_EMAIL) from None

    def sample_input(self, question: Question) -> str:
        return "person@example.org"

    def sample(self, question: Question, rng: random.Random, locale: str) -> str:
        return f"person{rng.randint(1, 9999)}@example.org"


class PostcodeType(QuestionType):
    """A Swedish postcode, kept as it is printed on letters: "151 72"."""

    name = "postcode"
    input_attributes = MappingProxyType({"inputmode": "numeric", "class": "input input--short",
                                         "autocomplete": "postal-code", "dir": "ltr"})

    def parse(self, question: Question, raw: str) -> str:
        typed = SPACES.sub(" ", clean_text(raw).upper()).strip()
        found = _POSTCODE.fullmatch(typed)
        if found is None:
            raise InvalidAnswer(messages.NOT_A_POSTCODE)
        if found[1].startswith("0"):
            raise InvalidAnswer(messages.NOT_A_SWEDISH_POSTCODE)  # a Finnish one, say: 00100
        return f"{found[1]} {found[2]}"

    def sample_input(self, question: Question) -> str:
        return "151 72"

    def sample(self, question: Question, rng: random.Random, locale: str) -> str:
        return f"{rng.randint(100, 989)} {rng.randint(0, 99):02d}"
