"""Keeps each person's follow-up state (:mod:`selfservice.stats.models`) true.

Every write that changes what the follow-up counts — a record sent, a rating saved, a
follow-up reading finished, a record purged, a pseudonym re-keyed — recomputes the state of
the persons it touches, in the same transaction: ORM writes through a flush hook on the app's
sessions, bulk writes (purge, demo data, key rotation) by calling :func:`refresh` or
:func:`rebuild`. Each person's row is locked first, so two ratings of one person landing at
once take turns instead of one overwriting the other with what it read before the other was
committed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import chain, islice
from typing import Any

from flask import Flask
from sqlalchemy import Connection, bindparam, delete, event, insert, inspect, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from selfservice.records.models import FollowUpReading, Submission, SubmissionPerson
from selfservice.review.models import CaseworkerRating
from selfservice.stats.models import AssessmentSpan, PersonState, RatingState, TransitionPair
from selfservice.stats.timeline import rating_states, transition_pairs

CASEWORKER, SELF = "caseworker", "self"
CHUNK = 500
HOUSEHOLDS = ("alone", "alone_children", "couple", "couple_children")
DERIVED = (AssessmentSpan, TransitionPair, RatingState)  # rows per person, rebuilt whole


def person_key(pseudonym: str | None, submission_pk: int, position: int) -> str:
    """The person an adult of a record is: their pseudonym, or this record's adult alone."""
    return pseudonym or f"r{submission_pk}.{position}"


def household_type(adults: int | None, children: int | None) -> str:
    return HOUSEHOLDS[(2 if (adults or 1) > 1 else 0) + (1 if children else 0)]


def _chunks(keys: Iterable[str]) -> Iterator[list[str]]:
    ordered = iter(sorted(set(keys)))  # one order everywhere: no two writers deadlock
    while chunk := list(islice(ordered, CHUNK)):
        yield chunk


def refresh(connection: Connection, keys: Iterable[str]) -> None:
    """Recompute these persons' state from their records and ratings, in this transaction."""
    for chunk in _chunks(keys):
        _refresh_chunk(connection, chunk)


def rebuild(connection: Connection) -> int:
    """Recompute every person's state from scratch; return how many persons there are."""
    for model in DERIVED:
        connection.execute(delete(model))
    connection.execute(delete(PersonState))
    rows = connection.execute(select(SubmissionPerson.pseudonym, SubmissionPerson.submission_pk,
                                     SubmissionPerson.position))
    keys = {person_key(*row) for row in rows}
    refresh(connection, keys)
    return len(keys)


def _lock(connection: Connection, keys: list[str]) -> None:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    connection.execute(dialect.insert(PersonState).on_conflict_do_nothing(),
                       [{"person_key": key} for key in keys])
    connection.execute(select(PersonState.person_key).where(PersonState.person_key.in_(keys))
                       .order_by(PersonState.person_key).with_for_update())


def _adults_of(connection: Connection, keys: list[str]) -> dict[str, list[Any]]:
    pseudonyms = [key for key in keys if not key.startswith("r")]
    alone = [tuple(int(part) for part in key[1:].split(".")) for key in keys
             if key.startswith("r")]
    query = (select(SubmissionPerson.pseudonym, SubmissionPerson.submission_pk,
                    SubmissionPerson.position, SubmissionPerson.gender,
                    SubmissionPerson.age_band, SubmissionPerson.self_rated_category,
                    SubmissionPerson.self_rated_rehabilitation, Submission.submitted_on,
                    Submission.created_at, Submission.locale, Submission.interpreter_needed,
                    Submission.adult_count, Submission.child_count)
             .join(Submission, Submission.id == SubmissionPerson.submission_pk))
    found: dict[str, list[Any]] = defaultdict(list)
    wanted = []
    if pseudonyms:
        wanted.append(query.where(SubmissionPerson.pseudonym.in_(pseudonyms)))
    if alone:
        wanted.append(query.where(SubmissionPerson.pseudonym.is_(None), tuple_(
            SubmissionPerson.submission_pk, SubmissionPerson.position).in_(alone)))
    for row in chain.from_iterable(connection.execute(q) for q in wanted):
        found[person_key(row.pseudonym, row.submission_pk, row.position)].append(row)
    return found


def _rows_of(connection: Connection, adults: dict[str, list[Any]], model: Any,
             *conditions: Any) -> dict[str, list[Any]]:
    """The caseworker ratings or follow-up readings of these persons' adults, by person."""
    owner = {(row.submission_pk, row.position): key
             for key, rows in adults.items() for row in rows}
    found: dict[str, list[Any]] = defaultdict(list)
    refs = list(owner)
    day = model.assessed_on if model is CaseworkerRating else model.read_on
    for start in range(0, len(refs), CHUNK):
        for row in connection.execute(
                select(model.submission_pk, model.position, day.label("day"),
                       model.created_at, model.id, model.category, model.rehabilitation)
                .where(tuple_(model.submission_pk, model.position)
                       .in_(refs[start:start + CHUNK]), *conditions)):
            found[owner[(row.submission_pk, row.position)]].append(row)
    return found


