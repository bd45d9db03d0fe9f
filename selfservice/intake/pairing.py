"""Pairing: an interpreter's device follows the applicant's current question.

The applicant asks for a short code ("Show to my interpreter"); a follower types it at
``/follow`` on their own device and from then on sees where the applicant is. Everything is
in the database, so the applicant and the follower may be served by different processes. A
pairing holds no answers, only where the applicant is; it ends when the applicant ends it,
after ``PAIRING_MINUTES``, when the application is sent, or when the phone is cleared.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from selfservice import codes, database
from selfservice.database import utcnow
from selfservice.intake.models import Draft, Pairing
from selfservice.questionnaire.engine import Step

# Where the applicant is, as the pairing stores it: "step:household", "step:personal.2",
# "chat:household:interpreter_needed", "tasks", "check".
STEP, CHAT, TASKS, CHECK = "step", "chat", "tasks", "check"


def step_position(step: Step) -> str:
    return f"{STEP}:{step.key}"


def step_position_of(page_id: str, number: str | None) -> str:
    """The position of a step page named by its address (``/apply/personal/2``)."""
    return f"{STEP}:{page_id}" + (f".{number}" if number else "")


def chat_position(step: Step, question_id: str) -> str:
    return f"{CHAT}:{step.key}:{question_id}"


# Why a pairing ended, as the record names it (review/pairings).
BY_APPLICANT, BY_FOLLOWER, BY_TIME, BY_SENDING = "applicant", "follower", "time", "sent"
BY_NEW_CODE, BY_CLEARING = "new_code", "cleared"


def _code_hash(code: str) -> str:
    return codes.hash_pairing_code(code, secret=codes.secret_bytes(current_app.secret_key))


def _token_hash(token: str) -> str:
    # 32 random bytes: a plain hash keeps a copy of the database from opening the view.
    return hashlib.sha256(token.encode()).hexdigest()


def _lifetime() -> timedelta:
    return timedelta(minutes=current_app.config["PAIRING_MINUTES"])


def _close(pairing: Pairing, by: str, at: datetime) -> None:
    pairing.ended_at = at
    pairing.ended_by = by
    pairing.code_hash = None
    pairing.version += 1


def _settle(pairing: Pairing | None) -> Pairing | None:
    """Close a pairing whose time ran out (committed); return it if it is still open."""
    if pairing is None or pairing.ended_at is not None:
        return None
    if pairing.expires_at <= utcnow():
        _close(pairing, BY_TIME, pairing.expires_at)
        database.session().commit()
        return None
    return pairing


def open_pairing(draft: Draft) -> Pairing | None:
    """Return the draft's pairing that is still open, if any."""
    found = database.session().scalars(
        select(Pairing).where(Pairing.draft_id == draft.id, Pairing.ended_at.is_(None))
        .order_by(Pairing.started_at.desc())).first()
    return _settle(found)


def start(*, draft: Draft, locale: str, position: str | None) -> tuple[Pairing, str]:
    """Open a pairing for the draft and return it with its code (shown once, never stored).

    A pairing still open for the draft ends: one code at a time is what the applicant sees.
    """
    now = utcnow()
    previous = open_pairing(draft)
    if previous is not None:
        _close(previous, BY_NEW_CODE, now)
    code = codes.new_pairing_code()
    pairing = Pairing(id=secrets.token_hex(16), draft_id=draft.id, code_hash=_code_hash(code),
                      locale=locale, position=position, version=1, show_answers=False,
                      started_at=now, expires_at=now + _lifetime())
    session = database.session()
    session.add(pairing)
    session.commit()
    return pairing, code


def join(code: str) -> tuple[Pairing, str] | None:
    """Let the device that typed ``code`` follow its pairing; return it and the device's
    token, or None for a wrong, used or ended code. The code opens one device only."""
    if len(codes.pairing_digits(code)) != codes.PAIRING_CODE_LENGTH:
        return None
    pairing = _settle(database.session().scalars(
        select(Pairing).where(Pairing.code_hash == _code_hash(code))).first())
    if pairing is None:
        return None
    token = secrets.token_urlsafe(32)
    pairing.follower_hash = _token_hash(token)
    pairing.joined_at = utcnow()
    pairing.code_hash = None
    pairing.version += 1
    database.session().commit()
    return pairing, token


def followed(pairing_id: str | None, token: str | None) -> Pairing | None:
    """Return the pairing a follower's session names (open or ended), if the token is its."""
    if not pairing_id or not token:
        return None
    pairing = database.session().get(Pairing, pairing_id)
    if pairing is None or pairing.follower_hash is None \
            or not hmac.compare_digest(pairing.follower_hash, _token_hash(token)):
        return None
    _settle(pairing)
    return pairing


def note_position(*, draft: Draft, position: str, locale: str) -> Pairing | None:
    """Tell the draft's open pairing where the applicant is now; return the pairing."""
    pairing = open_pairing(draft)
    if pairing is not None and (pairing.position, pairing.locale) != (position, locale):
        pairing.position = position
        pairing.locale = locale
        pairing.version += 1
        database.session().commit()
    return pairing


def show_answers(*, pairing: Pairing, shown: bool) -> None:
    """Let the follower see the answers on the applicant's current page, or stop it."""
    if pairing.show_answers != shown:
        pairing.show_answers = shown
        pairing.version += 1
        database.session().commit()


def end(*, pairing: Pairing, by: str) -> None:
    """End a pairing: the follower's page says so at its next look."""
    if pairing.ended_at is None:
        _close(pairing, by, utcnow())
        database.session().commit()


def end_for_draft(*, draft: Draft, by: str) -> None:
    """End the draft's open pairing, if any (the phone is cleared)."""
    pairing = open_pairing(draft)
    if pairing is not None:
        end(pairing=pairing, by=by)


def hand_over(*, draft_id: str, submission_pk: int) -> None:
    """Give the draft's pairings to its record, ending the open one (inside the caller's
    transaction): the record keeps when each started and ended, in which language."""
    session = database.session()
    now = utcnow()
    for pairing in session.scalars(select(Pairing).where(Pairing.draft_id == draft_id)):
        if pairing.ended_at is None:
            ended = min(now, pairing.expires_at)
            _close(pairing, BY_TIME if ended < now else BY_SENDING, ended)
    session.execute(update(Pairing).where(Pairing.draft_id == draft_id)
                    .values(submission_pk=submission_pk, draft_id=None, position=None))


def record_pairings(submission_pk: int) -> list[Pairing]:
    """Return the pairings of a sent application, oldest first."""
    return list(database.session().scalars(
        select(Pairing).where(Pairing.submission_pk == submission_pk)
        .order_by(Pairing.started_at)))
