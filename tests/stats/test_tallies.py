"""The follow-up state per person is kept in the same transaction as every write, and what is
kept equals a recount from scratch after any mix of records, ratings, re-keying and purges."""

from __future__ import annotations

import random
import secrets
from datetime import date, datetime, time, timedelta

from flask import Flask
from sqlalchemy import select

from selfservice import database
from selfservice.accounts.models import User
from selfservice.codes import new_reference_code
from selfservice.operations.retention import purge
from selfservice.records.models import FollowUpReading, Submission, SubmissionPerson
from selfservice.review import services as review
from selfservice.stats import tallies
from selfservice.stats.models import AssessmentSpan, PersonState, RatingState, TransitionPair

CATEGORIES = ("am1", "am2", "am3")


def all_rows(model) -> list[tuple]:
    table = model.__table__
    return [tuple(row) for row in database.session().execute(
        table.select().order_by(*table.primary_key.columns))]


def kept_state() -> tuple[list, ...]:
    session = database.session()
    people = [tuple(row) for row in session.execute(select(
        PersonState.person_key, PersonState.gender, PersonState.age_band, PersonState.locale,
        PersonState.interpreter, PersonState.household, PersonState.applications,
        PersonState.first_submitted_on, PersonState.first_assessed_on,
        PersonState.days_to_assessment)
        .order_by(PersonState.person_key))]
    spans = [tuple(row) for row in session.execute(select(
        AssessmentSpan.person_key, AssessmentSpan.kind, AssessmentSpan.number,
        AssessmentSpan.valid_from, AssessmentSpan.valid_to, AssessmentSpan.category,
        AssessmentSpan.rehabilitation).order_by(AssessmentSpan.person_key, AssessmentSpan.kind,
                                                AssessmentSpan.number))]
    return people, spans, all_rows(TransitionPair), all_rows(RatingState), \
        all_rows(PersonState)


def add_record(*, sent: date, adults: list[tuple[str | None, str | None]],
               children: int = 0, locale: str = "sv") -> Submission:
    """A record sent on ``sent`` with adults given as (pseudonym, self-rated category)."""
    session = database.session()
    record = Submission(submission_id=secrets.token_hex(16), reference_code=new_reference_code(),
                        questionnaire="instrument_x_part1", locale=locale, answers=b"-",
                        created_at=datetime.combine(sent, time(10)), submitted_on=sent,
                        adult_count=len(adults), child_count=children, interpreter_needed=False)
    for position, (pseudonym, category) in enumerate(adults, start=1):
        record.people.append(SubmissionPerson(position=position, pseudonym=pseudonym,
                                              self_rated_category=category, gender="woman",
                                              age_band="30-39"))
    session.add(record)
    session.commit()
    return record


def add_reading(record: Submission, *, day: date | None, category: str | None,
                position: int = 1) -> FollowUpReading:
    """A follow-up reading of a record's adult, finished on ``day`` (None: still open)."""
    session = database.session()
    moment = datetime.combine(day or date(2025, 1, 1), time(11))
    reading = FollowUpReading(reading_id=secrets.token_hex(16), submission_pk=record.id,
                              position=position, locale="fi", answers=b"-", created_at=moment,
                              expires_at=moment + timedelta(days=14), read_on=day,
                              category=category)
    session.add(reading)
    session.commit()
    return reading


def caseworker(session) -> User:
    user = User(username="hanna", display_name="Hanna", password_hash="!", role="caseworker")
    session.add(user)
    session.commit()
    return user


def test_a_person_who_applies_twice_is_one_person_with_a_history(any_db_app: Flask):
    with any_db_app.app_context():
        session = database.session()
        user = caseworker(session)
        first = add_record(sent=date(2024, 3, 1), adults=[("p" * 64, "am3"), (None, "am2")])
        review.add_rating(record=first, position=1, category="am3", rehabilitation="rh2",
                          justification="-", user=user, assessed_on=date(2024, 3, 20))
        again = add_record(sent=date(2025, 2, 1), adults=[("p" * 64, "am2")], children=2)
        review.add_rating(record=again, position=1, category="am2", rehabilitation=None,
                          justification="-", user=user, assessed_on=date(2025, 2, 10))
        # Two ratings on one day: the later one counts.
        review.add_rating(record=again, position=1, category="am1", rehabilitation=None,
                          justification="-", user=user, assessed_on=date(2025, 2, 10))
        people, spans, *_derived = kept_state()
        assert ("p" * 64, "woman", "30-39", "sv", False, "alone_children", 2,
                date(2024, 3, 1), date(2024, 3, 20), 19) in people
        alone = f"r{first.id}.2"
        assert [p[0] for p in people] == sorted(["p" * 64, alone])
        person = database.session().get(PersonState, "p" * 64)
        assert (person.latest_submission_pk, person.latest_position, person.self_am_now,
                person.am_now, person.rh_now) == (again.id, 1, "am2", "am1", None)
        assert [s for s in spans if s[0] == "p" * 64 and s[1] == "caseworker"] == [
            ("p" * 64, "caseworker", 1, date(2024, 3, 20), date(2025, 2, 10), "am3", "rh2"),
            ("p" * 64, "caseworker", 2, date(2025, 2, 10), None, "am1", None)]
        assert [s for s in spans if s[0] == "p" * 64 and s[1] == "self"] == [
            ("p" * 64, "self", 1, date(2024, 3, 1), date(2025, 2, 1), "am3", None),
            ("p" * 64, "self", 2, date(2025, 2, 1), None, "am2", None)]


