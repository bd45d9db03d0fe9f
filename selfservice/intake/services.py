"""Drafts and submissions: every change to them goes through here, inside one transaction."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from selfservice import codes, database, sealing
from selfservice.database import utcnow
from selfservice.intake.models import Draft
from selfservice.questionnaire.engine import Answers, plan
from selfservice.questionnaire.model import Questionnaire
from selfservice.records import services as records
from selfservice.records.models import Submission


def _keyring():
    return current_app.extensions["keys"].record


def _lifetime() -> timedelta:
    return timedelta(days=current_app.config["DRAFT_LIFETIME_DAYS"])


def _seal_answers(table: str, row_id: str, answers: Answers) -> bytes:
    return sealing.seal_json(answers, keyring=_keyring(), table=table, column="answers",
                             row_id=row_id)


def _unseal_answers(table: str, row_id: str, sealed: bytes) -> Answers:
    return sealing.unseal_json(sealed, keyring=_keyring(), table=table, column="answers",
                               row_id=row_id)


def _resume_hash(code: str) -> str:
    return codes.hash_resume_code(code, secret=current_app.secret_key.encode()
                                  if isinstance(current_app.secret_key, str)
                                  else current_app.secret_key)


def start_draft(*, locale: str) -> tuple[Draft, str]:
    """Create an empty draft and return it with its resume code, which is never stored."""
    code = codes.new_resume_code()
    now = utcnow()
    draft = Draft(id=secrets.token_hex(16), submission_id=secrets.token_hex(16), locale=locale,
                  resume_code_hash=_resume_hash(code), created_at=now, updated_at=now,
                  expires_at=now + _lifetime())
    draft.answers = _seal_answers("draft", draft.id, {})
    session = database.session()
    session.add(draft)
    session.commit()
    return draft, code


def find_draft(draft_id: str | None) -> Draft | None:
    """Return the live draft with this id, or None if it is unknown or has expired."""
    if not draft_id:
        return None
    draft = database.session().get(Draft, draft_id)
    if draft is None or draft.expires_at <= utcnow():
        return None
    return draft


def find_draft_by_resume_code(code: str) -> Draft | None:
    """Return the live, unsubmitted draft a resume code opens, if any."""
    if len(codes.normalise(code)) != codes.RESUME_CODE_LENGTH:
        return None
    draft = database.session().scalars(
        select(Draft).where(Draft.resume_code_hash == _resume_hash(code))).first()
    return find_draft(draft.id) if draft is not None else None


def renew_resume_code(*, draft: Draft) -> str:
    """Give the draft a new resume code, so that the old one stops working."""
    code = codes.new_resume_code()
    draft.resume_code_hash = _resume_hash(code)
    database.session().commit()
    return code


def answers_of(draft: Draft) -> Answers:
    """Return the draft's answers, opened from their sealed form."""
    if draft.answers is None:
        return {}
    return _unseal_answers("draft", draft.id, draft.answers)


def save_step(*, draft: Draft, step_key: str, values: dict[str, Any], locale: str) -> None:
    """Store one step's values and extend the draft's life; committed before returning."""
    answers = answers_of(draft)
    answers[step_key] = values
    now = utcnow()
    draft.answers = _seal_answers("draft", draft.id, answers)
    draft.locale = locale
    draft.updated_at = now
    draft.expires_at = now + _lifetime()
    database.session().commit()


def save_answer(*, draft: Draft, step_key: str, question_id: str, value: Any,
                locale: str) -> None:
    """Store one question's value (the chat asks one at a time); None removes the answer."""
    answers = answers_of(draft)
    values = dict(answers.get(step_key, {}))
    if value is None:
        values.pop(question_id, None)
    else:
        values[question_id] = value
    save_step(draft=draft, step_key=step_key, values=values, locale=locale)


def conversation_of(draft: Draft) -> list[dict[str, Any]]:
    """Return the draft's chat transcript, opened from its sealed form."""
    if draft.conversation is None:
        return []
    return sealing.unseal_json(draft.conversation, keyring=_keyring(), table="draft",
                               column="conversation", row_id=draft.id)


def save_conversation(*, draft: Draft, messages: list[dict[str, Any]]) -> None:
    """Store the chat transcript sealed; committed before returning."""
    draft.conversation = sealing.seal_json(messages, keyring=_keyring(), table="draft",
                                           column="conversation", row_id=draft.id)
    draft.updated_at = utcnow()
    draft.expires_at = draft.updated_at + _lifetime()
    database.session().commit()


def submit(*, draft: Draft, questionnaire: Questionnaire) -> str:
    """Turn the draft into a pseudonymised record once, however many times it is sent.

    The draft's submission id sits under a unique constraint, so a double click, a retried
    POST or two workers racing all end with the same single record.
    """
    session = database.session()
    if draft.reference_code:
        return draft.reference_code
    _steps, applicable = plan(questionnaire, answers_of(draft))
    for _attempt in range(5):
        reference = codes.new_reference_code()
        session.add(records.new_record(
            submission_id=draft.submission_id, reference_code=reference,
            questionnaire=questionnaire, locale=draft.locale, answers=applicable))
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            existing = session.scalars(select(Submission).where(
                Submission.submission_id == draft.submission_id)).first()
            if existing is None:
                continue  # the reference code collided; draw another
            reference = existing.reference_code
        draft = session.get(Draft, draft.id)
        draft.reference_code = reference
        # Once submitted, the draft keeps no answers and cannot be resumed.
        draft.answers = None
        draft.conversation = None
        draft.resume_code_hash = None
        session.commit()
        return reference
    raise RuntimeError("Could not draw a unique reference code.")
