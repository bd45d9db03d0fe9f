"""Follow-up statistics on a hand-built set of adults where every number is known."""

from __future__ import annotations

import random
import secrets
from collections import Counter
from datetime import date, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from selfservice import database
from selfservice.accounts.models import User
from selfservice.bundle import load_bundle
from selfservice.codes import new_reference_code
from selfservice.config import PROJECT_ROOT
from selfservice.records.models import Submission, SubmissionPerson
from selfservice.review.models import CaseworkerRating
from selfservice.stats import export, services
from selfservice.stats.services import (
    AGE_BANDS,
    ALL,
    NONE,
    RATED,
    UNRATED,
    Table,
    dimensions,
)

FORMS = load_bundle(PROJECT_ROOT / "forms", "instrument_x_part1")
DIMS = dimensions(FORMS.caseworker_terms, FORMS.questionnaire, FORMS.record_layout)
CATEGORIES, GENDERS = DIMS.category_codes, DIMS.gender_codes

# name: (adults, self-rating, gender, age band, date sent, ratings as (category, when)).
# Ratings are listed in the order they are inserted; group F's later rating goes in first,
# so "latest" must come from the time of rating, not from the order of rows.
GROUPS = {
    "A": (10, "am1", "woman", "18-24", date(2024, 12, 1), [("am1", datetime(2025, 2, 1))]),
    "B": (5, "am2", "woman", "30-39", date(2024, 12, 1), [("am3", datetime(2025, 3, 1))]),
    "C": (5, "am2", "man", "30-39", date(2024, 12, 10),
          [("am3", datetime(2024, 12, 15)), ("am2", datetime(2025, 7, 15))]),
    "D": (6, "am3", "man", "18-24", date(2024, 12, 1), []),
    "E": (5, None, "man", "18-24", date(2024, 12, 1), [("am2", datetime(2025, 4, 1))]),
    "F": (7, "am3", "woman", "30-39", date(2024, 12, 1),
          [("am2", datetime(2025, 5, 20)), ("am3", datetime(2025, 2, 10))]),
    "G": (5, "am1", "man", "25-29", date(2025, 1, 5),
          [("am3", datetime(2025, 1, 15)), ("am2", datetime(2025, 3, 15)),
           ("am1", datetime(2025, 8, 1))]),
}
FIRST_HALF = {"start": date(2025, 1, 1), "end": date(2025, 6, 30)}


def add_household(adults: list[tuple], *, sent: date, user: User) -> Submission:
    """Add one household with the adults (self-rating, gender, age band, ratings) given."""
    session = database.session()
    record = Submission(submission_id=secrets.token_hex(16), reference_code=new_reference_code(),
                        questionnaire="instrument_x_part1", locale="sv", answers=b"-",
                        created_at=datetime.combine(sent, datetime.min.time()),
                        submitted_on=sent, adult_count=len(adults), child_count=0)
    for position, (self_rated, gender, band, _ratings) in enumerate(adults, start=1):
        record.people.append(SubmissionPerson(position=position, self_rated_category=self_rated,
                                              gender=gender, age_band=band))
    session.add(record)
    session.flush()
    for position, (*_facts, ratings) in enumerate(adults, start=1):
        session.add_all(CaseworkerRating(submission_pk=record.id, position=position,
                                         category=category, justification=b"-",
                                         user_id=user.id, created_at=when)
                        for category, when in ratings)
    return record


def add_groups(groups: dict) -> None:
    session = database.session()
    user = User(username="handlaggare", display_name="Test", password_hash="!", role="caseworker")
    session.add(user)
    session.flush()
    for size, self_rated, gender, band, sent, ratings in groups.values():
        for _ in range(size):
            add_household([(self_rated, gender, band, ratings)], sent=sent, user=user)
    session.commit()


@pytest.fixture
def adults(any_db_app: Flask):
    with any_db_app.app_context():
        add_groups(GROUPS)
        yield


def rows(table: Table) -> dict[str, list[int | None]]:
    return {code: list(cells) for (code, _label), cells in zip(table.rows, table.cells,
                                                               strict=True)}


def test_adults_are_counted_by_self_rating_and_gender(adults):
    table = services.category_counts(rating="self", by="gender")
    assert [c for c, _ in table.columns] == ["woman", "man", "other", "none", "*"]
    assert rows(table) == {"am1": [10, 5, 0, 0, 15],
                           "am2": [5, 5, 0, 0, 10],
                           "am3": [7, 6, 0, 0, 13],
                           "none": [0, 5, 0, 0, 5],
                           "*": [22, 21, 0, 0, 43]}