def test_the_kept_state_equals_a_rebuild_after_a_random_mix_of_writes(any_db_app: Flask):
    rng = random.Random(16)
    with any_db_app.app_context():
        session = database.session()
        user = caseworker(session)
        pseudonyms = [f"{n:064x}" for n in range(12)]
        today = date.today()
        records: list[Submission] = []
        for _ in range(120):
            action = rng.random()
            if action < 0.45 or not records:
                sent = today - timedelta(days=rng.randint(0, 500))  # a third purged
                adults = [(rng.choice([*pseudonyms, None]), rng.choice([*CATEGORIES, None]))
                          for _ in range(rng.choice((1, 2)))]
                if len(adults) == 2 and adults[0][0] and adults[0][0] == adults[1][0]:
                    adults.pop()
                records.append(add_record(sent=sent, adults=adults,
                                          children=rng.randint(0, 2),
                                          locale=rng.choice(("sv", "ar", "fi"))))
            elif action < 0.85:
                record = rng.choice(records)
                review.add_rating(
                    record=record, position=rng.randint(1, record.adult_count),
                    category=rng.choice(CATEGORIES),
                    rehabilitation=rng.choice(("rh1", "rh2", "rh3", None)), justification="-",
                    user=user, assessed_on=record.submitted_on + timedelta(
                        days=rng.randint(0, 400)))
            elif action < 0.92:
                record = records.pop(rng.randrange(len(records)))
                session.delete(record)
                session.commit()
            else:
                person = rng.choice(rng.choice(records).people)
                person.pseudonym = rng.choice([*pseudonyms, None])  # re-keyed
                session.commit()
        for write in ("records and ratings", "purge"):
            if write == "purge":
                purge(now=datetime.combine(today, time(12)))
            kept = kept_state()
            assert all(kept), write
            tallies.rebuild(session.connection())
            session.commit()
            assert kept_state() == kept, write


def test_two_ratings_of_one_person_landing_at_once_both_count(any_db_app: Flask):
    """The second writer waits for the first one's lock on the person, then counts from what
    the first one committed; it never overwrites the state with what it read before."""
    import threading

    from selfservice.review.models import CaseworkerRating

    with any_db_app.app_context():
        session = database.session()
        user_id = caseworker(session).id
        first = add_record(sent=date(2025, 1, 10), adults=[("e" * 64, "am3")])
        second = add_record(sent=date(2025, 6, 1), adults=[("e" * 64, "am2")])
        records = {"first": first.id, "second": second.id}
    flushed, problems = threading.Event(), []

    def rate(which: str, day: date, hold: bool) -> None:
        try:
            with any_db_app.app_context():
                session = database.session()
                session.add(CaseworkerRating(
                    submission_pk=records[which], position=1, category="am2",
                    justification=b"-", user_id=user_id, assessed_on=day,
                    created_at=datetime.combine(day, time(9))))
                session.flush()  # the person's state is refreshed here, under its lock
                if hold:
                    flushed.set()
                    threading.Event().wait(0.5)
                session.commit()
        except Exception as error:  # reported below, in the test's thread
            problems.append(error)

    holder = threading.Thread(target=rate, args=("first", date(2025, 2, 1), True))
    holder.start()
    flushed.wait(5)
    rate("second", date(2025, 7, 1), False)
    holder.join()
    assert not problems
    with any_db_app.app_context():
        _people, spans, *_ = kept = kept_state()
        assert [s[3] for s in spans if s[1] == "caseworker"] == [date(2025, 2, 1),
                                                                  date(2025, 7, 1)]
        tallies.rebuild(database.session().connection())
        database.session().commit()
        assert kept_state() == kept
