"""Follow-up codes and the readings they open: a person's own self-rating at a later meeting.

A caseworker gives one adult of a record a code (shown once, stored only as a keyed hash, as
resume codes are); the code opens one reading, once, until it expires. The reading is opened
at once, so each of its pages is saved on the server as the person goes; it counts for the
follow-up from the Swedish date it is finished. The follow-up state of the person is kept in
the same transaction by the statistics' flush hook (``stats.tallies``).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select

from selfservice import codes, database, storage
from selfservice.clock import swedish_date
from selfservice.database import utcnow
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


def redeem(code: str) -> FollowUpReading | None:
    """Open a reading with a follow-up code and use the code up; None for a code that is
    unknown, used or expired (one answer for all three, as for resume codes)."""
    if len(codes.normalise(code)) != codes.RESUME_CODE_LENGTH:
        return None
    session, now = database.session(), utcnow()
    found = session.scalars(select(FollowUpCode).where(FollowUpCode.code_hash == _hash(code))
                            .with_for_update()).first()
    if found is None or found.used_at is not None or found.expires_at <= now:
        return None
    found.used_at = now
    reading = FollowUpReading(
        reading_id=secrets.token_hex(16), submission_pk=found.submission_pk,
        position=found.position, issued_by=found.issued_by, locale="sv",
        created_at=now, expires_at=now + _lifetime())
    reading.answers = storage.seal(storage.READING_ANSWERS, reading.reading_id, {})
    session.add(reading)
    session.commit()
    return reading


def open_reading(reading_id: str | None) -> FollowUpReading | None:
    """Return the unfinished, unexpired reading a session works on, if any."""
    if not reading_id:
        return None
    reading = database.session().scalars(
        select(FollowUpReading).where(FollowUpReading.reading_id == reading_id)).first()
    if reading is None or reading.read_on is not None or reading.expires_at <= utcnow():
        return None
    return reading


def answers_of(reading: FollowUpReading) -> dict[str, dict[str, Any]]:
    """Return a reading's answers, keyed by step like a draft's (``"rating.2"``)."""
    return storage.open_sealed(storage.READING_ANSWERS, reading.reading_id, reading.answers)


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
    answers = answers_of(reading)
    answers[step_key] = values
    reading.answers = storage.seal(storage.READING_ANSWERS, reading.reading_id, answers)
    reading.locale = locale
    database.session().commit()


def finish(*, reading: FollowUpReading, category: str | None,
           rehabilitation: str | None) -> None:
    """Finish a reading: from today (Swedish date) its category is the person's own."""
    reading.category, reading.rehabilitation = category, rehabilitation
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
