"""A person's journey on one screen: their own categories and the caseworker's over time.

For one adult of a record: the category they chose on each application of theirs (linked by
pseudonym; one without an identity number has only this application), on each follow-up
reading, and each caseworker assessment by its meeting date. The chart is drawn on the server
as SVG (no script); the page also gives the same points as a table, which is what screen
readers and print read. Of several assessments from one source on one day the last counts,
as in the follow-up statistics. Each goal the person rated gets a chart of its own: its
importance and confidence (0–10) on each day they were given, and the table beneath says
where the person reworded the goal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select

from selfservice import database
from selfservice.current import current_questionnaire
from selfservice.i18n import N_
from selfservice.questionnaire.engine import Answers, Step
from selfservice.questionnaire.goals import RULER_MARKS, goal_questions, goals_of, goals_page
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
RULER_HEIGHT = 210  # a goal's chart: the rulers' 0–10 upwards
RULER_TOP = 10
RULER_LEVELS = (0, 5, 10)


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
    # Per goal, the words as written that day when they differ from the row before (a goal
    # reworded at a follow-up); None: as before. Masked as the record's free text is.
    reworded: tuple[tuple[str, str | None] | None, ...] = ()  # (words, written in)


@dataclass(frozen=True)
class RulerChart:
    """One goal's importance and confidence (0–10) over time, placed on a chart."""

    goal: int  # 1, 2, 3
    points: dict[str, list[tuple[float, float]]]  # ruler mark -> (x, y) in day order
    levels: list[tuple[int, float]]  # (number on the ruler, y)
    ticks: list[tuple[str, float]]  # (ISO date, x)
    width: int = WIDTH
    height: int = RULER_HEIGHT

    def line(self, mark: str) -> str:
        """The SVG ``points`` of one ruler's line."""
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points.get(mark, []))

    @property
    def plot(self) -> tuple[int, int, int, int]:
        return LEFT, TOP, self.width - RIGHT, self.height - BOTTOM


@dataclass(frozen=True)
class Journey:
    """One adult's points in time order, placed on the chart, with its axes, and their
    goals' rulers over time."""

    position: int
    points: list[JourneyPoint]
    rows: list[tuple[str, float]]  # (category label msgid, y), nearest work at the top
    ticks: list[tuple[str, float]]  # (ISO date, x)
    rulers: list[RulerRow] = field(default_factory=list)
    ruler_charts: list[RulerChart] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def goal_numbers(self) -> list[int]:
        """The goals (1, 2, 3) that have a number on a ruler in some row."""
        return _goal_numbers(self.rulers)

    def line(self, kind: str) -> str:
        """The SVG ``points`` of one kind's line through its drawn points."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points
                        if p.kind == kind and p.y is not None)

    @property
    def plot(self) -> tuple[int, int, int, int]:
        """The plot area: left, top, right, bottom."""
        return LEFT, TOP, self.width - RIGHT, self.height - BOTTOM


def _goal_numbers(rows: list[RulerRow]) -> list[int]:
    count = max((len(row.numbers) for row in rows), default=0)
    return [index + 1 for index in range(count)
            if any(row.numbers[index] != (None, None) for row in rows)]


def _time_axis(days: list[date], left: float, right: float
               ) -> tuple[Callable[[date], float], list[tuple[str, float]]]:
    """Place days on the x axis (one day: in the middle) and choose the dates to label."""
    days = sorted(set(days))
    span = (days[-1] - days[0]).days if days else 0

    def x_of(day: date) -> float:
        if not span:
            return (left + right) / 2
        return left + INSET + (right - left - 2 * INSET) * (day - days[0]).days / span

    shown = days if len(days) <= MOST_DATE_LABELS else [
        days[round(i * (len(days) - 1) / (MOST_DATE_LABELS - 1))]
        for i in range(MOST_DATE_LABELS)]
    return x_of, [(day.isoformat(), x_of(day)) for day in sorted(set(shown))]


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
    top, bottom = TOP, HEIGHT - BOTTOM
    categories = caseworker_terms().categories
    step = (bottom - top) / max(len(categories) - 1, 1)
    row_y = {c.value: top + i * step for i, c in enumerate(categories)}
    x_of, ticks = _time_axis([p.day for p in points], LEFT, WIDTH - RIGHT)
    placed = [JourneyPoint(p.day, p.kind, p.source, p.category, x_of(p.day),
                           row_y.get(p.category or "")) for p in points]
    return Journey(position=position, points=placed,
                   rows=[(c.label, row_y[c.value]) for c in categories], ticks=ticks)


def _ruler_charts(rows: list[RulerRow]) -> list[RulerChart]:
    """A chart per goal with a number on a ruler: its importance and confidence by day."""
    top, bottom = TOP, RULER_HEIGHT - BOTTOM
    x_of, ticks = _time_axis([row.day for row in rows], LEFT, WIDTH - RIGHT)

    def y_of(number: int) -> float:
        return bottom - (bottom - top) * number / RULER_TOP

    charts = []
    for goal in _goal_numbers(rows):
        points: dict[str, list[tuple[float, float]]] = {mark: [] for mark in RULER_MARKS}
        for row in rows:
            for mark, number in zip(RULER_MARKS, row.numbers[goal - 1], strict=True):
                if number is not None:
                    points[mark].append((x_of(row.day), y_of(number)))
        charts.append(RulerChart(goal=goal, points=points, ticks=ticks,
                                 levels=[(n, y_of(n)) for n in RULER_LEVELS]))
    return charts


def _ruler_row(day: date, source: str, page: Page, step: Step,
               answers: Answers) -> RulerRow | None:
    by_goal = {goal.question.id: goal for goal in goals_of(step, answers)}
    goals = [by_goal.get(q.id) for q in goal_questions(page)]
    numbers = tuple((goal.rulers.get("importance"), goal.rulers.get("confidence"))
                    if goal else (None, None) for goal in goals)
    if all(n == (None, None) for n in numbers):
        return None
    return RulerRow(day, source, numbers,
                    tuple((goal.text, goal.written_in) if goal else None for goal in goals))


def _with_rewording(rows: list[RulerRow]) -> list[RulerRow]:
    """Keep a goal's words on a row only where they differ from the row before."""
    kept, before = [], {}
    for row in rows:
        kept.append(replace(row, reworded=tuple(
            written if written and before.get(i, written)[0] != written[0] else None
            for i, written in enumerate(row.reworded))))
        before.update({i: written for i, written in enumerate(row.reworded) if written})
    return kept


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
        record = database.session().get(Submission, reading.submission_pk)
        rows.append(_ruler_row(reading.read_on, READING, page, Step(page, reading.position),
                               records.masked_like_record(record, readings.answers_of(reading))))
    return _with_rewording(sorted((row for row in rows if row is not None),
                                  key=lambda row: row.day))


def journeys(record: Submission) -> dict[int, Journey]:
    """Each adult's journey, by position."""
    found = {}
    for person in record.people:
        adults = _same_person(record, person)
        rulers = _rulers(adults)
        found[person.position] = replace(_placed(_points(adults), person.position),
                                         rulers=rulers, ruler_charts=_ruler_charts(rulers))
    return found
