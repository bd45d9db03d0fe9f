"""Drafts in progress; their answers are stored sealed, never in clear."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from selfservice.database import Base, utcnow


class Draft(Base):
    """One household's answers while they are being filled in."""

    __tablename__ = "draft"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    # Only a hash of the resume code is stored; the code itself is shown once.
    resume_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Issued with the draft and reused by every submit attempt, so retries make one record.
    submission_id: Mapped[str] = mapped_column(String(32), unique=True)
    locale: Mapped[str] = mapped_column(String(16), default="sv")
    answers: Mapped[bytes | None] = mapped_column(LargeBinary)
    # The chat transcript (bot and applicant messages), sealed like the answers.
    conversation: Mapped[bytes | None] = mapped_column(LargeBinary)
    reference_code: Mapped[str | None] = mapped_column(String(16))
    # A hash of the token of the one session that holds the draft: starting or resuming gives
    # a new token, so every other phone that held the draft loses it (and its PDF).
    holder_hash: Mapped[str | None] = mapped_column(String(64))
    # When it was sent: the sending phone shows the confirmation and PDF only for a while.
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Which steps the drop-off counters have counted for this draft (selfservice/funnel), so
    # each counts once; names of steps only, nothing the person answered.
    funnel_marks: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class Pairing(Base):
    """An interpreter's device following an applicant's screen: where the applicant is now.

    It holds no answers: the follower's page reads the current question (and, if the
    applicant allows it, the answers on that page) from the draft at each look. Once the
    application is sent, the pairing belongs to the record, which shows when it started and
    ended and in which language, and nothing else.
    """

    __tablename__ = "pairing"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    draft_id: Mapped[str | None] = mapped_column(
        ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    submission_pk: Mapped[int | None] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    # Keyed hash of the short code the follower types; cleared once a follower has joined.
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Hash of the token in the follower's session: one device follows a pairing.
    follower_hash: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(16))
    show_answers: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Where the applicant is: "step:<step key>", "chat:<step key>:<question>", "tasks", …
    position: Mapped[str | None] = mapped_column(String(200))
    # Counts every change a follower should see, so a follower's page asks only "anything new?"
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    joined_at: Mapped[datetime | None] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_by: Mapped[str | None] = mapped_column(String(16))  # applicant, time, sent, follower
