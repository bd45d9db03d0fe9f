"""Agreement of own and caseworker ratings per person, by group and direction, with κ,
checked against values worked out by hand."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from flask import Flask

from selfservice import database
from selfservice.review import services as review
from selfservice.stats.agreement import agreement_by_group, cohens_kappa
from selfservice.stats.persons import person_counts
from tests.stats.test_tallies import add_record, caseworker

PERIOD = {"start": date(2025, 1, 1), "end": date(2025, 12, 31)}
AM = ("am1", "am2", "am3")


def build_people() -> None:
    user = caseworker(database.session())

    def person(key, own, rated, *, gender="woman", locale="sv", rehabilitation=None,
               sent=date(2025, 3, 1)):
        record = add_record(sent=sent, adults=[(key * 64, own)], locale=locale)
        record.people[0].gender = gender
        database.session().commit()
        if rated:
            review.add_rating(record=record, position=1, category=rated,
                              rehabilitation=rehabilitation, justification="-", user=user,
                              assessed_on=date(2025, 4, 1))

    person("a", "am1", "am1")                      # agrees
    person("b", "am2", "am3", rehabilitation="rh1")  # own rating nearer work
    person("c", "am3", "am2")                      # own rating further from work
    person("d", "am1", "am1", gender="man", locale="ar")
    person("e", "am3", "am3", gender="man", locale="ar")
    person("f", "am2", None, gender="man")         # not assessed by the end
    person("1", None, "am2")                       # no rating of their own
    person("2", "am1", "am3", sent=date(2024, 5, 1))  # applied before the period: not counted


@pytest.fixture
def rows(any_db_app: Flask):
    with any_db_app.app_context():
        build_people()
        counts = person_counts(**PERIOD)
        yield {(row.grouping, row.value): row
               for row in agreement_by_group(counts, scale="am", codes=AM)}, counts


def test_everyone_agreement_direction_and_kappa(rows):
    by_group, _counts = rows
    everyone = by_group[(None, None)]
    assert (everyone.rated, everyone.agreeing, everyone.nearer, everyone.further) == (5, 3, 1, 1)
    assert (everyone.unrated, everyone.without_own) == (1, 1)
    assert everyone.share(everyone.agreeing) == pytest.approx(0.6)
    assert everyone.kappa == pytest.approx(0.375)  # (0.6 - 0.36) / (1 - 0.36)


def test_agreement_by_sex_and_language(rows):
    by_group, _counts = rows
    women, men = by_group[("gender", "woman")], by_group[("gender", "man")]
    assert (women.rated, women.agreeing, women.kappa) == (3, 1, pytest.approx(0.0))
    assert (men.rated, men.agreeing, men.kappa, men.unrated) == (2, 2, pytest.approx(1.0), 1)
    assert (by_group[("locale", "ar")].rated, by_group[("locale", "ar")].agreeing) == (2, 2)
    assert by_group[("locale", "sv")].rated == 3


def test_rehabilitation_is_compared_alongside(rows):
    _by_group, counts = rows
    everyone = agreement_by_group(counts, scale="rh", codes=("rh1", "rh2", "rh3", "none"))[0]
    assert (everyone.rated, everyone.agreeing) == (6, 5)  # b: none against RH1


def test_kappa_is_undefined_when_chance_alone_explains_everything():
    assert cohens_kappa(Counter({("am1", "am1"): 4}), AM) is None


def test_the_statistics_page_shows_agreement_per_group(app, login):
    with app.app_context():
        build_people()
    from tests.conftest import page

    client = login("caseworker")
    soup = page(client.get(
        "/caseworker/statistics/assessments?start=2025-01-01&end=2025-12-31")).soup
    table = soup.select_one("[data-agreement-by-group=am]")
    everyone = [td.get_text(" ", strip=True) for td in table.select("[data-group='all:None'] td")]
    assert everyone == ["5", "3 (60,0 %)", "0,38", "1 (20,0 %)", "1 (20,0 %)", "1", "1"]
    men = table.select_one("[data-group='gender:man']")
    assert men.th.get_text(" ", strip=True) == "Kön: Man"
    assert [td.get_text(" ", strip=True) for td in men.select("td")][:3] == [
        "2", "2 (100,0 %)", "1,00"]
    arabic = table.select_one("[data-group='locale:ar'] th").get_text(" ", strip=True)
    assert arabic == "Språk: arabiska"
    soup = page(client.get("/caseworker/statistics?start=2025-01-01&end=2025-12-31")).soup
    waiting = soup.select_one("[data-waiting]").get_text(" ", strip=True)
    assert waiting == ("Mediantid från första ansökan till första bedömning: 31 dagar "
                       "(6 personer).")
    assert "Öppen fråga 0" in soup.select_one("[data-prompts-used]").get_text(" ", strip=True)


def test_the_median_wait_for_a_first_assessment(any_db_app: Flask):
    from selfservice.stats.follow_up import days_to_first_assessment
    from selfservice.stats.models import PersonState

    with any_db_app.app_context():
        session = database.session()
        sent = date(2025, 2, 1)
        for key, days in enumerate((2, 10, 40, 5, None)):
            session.add(PersonState(person_key=f"k{key}", first_submitted_on=sent,
                                    first_assessed_on=None if days is None
                                    else date(2025, 2, 1 + days) if days < 28
                                    else date(2025, 3, days - 27), days_to_assessment=days))
        session.add(PersonState(person_key="early", first_submitted_on=date(2024, 1, 1),
                                first_assessed_on=date(2025, 1, 1), days_to_assessment=366))
        session.commit()
        waiting = days_to_first_assessment(**PERIOD)
        assert (waiting.persons, waiting.median_days) == (4, 7.5)
        assert days_to_first_assessment(start=date(2026, 1, 1),
                                        end=date(2026, 12, 31)).median_days is None
