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
    # The wait for a first assessment is counted by days from this index alone.
    __table_args__ = (
        Index("ix_stats_person_waiting", "first_submitted_on", "first_assessed_on",
              "days_to_assessment"),
        # The caseload board: persons by the category in force now, oldest first.
        Index("ix_stats_person_board", "am_now", "first_submitted_on", "self_am_now"),
        Index("ix_stats_person_latest", "latest_submission_pk"))

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
    # From the first application sent to the first caseworker assessment, in days.
    days_to_assessment: Mapped[int | None] = mapped_column(Integer)
    # The person's latest application and their place in it (the board links to it, and a
    # caseworker's board holds the persons whose latest application is theirs), their own
    # rating in it, and the caseworker's category and RH in force now.
    latest_submission_pk: Mapped[int | None] = mapped_column(Integer)
    latest_position: Mapped[int | None] = mapped_column(Integer)
    self_am_now: Mapped[str | None] = mapped_column(String(16))
    am_now: Mapped[str | None] = mapped_column(String(16))
    rh_now: Mapped[str | None] = mapped_column(String(16))


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


class TransitionPair(Base):
    """A pair of one person's spans of one kind, start and end, with the person's groups:
    KNUT's table for any period is one pass over these rows, with no join.

    For a period from S to E, exactly one pair of each kind of a person assessed by E holds:
    its end span is in force on E and its start span on S, where the first span also stands
    for any day before it (a person first assessed inside the period starts from that
    assessment).
    ``profile`` holds what the table groups by in one column (see
    :mod:`selfservice.stats.timeline`): grouping by one short string instead of eight
    columns is what keeps a table at 100 000 households within its budget.
    """

    __tablename__ = "stats_pair"
    __table_args__ = (
        # Read as two ranges by end (still open; ended after the end day), the open ones
        # in profile order, so grouping them needs no sort.
        Index("ix_stats_pair_period", "kind", "end_to", "profile", "end_from", "start_from",
              "start_to"),
        Index("ix_stats_pair_moves", "kind", "end_from", "end_to", "start_from", "start_to",
              "first_from", "am_from", "am_to", "person_key"))

    person_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)  # across both kinds
    # "caseworker": pairs of the caseworker's assessments; "self": of the person's own
    # ratings (each application and each follow-up reading).
    kind: Mapped[str] = mapped_column(String(16), default="caseworker",
                                      server_default="caseworker")
    start_from: Mapped[date | None] = mapped_column(Date)  # None: the first span
    start_to: Mapped[date | None] = mapped_column(Date)
    end_from: Mapped[date] = mapped_column(Date)
    end_to: Mapped[date | None] = mapped_column(Date)
    profile: Mapped[str] = mapped_column(String(160))
    # For the board's movements: the day of the person's first assessment and the two
    # categories, so "moved since D" is read without unpacking the profile.
    first_from: Mapped[date | None] = mapped_column(Date)
    am_from: Mapped[str | None] = mapped_column(String(16))
    am_to: Mapped[str | None] = mapped_column(String(16))


class RatingState(Base):
    """A stretch of one person's time over which both their own rating (from their latest
    application) and the caseworker's assessment in force stay the same, with their groups
    in ``profile``: the agreement and count tables for any period are one pass over these
    rows."""

    __tablename__ = "stats_state"
    # Read as two ranges: the stretches still open, and those that ended after the end day;
    # the open ones in profile order, so grouping them needs no sort.
    __table_args__ = (
        Index("ix_stats_state_in_force", "valid_to", "profile", "applied_on", "valid_from"),)

    person_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    applied_on: Mapped[date] = mapped_column(Date)  # the latest application sent by then
    profile: Mapped[str] = mapped_column(String(160))
