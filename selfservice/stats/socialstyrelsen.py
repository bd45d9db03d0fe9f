"""What a unit reports to Socialstyrelsen and answers in Öppna jämförelser, per adult.

One row per adult of each application sent in the period, named by the person's pseudonym
(never a name or identity number), with the försörjningshinder the caseworker recorded, the
first contact (the day the application was sent), the first meeting, whether a plan for
self-support was made within three months, and whether the adults of a two-adult household
had separate meetings. Country of birth is not asked by the questionnaire, so it is not here.
"""

from __future__ import annotations

import calendar
import statistics
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import and_, select

from selfservice import database
from selfservice.records.models import Submission, SubmissionPerson
from selfservice.review.models import FirstMeeting, SupportObstacle
from selfservice.stats.suppression import MARKER, suppress
from selfservice.stats.tallies import household_type, person_key

# The export's field names, in order, with what each holds (README documents the same).
FIELDS = {
    "person": "pseudonym (or r<record>.<position> for a person without identity number)",
    "sex": "the gender code the person chose",
    "age_band": "age band when the application was sent",
    "household_type": "alone, alone_children, couple or couple_children",
    "support_obstacle": "försörjningshinder code from forms/follow_up.yaml (empty: not set)",
    "first_contact": "the day the application was sent (YYYY-MM-DD)",
    "first_meeting": "the day of the first meeting (empty: not yet)",
    "days_to_first_meeting": "days from first contact to first meeting",
    "plan_within_three_months": "yes, no, or pending (three months have not passed)",
    "separate_meetings": "yes or no for a two-adult household; empty for one adult",
}


@dataclass(frozen=True)
class AdultRow:
    person: str
    sex: str | None
    age_band: str | None
    household_type: str
    support_obstacle: str | None
    first_contact: date | None
    first_meeting: date | None
    days_to_first_meeting: int | None
    plan_within_three_months: str
    separate_meetings: str | None

    def as_dict(self) -> dict[str, object]:
        return {name: value.isoformat() if isinstance(value, date) else value
                for name, value in asdict(self).items()}


def three_months_after(day: date) -> date:
    month = day.month + 3
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _plan(contact: date | None, plan_made_on: date | None, today: date) -> str:
    if contact is None:
        return "pending"
    deadline = three_months_after(contact)
    if plan_made_on is not None and plan_made_on <= deadline:
        return "yes"
    return "no" if plan_made_on is not None or today > deadline else "pending"


def adult_rows(*, start: date, end: date, today: date) -> list[AdultRow]:
    """Every adult of every application sent from ``start`` to ``end``, oldest first."""
    query = (select(SubmissionPerson.pseudonym, SubmissionPerson.submission_pk,
                    SubmissionPerson.position, SubmissionPerson.gender,
                    SubmissionPerson.age_band, Submission.adult_count, Submission.child_count,
                    Submission.submitted_on, SupportObstacle.code, FirstMeeting.meeting_on,
                    FirstMeeting.plan_made_on, FirstMeeting.separate_meetings)
             .join(Submission, Submission.id == SubmissionPerson.submission_pk)
             .outerjoin(SupportObstacle, and_(
                 SupportObstacle.submission_pk == SubmissionPerson.submission_pk,
                 SupportObstacle.position == SubmissionPerson.position))
             .outerjoin(FirstMeeting, FirstMeeting.submission_pk == Submission.id)
             .where(Submission.submitted_on >= start, Submission.submitted_on <= end)
             .order_by(Submission.submitted_on, Submission.id, SubmissionPerson.position))
    rows = []
    for (pseudonym, pk, position, gender, band, adults, children, sent, code, met, plan,
         separate) in database.session().execute(query):
        two = (adults or 1) > 1
        rows.append(AdultRow(
            person=person_key(pseudonym, pk, position), sex=gender, age_band=band,
            household_type=household_type(adults, children), support_obstacle=code,
            first_contact=sent, first_meeting=met,
            days_to_first_meeting=(met - sent).days if met and sent else None,
            plan_within_three_months=_plan(sent, plan, today),
            separate_meetings=None if not two or separate is None
            else "yes" if separate else "no"))
    return rows


