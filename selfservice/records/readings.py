"""Follow-up codes and the readings they open: a person's own self-rating at a later meeting.

A caseworker gives one adult of a record a code (shown once, stored only as a keyed hash, as
resume codes are); the code opens one reading, and opens it again where the person left it
until the reading is finished or the code expires, on this phone or another (only the session
that opened it last holds it). The reading is opened at once, so each of its pages is saved
on the server as the person goes; it counts for the follow-up from the Swedish date it is
finished. The follow-up state of the person is kept in the same transaction by the
statistics' flush hook (``stats.tallies``).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select

from selfservice import codes, database, storage
from selfservice.clock import swedish_date
from selfservice.current import current_questionnaire, current_self_rating
from selfservice.database import utcnow
from selfservice.questionnaire.engine import Step
from selfservice.questionnaire.goals import goals_page
from selfservice.records.audit import record_event
from selfservice.records.models import FollowUpCode, FollowUpReading, Submission

ISSUE_ACTION = "follow_up_code"


def _lifetime() -> timedelta:
    return timedelta(days=current_app.config["FOLLOW_UP_CODE_DAYS"])


def _hash(code: str) -> str:
    return codes.hash_follow_up_code(code, secret=codes.secret_bytes(current_app.secret_key))


def issue_code(*, record: Submission, position: int, user: Any) -> tuple[str, datetime]:
    """Give one adult of a record a new follow-up code, audited; return it (never stored) and
    when it expires."""
    person = next(p for p in record.people if p.position == position)
    code, now = codes.new_follow_up_code(), utcnow()
    expires_at = now + _lifetime()
    database.session().add(FollowUpCode(
        code_hash=_hash(code), submission_pk=record.id, position=position, issued_by=user.id,
        created_at=now, expires_at=expires_at))
    record_event(user=user.username, action=ISSUE_ACTION,
                 subject=person.pseudonym or f"reference:{record.reference_code}",
                 reference_code=record.reference_code,
                 reason=f"{record.reference_code} person {position}")
    database.session().commit()
    return code, expires_at


def redeem(code: str) -> tuple[FollowUpReading, str] | None:
    """Open the reading of a follow-up code for this session; return it and the session's
    holder token, or None for a code that is unknown, expired, or whose reading is finished
    (one answer for all three, as for resume codes).

    The code's first use opens its reading; a later use opens the same reading again, where
    the person left it, and every other session holding it loses it (the quick exit ends the
    session, and a person may come back on another phone).
    """
    if len(codes.normalise(code)) != codes.RESUME_CODE_LENGTH:
        return None
    session, now = database.session(), utcnow()
    found = session.scalars(select(FollowUpCode).where(FollowUpCode.code_hash == _hash(code))
                            .with_for_update()).first()
    if found is None or found.expires_at <= now:
        return None
    holder = codes.new_holder_token()
    if found.used_at is not None:
        reading = session.scalars(
            select(FollowUpReading).where(FollowUpReading.code_id == found.id)).first()
        if not _still_open(reading):
            return None
        reading.holder_hash = codes.hash_holder_token(holder)
        session.commit()
        return reading, holder
    found.used_at = now
    reading = FollowUpReading(
        reading_id=secrets.token_hex(16), submission_pk=found.submission_pk,
        position=found.position, issued_by=found.issued_by, locale="sv",
        created_at=now, expires_at=now + _lifetime(), code_id=found.id,
        holder_hash=codes.hash_holder_token(holder))
    reading.answers = storage.seal(storage.READING_ANSWERS, reading.reading_id, {})
    session.add(reading)
    session.commit()
    return reading, holder


def open_reading(reading_id: str | None, holder: str | None) -> FollowUpReading | None:
    """Return the unfinished, unexpired reading a session works on, if it still holds it."""
    if not reading_id:
        return None
    reading = database.session().scalars(
        select(FollowUpReading).where(FollowUpReading.reading_id == reading_id)).first()
    if not _still_open(reading):
        return None
    # A reading opened before readings had holders (migration 0031) stays with its session.
    if reading.holder_hash is not None and not codes.holds(reading.holder_hash, holder):
        return None
    return reading


def _still_open(reading: FollowUpReading | None) -> bool:
    return reading is not None and reading.read_on is None and reading.expires_at > utcnow()


def release(*, reading: FollowUpReading) -> None:
    """Let no session hold the reading any longer (the person left quickly or cleared the
    phone); its code still opens it."""
    reading.holder_hash = codes.hash_held_by_no_one()
    database.session().commit()


SESSION_KEY = "follow_up_reading"  # where a session holds the random id of its reading
HOLDER_KEY = "follow_up_holder"  # and the token that shows it holds the reading now
# Kept in the reading's sealed answers beside its pages: the chat's transcript, and what was
# typed when the person switched language. Names no page can have.
CHAT, TYPED = "_chat", "_typed"


def _sealed(reading: FollowUpReading) -> dict[str, Any]:
    return storage.open_sealed(storage.READING_ANSWERS, reading.reading_id, reading.answers)


def _store(reading: FollowUpReading, everything: dict[str, Any], locale: str) -> None:
    reading.answers = storage.seal(storage.READING_ANSWERS, reading.reading_id, everything)
    reading.locale = locale
    database.session().commit()


def answers_of(reading: FollowUpReading) -> dict[str, dict[str, Any]]:
    """Return a reading's answers, keyed by step like a draft's (``"rating.2"``)."""
    return {key: value for key, value in _sealed(reading).items() if key not in (CHAT, TYPED)}


def pages() -> list[str]:
    """The follow-up's pages: the eight ratings, the person's own choice, then their goals'
    rulers (the page whose questions are marked ``goal``), if the questionnaire has goals."""
    choice_page = current_app.extensions["record_layout"].person.self_rated_category
    goals = goals_page(current_questionnaire())
    return [current_self_rating().page, choice_page.partition(".")[0],
            *([goals.id] if goals else [])]


def steps_of(reading: FollowUpReading) -> list[Step]:
    """The follow-up's pages as steps of the reading's person."""
    questionnaire = current_questionnaire()
    return [Step(questionnaire.page(page_id), reading.position) for page_id in pages()]


def is_answered(reading: FollowUpReading) -> bool:
    """Tell whether every page of the follow-up has been saved."""
    answers = answers_of(reading)
    return all(step.key in answers for step in steps_of(reading))


def own_goals(reading: FollowUpReading, step_key: str,
              goal_ids: list[str]) -> dict[str, Any]:
    """The goals the person wrote in the application the code was given from, as they wrote
    them, for them to rate again; the rulers start empty (a new reading is a new answer)."""
    record = database.session().get(Submission, reading.submission_pk)
    if record is None or record.answers is None:
        return {}
    written = storage.open_sealed(storage.RECORD_ANSWERS, record.submission_id,
                                  record.answers).get(step_key, {})
    return {goal: written[goal] for goal in goal_ids if goal in written}


def save_page(*, reading: FollowUpReading, step_key: str, values: dict[str, Any],
              locale: str) -> None:
    """Save one page of a reading, sealed, so nothing typed is lost."""
    _store(reading, {**_sealed(reading), step_key: values}, locale)


def conversation_of(reading: FollowUpReading) -> list[dict[str, Any]]:
    """Return the chat's transcript of a reading (empty if it was answered in the form)."""
    return _sealed(reading).get(CHAT, [])