def _spans(key: str, kind: str, dated: list[tuple[date, tuple, str | None, str | None]],
           ) -> list[dict[str, Any]]:
    """Spans from (day, order, category, rehabilitation): the last one of a day counts."""
    by_day: dict[date, tuple] = {}
    for day, _order, category, rehabilitation in sorted(dated, key=lambda d: (d[0], d[1])):
        by_day[day] = (category, rehabilitation)
    days = sorted(by_day)
    return [{"person_key": key, "kind": kind, "number": number, "valid_from": day,
             "valid_to": days[number] if number < len(days) else None,
             "category": by_day[day][0], "rehabilitation": by_day[day][1]}
            for number, day in enumerate(days, start=1)]


def _refresh_chunk(connection: Connection, keys: list[str]) -> None:
    _lock(connection, keys)
    adults = _adults_of(connection, keys)
    ratings = _rows_of(connection, adults, CaseworkerRating)
    readings = _rows_of(connection, adults, FollowUpReading, FollowUpReading.read_on.is_not(None))
    for model in DERIVED:
        connection.execute(delete(model).where(model.person_key.in_(keys)))
    gone = [key for key in keys if key not in adults]
    if gone:
        connection.execute(delete(PersonState).where(PersonState.person_key.in_(gone)))
    states, spans, pairs, stretches = [], [], [], []
    for key, rows in adults.items():
        latest = max(rows, key=lambda r: (r.submitted_on or r.created_at.date(), r.created_at,
                                          r.submission_pk))
        cases = _spans(key, CASEWORKER, [
            (r.day or r.created_at.date(), (r.created_at, r.id), r.category,
             r.rehabilitation) for r in ratings.get(key, ())])
        sent = [r.submitted_on or r.created_at.date() for r in rows]
        # The person's own ratings: each application from the day it was sent, and each
        # follow-up reading from the day it was finished (of one day, the later one counts).
        own = _spans(key, SELF, [
            (day, (r.created_at, 0, r.submission_pk), r.self_rated_category,
             r.self_rated_rehabilitation) for day, r in zip(sent, rows, strict=True)] + [
            (r.day, (r.created_at, 1, r.id), r.category, r.rehabilitation)
            for r in readings.get(key, ())])
        spans += cases + own
        groups = {"gender": latest.gender, "age_band": latest.age_band,
                  "locale": latest.locale, "interpreter": latest.interpreter_needed,
                  "household": household_type(latest.adult_count, latest.child_count)}
        caseworker_pairs = transition_pairs(key, cases, groups)
        pairs += caseworker_pairs + transition_pairs(
            key, own, groups, kind=SELF, first_number=len(caseworker_pairs) + 1)
        stretches += rating_states(key, own, cases, groups, applied=sent)
        first_sent = min(sent)
        first_assessed = cases[0]["valid_from"] if cases else None
        states.append({"key": key, **groups,
                       "latest_submission_pk": latest.submission_pk,
                       "latest_position": latest.position,
                       "self_am_now": own[-1]["category"],
                       "am_now": cases[-1]["category"] if cases else None,
                       "rh_now": cases[-1]["rehabilitation"] if cases else None,
                       "applications": len({r.submission_pk for r in rows}),
                       "first_submitted_on": first_sent, "first_assessed_on": first_assessed,
                       "days_to_assessment": (first_assessed - first_sent).days
                       if first_assessed else None})
    if states:
        connection.execute(
            PersonState.__table__.update().where(PersonState.person_key == bindparam("key")),
            states)
    for model, rows in ((AssessmentSpan, spans), (TransitionPair, pairs),
                        (RatingState, stretches)):
        if rows:
            connection.execute(insert(model), rows)


def _touched_by(session: Session, _context: Any) -> None:
    """After each flush: refresh the persons whose adults or ratings it wrote or removed."""
    keys: set[str] = set()
    refs: set[tuple[int, int]] = set()
    for item in chain(session.new, session.dirty, session.deleted):
        if isinstance(item, SubmissionPerson):
            keys.add(person_key(item.pseudonym, item.submission_pk, item.position))
            for old in inspect(item).attrs.pseudonym.history.deleted:
                keys.add(person_key(old, item.submission_pk, item.position))
        elif isinstance(item, CaseworkerRating | FollowUpReading):
            refs.add((item.submission_pk, item.position))
    connection = session.connection()
    if refs:
        ref_list = list(refs)
        for start in range(0, len(ref_list), CHUNK):
            keys.update(person_key(*row) for row in connection.execute(
                select(SubmissionPerson.pseudonym, SubmissionPerson.submission_pk,
                       SubmissionPerson.position)
                .where(tuple_(SubmissionPerson.submission_pk, SubmissionPerson.position)
                       .in_(ref_list[start:start + CHUNK]))))
    if keys:
        refresh(connection, keys)


def init_app(app: Flask) -> None:
    event.listen(app.extensions["db_sessionmaker"], "after_flush", _touched_by)
