"""KNUT's start-versus-end table, per person, checked against counts worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import select

from selfservice import database
from selfservice.review import services as review
from selfservice.stats.agreement import agreement_by_group
from selfservice.stats.models import AssessmentSpan, RatingState
from selfservice.stats.persons import person_counts
from selfservice.stats.transitions import shares_of, transition_tables
from tests.conftest import page, sign_in
from tests.stats.test_tallies import add_reading, add_record, caseworker

PERIOD = {"start": date(2025, 1, 1), "end": date(2025, 12, 31)}


def build_people() -> None:
    """Eight persons around the period 2025; what each must count as is in the comment."""
    user = caseworker(database.session())

    def rated(record, *ratings, position=1):
        for category, day, *rehabilitation in ratings:
            review.add_rating(record=record, position=position, category=category,
                              rehabilitation=rehabilitation[0] if rehabilitation else None,
                              justification="-", user=user, assessed_on=day)

    # P1 applies twice: AM3 before the period, AM2 and AM1 inside, on the second application.
    first = add_record(sent=date(2024, 5, 1), adults=[("a" * 64, "am3")])
    rated(first, ("am3", date(2024, 6, 1), "rh2"))
    again = add_record(sent=date(2025, 2, 1), adults=[("a" * 64, "am2")])
    rated(again, ("am2", date(2025, 3, 1)), ("am1", date(2025, 9, 1)))  # AM3 -> AM1
    rated(add_record(sent=date(2024, 10, 1), adults=[("b" * 64, "am2")]),
          ("am2", date(2024, 11, 1)))  # P2: AM2 -> AM2, assessed once
    rated(add_record(sent=date(2025, 3, 1), adults=[("c" * 64, None)]),
          ("am3", date(2025, 4, 1)), ("am2", date(2025, 11, 1)))  # P3: first inside: AM3 -> AM2
    rated(add_record(sent=date(2024, 1, 1), adults=[("d" * 64, "am1")]),
          ("am1", date(2024, 2, 1)), ("am3", date(2026, 1, 15)))  # P4: AM1 -> AM1, once by end
    rated(add_record(sent=date(2026, 1, 2), adults=[("e" * 64, "am1")]),
          ("am1", date(2026, 2, 1)))  # P5: assessed after the end: not counted
    rated(add_record(sent=date(2025, 4, 1), adults=[(None, "am2")]),
          ("am2", date(2025, 5, 1)))  # P6, no identity number: AM2 -> AM2, once
    p7 = add_record(sent=date(2024, 11, 1), adults=[("f" * 64, "am2")])
    rated(p7, ("am2", date(2024, 12, 1)), ("am3", date(2025, 12, 31)))  # P7: AM2 -> AM3
    p7.people[0].gender = "man"
    rated(add_record(sent=date(2024, 12, 1), adults=[("g" * 64, "am1")]),
          ("am1", date(2025, 1, 1)), ("am2", date(2025, 6, 1)))  # P8: AM1 -> AM2
    database.session().commit()


@pytest.fixture
def people(any_db_app: Flask):
    with any_db_app.app_context():
        build_people()
        yield any_db_app


def test_each_person_counts_once_from_the_category_in_force_at_the_start_to_the_end(people):
    am, rh = transition_tables(**PERIOD)
    assert am.counts == {("am3", "am1"): 1, ("am3", "am2"): 1, ("am2", "am2"): 2,
                         ("am2", "am3"): 1, ("am1", "am1"): 1, ("am1", "am2"): 1}
    assert am.total == 7 and am.assessed_once == 3
    assert am.shares("am3") == [Decimal("50.0"), Decimal("50.0"), Decimal("0.0")]
    assert am.shares("am2") == [Decimal("0.0"), Decimal("66.7"), Decimal("33.3")]
    assert am.shares("am1") == [Decimal("50.0"), Decimal("50.0"), Decimal("0.0")]
    assert rh.counts == {("rh2", "none"): 1, ("none", "none"): 6}


def test_tables_split_by_sex_hold_only_that_group(people):
    tables = {(t.scale, t.group): t for t in transition_tables(**PERIOD, by="gender")}
    assert tables[("am", "man")].counts == {("am2", "am3"): 1}
    assert tables[("am", "woman")].total == 6


@pytest.mark.parametrize("counts", [[1, 1, 1], [2, 1, 0], [1, 5, 7, 11], [0, 0, 3], [7]])
def test_shares_of_a_row_sum_to_exactly_one_hundred(counts):
    assert sum(shares_of(counts)) == Decimal("100.0")


def test_staff_see_every_cell_with_its_count_and_share(app, login):
    with app.app_context():
        build_people()
    client = login("caseworker")
    soup = page(client.get("/caseworker/statistics?start=2025-01-01&end=2025-12-31")).soup
    table = soup.select_one("[data-transitions=am]")
    rows = {tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.select("td")]
            for tr in table.select("tbody tr")}
    assert rows["AM2"] == ["0 (0,0 %)", "2 (66,7 %)", "1 (33,3 %)", "3"]
    assert rows["AM3"] == ["1 (50,0 %)", "1 (50,0 %)", "0 (0,0 %)", "2"]
    assert "3 av 7 personer har bara bedömts en gång" in soup.get_text(" ", strip=True)
    for value in ("end=9999-12-31", "start=1900-01-01", "start=2025-12-31&end=2025-01-01",
                  "start=nonsense", "by=shoe", "by=gender", "whose=self&by=locale",
                  "whose=nobody"):
        assert client.get(f"/caseworker/statistics?{value}").status_code == 200, value


FIRST_HALF = {"start": date(2025, 1, 1), "end": date(2025, 6, 30)}


def build_readers() -> None:
    """Persons whose own ratings come from readings before and after 30 June 2025."""
    user = caseworker(database.session())

    def person(key, own, sent, rated, assessed_on):
        record = add_record(sent=sent, adults=[(key * 64, own)])
        review.add_rating(record=record, position=1, category=rated, rehabilitation=None,
                          justification="-", user=user, assessed_on=assessed_on)
        return record

    h = person("h", "am3", date(2025, 2, 1), "am2", date(2025, 3, 1))
    add_reading(h, day=date(2025, 5, 1), category="am2")  # inside the first half
    add_reading(h, day=date(2025, 8, 1), category="am1")  # after it, inside the year
    k = person("k", "am1", date(2025, 2, 1), "am3", date(2025, 2, 15))
    add_reading(k, day=date(2025, 7, 15), category="am3")  # after the first half
    m = person("m", "am2", date(2025, 2, 1), "am2", date(2025, 3, 1))
    add_reading(m, day=None, category="am1")  # opened, never finished: does not count
    n = person("n", "am1", date(2024, 10, 1), "am1", date(2024, 11, 1))
    add_reading(n, day=date(2025, 3, 1), category="am3")  # applied before 2025: not counted


def _agreement(period: dict[str, date]) -> tuple[int, int, int, int]:
    everyone = agreement_by_group(person_counts(**period), scale="am",
                                  codes=("am1", "am2", "am3"))[0]
    return everyone.rated, everyone.agreeing, everyone.nearer, everyone.further


def test_readings_are_self_ratings_in_force_from_their_day_over_a_period_boundary(
        any_db_app: Flask):
    with any_db_app.app_context():
        build_readers()
        spans = database.session().execute(
            select(AssessmentSpan.valid_from, AssessmentSpan.valid_to, AssessmentSpan.category)
            .where(AssessmentSpan.person_key == "h" * 64, AssessmentSpan.kind == "self")
            .order_by(AssessmentSpan.number)).all()
        assert [tuple(span) for span in spans] == [
            (date(2025, 2, 1), date(2025, 5, 1), "am3"),
            (date(2025, 5, 1), date(2025, 8, 1), "am2"),
            (date(2025, 8, 1), None, "am1")]
        # 30 June: h's reading AM2 = AM2 agrees, k's application AM1 is nearer work than
        # AM3, m's application AM2 agrees (the open reading does not count); n applied
        # before the period. Rated 3, agreeing 2, nearer 1, further 0.
        assert _agreement(FIRST_HALF) == (3, 2, 1, 0)
        # 31 December: h's later reading AM1 is nearer than AM2, k's reading AM3 = AM3
        # agrees now, m still agrees. Rated 3, agreeing 2, nearer 1, further 0 — by others.
        assert _agreement(PERIOD) == (3, 2, 1, 0)
        by_person = {row.person_key: row.profile.split("|")[0] for row in database.session()
                     .execute(select(RatingState.person_key, RatingState.profile)
                              .where(RatingState.valid_to.is_(None)))}
        assert by_person == {"h" * 64: "am1", "k" * 64: "am3", "m" * 64: "am2",
                             "n" * 64: "am3"}
        # Readings are the person's own: KNUT's table of caseworker categories is unchanged.
        am, _rh = transition_tables(**PERIOD)
        assert am.counts == {("am2", "am2"): 2, ("am3", "am3"): 1, ("am1", "am1"): 1}


def test_own_ratings_have_their_own_start_versus_end_table(any_db_app: Flask):
    """The person's own categories from applications and readings, as KNUT's table counts
    the caseworker's: in force on the first day (or the first rating inside the period)
    against the last; persons who applied before the period count, as in KNUT's table."""
    with any_db_app.app_context():
        build_readers()
        # 2025: h AM3 (sent inside) -> AM1 (reading 1 Aug); k AM1 -> AM3 (reading 15 Jul);
        # m AM2 -> AM2, rated once (the open reading does not count); n AM1 (sent 2024) ->
        # AM3 (reading 1 Mar).
        am, rh = transition_tables(**PERIOD, kind="self")
        assert am.counts == {("am3", "am1"): 1, ("am1", "am3"): 2, ("am2", "am2"): 1}
        assert am.assessed_once == 1 and rh.total == 4
        # To 30 June: h AM3 -> AM2 (reading 1 May); k AM1 -> AM1 and m AM2 -> AM2, once
        # each (k's reading comes later); n AM1 -> AM3.
        am, _rh = transition_tables(**FIRST_HALF, kind="self")
        assert am.counts == {("am3", "am2"): 1, ("am1", "am1"): 1, ("am2", "am2"): 1,
                             ("am1", "am3"): 1}
        assert am.assessed_once == 2
        assert am.shares("am1") == [Decimal(50), Decimal(0), Decimal(50)]
    client = sign_in(any_db_app)
    soup = page(client.get("/caseworker/statistics?start=2025-01-01&end=2025-06-30"
                           "&whose=self")).soup
    table = soup.select_one("[data-transitions=am]")
    assert table.caption.get_text(" ", strip=True) == "Egen skattning: Arbetsmarknadskategori"
    rows = {tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.select("td")]
            for tr in table.select("tbody tr")}
    assert rows["AM1"] == ["1 (50,0 %)", "0 (0,0 %)", "1 (50,0 %)", "2"]
    assert soup.select_one("#whose option[selected]")["value"] == "self"
    assert "2 av 4 personer har bara skattat sig själva en gång" in soup.get_text(" ", strip=True)