def save_chat_turn(*, reading: FollowUpReading, saves: list[tuple[str, str | None, Any]],
                   messages: list[dict[str, Any]], locale: str) -> None:
    """Store a chat turn's answers and its transcript together, as a draft's are."""
    everything = _sealed(reading)
    for step_key, question_id, value in saves:
        values = dict(everything.get(step_key, {}))
        if question_id is not None and value is None:
            values.pop(question_id, None)
        elif question_id is not None:
            values[question_id] = value
        everything[step_key] = values
    _store(reading, {**everything, CHAT: messages}, locale)


def keep_typed(*, reading: FollowUpReading, typed: dict[str, list[str]] | None,
               locale: str) -> None:
    """Keep what was typed in the chat over a language switch (``None`` forgets it)."""
    everything = _sealed(reading)
    everything.pop(TYPED, None)
    _store(reading, {**everything, **({TYPED: typed} if typed else {})}, locale)


def typed_on(reading: FollowUpReading) -> dict[str, list[str]] | None:
    """Return what was typed in the chat before a language switch, if anything."""
    return _sealed(reading).get(TYPED)


def finish(*, reading: FollowUpReading) -> None:
    """Finish a reading: from today (Swedish date) the category the person chose is theirs."""
    person = current_app.extensions["record_layout"].person
    choice_page, _dot, category = person.self_rated_category.partition(".")
    rehabilitation = person.self_rated_rehabilitation.partition(".")[2]
    chosen = answers_of(reading).get(f"{choice_page}.{reading.position}", {})
    reading.category, reading.rehabilitation = chosen.get(category), chosen.get(rehabilitation)
    reading.read_on = swedish_date(utcnow())
    database.session().commit()


def readings_of(people: list[tuple[int, int]]) -> list[FollowUpReading]:
    """Return the finished readings given for these (record, position) adults, oldest first."""
    if not people:
        return []
    wanted = [(pk, position) for pk, position in people]
    found = database.session().scalars(
        select(FollowUpReading).where(FollowUpReading.read_on.is_not(None),
                                      FollowUpReading.submission_pk.in_({pk for pk, _ in wanted}))
        .order_by(FollowUpReading.read_on, FollowUpReading.created_at))
    return [reading for reading in found if (reading.submission_pk, reading.position) in wanted]
