"""The question types: a registry from the type names a questionnaire file uses to objects.

Adding a type is adding a class here; the schema's list of types, the form, the chat, the
check page, the PDF, the caseworker view and the demo data all follow from it.
"""

from __future__ import annotations

from selfservice.questionnaire.types.base import (
    ESCAPE_LABELS,
    InvalidAnswer,
    QuestionType,
    clean_text,
    escape_field_name,
    is_escape,
)
from selfservice.questionnaire.types.choices import (
    NO_WORDS,
    YES_NO_LABELS,
    YES_WORDS,
    MultiChoiceType,
    SingleChoiceType,
    YesNoType,
)
from selfservice.questionnaire.types.dates import DateType
from selfservice.questionnaire.types.numbers import IntegerType, MoneyType
from selfservice.questionnaire.types.personnummer import (
    PersonnummerType,
    fictional_identity_number,
    luhn_digit,
)
from selfservice.questionnaire.types.scale import RulerType
from selfservice.questionnaire.types.text import (
    EmailType,
    LongTextType,
    PhoneType,
    PostcodeType,
    TextType,
)

QUESTION_TYPES: dict[str, QuestionType] = {kind.name: kind for kind in (
    TextType(), LongTextType(), IntegerType(), MoneyType(), DateType(), SingleChoiceType(),
    MultiChoiceType(), YesNoType(), PersonnummerType(), PhoneType(), EmailType(),
    PostcodeType(), RulerType(),
)}


class UnknownQuestionType(LookupError):
    """A questionnaire names a type this version does not have."""


def question_type(name: str) -> QuestionType:
    """Return the type object for a type name; an unknown name is a clear error."""
    try:
        return QUESTION_TYPES[name]
    except KeyError:
        known = ", ".join(QUESTION_TYPES)
        raise UnknownQuestionType(f"unknown question type {name!r} (known: {known})") from None


__all__ = [
    "ESCAPE_LABELS", "NO_WORDS", "QUESTION_TYPES", "YES_NO_LABELS", "YES_WORDS", "InvalidAnswer",
    "QuestionType",
    "UnknownQuestionType", "clean_text", "escape_field_name", "fictional_identity_number",
    "is_escape", "luhn_digit", "question_type",
]