def test_adults_are_counted_by_self_rating_and_age_band(adults):
    table = services.category_counts(rating="self", by="age_band")
    assert [c for c, _ in table.columns] == [*AGE_BANDS, "none", "*"]
    assert table.cell("am1", "18-24") == 10 and table.cell("am1", "25-29") == 5
    assert table.cell("am3", "18-24") == 6 and table.cell("am3", "30-39") == 7
    assert table.cell("none", "18-24") == 5
    assert [table.cell("*", band) for band in ("<18", "18-24", "25-29", "30-39", "65+")] == [
        0, 21, 5, 17, 0]
    assert table.cell("*", "*") == 43


def test_caseworker_counts_use_each_adults_latest_rating_by_time(adults):
    by_gender = services.category_counts(rating="caseworker", by="gender")
    # F was rated AM3 first and AM2 later; G's latest is AM1; D was never rated.
    assert rows(by_gender) == {"am1": [10, 5, 0, 0, 15],
                               "am2": [7, 10, 0, 0, 17],
                               "am3": [5, 0, 0, 0, 5],
                               "rated": [22, 15, 0, 0, 37]}
    by_age = services.category_counts(rating="caseworker", by="age_band")
    assert by_age.cell("am2", "18-24") == 5 and by_age.cell("am2", "30-39") == 12
    assert by_age.cell("rated", "*") == 37


def test_agreement_matrix_overall_and_per_gender_with_the_share_that_agree(adults):
    overall, woman, man, other, unknown = services.agreement()
    assert [t.name for t in (overall, woman, man, other, unknown)] == [
        "agreement", "agreement-woman", "agreement-man", "agreement-other", "agreement-none"]
    assert rows(overall) == {"am1": [15, 0, 0, 15],
                             "am2": [0, 5, 5, 10],
                             "am3": [0, 7, 0, 7],
                             "none": [0, 5, 0, 5],
                             "*": [15, 17, 5, 37]}
    assert overall.share_agreeing == pytest.approx(20 / 32)  # without "no self-rating"
    assert rows(woman) == {"am1": [10, 0, 0, 10], "am2": [0, 0, 5, 5], "am3": [0, 7, 0, 7],
                           "none": [0, 0, 0, 0], "*": [10, 7, 5, 22]}
    assert woman.share_agreeing == pytest.approx(10 / 22)
    assert rows(man) == {"am1": [5, 0, 0, 5], "am2": [0, 5, 0, 5], "am3": [0, 0, 0, 0],
                         "none": [0, 5, 0, 5], "*": [5, 10, 0, 15]}
    assert man.share_agreeing == 1
    assert other.cell("*", "rated") == 0 and other.share_agreeing is None


def test_a_period_counts_records_sent_in_it_and_ratings_made_by_its_end(adults):
    table = services.category_counts(rating="caseworker", by="gender", **FIRST_HALF)
    # Only G was sent in 2025; its AM1 rating came after June, so it counts as AM2.
    assert rows(table) == {"am1": [0, 0, 0, 0, 0], "am2": [0, 5, 0, 0, 5],
                           "am3": [0, 0, 0, 0, 0], "rated": [0, 5, 0, 0, 5]}
    table = services.category_counts(rating="caseworker", by="gender", end=date(2025, 6, 30))
    assert table.cell("am2", "man") == 10  # G is AM2 then; C's AM2 came in July


def test_csv_has_swedish_headings_semicolons_and_a_row_for_the_share(adults):
    assert export.to_csv(services.category_counts(rating="self", by="gender")) == (
        "Egen bedömning;Kvinna;Man;Annat;Uppgift saknas;Totalt\r\n"
        "AM1;10;5;0;0;15\r\n"
        "AM2;5;5;0;0;10\r\n"
        "AM3;7;6;0;0;13\r\n"
        "Ingen egen bedömning;0;5;0;0;5\r\n"
        "Totalt;22;21;0;0;43\r\n")
    overall = export.to_csv(services.agreement()[0])
    assert overall.splitlines()[0] == "Egen bedömning;AM1;AM2;AM3;Totalt"
    assert overall.splitlines()[-1] == "Andel där bedömningarna stämmer överens (%);62,5"


def test_small_groups_are_hidden_in_every_table_that_shows_them(any_db_app):
    with any_db_app.app_context():
        add_groups({**GROUPS, "H": (3, "am2", "other", "40-49", date(2025, 1, 1),
                                    [("am2", datetime(2025, 3, 1))])})
        tables = services.all_tables(start=date(2024, 1, 1), end=date(2025, 12, 31),
                                     threshold=5)
    by_name = {t.name: t for t in tables}
    assert by_name["self-by-gender"].cell("am2", "other") is None
    assert by_name["self-by-age-band"].cell("am2", "40-49") is None
    assert by_name["caseworker-by-gender"].cell("am2", "other") is None
    assert by_name["agreement-other"].cell("am2", "am2") is None
    assert by_name["agreement"].cell("am2", "am2") is None  # 5 + 3: would give the 3 away
    assert by_name["agreement"].share_agreeing is None
    assert by_name["self-by-gender"].cell("am1", "woman") == 10
    assert by_name["self-by-gender"].cell("am1", "other") == 0
    assert_nothing_hidden_can_be_worked_out(tables)