@dataclass(frozen=True)
class GroupCounts:
    """The counts one group (``grouping`` None: everyone) reports."""

    grouping: str | None
    value: str | None
    adults: int
    obstacles: dict[str, int]  # code (or "" for none recorded) -> adults
    plan_within_three_months: int
    plan_decided: int  # "yes" or "no" (not pending)
    separate_meetings: int
    two_adult_rows: int  # adults of two-adult households with the question answered
    median_days_to_first_meeting: float | None


GROUPINGS = ("sex", "age_band", "household_type")


def latest_per_person(rows: list[AdultRow]) -> list[AdultRow]:
    """One row per person: their latest application in the period (rows come oldest first),
    so the counts count persons, as every statistic does."""
    return list({row.person: row for row in rows}.values())


def group_counts(rows: list[AdultRow]) -> list[GroupCounts]:
    """Everyone first, then each value of sex, age band and household type (one pass), each
    person once."""
    tallies: dict[tuple[str | None, str | None], dict] = {}
    for row in latest_per_person(rows):
        for key in ((None, None), *((g, getattr(row, g)) for g in GROUPINGS)):
            tally = tallies.setdefault(key, {"adults": 0, "obstacles": Counter(), "plan": 0,
                                             "decided": 0, "separate": 0, "two": 0,
                                             "days": []})
            tally["adults"] += 1
            tally["obstacles"][row.support_obstacle or ""] += 1
            tally["plan"] += row.plan_within_three_months == "yes"
            tally["decided"] += row.plan_within_three_months != "pending"
            tally["separate"] += row.separate_meetings == "yes"
            tally["two"] += row.separate_meetings is not None
            if row.days_to_first_meeting is not None:
                tally["days"].append(row.days_to_first_meeting)
    order = sorted(tallies, key=lambda key: (
        -1 if key[0] is None else GROUPINGS.index(key[0]), key[1] is None, key[1] or ""))
    return [GroupCounts(grouping, value, kept["adults"], dict(kept["obstacles"]),
                        kept["plan"], kept["decided"], kept["separate"], kept["two"],
                        statistics.median(kept["days"]) if kept["days"] else None)
            for (grouping, value), kept in ((key, tallies[key]) for key in order)]


def counts_table(groups: list[GroupCounts], obstacles: list[str],
                 threshold: int | None) -> tuple[list[str], list[list[str]]]:
    """The counts as a table for publication: a column per group, a row per obstacle and
    per Öppna jämförelser figure; below ``threshold`` hidden with what would give them away.
    """
    columns = [(g.grouping, g.value) for g in groups]
    by_column = {(g.grouping, g.value): g for g in groups}
    figures = {"plan_within_three_months": lambda g: g.plan_within_three_months,
               "plan_decided": lambda g: g.plan_decided,
               "separate_meetings": lambda g: g.separate_meetings,
               "two_adult_households_adults": lambda g: g.two_adult_rows}
    rows = [*obstacles, "", "adults", *figures]
    counts: dict[tuple, int] = {}
    for column in columns:
        group = by_column[column]
        for code in [*obstacles, ""]:
            counts[(code, *column)] = group.obstacles.get(code, 0)
        counts[("adults", *column)] = group.adults
        for name, read in figures.items():
            counts[(name, *column)] = read(group)
    lines = [(("adults", *column), tuple((code, *column) for code in [*obstacles, ""]))
             for column in columns]
    for row in rows:
        for grouping in GROUPINGS:
            parts = tuple((row, g, v) for g, v in columns if g == grouping)
            if parts:
                lines.append(((row, None, None), parts))
    shown = counts if threshold is None else suppress(counts, lines, list(counts), threshold)
    header = ["row", *(f"{g}={v}" if g else "all" for g, v in columns)]
    body = [[row or "not_recorded", *(MARKER if shown[(row, *c)] is None
                                      else str(shown[(row, *c)]) for c in columns)]
            for row in rows]
    median = ["median_days_to_first_meeting", *(
        "" if by_column[c].median_days_to_first_meeting is None
        else f"{by_column[c].median_days_to_first_meeting:g}" for c in columns)]
    if threshold is not None:
        # A median of a hidden group would tell something about it: shown with its count.
        median = [median[0], *(value if shown[("adults", *c)] is not None else MARKER
                               for value, c in zip(median[1:], columns, strict=True))]
    return header, [*body, median]
