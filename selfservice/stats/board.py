"""The caseload board, as Nynäshamn's Lean boards: each caseworker's clients by category.

A client is a person (through the pseudonym, across applications), shown with their latest
application. Per person: the caseworker's category in force now (AM1–AM3, with RH), or
"not assessed yet"; whether they did a self-rating in their latest application; and the
movements since a chosen date: the category in force on that date (none: not assessed yet
then) against the one now. Everything is read from the follow-up state the statistics keep
per person, so the unit's board is a few indexed reads, not a pass over every rating.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, or_, select

from selfservice import database
from selfservice.records.models import Submission
from selfservice.stats.models import PersonState, TransitionPair

CARDS_PER_COLUMN = 50  # the board is for a caseload; the counts stay exact
LISTED = 100  # persons listed under "no self-rating" and "movements"; the counts stay exact


@dataclass(frozen=True)
class Card:
    reference: str
    position: int
    self_rated: str | None  # category code the person chose, or None
    rehabilitation: str | None  # the caseworker's RH level


@dataclass(frozen=True)
class Movement:
    card: Card
    before: str | None  # category in force on the chosen date (None: not assessed then)
    now: str


@dataclass
class Board:
    columns: dict[str | None, list[Card]]  # category code (None: not assessed) -> cards
    counts: dict[str | None, int]
    without_self_rating: list[Card] = field(default_factory=list)
    movements: list[Movement] = field(default_factory=list)
    without_self_rating_count: int = 0
    movements_count: int = 0


def _scoped(query, responsible: int | None):
    """Only the persons whose latest application is the caseworker's, if one is named."""
    if responsible is None:
        return query
    return query.where(PersonState.latest_submission_pk.in_(
        select(Submission.id).where(Submission.responsible_user_id == responsible)))


def _cards(rows) -> list[Card]:
    rows = list(rows)
    references = dict(database.session().execute(
        select(Submission.id, Submission.reference_code)
        .where(Submission.id.in_({row.latest_submission_pk for row in rows}))).all())
    return [Card(references.get(row.latest_submission_pk, "?"), row.latest_position or 1,
                 row.self_am_now, row.rh_now) for row in rows]


def caseload_board(*, responsible: int | None, since: date | None,
                   categories: tuple[str, ...], today: date) -> Board:
    """Return the board for one caseworker's clients (``responsible``) or the whole unit."""
    session = database.session()
    person = PersonState
    codes = [*categories, None]
    counts = dict.fromkeys(codes, 0)
    for code, count in session.execute(_scoped(
            select(person.am_now, func.count()).group_by(person.am_now), responsible)):
        counts[code if code in categories else None] += count
    shown = (person.latest_submission_pk, person.latest_position, person.self_am_now,
             person.rh_now)
    board = Board(columns={}, counts=counts)
    for code in codes:
        in_column = person.am_now.is_(None) if code is None else person.am_now == code
        board.columns[code] = _cards(session.execute(_scoped(
            select(*shown).where(in_column).order_by(person.first_submitted_on)
            .limit(CARDS_PER_COLUMN), responsible)))
    unrated = person.self_am_now.is_(None)
    board.without_self_rating_count = session.scalar(
        _scoped(select(func.count()).select_from(person).where(unrated), responsible))
    board.without_self_rating = _cards(session.execute(_scoped(
        select(*shown).where(unrated).order_by(person.first_submitted_on).limit(LISTED),
        responsible)))
    if since is not None and since <= today:
        _movements(board, since, today, responsible)
    return board


def _movements(board: Board, since: date, today: date, responsible: int | None) -> None:
    """Persons whose category in force on ``since`` differs from the one now: the one pair
    of their spans that holds from ``since`` to ``today`` (see TransitionPair)."""
    pair = TransitionPair
    holding = and_(pair.kind == "caseworker",
                   pair.end_from <= today, or_(pair.end_to.is_(None), pair.end_to > today),
                   or_(pair.start_from.is_(None), pair.start_from <= since),
                   or_(pair.start_to.is_(None), pair.start_to > since),
                   or_(pair.first_from > since, pair.am_from != pair.am_to))
    moved = (select(pair.person_key, pair.first_from, pair.am_from, pair.am_to)
             .where(holding))
    if responsible is not None:
        moved = moved.where(pair.person_key.in_(_scoped(select(PersonState.person_key),
                                                        responsible)))
    session = database.session()
    board.movements_count = session.scalar(select(func.count()).select_from(moved.subquery()))
    listed = session.execute(moved.limit(LISTED)).all()
    people = {row.person_key: row for row in session.execute(
        select(PersonState.person_key, PersonState.latest_submission_pk,
               PersonState.latest_position, PersonState.self_am_now, PersonState.rh_now)
        .where(PersonState.person_key.in_([row.person_key for row in listed])))}
    cards = dict(zip(people, _cards(people.values()), strict=True))
    board.movements = [Movement(cards[row.person_key],
                                None if row.first_from > since else row.am_from, row.am_to)
                       for row in listed if row.person_key in cards]
