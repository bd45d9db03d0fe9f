"""The pseudonymised record: what is sealed, what is in clear and why (see SECURITY.md).

In clear are only coarse fields needed for queues and statistics; names, identity numbers,
contact details and addresses are sealed under the identity key, the rest of the answers
under the record key, and each adult is linked over time only through a keyed pseudonym.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from selfservice.database import Base, utcnow


class Submission(Base):
    """A household's sent application."""

    __tablename__ = "submission"
    # The queue filters by status, language and interpreter and sorts by time: each index
    # carries all four, so the queue is read from an index, never from the wide rows that
    # hold the sealed answers.
    __table_args__ = (
        Index("ix_submission_created_at", "created_at", "status", "locale",
              "interpreter_needed"),
        Index("ix_submission_status_created_at", "status", "created_at", "locale",
              "interpreter_needed"),
        Index("ix_submission_locale_created_at", "locale", "created_at", "status",
              "interpreter_needed"),
        Index("ix_submission_nearest_created_at", "nearest_self_rating", "created_at",
              "status", "locale", "interpreter_needed"),
        Index("ix_submission_urgent_status_created_at", "urgent", "status", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # The draft's server-issued id under a unique constraint: one record however often sent.
    submission_id: Mapped[str] = mapped_column(String(32), unique=True)
    reference_code: Mapped[str] = mapped_column(String(16), unique=True)
    questionnaire: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(16))
    answers: Mapped[bytes] = mapped_column(LargeBinary)
    identity: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    submitted_on: Mapped[date | None] = mapped_column(Date, index=True)
    interpreter_needed: Mapped[bool | None] = mapped_column(Boolean)
    # The coded interpreter booking answers named in forms/record.yaml (language, dialect,
    # phone or on site, …) as JSON [[ref, code], …]: codes from a list, never free text.
    interpreter_booking: Mapped[str | None] = mapped_column(String(400))
    # What of the booking was typed (a dialect, another language), sealed and masked:
    # [[ref, text, language], …] (storage.RECORD_BOOKING), opened for the queue's rows only.
    interpreter_typed: Mapped[bytes | None] = mapped_column(LargeBinary)
    adult_count: Mapped[int | None] = mapped_column(Integer)
    child_count: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="new", server_default="new",
                                        index=True)
    # The self-rated category of the adult who rated themselves nearest work (in the order of
    # forms/caseworker.yaml when sent): the queue's sort by self-rating reads it from an index.
    nearest_self_rating: Mapped[str | None] = mapped_column(String(16))
    # Whether the household said it needs help today (a question marked ``urgent``): the
    # queue shows these first. Which needs stays sealed with the answers.
    urgent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The caseworker responsible for the household; none until someone takes it.
    responsible_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL", name="fk_submission_responsible_user"),
        index=True)

    people: Mapped[list[SubmissionPerson]] = relationship(
        back_populates="submission", cascade="all, delete-orphan",
        order_by="SubmissionPerson.position")


