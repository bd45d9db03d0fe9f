"""Each question type: how typed input becomes a stored value and how a value reads back.

``ANSWER_TYPES`` maps a type name to its parser and its formatter; the engine never branches
on type names anywhere else. Parsers raise :class:`InvalidAnswer` with a translated message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import email_validator
import phonenumbers
from babel.dates import format_date
from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _
from personnummer.personnummer import Personnummer, PersonnummerException

from selfservice.i18n import N_, Text
from selfservice.questionnaire import messages
from selfservice.questionnaire.engine import is_escape
from selfservice.questionnaire.model import Question

DEFAULT_MAX_LENGTH = {"text": 200, "long_text": 3000}
DEFAULT_MAX_AMOUNT = 10_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[\s\u00a0\u202f']+")


class InvalidAnswer(ValueError):
    """Input that cannot be stored; ``text`` is the message shown next to the field."""

    def __init__(self, msgid: str, **values: Any) -> None:
        super().__init__(msgid)
        self.text = Text(msgid, values)

    def __str__(self) -> str:
        return str(self.text)


@dataclass(frozen=True)
class AnswerType:
    parse: Callable[[Question, str], Any]
    display: Callable[[Question, Any], str]


def clean_text(raw: str, *, multiline: bool = False) -> str:
    """Normalise line breaks and refuse control characters, which no person types."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = unicodedata.normalize("NFC", text).strip()
    if (_CONTROL if multiline else _CONTROL_OR_NEWLINE).search(text):
        raise InvalidAnswer(messages.CONTROL_CHARACTERS)
    return text


def _check_length(question: Question, text: str) -> str:
    limit = question.max_length or DEFAULT_MAX_LENGTH.get(question.type, 200)
    if len(text) > limit:
        raise InvalidAnswer(messages.TOO_LONG, max=limit, length=len(text))
    return text


def _parse_text(question: Question, raw: str) -> str:
    return _check_length(question, clean_text(raw))


def _parse_long_text(question: Question, raw: str) -> dict[str, str]:
    # The language it was written in travels with free text, so later views can mark it.
    return {"text": _check_length(question, clean_text(raw, multiline=True)),
            "lang": str(get_locale() or "sv")}


def _parse_integer(question: Question, raw: str) -> int:
    digits = _SPACES.sub("", raw)
    if not re.fullmatch(r"-?\d{1,12}", digits):
        raise InvalidAnswer(messages.NOT_A_NUMBER)
    number = int(digits)
    if question.min is not None and number < question.min:
        raise InvalidAnswer(messages.NUMBER_TOO_SMALL, min=question.min)
    if question.max is not None and number > question.max:
        raise InvalidAnswer(messages.NUMBER_TOO_LARGE, max=question.max)
    return number


def _parse_money(question: Question, raw: str) -> int:
    text = _SPACES.sub("", raw.lower()).removesuffix("kr").removesuffix("sek")
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
                            max=format_decimal(limit, locale=_locale()))
    if question.min is not None and amount < question.min:
        raise InvalidAnswer(messages.NUMBER_TOO_SMALL, min=question.min)
    return amount


_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%d.%m.%Y", "%d/%m/%Y")


def _parse_date(question: Question, raw: str) -> str:
    text = _SPACES.sub("", raw)
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


def _parse_personnummer(question: Question, raw: str) -> str:
    text = _SPACES.sub("", raw)
    if not re.fullmatch(r"(\d{2})?\d{6}[-+]?\d{4}", text):
        raise InvalidAnswer(messages.NOT_A_PERSONNUMMER)
    try:
        number = Personnummer(text)
    except PersonnummerException:
        raise InvalidAnswer(messages.PERSONNUMMER_CHECKSUM) from None
    if number.get_date() > date.today():
        raise InvalidAnswer(messages.PERSONNUMMER_IN_FUTURE)
    return number.format(long_format=True)


def _parse_phone(question: Question, raw: str) -> str:
    text = clean_text(raw)
    try:
        number = phonenumbers.parse(text, "SE")
    except phonenumbers.NumberParseException:
        raise InvalidAnswer(messages.NOT_A_PHONE) from None
    if len(text) > 30 or not phonenumbers.is_valid_number(number):
        raise InvalidAnswer(messages.NOT_A_PHONE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _parse_email(question: Question, raw: str) -> str:
    text = clean_text(raw)
    try:
        return email_validator.validate_email(text, check_deliverability=False).normalized
    except email_validator.EmailNotValidError:
        raise InvalidAnswer(messages.NOT_AN_EMAIL) from None


def _parse_choice(question: Question, raw: str) -> str:
    if question.choice_label(raw) is None:
        raise InvalidAnswer(messages.UNKNOWN_CHOICE)
    return raw


YES_NO_LABELS = {"yes": N_("Ja"), "no": N_("Nej")}


def _parse_yes_no(question: Question, raw: str) -> str:
    if raw not in YES_NO_LABELS:
        raise InvalidAnswer(messages.UNKNOWN_CHOICE)
    return raw


def _locale() -> str:
    return str(get_locale() or "sv")


def _show_plain(question: Question, value: Any) -> str:
    return str(value)


def _show_long_text(question: Question, value: Any) -> str:
    return value["text"]


def _show_number(question: Question, value: Any) -> str:
    return format_decimal(value, locale=_locale())


def _show_money(question: Question, value: Any) -> str:
    return _("%(amount)s kr", amount=format_decimal(value, locale=_locale()))


def _show_date(question: Question, value: Any) -> str:
    return format_date(date.fromisoformat(value), format="long", locale=_locale())


def _show_personnummer(question: Question, value: Any) -> str:
    return f"{value[:8]}-{value[8:]}"


def _show_choice(question: Question, value: Any) -> str:
    return _(question.choice_label(value) or value)


def _show_choices(question: Question, value: Any) -> str:
    return ", ".join(_show_choice(question, v) for v in value)


def _show_yes_no(question: Question, value: Any) -> str:
    return _(YES_NO_LABELS[value])


ANSWER_TYPES: dict[str, AnswerType] = {
    "text": AnswerType(_parse_text, _show_plain),
    "long_text": AnswerType(_parse_long_text, _show_long_text),
    "integer": AnswerType(_parse_integer, _show_number),
    "money": AnswerType(_parse_money, _show_money),
    "date": AnswerType(_parse_date, _show_date),
    "single_choice": AnswerType(_parse_choice, _show_choice),
    "multi_choice": AnswerType(_parse_choice, _show_choices),
    "yes_no": AnswerType(_parse_yes_no, _show_yes_no),
    "personnummer": AnswerType(_parse_personnummer, _show_personnummer),
    "phone": AnswerType(_parse_phone, _show_plain),
    "email": AnswerType(_parse_email, _show_plain),
}

ESCAPE_LABELS = {"dont_know": N_("Jag vet inte"), "prefer_not_to_answer": N_("Jag vill inte svara")}


def display(question: Question, value: Any) -> str:
    """Return a stored value as the applicant's language reads it."""
    if value is None:
        return ""
    if is_escape(value):
        label = ESCAPE_LABELS[value["escape"]]
        return _(label)
    return ANSWER_TYPES[question.type].display(question, value)
