"""Demo data: synthetic households stored as records, with caseworker ratings.

Each household's answers come from :mod:`selfservice.stats.households` (through the form
engine); :func:`selfservice.records.services.new_record` turns them into a record exactly as
a submission does. About 60 % of the adults then get a caseworker rating from the demo
caseworker, some a second, later one, and about half of those rated twice a follow-up
reading of their own before it, so that the statistics have agreement and transitions of
both kinds to show. Records are sent over the last 18 months.

For 100 000 households the records are built in worker processes (building is most of the
work) and inserted in batches of 1000, one transaction per batch.
"""

from __future__ import annotations

import multiprocessing
import random
import secrets
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import Flask, current_app
from sqlalchemy import insert, select

from selfservice import codes, database, storage
from selfservice.accounts.models import User
from selfservice.config import SETTINGS
from selfservice.current import current_questionnaire, current_self_rating
from selfservice.database import utcnow
from selfservice.questionnaire.vocabulary import CaseworkerTerms
from selfservice.records.models import FollowUpReading, Submission, SubmissionPerson
from selfservice.records.services import new_record
from selfservice.review.models import CaseworkerRating
from selfservice.stats import tallies
from selfservice.stats.households import households

DEMO_USERNAME = "demo-handlaggare"
# Not an argon2 hash, so no password can ever match it (check_password refuses it).
UNUSABLE_HASH = "!demo-account-cannot-sign-in"
BATCH_SIZE = 1000
DAYS_BACK = 548  # about 18 months
JUSTIFICATIONS = ("Bedömningen bygger på samtalet vid nybesöket.",
                  "Personen har nyligen arbetat och är inskriven på Arbetsförmedlingen.",
                  "Behöver stöd med hälsan innan arbete; planeras tillsammans med vården.",
                  "Har goda kunskaper i svenska men saknar aktuell arbetslivserfarenhet.")

Row = dict[str, Any]


@dataclass(frozen=True)
class Progress:
    made: int
    total: int


def demo_user() -> User:
    """Return the demo caseworker, created on first use; nobody can sign in as it."""
    session = database.session()
    user = session.scalars(select(User).where(User.username == DEMO_USERNAME)).first()
    if user is None:
        user = User(username=DEMO_USERNAME, display_name="Demohandläggare",
                    password_hash=UNUSABLE_HASH, role="caseworker", active=True,
                    created_at=utcnow())
        session.add(user)
        session.commit()
    return user


# --- building records (in worker processes for large numbers) -----------------------------

_SUBMISSION_COLUMNS = [c.key for c in Submission.__table__.columns if c.key != "id"]
_PERSON_COLUMNS = [c.key for c in SubmissionPerson.__table__.columns
                   if c.key not in {"id", "submission_pk"}]


def build_records(*, seed: int, count: int, today: date) -> list[tuple[Row, list[Row]]]:
    """Return ``count`` households as rows of a record and its adults (no reference code yet)."""
    questionnaire = current_app.extensions["questionnaire"]
    rng = random.Random(seed)  # noqa: S311 -- reproducible demo data, never a secret
    built = []
    for locale, answers in households(questionnaire, current_app.extensions["self_rating"],
                                      seed=seed, count=count, today=today):
        record = new_record(submission_id=secrets.token_hex(16), reference_code="",
                            questionnaire=questionnaire, locale=locale, answers=answers)
        sent = today - timedelta(days=rng.randint(0, DAYS_BACK))
        row = {column: getattr(record, column) for column in _SUBMISSION_COLUMNS}
        row.update(submitted_on=sent, status=record.status,
                   created_at=datetime.combine(sent, time(rng.randint(7, 22), rng.randint(0, 59))))
        built.append((row, [{column: getattr(person, column) for column in _PERSON_COLUMNS}
                            for person in record.people]))
    return built


_worker: dict[str, Flask] = {}  # in each worker process: its one app, made as it starts


def _start_worker(app_factory: Callable[[dict[str, Any]], Flask],
                  config: dict[str, Any]) -> None:
    _worker["app"] = app_factory(config)


