"""Drafts and submissions: every change to them goes through here, inside one transaction."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from selfservice import codes, database, storage
from selfservice.current import current_questionnaire
from selfservice.database import utcnow
from selfservice.funnel import services as funnel
from selfservice.intake import pairing
from selfservice.intake.models import Draft
from selfservice.questionnaire.engine import Answers, Step, is_complete, plan
from selfservice.questionnaire.model import Questionnaire
from selfservice.records import access_log
from selfservice.records import services as records
from selfservice.records.models import Submission


def _lifetime() -> timedelta:
    return timedelta(days=current_app.config["DRAFT_LIFETIME_DAYS"])


def _resume_hash(code: str) -> str:
    return codes.hash_resume_code(code, secret=current_app.secret_key.encode()
                                  if isinstance(current_app.secret_key, str)
                                  else current_app.secret_key)


def start_draft(*, locale: str) -> tuple[Draft, str, str]:
    """Create an empty draft; return it, its resume code (never stored) and its holder token."""
    code = codes.new_resume_code()
    holder = codes.new_holder_token()
    now = utcnow()
    draft = Draft(id=secrets.token_hex(16), submission_id=secrets.token_hex(16), locale=locale,
                  resume_code_hash=_resume_hash(code), holder_hash=codes.hash_holder_token(holder),
                  created_at=now, updated_at=now, expires_at=now + _lifetime())
    draft.answers = storage.seal(storage.DRAFT_ANSWERS, draft.id, {})
    session = database.session()
    session.add(draft)
    session.commit()
    return draft, code, holder


def take_draft(*, draft: Draft) -> str:
    """Give the draft a new holder token, so that every other session holding it loses it."""
    holder = codes.new_holder_token()
    draft.holder_hash = codes.hash_holder_token(holder)
    database.session().commit()
    return holder


def release_draft(*, draft: Draft) -> None:
    """Let no session hold the draft any longer; its resume code, if any, still opens it."""
    draft.holder_hash = codes.hash_held_by_no_one()
    database.session().commit()


def is_held_by(draft: Draft, holder: str | None) -> bool:
    """Tell whether ``holder`` is the token of the session that holds the draft now."""
    return codes.holds(draft.holder_hash, holder)


def confirmation_open(draft: Draft) -> bool:
    """Tell whether a sent draft's confirmation and PDF may still be shown to its sender."""
    minutes = current_app.config["CONFIRMATION_MINUTES"]
    return draft.sent_at is not None and utcnow() < draft.sent_at + timedelta(minutes=minutes)


# Every applicant page opens its draft: one Core statement made once, read without the ORM's
# loading path (database.read_one).
DRAFT_BY_ID = select(Draft.__table__).where(Draft.__table__.c.id == bindparam("draft_id"))


def find_draft(draft_id: str | None) -> Draft | None:
    """Return the live draft with this id, or None if it is unknown or has expired."""
    if not draft_id:
        return None
    draft = database.read_one(Draft, DRAFT_BY_ID, {"draft_id": draft_id})
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


def access_secret_of(draft: Draft, holder: str) -> str | None:
    """Return the access-log secret of a sent draft to the session holding it, if it works:
    not for one sent before there were secrets, nor after the secret key was changed."""
    if not draft.reference_code or not is_held_by(draft, holder):
        return None
    secret = access_log.secret_for(holder=holder, submission_id=draft.submission_id)
    return secret if access_log.opens(reference_code=draft.reference_code, secret=secret) \
        else None


def answers_of(draft: Draft) -> Answers:
    """Return the draft's answers, opened from their sealed form."""
    if draft.answers is None:
        return {}
    return storage.open_sealed(storage.DRAFT_ANSWERS, draft.id, draft.answers)


def sent_answers(draft: Draft) -> Answers:
    """Return the answers a sent draft became (the draft keeps none), or {} once purged."""
    record = records.find_by_reference(draft.reference_code) if draft.reference_code else None
    return records.full_answers_for_applicant(record) if record is not None else {}


def _store_answers(draft: Draft, answers: Answers, locale: str) -> None:
    now = utcnow()
    draft.answers = storage.seal(storage.DRAFT_ANSWERS, draft.id, answers)
    draft.locale = locale
    draft.updated_at = now
    draft.expires_at = now + _lifetime()


def save_step(*, draft: Draft, step_key: str, values: dict[str, Any], locale: str) -> None:
    """Store one step's values and extend the draft's life; committed before returning."""
    answers = answers_of(draft)
    answers[step_key] = values
    answers.get(TYPED, {}).pop(step_key, None)
    _store_answers(draft, answers, locale)
    _count(draft, locale, channel=funnel.FORM, completed=[_page_of(step_key)])
    database.session().commit()


def _page_of(step_key: str) -> str:
    return step_key.partition(".")[0]


def _count(draft: Draft, locale: str, **progress: Any) -> bool:
    """Count the draft's first arrival at, or completion of, steps; tell if anything changed."""
    marks = funnel.count_progress(draft.funnel_marks, locale=locale, **progress)
    if marks is not None:
        draft.funnel_marks = marks
    return marks is not None


def count_shown(*, draft: Draft, step: str, locale: str, channel: str | None) -> None:
    """Count a step (a page id, or the check page) as reached the first time the draft shows
    it; ``channel`` None counts it under the channel the draft last showed a step in."""
    if _count(draft, locale, channel=channel, reached=[step]):
        database.session().commit()


