"""Storing, finding and opening pseudonymised records; every reveal of an identity is audited."""

from __future__ import annotations

import json

from flask import current_app
from sqlalchemy import select, tuple_

from selfservice import codes, database, storage
from selfservice.clock import swedish_date
from selfservice.current import current_questionnaire
from selfservice.database import utcnow
from selfservice.keys import Keys
from selfservice.questionnaire.engine import Answers, raised_choices
from selfservice.questionnaire.model import Questionnaire
from selfservice.records.audit import record_event
from selfservice.records.layout import (
    coarse_facts,
    join_answers,
    split_answers,
    typed_booking,
)
from selfservice.records.masking import household_names, masked_answers
from selfservice.records.models import Submission, SubmissionPerson
from selfservice.records.pseudonym import all_pseudonyms, normalise_identity_number, pseudonym


class RevealRefused(ValueError):
    """An identity may only be shown to a named user who gives a reason."""


def _keys() -> Keys:
    return current_app.extensions["keys"]


def seal_record(record: Submission, *, identity: Answers, answers: Answers) -> None:
    """Seal both blocks of a record under the current keys, bound to its submission id, and
    the booking's typed answers beside them (masked) for the queue."""
    record.answers = storage.seal(storage.RECORD_ANSWERS, record.submission_id, answers)
    record.identity = storage.seal(storage.RECORD_IDENTITY, record.submission_id, identity)
    questionnaire = current_questionnaire()
    typed = typed_booking(questionnaire, current_app.extensions["record_layout"], answers,
                          names=household_names(questionnaire, identity), locale=record.locale)
    record.interpreter_typed = storage.seal(storage.RECORD_BOOKING, record.submission_id,
                                            typed) if typed else None


def new_record(*, submission_id: str, reference_code: str, questionnaire: Questionnaire,
               locale: str, answers: Answers) -> Submission:
    """Build (not yet add) the pseudonymised record of a household's applicable answers."""
    today = swedish_date(utcnow())
    facts = coarse_facts(questionnaire, current_app.extensions["record_layout"], answers, today)
    record = Submission(submission_id=submission_id, reference_code=reference_code,
                        questionnaire=questionnaire.id, locale=locale, created_at=utcnow(),
                        submitted_on=today, interpreter_needed=facts.interpreter_needed,
                        interpreter_booking=json.dumps(facts.interpreter_booking)
                        if facts.interpreter_booking else None,
                        adult_count=facts.adult_count, child_count=facts.child_count,
                        status=current_app.extensions["caseworker_terms"].status_codes[0])
    order = current_app.extensions["caseworker_terms"].category_codes
    rated = [p.self_rated_category for p in facts.people if p.self_rated_category in order]
    record.nearest_self_rating = min(rated, key=order.index) if rated else None
    record.urgent = bool(raised_choices(questionnaire, answers, "urgent"))
    identity, rest = split_answers(questionnaire, answers)
    seal_record(record, identity=identity, answers=rest)
    for person in facts.people:
        hashed, version = (pseudonym(person.identity_number, keyring=_keys().pseudonym)
                           if person.identity_number else (None, None))
        record.people.append(SubmissionPerson(
            position=person.position, pseudonym=hashed, pseudonym_version=version,
            age_band=person.age_band, gender=person.gender,
            self_rated_category=person.self_rated_category,
            self_rated_rehabilitation=person.self_rated_rehabilitation))
    return record


def _open(record: Submission, column: str) -> Answers:
    sealed = getattr(record, column)
    if sealed is None:
        return {}
    which = storage.RECORD_ANSWERS if column == "answers" else storage.RECORD_IDENTITY
    return storage.open_sealed(which, record.submission_id, sealed)


def non_identifying_answers(record: Submission) -> Answers:
    """Return the answers without names, identity numbers, contact details or address, and
    with identity typed into free text masked (staff see it only after a reveal)."""
    questionnaire = current_questionnaire()
    names = household_names(questionnaire, _open(record, "identity"))
    return masked_answers(questionnaire, _open(record, "answers"), names)


def masked_like_record(record: Submission, answers: Answers) -> Answers:
    """Return answers the household gave later (a follow-up reading's) masked as the record's
    own are: the household's names and identity typed into free text hidden."""
    questionnaire = current_questionnaire()
    names = household_names(questionnaire, _open(record, "identity"))
    return masked_answers(questionnaire, answers, names)


def revealed_answers(record: Submission) -> Answers:
    """Return the non-identifying answers as written, free text unmasked: only for a caller
    that has just revealed the identity (audit-logged)."""
    return _open(record, "answers")


def full_answers_for_applicant(record: Submission) -> Answers:
    """Return every answer, for the applicant's own receipt (not for caseworker views)."""
    return join_answers(_open(record, "identity"), _open(record, "answers"))


def find_by_reference(reference_code: str) -> Submission | None:
    """Return the record with this reference code, typed in any common way."""
    if not codes.is_valid_reference_code(reference_code):
        return None
    plain = codes.normalise(reference_code)
    return database.session().scalars(select(Submission).where(
        Submission.reference_code == f"{plain[:4]}-{plain[4:]}")).first()


def find_by_identity_number(identity_number: str) -> list[Submission]:
    """Return the records of the person with this number, found through the pseudonym only."""
    number = normalise_identity_number(identity_number)
    if number is None:
        return []
    wanted = all_pseudonyms(number, keyring=_keys().pseudonym)
    query = (select(Submission).join(SubmissionPerson)
             .where(tuple_(SubmissionPerson.pseudonym, SubmissionPerson.pseudonym_version)
                    .in_(wanted))
             .order_by(Submission.created_at.desc()).distinct())
    return list(database.session().scalars(query))


def pseudonyms_of_identity_number(identity_number: str) -> list[str]:
    """Return a person's pseudonyms under every key version (to search the audit log)."""
    number = normalise_identity_number(identity_number)
    if number is None:
        return []
    return [name for name, _version in all_pseudonyms(number, keyring=_keys().pseudonym)]


def subject_of(record: Submission) -> str:
    """Name the people a record concerns for the audit log: pseudonyms, else the reference."""
    names = [p.pseudonym for p in record.people if p.pseudonym]
    return ",".join(names) if names else f"reference:{record.reference_code}"


def reveal_identity(*, record: Submission, user: str, reason: str) -> Answers:
    """Return a record's identity block, after writing who asked and why to the audit log."""
    if not user.strip() or not reason.strip():
        raise RevealRefused("A user and a reason are required to reveal an identity.")
    record_event(user=user, action="reveal_identity", subject=subject_of(record),
                 reference_code=record.reference_code,
                 reason=reason.strip())
    database.session().commit()
    return _open(record, "identity")
