"""A person's journey on one screen: their own categories and the caseworker's over time.

For one adult of a record: the category they chose on each application of theirs (linked by
pseudonym; one without an identity number has only this application), on each follow-up
reading, and each caseworker assessment by its meeting date. The chart is drawn on the server
as SVG (no script); the page also gives the same points as a table, which is what screen
readers and print read. Of several assessments from one source on one day the last counts,
as in the follow-up statistics.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select

from selfservice import database
from selfservice.current import current_questionnaire
from selfservice.i18n import N_
from selfservice.questionnaire.engine import Answers, Step
from selfservice.questionnaire.goals import goal_questions, goals_of, goals_page
from selfservice.questionnaire.model import Page
from selfservice.records import readings
from selfservice.records import services as records
from selfservice.records.models import Submission, SubmissionPerson
from selfservice.review.models import CaseworkerRating
from selfservice.review.services import caseworker_terms

SELF, CASEWORKER = "self", "caseworker"
APPLICATION = N_("Självskattning i ansökan")
READING = N_("Självskattning vid uppföljning")
ASSESSMENT = N_("Handläggarens bedömning")
# The drawing's size in SVG units; it scales to the width of the page.
WIDTH, HEIGHT = 760, 270
LEFT, RIGHT, TOP, BOTTOM = 120, 56, 34, 56
INSET = 24  # keeps the first and last points, and their dates, off the plot's edges
MOST_DATE_LABELS = 6


@dataclass(frozen=True)
class JourneyPoint:
    day: date
    kind: str  # SELF or CASEWORKER
    source: str  # a msgid: application, reading or assessment
    category: str | None  # a category code; None: the person chose none
    x: float = 0.0
    y: float | None = None  # None: not drawn (no category)


@dataclass(frozen=True)
class RulerRow:
    """Where the person put their goals on the rulers on one day: in an application or a
    follow-up reading."""

    day: date
    source: str  # a msgid: application or reading
    numbers: tuple[tuple[int | None, int | None], ...]  # per goal: (importance, confidence)


@dataclass(frozen=True)
class Journey:
    """One adult's points in time order, placed on the chart, with its axes, and their
    goals' rulers over time."""

    position: int
    points: list[JourneyPoint]
    rows: list[tuple[str, float]]  # (category label msgid, y), nearest work at the top
    ticks: list[tuple[str, float]]  # (ISO date, x)
    rulers: list[RulerRow] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def goal_numbers(self) -> list[int]:
        """The goals (1, 2, 3) that have a number on a ruler in some row."""
        count = max((len(row.numbers) for row in self.rulers), default=0)
        return [index + 1 for index in range(count)
                if any(row.numbers[index] != (None, None) for row in self.rulers)]

    def line(self, kind: str) -> str:
        """The SVG ``points`` of one kind's line through its drawn points."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points
                        if p.kind == kind and p.y is not None)

    @property
    def plot(self) -> tuple[int, int, int, int]:
        """The plot area: left, top, right, bottom."""
        return LEFT, TOP, self.width - RIGHT, self.height - BOTTOM


def _same_person(record: Submission, person: SubmissionPerson) -> list[tuple[int, int]]:
    if person.pseudonym is None:
        return [(record.id, person.position)]
    return [tuple(row) for row in database.session().execute(
        select(SubmissionPerson.submission_pk, SubmissionPerson.position)
        .where(SubmissionPerson.pseudonym == person.pseudonym))]


def _last_of_each_day(points: list[tuple[date, object, JourneyPoint]]) -> list[JourneyPoint]:
    """Keep the last point of each day and source; an application and a reading of one day
    are both shown (the statistics count the later one)."""
    kept: dict[tuple[date, str], JourneyPoint] = {}
    for day, _order, point in sorted(points, key=lambda item: (item[0], item[1])):
        kept[(day, point.source)] = point
    return list(kept.values())


def _points(adults: list[tuple[int, int]]) -> list[JourneyPoint]:
    session = database.session()
    found: list[tuple[date, object, JourneyPoint]] = []
    pks = {pk for pk, _ in adults}
    for row in session.execute(
            select(Submission.submitted_on, Submission.created_at, SubmissionPerson.position,
                   Submission.id, SubmissionPerson.self_rated_category)
            .join(SubmissionPerson, SubmissionPerson.submission_pk == Submission.id)
            .where(Submission.id.in_(pks))):
        if (row.id, row.position) in adults:
            day = row.submitted_on or row.created_at.date()
            found.append((day, (row.created_at, 0, row.id),
                          JourneyPoint(day, SELF, APPLICATION, row.self_rated_category)))
    for reading in readings.readings_of(adults):
        found.append((reading.read_on, (reading.created_at, 1, reading.id),
                      JourneyPoint(reading.read_on, SELF, READING, reading.category)))
    for rating in session.scalars(select(CaseworkerRating)
                                  .where(CaseworkerRating.submission_pk.in_(pks))):
        if (rating.submission_pk, rating.position) in adults:
            day = rating.assessed_on or rating.created_at.date()
            found.append((day, (rating.created_at, 0, rating.id),
                          JourneyPoint(day, CASEWORKER, ASSESSMENT, rating.category)))
    return _last_of_each_day(found)


def _placed(points: list[JourneyPoint], position: int) -> Journey:
    left, top, right, bottom = LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM
    categories = caseworker_terms().categories
    step = (bottom - top) / max(len(categories) - 1, 1)
    row_y = {c.value: top + i * step for i, c in enumerate(categories)}
    days = sorted({p.day for p in points})
    span = (days[-1] - days[0]).days if days else 0

    def x_of(day: date) -> float:
        if not span:
            return (left + right) / 2
        return left + INSET + (right - left - 2 * INSET) * (day - days[0]).days / span

    placed = [JourneyPoint(p.day, p.kind, p.source, p.category, x_of(p.day),
                           row_y.get(p.category or "")) for p in points]
    shown = days if len(days) <= MOST_DATE_LABELS else [
        days[round(i * (len(days) - 1) / (MOST_DATE_LABELS - 1))]
        for i in range(MOST_DATE_LABELS)]
    return Journey(position=position, points=placed,
                   rows=[(c.label, row_y[c.value]) for c in categories],
                   ticks=[(day.isoformat(), x_of(day)) for day in sorted(set(shown))])


def _ruler_row(day: date, source: str, page: Page, step: Step,
               answers: Answers) -> RulerRow | None:
    by_goal = {goal.question.id: goal.rulers for goal in goals_of(step, answers)}
    numbers = tuple((by_goal.get(q.id, {}).get("importance"),
                     by_goal.get(q.id, {}).get("confidence"))
                    for q in goal_questions(page))
    return RulerRow(day, source, numbers) if any(n != (None, None) for n in numbers) else None


def _rulers(adults: list[tuple[int, int]]) -> list[RulerRow]:
    """The goals' rulers of each application of the person and each reading, by day."""
    page = goals_page(current_questionnaire())
    if page is None:
        return []
    rows = []
    for pk, position in adults:
        record = database.session().get(Submission, pk)
        if record is not None and record.answers is not None:
            rows.append(_ruler_row(record.submitted_on or record.created_at.date(),
                                   APPLICATION, page, Step(page, position),
                                   records.non_identifying_answers(record)))
    for reading in readings.readings_of(adults):
        rows.append(_ruler_row(reading.read_on, READING, page, Step(page, reading.position),
                               readings.answers_of(reading)))
    return sorted((row for row in rows if row is not None), key=lambda row: row.day)


def journeys(record: Submission) -> dict[int, Journey]:
    """Each adult's journey, by position."""
    found = {}
    for person in record.people:
        adults = _same_person(record, person)
        journey = _placed(_points(adults), person.position)
        found[person.position] = replace(journey, rulers=_rulers(adults))
    return found
