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

from selfservice import database
from selfservice.records.models import Submission, SubmissionPerson
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
    without_self_rating_count: int = 0
    movements_count: int = 0


LISTED = 100  # names listed under "no self-rating" and "movements"; the counts stay exact


def caseload_board(*, responsible: int | None, since: date | None) -> Board:
    """Return the board for one caseworker's records (``responsible``) or the whole unit.

    Reads only the columns it shows (never the sealed answers or justifications) and keeps,
    per adult, only the rating in force now and on the chosen date (the latest assessed on
    or before it), so the unit's board stays as quick as a pass over its adults can be.
    """
    session = database.session()
    people = select(Submission.id, Submission.reference_code, SubmissionPerson.position,
                    SubmissionPerson.self_rated_category).join(SubmissionPerson)
    ratings_query = select(CaseworkerRating.submission_pk, CaseworkerRating.position,
                           CaseworkerRating.assessed_on, CaseworkerRating.created_at,
                           CaseworkerRating.id, CaseworkerRating.category,
                           CaseworkerRating.rehabilitation)
    if responsible is not None:
        people = people.where(Submission.responsible_user_id == responsible)
        ratings_query = ratings_query.join(
            Submission, Submission.id == CaseworkerRating.submission_pk).where(
            Submission.responsible_user_id == responsible)
    now: dict[tuple[int, int], tuple] = {}
    then: dict[tuple[int, int], tuple] = {}
    for pk, position, assessed_on, created_at, rating_id, category, rehab in \
            session.execute(ratings_query):
        rating = (assessed_on or created_at.date(), created_at, rating_id, category, rehab)
        key = (pk, position)
        if key not in now or rating > now[key]:
            now[key] = rating
        if since is not None and rating[0] <= since and (key not in then or rating > then[key]):
            then[key] = rating
    codes = [*caseworker_terms().category_codes, None]
    board = Board(columns={code: [] for code in codes}, counts=dict.fromkeys(codes, 0))
    for pk, reference, position, self_rated in session.execute(
            people.order_by(Submission.created_at, SubmissionPerson.position)):
        current = now.get((pk, position))
        column = current[3] if current else None
        board.counts[column] = board.counts.get(column, 0) + 1
        listed = board.columns.setdefault(column, [])
        card = None
        if len(listed) < CARDS_PER_COLUMN:
            card = Card(reference, position, self_rated, current[4] if current else None)
            listed.append(card)
        if self_rated is None:
            board.without_self_rating_count += 1
            if len(board.without_self_rating) < LISTED:
                card = card or Card(reference, position, self_rated,
                                    current[4] if current else None)
                board.without_self_rating.append(card)
        if since is not None and current is not None:
            before = then.get((pk, position))
            if before is None or before[3] != current[3]:
                board.movements_count += 1
                if len(board.movements) < LISTED:
                    card = card or Card(reference, position, self_rated, current[4])
                    board.movements.append(Movement(card, before[3] if before else None,
                                                    current[3]))
    return board
