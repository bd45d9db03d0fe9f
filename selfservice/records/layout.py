"""How a household's answers are laid out in a record: identity, answers, coarse facts.

Questions marked ``personal_data: name | identity | contact | address`` in the questionnaire
go to the identity block (sealed under the identity key); everything else to the answers
block (sealed under the record key). ``forms/record.yaml`` names the few answers that become
coarse fields in clear.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from flask_babel import force_locale
from personnummer.personnummer import Personnummer

from selfservice.i18n import SOURCE_LANGUAGE
from selfservice.questionnaire.answers import display, written_in
from selfservice.questionnaire.engine import Answers, is_escape, repeat_count
from selfservice.questionnaire.files import PathParts, read_forms_file, schema_problems
from selfservice.questionnaire.model import Questionnaire
from selfservice.records.masking import mask
from selfservice.records.pseudonym import normalise_identity_number

IDENTIFYING = {"name", "identity", "contact", "address"}
AGE_BANDS = ((18, "<18"), (25, "18-24"), (30, "25-29"), (40, "30-39"), (50, "40-49"),
             (60, "50-59"), (65, "60-64"))


@dataclass(frozen=True)
class PersonFacts:
    position: int
    identity_number: str | None  # only to compute the pseudonym; never stored
    age_band: str | None
    gender: str | None
    self_rated_category: str | None
    self_rated_rehabilitation: str | None


@dataclass(frozen=True)
class CoarseFacts:
    interpreter_needed: bool | None
    adult_count: int
    child_count: int
    people: list[PersonFacts]
    # The coded interpreter booking answers: [page.question, code] for each one given.
    interpreter_booking: list[list[str]] = field(default_factory=list)


_REF = {"type": "string", "pattern": r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"}
_GROUP = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
PERSON_FIELDS = ("first_name", "identity_number", "date_of_birth", "gender",
                 "self_rated_category", "self_rated_rehabilitation")
RECORD_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["interpreter_needed", "adults", "children", "person"],
    "additionalProperties": False,
    "properties": {
        "interpreter_needed": _REF, "adults": _GROUP, "children": _GROUP,
        "interpreter_booking": {
            "type": "array",
            "items": {"type": "object", "required": ["question", "label"],
                      "additionalProperties": False,
                      "properties": {"question": _REF,
                                     "label": {"type": "string", "minLength": 1}}}},
        "person": {"type": "object", "required": list(PERSON_FIELDS),
                   "additionalProperties": False,
                   "properties": dict.fromkeys(PERSON_FIELDS, _REF)},
    },
}


@dataclass(frozen=True)
class PersonRefs:
    """Where each adult's coarse facts are answered (page.question of the adults' pages)."""

    first_name: str  # sealed with the identity; names the person once it is revealed
    identity_number: str
    date_of_birth: str
    gender: str
    self_rated_category: str
    self_rated_rehabilitation: str


@dataclass(frozen=True)
class BookingDetail:
    """An answer about the interpreter booking: its short name on the record's first screen
    and in the queue; the code, for a question with choices, is kept in clear for the queue."""

    question: str  # page.question
    label: str  # its short name (a msgid): "Dialekt"


@dataclass(frozen=True)
class RecordLayout:
    interpreter_needed: str  # page.question
    adults: str  # repeat group
    children: str  # repeat group
    person: PersonRefs
    interpreter_booking: tuple[BookingDetail, ...] = ()


def _problems_in_meaning(data: dict[str, Any], questionnaire: Questionnaire,
                         ) -> Iterator[tuple[PathParts, str]]:
    for key in ("adults", "children"):
        if data[key] not in questionnaire.repeats:
            yield (key,), f"unknown repeat group {data[key]!r}"
    refs = [(("interpreter_needed",), data["interpreter_needed"])]
    refs += [(("person", name), data["person"][name]) for name in PERSON_FIELDS]
    for where, ref in refs:
        page_id, _, question_id = ref.partition(".")
        page = questionnaire.page(page_id)
        if page is None or question_id not in {q.id for q in page.questions}:
            yield where, f"unknown question {ref!r}"
    for index, detail in enumerate(data.get("interpreter_booking", ())):
        if questionnaire.question(detail["question"]) is None:
            yield ("interpreter_booking", index, "question"), \
                f"unknown question {detail['question']!r}"


def load_record_layout(path: str | Path, questionnaire: Questionnaire) -> RecordLayout:
    """Read and check ``forms/record.yaml`` against its schema and the questionnaire."""
    file = read_forms_file(path)
    problems = list(schema_problems(RECORD_SCHEMA, file.data))
    if not problems:
        problems = list(_problems_in_meaning(file.data, questionnaire))
    file.refuse("Record layout has errors", problems)
    data = file.data
    return RecordLayout(interpreter_needed=data["interpreter_needed"], adults=data["adults"],
                        children=data["children"], person=PersonRefs(**data["person"]),
                        interpreter_booking=tuple(BookingDetail(**detail) for detail
                                                  in data.get("interpreter_booking", ())))


def _identifying(questionnaire: Questionnaire, step_key: str, question_id: str) -> bool:
    page = questionnaire.page(step_key.split(".")[0])
    return page is not None and any(q.id == question_id and q.personal_data in IDENTIFYING
                                    for q in page.questions)


def split_answers(questionnaire: Questionnaire, answers: Answers) -> tuple[Answers, Answers]:
    """Return (identity block, remaining answers)."""
    identity: Answers = {}
    rest: Answers = {}
    for step_key, values in answers.items():
        if not values:
            # A page whose questions are all optional, saved empty, was still answered.
            rest[step_key] = {}
        for question_id, value in values.items():
            target = identity if _identifying(questionnaire, step_key, question_id) else rest
            target.setdefault(step_key, {})[question_id] = value
    return identity, rest


def join_answers(identity: Answers, rest: Answers) -> Answers:
    """Put the identity block back into the answers, step by step."""
    joined = {key: dict(values) for key, values in rest.items()}
    for step_key, values in identity.items():
        joined.setdefault(step_key, {}).update(values)
    return joined


def _value(answers: Answers, ref: str, number: int | None = None) -> Any:
    page_id, _, question_id = ref.partition(".")
    key = page_id if number is None else f"{page_id}.{number}"
    value = answers.get(key, {}).get(question_id)
    return None if is_escape(value) else value


def age_band(born: date, today: date) -> str:
    """Return a coarse age band, wide enough not to single anyone out."""
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return next((band for limit, band in AGE_BANDS if age < limit), "65+")


def _birth_date(number: str | None, written: Any) -> date | None:
    if number:
        return Personnummer(number).get_date()
    return date.fromisoformat(written) if isinstance(written, str) else None


def coarse_facts(questionnaire: Questionnaire, layout: RecordLayout, answers: Answers,
                 today: date) -> CoarseFacts:
    """Return the non-identifying facts a record keeps in clear."""
    person = layout.person
    people = []
    for number in range(1, repeat_count(questionnaire, layout.adults, answers) + 1):
        raw = _value(answers, person.identity_number, number)
        identity_number = normalise_identity_number(raw) if isinstance(raw, str) else None
        born = _birth_date(identity_number, _value(answers, person.date_of_birth, number))
        people.append(PersonFacts(
            position=number, identity_number=identity_number,
            age_band=age_band(born, today) if born else None,
            gender=_value(answers, person.gender, number),
            self_rated_category=_value(answers, person.self_rated_category, number),
            self_rated_rehabilitation=_value(answers, person.self_rated_rehabilitation,
                                             number)))
    interpreter = _value(answers, layout.interpreter_needed)
    # Codes chosen from a list only: what is typed (another language, a dialect) is sealed.
    booking = [[detail.question, code] for detail in layout.interpreter_booking
               if questionnaire.question(detail.question).choices
               and isinstance(code := _value(answers, detail.question), str)]
    return CoarseFacts(
        interpreter_needed=None if interpreter is None else interpreter == "yes",
        adult_count=len(people),
        child_count=repeat_count(questionnaire, layout.children, answers),
        people=people, interpreter_booking=booking)


def typed_booking(questionnaire: Questionnaire, layout: RecordLayout, answers: Answers, *,
                  names: list[str], locale: str) -> list[list[str]]:
    """Return [page.question, text, language] for each booking answer typed, not chosen,
    with identity numbers, contact details and the household's names masked (in Swedish):
    the queue shows them, and the queue never reveals."""
    typed = []
    with force_locale(SOURCE_LANGUAGE):
        for detail in layout.interpreter_booking:
            question = questionnaire.question(detail.question)
            value = _value(answers, detail.question)
            text = display(question, value).strip() if value is not None else ""
            if text and not question.choices:
                typed.append([detail.question, mask(text, names),
                              written_in(question, value) or locale])
    return typed
