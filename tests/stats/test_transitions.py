"""KNUT's start-versus-end table, per person, checked against counts worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from flask import Flask

from selfservice import database
from selfservice.review import services as review
from selfservice.stats.transitions import shares_of, transition_tables
from tests.conftest import page
from tests.stats.test_tallies import add_record, caseworker

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
                  "start=nonsense", "by=shoe", "by=gender"):
        assert client.get(f"/caseworker/statistics?{value}").status_code == 200, value