# Sealed with the answers, never read as answers: what was typed on a page when the person
# switched language, kept as typed (it may not be valid yet) until the page is saved.
TYPED = "_typed"


def keep_typed(*, draft: Draft, step_key: str, typed: dict[str, list[str]] | None,
               locale: str) -> None:
    """Keep a page's typed input unchecked, so that switching language loses nothing
    (``None`` forgets it)."""
    answers = answers_of(draft)
    kept = {**answers.get(TYPED, {}), step_key: typed}
    answers[TYPED] = {key: value for key, value in kept.items() if value is not None}
    _store_answers(draft, answers, locale)
    database.session().commit()


def typed_on(answers: Answers, step_key: str) -> dict[str, list[str]] | None:
    """Return what was typed on a page before a language switch, if it was not saved since;
    ``answers`` are the draft's, opened (:func:`answers_of`)."""
    return answers.get(TYPED, {}).get(step_key)


def _with_answer(answers: Answers, step_key: str, question_id: str, value: Any) -> Answers:
    values = dict(answers.get(step_key, {}))
    if value is None:
        values.pop(question_id, None)
    else:
        values[question_id] = value
    return {**answers, step_key: values}


def save_chat_turn(*, draft: Draft, saves: list[tuple[str, str | None, Any]],
                   messages: list[dict[str, Any]], locale: str,
                   asked: str | None = None) -> None:
    """Store a chat turn's answers and its transcript together, in one transaction.

    ``saves`` are (step key, question id, value); a question id of None marks the step as
    saved as it is (a page done with nothing more to store). A crash between the two writes
    could otherwise keep an answer the transcript never showed being given, or the reverse.
    ``asked`` is the step the chat asks about now, counted as reached with the pages the
    turn completed.
    """
    completed: list[str] = []
    if saves:
        answers = answers_of(draft)
        for step_key, question_id, value in saves:
            if question_id is None:
                answers = {**answers, step_key: answers.get(step_key, {})}
            else:
                answers = _with_answer(answers, step_key, question_id, value)
        _store_answers(draft, answers, locale)
        completed = _completed_pages(draft, answers, [key for key, _q, _v in saves])
    _count(draft, locale, channel=funnel.CHAT, completed=completed,
           reached=[_page_of(asked)] if asked else [])
    draft.conversation = storage.seal(storage.DRAFT_CONVERSATION, draft.id, messages)
    draft.updated_at = utcnow()
    draft.expires_at = draft.updated_at + _lifetime()
    database.session().commit()


def _completed_pages(draft: Draft, answers: Answers, step_keys: list[str]) -> list[str]:
    """Return the pages, not yet counted as completed, that now hold every required answer:
    the chat writes a page one answer at a time, the form all at once."""
    questionnaire = current_questionnaire()
    counted = funnel.Marks.parse(draft.funnel_marks).completed
    done = []
    for key in dict.fromkeys(step_keys):
        page_id, _, number = key.partition(".")
        page = questionnaire.page(page_id)
        if page is None or page_id in counted:
            continue
        if is_complete(questionnaire, Step(page, int(number) if number else None), answers):
            done.append(page_id)
    return done


def conversation_of(draft: Draft) -> list[dict[str, Any]]:
    """Return the draft's chat transcript, opened from its sealed form."""
    if draft.conversation is None:
        return []
    return storage.open_sealed(storage.DRAFT_CONVERSATION, draft.id, draft.conversation)


def submit(*, draft: Draft, questionnaire: Questionnaire, holder: str) -> str:
    """Turn the draft into a pseudonymised record once, however many times it is sent.

    The draft's submission id sits under a unique constraint, so a double click, a retried
    POST or two workers racing all end with the same single record. The hash of its
    access-log secret (drawn from the sending session's ``holder`` token) goes in with it.
    """
    session = database.session()
    if draft.reference_code:
        return draft.reference_code
    _steps, applicable = plan(questionnaire, answers_of(draft))
    secret = access_log.secret_for(holder=holder, submission_id=draft.submission_id)
    for _attempt in range(5):
        reference = codes.new_reference_code()
        record = records.new_record(
            submission_id=draft.submission_id, reference_code=reference,
            questionnaire=questionnaire, locale=draft.locale, answers=applicable)
        session.add(record)
        session.add(access_log.new_secret_row(reference_code=reference, secret=secret))
        made_here = True
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            record = session.scalars(select(Submission).where(
                Submission.submission_id == draft.submission_id)).first()
            if record is None:
                continue  # the reference code collided (also with a purged one); draw again
            reference, made_here = record.reference_code, False
        draft = session.get(Draft, draft.id)
        # Sending ends an interpreter's view; the record keeps when it was open.
        pairing.hand_over(draft_id=draft.id, submission_pk=record.id)
        if made_here:  # the request that made the record counts it, once
            draft.funnel_marks = funnel.count_sent(draft.funnel_marks, locale=draft.locale,
                                                   started=draft.created_at)
        draft.reference_code = reference
        draft.sent_at = utcnow()
        # Once submitted, the draft keeps no answers and cannot be resumed.
        draft.answers = None
        draft.conversation = None
        draft.resume_code_hash = None
        session.commit()
        return reference
    raise RuntimeError("Could not draw a unique reference code.")
