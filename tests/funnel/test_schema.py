"""Nothing in the funnel or feedback tables can be joined to a draft, a record or a person:
the schema has no foreign key and no column but the few counted under, and the values a real
journey writes contain none of the draft's, the record's or the session's identifiers."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import inspect, select, text

from selfservice import database
from selfservice.funnel import feedback
from selfservice.intake.models import Draft
from selfservice.records.models import Submission, SubmissionPerson
from tests.conftest import page
from tests.journey import complete_household, start, submit

# Every column each table may have. Adding one is a decision about privacy: make it here.
COLUMNS = {
    "funnel_step": {"day", "locale", "channel", "step", "reached", "completed"},
    "funnel_duration": {"day", "locale", "channel", "minutes", "count"},
    "feedback": {"id", "month", "locale", "channel", "ease", "helped", "comment"},
}


def _inspected(app: Flask):
    return inspect(app.extensions["db_engine"])


def test_the_counter_tables_hold_only_what_they_are_counted_under(any_db_app):
    inspector = _inspected(any_db_app)
    for table, columns in COLUMNS.items():
        found = {column["name"] for column in inspector.get_columns(table)}
        assert found == columns, table
        assert inspector.get_foreign_keys(table) == [], table
        # Nothing else points at them either.
        for other in inspector.get_table_names():
            assert all(fk["referred_table"] != table
                       for fk in inspector.get_foreign_keys(other)), (other, table)
    # No time finer than a day: the day is a date, the month a "YYYY-MM" text.
    types = {c["name"]: str(c["type"]) for c in inspector.get_columns("funnel_step")}
    assert types["day"] == "DATE"
    assert {c["name"]: c["type"].length for c in inspector.get_columns("feedback")
            if c["name"] == "month"} == {"month": 7}


def test_feedback_is_kept_in_the_order_of_random_ids_not_of_arrival(app):
    """An increasing id (or SQLite's hidden rowid) would keep the order answers came in, which
    could be matched with the order applications were sent."""
    with app.test_request_context():
        for number in range(12):
            feedback.store(values={"ease": "easy", "comment": f"svar {number}"}, locale="sv",
                           channel="form")
        connection = database.session().connection()
        assert connection.execute(text("SELECT sql FROM sqlite_master WHERE name = 'feedback'")
                                  ).scalar().rstrip().endswith("WITHOUT ROWID")
        rows = connection.execute(text("SELECT id, comment FROM feedback")).all()
    ids = [row[0] for row in rows]
    assert len(set(ids)) == 12 and all(len(i) == 32 for i in ids)
    assert ids == sorted(ids)  # stored, and read back, in the order of the ids
    assert [row[1] for row in rows] != [f"svar {n}" for n in range(12)]


def test_nothing_a_journey_writes_there_names_the_draft_record_or_person(any_db_app):
    app = any_db_app
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=2, children=1)
    reference = submit(client)
    form = page(client.get("/confirmation"))
    client.post("/confirmation", data={"csrf_token": form.csrf_token, "ease": "hard",
                                       "helped": "family_friend",
                                       "comment": f"Min kod {reference}, mejla mig"})
    with app.app_context():
        session = database.session()
        draft = session.scalars(select(Draft)).one()
        record = session.scalars(select(Submission)).one()
        pseudonyms = session.scalars(select(SubmissionPerson.pseudonym)).all()
        # (Row numbers are small integers like every count: a column for one would show above.)
        secrets = {draft.id, draft.submission_id, draft.holder_hash, record.submission_id,
                   *filter(None, pseudonyms)}
        values = [str(value) for table in COLUMNS for row in session.execute(
            text(f"SELECT * FROM {table}")) for value in row]  # noqa: S608 — names above
    assert values
    assert len(secrets) >= 5 and all(len(secret) >= 32 for secret in secrets)
    assert not [v for v in values for secret in secrets if secret in v]
    # The reference code is there only where the person typed it into their own comment.
    assert [v for v in values if reference in v] == [f"Min kod {reference}, mejla mig"]
