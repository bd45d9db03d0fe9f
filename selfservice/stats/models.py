"""What the follow-up counts, kept per person in the same transaction as every write.

KNUT follows *persons*: a person who applies twice is one person with a history, linked
through the keyed pseudonym, and a category counts from the day it was assessed. Counting that
from the records on every page view reads every rating of 100 000 households; these two
tables hold the result per person instead, so a table for any period is one indexed pass.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from selfservice.database import Base


class PersonState(Base):
    """One person across their applications, with the groups the tables compare.

    The groups (sex, age band, language, interpreter, household type) are those of the
    person's latest application.
    """

    __tablename__ = "stats_person"

    # The pseudonym; "r<record>.<position>" for a person without an identity number, who
    # cannot be linked to another application and is only themselves in one.
    person_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    gender: Mapped[str | None] = mapped_column(String(16))
    age_band: Mapped[str | None] = mapped_column(String(8))
    locale: Mapped[str | None] = mapped_column(String(16))
    interpreter: Mapped[bool | None] = mapped_column(Boolean)
    household: Mapped[str | None] = mapped_column(String(16))
    applications: Mapped[int | None] = mapped_column(Integer)
    first_submitted_on: Mapped[date | None] = mapped_column(Date)
    first_assessed_on: Mapped[date | None] = mapped_column(Date)


class AssessmentSpan(Base):
    """A category in force for a person from the day it was assessed until the next one.

    ``kind`` is "caseworker" (a caseworker's rating, from its assessment date) or "self" (the
    person's own choice, from the day the application was sent; no category: none chosen).
    Several assessments on one day count as the last of them.
    """

    __tablename__ = "stats_span"
    __table_args__ = (
        # A period's table reads the spans in force on a day: by kind and start, with
        # everything it groups by in the index.
        Index("ix_stats_span_in_force", "kind", "valid_from", "valid_to", "person_key",
              "number", "category", "rehabilitation"),)

    person_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)  # 1: the first
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)  # the next one's day; None: still
    category: Mapped[str | None] = mapped_column(String(16))
    rehabilitation: Mapped[str | None] = mapped_column(String(16))
