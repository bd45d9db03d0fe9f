"""Identity typed into free text stays behind the reveal like the identity fields.

People write "rami.haddad@example.com 19840312-2388" into "anything else?". Staff see free
text with identity numbers (personnummer and samordningsnummer, with or without century and
dash), e-mail addresses, phone numbers and the household's own names replaced by a marker,
until they reveal the identity with a reason (audit-logged).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask_babel import gettext

from selfservice.i18n import N_
from selfservice.questionnaire.engine import Answers
from selfservice.questionnaire.model import Questionnaire
from selfservice.questionnaire.types import luhn_digit

IDENTITY_NUMBER = re.compile(r"(?<![\d-])(?:\d{2})?\d{6}\s?[-+]?\s?\d{4}(?![\d-])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A number dialled from Sweden (0…) or abroad (+…, 00…) with seven digits or more after, with
# spaces, dashes or brackets between; dates ("2015-06-01") and amounts ("12 500") do not
# begin so.
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\d{1,3}|0)(?:[\s\-()/]?\d){6,}(?!\w)")
MARKERS = {"identity": N_("[personnummer dolt]"), "email": N_("[e-post dold]"),
           "phone": N_("[telefonnummer dolt]"), "name": N_("[namn dolt]")}
NAME_MIN_LENGTH = 2


def mask(text: str, names: Iterable[str] = ()) -> str:
    """Return free text with identity numbers, e-mail, phone numbers and names replaced."""
    text = EMAIL.sub(lambda _m: gettext(MARKERS["email"]), text)
    text = IDENTITY_NUMBER.sub(_identity_number, text)
    text = PHONE.sub(lambda _m: gettext(MARKERS["phone"]), text)
    words = sorted({w for name in names for w in re.split(r"[\s,]+", name)
                    if len(w) >= NAME_MIN_LENGTH}, key=len, reverse=True)
    if words:
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)",
                             re.IGNORECASE)
        text = pattern.sub(lambda _m: gettext(MARKERS["name"]), text)
    return text


def _identity_number(match: re.Match[str]) -> str:
    """Mask a number shaped like an identity number; one that begins with 0 and fails the
    check digit is left to be read as a phone number ("0701234567")."""
    digits = re.sub(r"\D", "", match.group())[-10:]
    if match.group().startswith("0") and luhn_digit(digits[:9]) != digits[9]:
        return match.group()
    return gettext(MARKERS["identity"])


def household_names(questionnaire: Questionnaire, identity: Answers) -> list[str]:
    """Return the names the household gave (adults' and children's), to find in free text."""
    names = []
    for step_key, values in identity.items():
        page = questionnaire.page(step_key.split(".")[0])
        for question_id, value in values.items():
            question = next((q for q in page.questions if q.id == question_id), None)
            if question is not None and question.personal_data == "name" \
                    and isinstance(value, str):
                names.append(value)
    return names


def masked_answers(questionnaire: Questionnaire, answers: Answers,
                   names: Iterable[str]) -> Answers:
    """Return the answers with every free-text answer masked; the rest as they are."""
    names = list(names)
    masked: Answers = {}
    for step_key, values in answers.items():
        page = questionnaire.page(step_key.split(".")[0])
        questions = {q.id: q for q in page.questions}
        masked[step_key] = {qid: _masked_value(value, names)
                            if qid in questions and questions[qid].may_hold_identity else value
                            for qid, value in values.items()}
    return masked


def _masked_value(value: Any, names: list[str]) -> Any:
    if isinstance(value, str):
        return mask(value, names)
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        return {**value, "text": mask(value["text"], names)}
    return value
