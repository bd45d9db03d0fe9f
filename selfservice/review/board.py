"""The caseload board, as Nynäshamn's Lean boards: each caseworker's clients by category.

Per adult: the category the caseworker assessed last (AM1–AM3, with RH), or "not assessed";
whether the person did a self-rating; and the movements between categories since a chosen
date: the category in force on that date (the latest assessment made on or before it)
against the one in force now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from selfservice import database
from selfservice.records.models import Submission
from selfservice.review.models import CaseworkerRating
from selfservice.review.services import caseworker_terms

CARDS_PER_COLUMN = 50  # the board is for a caseload; the unit's counts stay exact


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


def _in_force(ratings: list[CaseworkerRating], on: date | None) -> CaseworkerRating | None:
    """Return the rating in force on a day (the latest assessed on or before it), or now."""
    ordered = sorted(ratings, key=lambda r: (r.assessed_on or r.created_at.date(),
                                             r.created_at, r.id))
    if on is not None:
        ordered = [r for r in ordered if (r.assessed_on or r.created_at.date()) <= on]
    return ordered[-1] if ordered else None


def caseload_board(*, responsible: int | None, since: date | None) -> Board:
    """Return the board for one caseworker's records (``responsible``) or the whole unit."""
    query = select(Submission).options(selectinload(Submission.people))
    if responsible is not None:
        query = query.where(Submission.responsible_user_id == responsible)
    records = list(database.session().scalars(query))
    ratings: dict[tuple[int, int], list[CaseworkerRating]] = {}
    if records:
        for rating in database.session().scalars(select(CaseworkerRating).where(
                CaseworkerRating.submission_pk.in_([r.id for r in records]))):
            ratings.setdefault((rating.submission_pk, rating.position), []).append(rating)
    codes = [*caseworker_terms().category_codes, None]
    board = Board(columns={code: [] for code in codes}, counts=dict.fromkeys(codes, 0))
    for record in records:
        for person in record.people:
            history = ratings.get((record.id, person.position), [])
            now = _in_force(history, None)
            card = Card(record.reference_code, person.position, person.self_rated_category,
                        now.rehabilitation if now else None)
            column = now.category if now else None
            board.counts[column] = board.counts.get(column, 0) + 1
            if len(board.columns.setdefault(column, [])) < CARDS_PER_COLUMN:
                board.columns[column].append(card)
            if person.self_rated_category is None:
                board.without_self_rating.append(card)
            if since is not None and now is not None:
                before = _in_force(history, since)
                if before is None or before.category != now.category:
                    board.movements.append(Movement(card, before.category if before else None,
                                                    now.category))
    return board