def test_a_new_rating_shows_at_once(app):
    with app.app_context():
        add_groups(GROUPS)
        period = {"start": date(2024, 1, 1), "end": date(2030, 12, 31)}
        before = {t.name: t for t in services.all_tables(**period)}
        assert before["caseworker-by-gender"].cell("am3", "man") == 0
        d_adult = database.session().scalars(
            select(SubmissionPerson).where(SubmissionPerson.self_rated_category == "am3",
                                           SubmissionPerson.gender == "man")).first()
        database.session().add(CaseworkerRating(
            submission_pk=d_adult.submission_pk, position=d_adult.position, category="am3",
            justification=b"-", user_id=1, created_at=datetime(2025, 9, 1)))
        database.session().commit()
        after = {t.name: t for t in services.all_tables(**period)}
    assert after["caseworker-by-gender"].cell("am3", "man") == 1  # staff: the true count


# --- an attacker who knows every shown count and how the tables add up ---------------

def equations(tables: list[Table]) -> list[list[tuple]]:
    """Return every sum the tables obey, as lists of cells (total first, then parts)."""
    by_name = {t.name: t for t in tables}
    found = []
    for table in tables:
        body = range(len(table.rows) - 1)
        for r in range(len(table.rows)):
            found.append([(table.name, r, len(table.columns) - 1),
                          *((table.name, r, c) for c in range(len(table.columns) - 1))])
        for c in range(len(table.columns)):
            found.append([(table.name, len(table.rows) - 1, c),
                          *((table.name, r, c) for r in body)])
    overall = by_name["agreement"]
    for r in range(len(overall.rows)):
        for c in range(len(overall.columns)):
            found.append([("agreement", r, c),
                          *((f"agreement-{g}", r, c) for g in (*GENDERS, NONE))])
    return found


def same_counts(tables: list[Table]) -> list[tuple[tuple, tuple]]:
    """Return cells of different tables that hold the very same count."""
    pairs = []
    self_gender, self_age = "self-by-gender", "self-by-age-band"
    worker_gender, worker_age = "caseworker-by-gender", "caseworker-by-age-band"
    for r in range(5):  # self-rated row totals, by gender and by age band
        pairs.append(((self_gender, r, 4), (self_age, r, len(AGE_BANDS) + 1)))
    for r in range(4):
        pairs.append(((worker_gender, r, 4), (worker_age, r, len(AGE_BANDS) + 1)))
        pairs.append(((worker_gender, r, 4), ("agreement", 4, r)))
    for g, gender in enumerate((*GENDERS, NONE)):
        for c in range(4):  # an agreement table's column totals: caseworker counts by gender
            pairs.append(((f"agreement-{gender}", 4, c), (worker_gender, c, g)))
    return pairs


def assert_nothing_hidden_can_be_worked_out(tables: list[Table]) -> None:
    value = {(t.name, r, c): t.cells[r][c] for t in tables
             for r in range(len(t.rows)) for c in range(len(t.columns))}
    known = {key: v for key, v in value.items() if v is not None}
    for a, b in same_counts(tables):
        if (a in known) != (b in known):
            raise AssertionError(f"{a} and {b} are the same count, shown once and hidden once")
    for total, *parts in equations(tables):
        missing = [k for k in (total, *parts) if k not in known]
        if len(missing) == 1:
            raise AssertionError(f"{missing[0]} can be worked out from {total}")


def test_no_hidden_count_can_be_worked_out_from_random_small_groups():
    rng = random.Random(7)
    for _ in range(150):
        joint: Counter = Counter()
        for _person in range(rng.randint(0, 60)):
            joint[(rng.choice((*CATEGORIES, NONE)), rng.choice((*CATEGORIES, UNRATED)),
                   rng.choice((*GENDERS, NONE)), rng.choice((*AGE_BANDS, NONE)))] += 1
        tables = services.tables_from_joint(DIMS, joint)
        for table in tables:
            for cells in table.cells:
                assert not any(v is not None and 0 < v < 5 for v in cells)
        assert_nothing_hidden_can_be_worked_out(tables)
        assert tables[0].cell(ALL, ALL) == sum(joint.values()) or sum(joint.values()) < 5
        assert tables[2].cell(RATED, ALL) in (None, sum(
            n for (_s, k, _g, _a), n in joint.items() if k != UNRATED))
