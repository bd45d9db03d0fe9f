"""Counters and answers that cannot be joined to a draft, a record or a person.

No table here has a foreign key, a time finer than a day, an address, a session or a draft's
id: only what is counted and the day (or month), language and channel it is counted under.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from selfservice.database import Base


class StepCount(Base):
    """How many drafts reached, and completed, a step on one day in one language and channel."""

    __tablename__ = "funnel_step"

    day: Mapped[date] = mapped_column(Date, primary_key=True)  # Swedish date
    locale: Mapped[str] = mapped_column(String(16), primary_key=True)
    channel: Mapped[str] = mapped_column(String(8), primary_key=True)  # form or chat
    step: Mapped[str] = mapped_column(String(64), primary_key=True)  # a page id, check, sent
    reached: Mapped[int] = mapped_column(Integer, default=0)
    completed: Mapped[int] = mapped_column(Integer, default=0)


class DurationCount(Base):
    """How many applications sent on one day took a time in one band, from the first step to
    sending: a histogram, so that no row is one application."""

    __tablename__ = "funnel_duration"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    locale: Mapped[str] = mapped_column(String(16), primary_key=True)
    channel: Mapped[str] = mapped_column(String(8), primary_key=True)
    minutes: Mapped[int] = mapped_column(Integer, primary_key=True)  # the band's lower bound
    count: Mapped[int] = mapped_column(Integer, default=0)


class Feedback(Base):
    """One answer to the question after sending: its month, language and channel only."""

    __tablename__ = "feedback"
    # Without SQLite's rowid the rows lie in the order of their random ids, not in the order
    # they were written, so that order cannot be matched to the order applications were sent.
    __table_args__ = (Index("ix_feedback_month", "month"), {"sqlite_with_rowid": False})

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random, refers to nothing
    month: Mapped[str] = mapped_column(String(7))  # "2026-12", Swedish time
    locale: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(8))
    ease: Mapped[str | None] = mapped_column(String(16))  # very_hard … very_easy
    helped: Mapped[str | None] = mapped_column(String(16))  # no, family_friend, …
    comment: Mapped[str | None] = mapped_column(Text)  # identity numbers etc. masked