class SubmissionPerson(Base):
    """One adult of a submission: a pseudonym and the coarse facts statistics need."""

    __tablename__ = "submission_person"
    # The queue's filter by self-rated category looks up (category, record) pairs only.
    __table_args__ = (Index("ix_submission_person_category_record", "self_rated_category",
                            "submission_pk"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_pk: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"),
                                               index=True)
    position: Mapped[int] = mapped_column(Integer)
    # HMAC of the 12-digit identity number; None for a person without one (no weak link).
    pseudonym: Mapped[str | None] = mapped_column(String(64), index=True)
    pseudonym_version: Mapped[int | None] = mapped_column(Integer)
    age_band: Mapped[str | None] = mapped_column(String(8))
    gender: Mapped[str | None] = mapped_column(String(16))
    self_rated_category: Mapped[str | None] = mapped_column(String(16))
    self_rated_rehabilitation: Mapped[str | None] = mapped_column(String(16))

    submission: Mapped[Submission] = relationship(back_populates="people")


class AuditEntry(Base):
    """One act on personal data; rows are only ever added (a trigger refuses updates).

    Modelled on HSLF-FS 2016:40 4 kap. 9 §: action, unit, time, user and the person concerned.
    Each entry carries the hash of the one before, so a removed or altered row shows.
    """

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(128))
    unit: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject: Mapped[str] = mapped_column(String(512))
    reason: Mapped[str] = mapped_column(String(1000), default="")
    # The application the act was on, so that its applicant can be shown who opened it
    # (records/access_log.py); none for acts on no single application (sign-ins, exports of
    # statistics, searches). Kept when the application itself is purged.
    reference_code: Mapped[str | None] = mapped_column(String(16), index=True)
    previous_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class AuditChainHead(Base):
    """The newest audit entry's hash, in the table's one row.

    Every append writes this row first and moves it in the same transaction, so appends wait
    for one another and each links to the entry really written before it; without it two
    requests at once could both link to the same entry, and the chain would fork.
    """

    __tablename__ = "audit_chain_head"
    __table_args__ = (CheckConstraint("id = 1", name="ck_audit_chain_head_one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    entry_id: Mapped[int | None] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(String(64))


class AccessLogSecret(Base):
    """The hash of the secret that, with the reference code, shows an applicant who opened
    their application. Kept as long as the audit entries it opens, not as long as the record,
    so a person can still see who opened the application after it was purged."""

    __tablename__ = "access_log_secret"

    # A primary key on the reference code also keeps a purged application's code (and the
    # audit entries that name it) from being drawn again for a new application.
    reference_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class KeyCheck(Base):
    """A value sealed (or hashed) under each key version, to detect a wrong key at start-up."""

    __tablename__ = "key_check"

    purpose: Mapped[str] = mapped_column(String(16), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    check_value: Mapped[bytes] = mapped_column(LargeBinary)



class FollowUpCode(Base):
    """A code a caseworker gave one adult at a later meeting, for one reading of their own.

    Only its keyed hash is stored (the code is shown once); it opens one reading, and opens it
    again until the reading is finished (a person who left quickly comes back to it), until the
    code expires. It belongs to the adult of the record it was given from, so it goes with that
    record when the record is purged.
    """

    __tablename__ = "follow_up_code"
    __table_args__ = (Index("ix_follow_up_code_record_person", "submission_pk", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    submission_pk: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    issued_by: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)


class FollowUpReading(Base):
    """One adult's own self-rating at a later meeting: the eight ratings (sealed under the
    record key with the rest of their choice) and the category they chose (in clear, as on
    the record, for the follow-up statistics).

    Opened when the code is redeemed, so every page of it is saved on the server; it counts
    from ``read_on`` (the Swedish date it was finished), and not before. The person is the
    record's adult it was given for, so the reading follows their pseudonym as it is now,
    also after a key rotation re-keys it.
    """

    __tablename__ = "follow_up_reading"
    __table_args__ = (Index("ix_follow_up_reading_record_person", "submission_pk", "position"),
                      Index("ix_follow_up_reading_code_id", "code_id", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    # Names the sealed answers' cell (the row id is not known before insert) and the reading
    # the session works on; random, so a session cannot be pointed at another reading.
    reading_id: Mapped[str] = mapped_column(String(32), unique=True)
    submission_pk: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    issued_by: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    locale: Mapped[str] = mapped_column(String(16))
    answers: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    read_on: Mapped[date | None] = mapped_column(Date)  # None: not finished yet
    # The code that opened it (None for a reading opened before migration 0031), and a hash of
    # the token of the one session that holds it: opening it again with the code, on this
    # phone or another, gives a new token, so a phone the person left loses the reading.
    code_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_up_code.id", ondelete="SET NULL", name="fk_follow_up_reading_code"))
    holder_hash: Mapped[str | None] = mapped_column(String(64))
    category: Mapped[str | None] = mapped_column(String(16))
    rehabilitation: Mapped[str | None] = mapped_column(String(16))