def _build_in_worker(seed: int, count: int, today: date) -> list[tuple[Row, list[Row]]]:
    with _worker["app"].app_context():
        return build_records(seed=seed, count=count, today=today)


def _batches(count: int, batch_size: int, seed: int,
             workers: int, today: date) -> Iterator[list[tuple[Row, list[Row]]]]:
    """Yield built batches in order; worker processes are kept a few batches ahead."""
    jobs = [(seed * 100_003 + index, min(batch_size, count - start))
            for index, start in enumerate(range(0, count, batch_size))]
    if not workers:
        for job_seed, size in jobs:
            yield build_records(seed=job_seed, count=size, today=today)
        return
    config = {setting.name: current_app.config[setting.name] for setting in SETTINGS}
    # The factory this app was made with (create_app) makes each worker's app; it is passed
    # in rather than imported, so that statistics do not depend on the whole application.
    factory = current_app.extensions["app_factory"]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_start_worker, initargs=(factory, config)) as pool:
        pending: deque[Future] = deque()
        for job_seed, size in jobs:
            pending.append(pool.submit(_build_in_worker, job_seed, size, today))
            if len(pending) > workers * 2:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


# --- storing records and ratings ------------------------------------------------------------

def _free_reference_codes(count: int) -> list[str]:
    """Draw reference codes no record has yet (with 100 000 records collisions do happen)."""
    chosen: set[str] = set()
    while len(chosen) < count:
        drawn = {codes.new_reference_code() for _ in range(count - len(chosen))} - chosen
        taken = set(database.session().scalars(
            select(Submission.reference_code).where(Submission.reference_code.in_(drawn))))
        chosen |= drawn - taken
    return sorted(chosen)


def _caseworker_category(categories: tuple[str, ...], self_rated: str | None,
                         rng: random.Random) -> str:
    last = len(categories) - 1
    if self_rated not in categories:
        return categories[min(last, round(rng.triangular(0, last, last / 2)))]
    if rng.random() < 0.6:
        return self_rated
    index = categories.index(self_rated) + rng.choice((-1, 1))
    return categories[max(0, min(last, index))]


def _next_category(categories: tuple[str, ...], category: str, rng: random.Random) -> str:
    step = rng.choices((-1, 0, 1), (50, 30, 20))[0]  # the aim: from AM3 towards AM1
    return categories[max(0, min(len(categories) - 1, categories.index(category) + step))]


def planned_ratings(record: Row, people: list[Row], rng: random.Random,
                    now: datetime, terms: CaseworkerTerms) -> list[Row]:
    """Rate about 60 % of a household's adults, some twice later on; set its status."""
    categories = terms.category_codes
    new, in_review, reviewed = (terms.status_codes[0], terms.status_codes[1],
                                terms.status_codes[-1])
    ratings = []
    sent = datetime.combine(record["submitted_on"], time(9))
    for person in people:
        if rng.random() >= 0.6:
            continue
        first_at = min(now, sent + timedelta(days=rng.randint(1, 30), minutes=rng.randint(0, 480)))
        category = _caseworker_category(categories, person["self_rated_category"], rng)
        rehabilitation = person["self_rated_rehabilitation"] if rng.random() < 0.7 else None
        rating = {"position": person["position"], "category": category,
                  "rehabilitation": rehabilitation, "created_at": first_at,
                  "assessed_on": first_at.date()}
        ratings.append(rating)
        later_at = first_at + timedelta(days=rng.randint(30, 300))
        if later_at < now and rng.random() < 0.35:
            ratings.append({**rating, "category": _next_category(categories, category, rng),
                            "created_at": later_at, "assessed_on": later_at.date()})
    if ratings:
        record["status"] = reviewed if rng.random() < 0.75 else in_review
    else:
        record["status"] = new if rng.random() < 0.8 else in_review
    return ratings


