"""The caseworker's side of a record: review status, own ratings with history, prompts used."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from selfservice.database import Base, utcnow


class CaseworkerRating(Base):
    """One caseworker rating of one adult; every change is a new row, so history is kept."""

    __tablename__ = "caseworker_rating"
    __table_args__ = (Index("ix_caseworker_rating_record_person", "submission_pk", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_pk: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(16), index=True)
    rehabilitation: Mapped[str | None] = mapped_column(String(16))
    # The justification is free text about a person: sealed under the record key.
    justification: Mapped[bytes] = mapped_column(LargeBinary)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # The day of the meeting the assessment was made at (Swedish date), never in the future.
    assessed_on: Mapped[date | None] = mapped_column(Date)


class PromptUse(Base):
    """A Motivational Interviewing prompt the caseworker ticked as used, for MI follow-up."""

    __tablename__ = "prompt_use"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_pk: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"),
                                               index=True)
    prompt_id: Mapped[str] = mapped_column(String(64), index=True)
    position: Mapped[int | None] = mapped_column(Integer)  # the adult; none: the household
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class FirstMeeting(Base):
    """How the household's first meeting is arranged: the day, its length, the interpreter.

    The agenda reads it; the follow-up (days from application to first meeting) counts from
    its date.
    """

    __tablename__ = "first_meeting"

    submission_pk: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), primary_key=True)
    meeting_on: Mapped[date | None] = mapped_column(Date)
    minutes: Mapped[int | None] = mapped_column(Integer)
    interpreter_booked: Mapped[bool | None] = mapped_column(Boolean)
    # For Öppna jämförelser: the adults of a two-adult household met the caseworker one by
    # one, and the day a plan for self-support was made with the household.
    separate_meetings: Mapped[bool | None] = mapped_column(Boolean)
    plan_made_on: Mapped[date | None] = mapped_column(Date)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id",
                                                           ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SupportObstacle(Base):
    """The försörjningshinder the caseworker recorded for one adult (forms/follow_up.yaml)."""

    __tablename__ = "support_obstacle"

    submission_pk: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id",
                                                           ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
