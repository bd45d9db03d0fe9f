"""The export to Socialstyrelsen and Öppna jämförelser, checked against a hand-built unit."""

from __future__ import annotations

import json
from datetime import date

from selfservice import database
from selfservice.review import services as review
from selfservice.stats.socialstyrelsen import three_months_after
from tests.stats.test_tallies import add_record, caseworker

PERIOD = "start=2026-01-01&end=2026-06-30"


def build_unit(app) -> None:
    """Two households in the period and one before it."""
    with app.app_context():
        user = caseworker(database.session())
        couple = add_record(sent=date(2026, 1, 10), adults=[("a" * 64, "am2"), ("b" * 64, None)],
                            children=1)
        couple.people[1].gender = "man"
        alone = add_record(sent=date(2026, 5, 20), adults=[(None, "am3")])
        add_record(sent=date(2025, 12, 1), adults=[("c" * 64, "am1")])
        database.session().commit()
        review.set_obstacle(record=couple, position=1, code="unemployed_waiting", user=user)
        review.set_obstacle(record=couple, position=2, code="part_time_insufficient",
                            user=user)
        review.arrange_meeting(record=couple, meeting_on=date(2026, 1, 24), minutes=None,
                               interpreter_booked=True, user=user, separate_meetings=True,
                               plan_made_on=date(2026, 4, 10))
        review.arrange_meeting(record=alone, meeting_on=date(2026, 6, 1), minutes=None,
                               interpreter_booked=False, user=user)


def test_three_months_after_keeps_to_the_calendar():
    assert three_months_after(date(2026, 11, 30)) == date(2027, 2, 28)
    assert three_months_after(date(2026, 1, 10)) == date(2026, 4, 10)


def test_per_person_export_names_each_adult_by_pseudonym_with_the_documented_fields(
        app, login):
    build_unit(app)
    exported = json.loads(login("caseworker").get(
        f"/caseworker/statistics/socialstyrelsen/persons.json?{PERIOD}").data)
    rows = exported["rows"]
    names = [field["name"] for field in exported["fields"]]
    assert names[0] == "person" and set(names) == set(rows[0])
    assert [(r["person"], r["sex"], r["household_type"], r["support_obstacle"],
             r["first_contact"], r["first_meeting"], r["days_to_first_meeting"],
             r["plan_within_three_months"], r["separate_meetings"]) for r in rows] == [
        ("a" * 64, "woman", "couple_children", "unemployed_waiting", "2026-01-10",
         "2026-01-24", 14, "yes", "yes"),
        ("b" * 64, "man", "couple_children", "part_time_insufficient", "2026-01-10",
         "2026-01-24", 14, "yes", "yes"),
        (rows[2]["person"], "woman", "alone", None, "2026-05-20", "2026-06-01", 12,
         "pending" if date.today() <= date(2026, 8, 20) else "no", None)]
    assert rows[2]["person"].startswith("r")
    csv = login("caseworker").get(f"/caseworker/statistics/socialstyrelsen/persons.csv?{PERIOD}")
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].split(";") == names
    assert len(lines) == 4


def test_counts_are_suppressed_for_publication(app, login):
    build_unit(app)
    client = login("caseworker")
    text = client.get(f"/caseworker/statistics/socialstyrelsen/counts.csv?{PERIOD}") \
        .get_data(as_text=True).lstrip("\ufeff")
    table = {line.split(";")[0]: line.split(";")[1:] for line in text.splitlines()}
    header = table["row"]
    assert header[0] == "all" and "sex=man" in header
    # Three adults: every count from 1 to 4 is hidden, zeros are shown.
    assert table["adults"][0] == ".." and table["no_childcare"][0] == "0"
    app.config["STATS_PUBLICATION_EXPORTS"] = False
    text = client.get(f"/caseworker/statistics/socialstyrelsen/counts.csv?{PERIOD}") \
        .get_data(as_text=True).lstrip("\ufeff")
    table = {line.split(";")[0]: line.split(";")[1:] for line in text.splitlines()}
    assert table["adults"][0] == "3" and table["unemployed_waiting"][0] == "1"
    assert table["separate_meetings"][0] == "2" and table["plan_within_three_months"][0] == "2"
    assert table["median_days_to_first_meeting"][0] == "14"


def test_counts_take_each_person_once_with_their_latest_application(app, login):
    build_unit(app)
    with app.app_context():
        add_record(sent=date(2026, 3, 1), adults=[("a" * 64, "am1")])  # a applies again
    app.config["STATS_PUBLICATION_EXPORTS"] = False
    client = login("caseworker")
    persons = json.loads(client.get(
        f"/caseworker/statistics/socialstyrelsen/persons.json?{PERIOD}").data)["rows"]
    assert [r["person"] for r in persons].count("a" * 64) == 2  # every application is listed
    text = client.get(f"/caseworker/statistics/socialstyrelsen/counts.csv?{PERIOD}") \
        .get_data(as_text=True).lstrip("\ufeff")
    table = {line.split(";")[0]: line.split(";")[1:] for line in text.splitlines()}
    assert table["adults"][0] == "3"  # a once, with the application of March
    assert table["unemployed_waiting"][0] == "0" and table["not_recorded"][0] == "2"
