"""How a household's answers are laid out in a record: identity, answers, coarse facts.

Questions marked ``personal_data: name | identity | contact | address`` in the questionnaire
go to the identity block (sealed under the identity key); everything else to the answers
block (sealed under the record key). ``forms/record.yaml`` names the few answers that become
coarse fields in clear.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from personnummer.personnummer import Personnummer

from selfservice.questionnaire.engine import Answers, is_escape, repeat_count
from selfservice.questionnaire.model import Questionnaire
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


def load_record_layout(path: str | Path) -> dict[str, Any]:
    """Read ``forms/record.yaml``."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def _identifying(questionnaire: Questionnaire, step_key: str, question_id: str) -> bool:
    page = questionnaire.page(step_key.split(".")[0])
    return page is not None and any(q.id == question_id and q.personal_data in IDENTIFYING
                                    for q in page.questions)


def split_answers(questionnaire: Questionnaire, answers: Answers) -> tuple[Answers, Answers]:
    """Return (identity block, remaining answers)."""
    identity: Answers = {}
    rest: Answers = {}
    for step_key, values in answers.items():
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


def coarse_facts(questionnaire: Questionnaire, layout: dict[str, Any], answers: Answers,
                 today: date) -> CoarseFacts:
    """Return the non-identifying facts a record keeps in clear."""
    person = layout["person"]
    people = []
    for number in range(1, repeat_count(questionnaire, layout["adults"], answers) + 1):
        raw = _value(answers, person["identity_number"], number)
        identity_number = normalise_identity_number(raw) if isinstance(raw, str) else None
        born = _birth_date(identity_number, _value(answers, person["date_of_birth"], number))
        people.append(PersonFacts(
            position=number, identity_number=identity_number,
            age_band=age_band(born, today) if born else None,
            gender=_value(answers, person["gender"], number),
            self_rated_category=_value(answers, person["self_rated_category"], number),
            self_rated_rehabilitation=_value(answers, person["self_rated_rehabilitation"],
                                             number)))
    interpreter = _value(answers, layout["interpreter_needed"])
    return CoarseFacts(
        interpreter_needed=None if interpreter is None else interpreter == "yes",
        adult_count=len(people),
        child_count=repeat_count(questionnaire, layout["children"], answers),
        people=people)
