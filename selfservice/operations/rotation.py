"""Key rotation: re-seal every draft, record, caseworker justification, follow-up reading and
staff TOTP secret under new keys, in small transactions.

Old key versions stay in the key files, so every row opens at every moment of a rotation; an
interrupted rotation is simply run again and continues with the rows still under old keys.
Pseudonyms are recomputed from the sealed identity numbers when the pseudonym key changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import or_, select

from selfservice import database, storage
from selfservice.accounts.models import User
from selfservice.intake.models import Draft
from selfservice.keys import KEY_PURPOSES, KeyFileError, Keys, add_key_version, load_keys
from selfservice.records.key_check import verify_keys
from selfservice.records.models import FollowUpReading, Submission
from selfservice.records.pseudonym import normalise_identity_number, pseudonym
from selfservice.records.services import seal_record
from selfservice.review.models import CaseworkerRating


@dataclass
class RotationReport:
    new_versions: dict[str, int] = field(default_factory=dict)
    drafts: int = 0
    records: int = 0
    ratings: int = 0
    readings: int = 0
    second_factors: int = 0
    remaining: int = 0


def _keys() -> Keys:
    return current_app.extensions["keys"]


def _draft_is_current(draft: Draft, keys: Keys) -> bool:
    return (storage.is_current(storage.DRAFT_ANSWERS, draft.answers, keys=keys)
            and storage.is_current(storage.DRAFT_CONVERSATION, draft.conversation, keys=keys))


def _record_is_current(record: Submission, keys: Keys) -> bool:
    return (storage.is_current(storage.RECORD_ANSWERS, record.answers, keys=keys)
            and storage.is_current(storage.RECORD_IDENTITY, record.identity, keys=keys)
            and storage.is_current(storage.RECORD_BOOKING, record.interpreter_typed, keys=keys)
            and all(p.pseudonym is None or p.pseudonym_version == keys.pseudonym.current
                    for p in record.people))


def _rating_is_current(rating: CaseworkerRating, keys: Keys) -> bool:
    return storage.is_current(storage.JUSTIFICATION, rating.justification, keys=keys)


def _reseal_rating(rating: CaseworkerRating, keys: Keys) -> None:
    row = storage.justification_row(rating.submission_pk, rating.position, rating.created_at)
    value = storage.open_sealed(storage.JUSTIFICATION, row, rating.justification, keys=keys)
    rating.justification = storage.seal(storage.JUSTIFICATION, row, value, keys=keys)


def _reading_is_current(reading: FollowUpReading, keys: Keys) -> bool:
    return storage.is_current(storage.READING_ANSWERS, reading.answers, keys=keys)


def _reseal_reading(reading: FollowUpReading, keys: Keys) -> None:
    value = storage.open_sealed(storage.READING_ANSWERS, reading.reading_id, reading.answers,
                                keys=keys)
    reading.answers = storage.seal(storage.READING_ANSWERS, reading.reading_id, value, keys=keys)


def _second_factor_is_current(user: User, keys: Keys) -> bool:
    # A secret set up before secrets were sealed (migration 0029) counts as stale.
    return user.totp_secret is None and storage.is_current(storage.STAFF_TOTP,
                                                           user.totp_sealed, keys=keys)


def _reseal_second_factor(user: User, keys: Keys) -> None:
    secret = user.totp_secret if user.totp_sealed is None else storage.open_sealed(
        storage.STAFF_TOTP, str(user.id), user.totp_sealed, keys=keys)
    user.totp_sealed = storage.seal(storage.STAFF_TOTP, str(user.id), secret, keys=keys)
    user.totp_secret = None


def _batches(model, batch_size: int) -> Iterator[list[int]]:
    ids = list(database.session().scalars(select(model.id).order_by(model.id)))
    for start in range(0, len(ids), batch_size):
        yield ids[start:start + batch_size]


def count_stale() -> int:
    """Return how many drafts, records, ratings, readings and TOTP secrets are not yet sealed
    under the current keys."""
    session, keys = database.session(), _keys()
    stale = sum(not _draft_is_current(d, keys) for d in session.scalars(select(Draft)))
    stale += sum(not _record_is_current(r, keys) for r in session.scalars(select(Submission)))
    stale += sum(not _rating_is_current(r, keys)
                 for r in session.scalars(select(CaseworkerRating)))
    stale += sum(not _reading_is_current(r, keys)
                 for r in session.scalars(select(FollowUpReading)))
    return stale + sum(not _second_factor_is_current(u, keys) for u in session.scalars(
        select(User).where(or_(User.totp_sealed.is_not(None), User.totp_secret.is_not(None)))))


def add_new_keys() -> dict[str, int]:
    """Append a new version to each key file and load the keys again."""
    config = current_app.config
    if any(config.get(f"{purpose.upper()}_KEYS") for purpose in KEY_PURPOSES):
        raise KeyFileError("Keys are given in environment variables: add a new version there "
                           "and restart, then run rotate-keys --no-new-keys.")
    versions = {purpose: add_key_version(config[f"{purpose.upper()}_KEY_FILE"])
                for purpose in KEY_PURPOSES}
    current_app.extensions["keys"] = load_keys(config)
    verify_keys(current_app.extensions["db_engine"], current_app.extensions["keys"])
    return versions


def _reseal_draft(draft: Draft, keys: Keys) -> None:
    for column in (storage.DRAFT_ANSWERS, storage.DRAFT_CONVERSATION):
        sealed = getattr(draft, column.column)
        if sealed is not None:
            value = storage.open_sealed(column, draft.id, sealed, keys=keys)
            setattr(draft, column.column, storage.seal(column, draft.id, value, keys=keys))


def _reseal_record(record: Submission, keys: Keys) -> None:
    answers = storage.open_sealed(storage.RECORD_ANSWERS, record.submission_id, record.answers,
                                  keys=keys)
    identity = {} if record.identity is None else storage.open_sealed(
        storage.RECORD_IDENTITY, record.submission_id, record.identity, keys=keys)
    seal_record(record, identity=identity, answers=answers)
    person_ref = current_app.extensions["record_layout"].person.identity_number
    page_id, _, question_id = person_ref.partition(".")
    for person in record.people:
        raw = identity.get(f"{page_id}.{person.position}", {}).get(question_id)
        number = normalise_identity_number(raw) if isinstance(raw, str) else None
        person.pseudonym, person.pseudonym_version = (
            pseudonym(number, keyring=keys.pseudonym) if number else (None, None))


def rotate_keys(*, new_keys: bool = True, batch_size: int = 50,
                max_batches: int | None = None) -> RotationReport:
    """Re-seal everything under the newest keys; add new keys first unless a rotation is open."""
    report = RotationReport()
    if new_keys and count_stale() == 0:
        report.new_versions = add_new_keys()
    keys, session, done = _keys(), database.session(), 0
    for model, reseal, is_current, counter in (
            (Draft, _reseal_draft, _draft_is_current, "drafts"),
            (Submission, _reseal_record, _record_is_current, "records"),
            (CaseworkerRating, _reseal_rating, _rating_is_current, "ratings"),
            (FollowUpReading, _reseal_reading, _reading_is_current, "readings"),
            (User, _reseal_second_factor, _second_factor_is_current, "second_factors")):
        for ids in _batches(model, batch_size):
            if max_batches is not None and done >= max_batches:
                report.remaining = count_stale()
                return report
            for row in session.scalars(select(model).where(model.id.in_(ids))):
                if not is_current(row, keys):
                    reseal(row, keys)
                    setattr(report, counter, getattr(report, counter) + 1)
            session.commit()
            done += 1
    report.remaining = count_stale()
    return report
