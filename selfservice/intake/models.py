"""Drafts in progress; their answers are stored sealed, never in clear."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, LargeBinary, String, Text
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