def planned_readings(record: Row, people: list[Row], ratings: list[Row], rng: random.Random,
                     terms: CaseworkerTerms) -> list[Row]:
    """Give about half of the adults rated twice a follow-up reading of their own a few days
    before the later meeting, their own category a step on from the one they chose."""
    readings, categories = [], terms.category_codes
    chosen = {person["position"]: person["self_rated_category"] for person in people}
    firsts: dict[int, Row] = {}
    for rating in ratings:
        first = firsts.setdefault(rating["position"], rating)
        if first is rating or rng.random() >= 0.5:
            continue
        read_at = rating["created_at"] - timedelta(days=rng.randint(0, 14))
        own = chosen.get(rating["position"])
        category = _next_category(categories, own if own in categories else first["category"],
                                  rng)
        readings.append({"position": rating["position"], "category": category,
                         "rehabilitation": None, "locale": record["locale"],
                         "created_at": read_at, "expires_at": read_at, "read_on": read_at.date(),
                         "reading_id": secrets.token_hex(16)})
    return readings


def _reading_answers(reading: Row, rng: random.Random) -> dict[str, Any]:
    """The pages a reading holds, as the follow-up stores them: eight ratings and a choice."""
    rating_page = current_questionnaire().page(current_self_rating().page)
    choice_page, _dot, category = current_app.extensions[
        "record_layout"].person.self_rated_category.partition(".")
    position = reading["position"]
    return {f"{rating_page.id}.{position}": {
                q.id: rng.choice(q.choices).value for q in rating_page.questions if q.choices},
            f"{choice_page}.{position}": {category: reading["category"]}}


def _store(batch: list[tuple[Row, list[Row]]], user: User, rng: random.Random) -> None:
    """Insert one batch of records, their adults and their ratings in one transaction."""
    session = database.session()
    now = utcnow().replace(microsecond=0)
    terms = current_app.extensions["caseworker_terms"]
    plans = [planned_ratings(record, people, rng, now, terms) for record, people in batch]
    for (record, _people), code in zip(batch, _free_reference_codes(len(batch)), strict=True):
        record["reference_code"] = code
    ids = session.scalars(insert(Submission).returning(Submission.id,
                                                       sort_by_parameter_order=True),
                          [record for record, _people in batch]).all()
    session.execute(insert(SubmissionPerson), [
        {**person, "submission_pk": pk} for pk, (_record, people) in zip(ids, batch, strict=True)
        for person in people])
    ratings = [{**rating, "submission_pk": pk, "user_id": user.id,
                "justification": storage.seal(
                    storage.JUSTIFICATION,
                    storage.justification_row(pk, rating["position"], rating["created_at"]),
                    rng.choice(JUSTIFICATIONS))}
               for pk, plan in zip(ids, plans, strict=True) for rating in plan]
    if ratings:
        session.execute(insert(CaseworkerRating), ratings)
    readings = [{**reading, "submission_pk": pk, "issued_by": user.id,
                 "answers": storage.seal(storage.READING_ANSWERS, reading["reading_id"],
                                         _reading_answers(reading, rng))}
                for pk, (record, people), plan in zip(ids, batch, plans, strict=True)
                for reading in planned_readings(record, people, plan, rng, terms)]
    if readings:
        session.execute(insert(FollowUpReading), readings)
    tallies.refresh(session.connection(), (
        tallies.person_key(person["pseudonym"], pk, person["position"])
        for pk, (_record, people) in zip(ids, batch, strict=True) for person in people))
    session.commit()


def create_households(count: int, *, seed: int = 1, batch_size: int = BATCH_SIZE,
                      workers: int = 0) -> Iterator[Progress]:
    """Add ``count`` synthetic households with ratings, one transaction per batch.

    ``workers`` > 0 builds the records in that many worker processes.
    """
    user = demo_user()
    rng = random.Random(seed)  # noqa: S311 -- reproducible demo data, never a secret
    made = 0
    for batch in _batches(count, batch_size, seed, workers, utcnow().date()):
        _store(batch, user, rng)
        made += len(batch)
        yield Progress(made, count)
