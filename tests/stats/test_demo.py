"""Demo data: synthetic households made through the form engine, with caseworker ratings."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import func, select

from selfservice import database
from selfservice.accounts.models import User
from selfservice.accounts.passwords import check_password
from selfservice.questionnaire.engine import incomplete_steps, plan
from selfservice.records import readings
from selfservice.records.models import FollowUpReading, Submission, SubmissionPerson
from selfservice.records.pseudonym import normalise_identity_number
from selfservice.records.services import full_answers_for_applicant
from selfservice.review.models import CaseworkerRating
from selfservice.review.services import justification_of
from selfservice.stats.demo import DEMO_USERNAME, create_households
from selfservice.stats.households import fictional_identity_number, luhn_digit


def test_demo_data_creates_households_whose_answers_the_engine_accepts(app, runner):
    result = runner.invoke(args=["demo-data", "30", "--batch-size", "12"])
    assert result.exit_code == 0, result.output
    assert "30/30 households" in result.output
    with app.app_context():
        session = database.session()
        questionnaire = app.extensions["questionnaire"]
        records = session.scalars(select(Submission)).all()
        assert len(records) == 30
        for record in records:
            answers = full_answers_for_applicant(record)
            steps, applicable = plan(questionnaire, answers)
            assert applicable == answers, record.reference_code
            assert incomplete_steps(questionnaire, steps, answers) == []
            assert record.status in app.extensions["caseworker_terms"].status_codes
            assert record.adult_count == len(record.people) in (1, 2)
        assert {r.locale for r in records} <= {"sv", "en", "ar", "fi"}
        assert len({r.locale for r in records}) >= 3
        assert session.scalar(select(func.count()).select_from(SubmissionPerson).where(
            SubmissionPerson.pseudonym.is_not(None))) > 0


def test_demo_ratings_open_like_any_rating_and_the_demo_user_cannot_sign_in(app, runner):
    assert runner.invoke(args=["demo-data", "30"]).exit_code == 0
    with app.app_context():
        session = database.session()
        ratings = session.scalars(select(CaseworkerRating)).all()
        adults = session.scalar(select(func.count()).select_from(SubmissionPerson))
        rated = {(r.submission_pk, r.position) for r in ratings}
        assert 0.3 * adults < len(rated) < 0.9 * adults
        assert all(justification_of(rating) for rating in ratings)
        user = session.scalars(select(User).where(User.username == DEMO_USERNAME)).one()
        assert user.role == "caseworker"
        assert not check_password(user.password_hash, "")
        assert {r.user_id for r in ratings} == {user.id}


def test_running_demo_data_twice_adds_more_households(app, runner):
    assert runner.invoke(args=["demo-data", "5"]).exit_code == 0
    assert runner.invoke(args=["demo-data", "5"]).exit_code == 0
    with app.app_context():
        assert database.session().scalar(select(func.count()).select_from(Submission)) == 10


def test_fictional_identity_numbers_are_valid_and_in_the_test_range():
    number = fictional_identity_number(date(1990, 1, 17), random.Random(1))
    assert normalise_identity_number(number) == number.replace("-", "")
    assert 980 <= int(number[9:12]) <= 999
    assert number[-1] == luhn_digit(number[2:8] + number[9:12])


def test_worker_processes_build_the_same_kind_of_households(app):
    with app.app_context():
        progress = list(create_households(4, batch_size=2, workers=1))
        assert [p.made for p in progress] == [2, 4]
        questionnaire = app.extensions["questionnaire"]
        for record in database.session().scalars(select(Submission)):
            answers = full_answers_for_applicant(record)
            assert plan(questionnaire, answers)[1] == answers


def test_some_adults_rated_twice_have_a_follow_up_reading_of_their_own(app, runner):
    assert runner.invoke(args=["demo-data", "120"]).exit_code == 0
    with app.app_context():
        session = database.session()
        found = session.scalars(select(FollowUpReading)).all()
        assert found, "120 households give some readings"
        categories = app.extensions["caseworker_terms"].category_codes
        for reading in found:
            assert reading.category in categories and reading.read_on is not None
            pages = readings.answers_of(reading)  # sealed as the follow-up seals them
            assert pages[f"rating_choice.{reading.position}"]["category"] == reading.category
            assert len(pages[f"rating.{reading.position}"]) == 8
            later = session.scalars(select(CaseworkerRating).where(
                CaseworkerRating.submission_pk == reading.submission_pk,
                CaseworkerRating.position == reading.position)).all()
            assert len(later) == 2  # only adults rated twice get one
            assert reading.read_on <= max(rating.assessed_on for rating in later)
