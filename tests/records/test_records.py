"""The pseudonymised record: what is sealed, linking by pseudonym, reveal, rotation, purge."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text, update
from sqlalchemy.exc import DBAPIError

from selfservice import create_app, database, sealing
from selfservice.database import utcnow
from selfservice.intake.models import Draft
from selfservice.keys import KeyFileError, load_keyring
from selfservice.operations.retention import purge
from selfservice.operations.rotation import count_stale, rotate_keys
from selfservice.records import services
from selfservice.records.audit import broken_entries
from selfservice.records.models import AuditEntry, Submission
from selfservice.records.pseudonym import normalise_identity_number, pseudonym
from tests.builders import household_inputs, personnummer
from tests.journey import complete_household, fill_step, start, submit

DISTINCT = {
    "first_name": "Zyxwander", "last_name": "Quillborough", "phone": "070-174 06 55",
    "email": "zyx.quill@example.org", "identity_number": personnummer("19770707", "994"),
}
FREE_TEXT = "Vill gärna jobba som xylofonstämmare"


def household(adults=1, **person):
    inputs = household_inputs(adults=adults, children=1)
    inputs["personal.1"] = {**inputs["personal.1"], **person}
    inputs["occupation.1"] = {"work_goal": FREE_TEXT}
    return inputs


def submit_household(app, adults=1, **person) -> str:
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=adults, children=1,
                       inputs=household(adults, **person))
    return submit(client)


def test_neither_the_database_file_nor_table_dumps_show_identity_or_answers(any_db_app):
    app = any_db_app
    reference = submit_household(app, **DISTINCT)
    secrets = ["Zyxwander", "Quillborough", "701740655", "zyx.quill@example.org",
               DISTINCT["identity_number"].replace("-", ""), "770707", "xylofonstämmare"]
    with app.app_context():
        record = services.find_by_reference(reference)
        assert record.adult_count == 1 and record.child_count == 1
        assert record.people[0].age_band and record.people[0].pseudonym
        dump = _table_dump(app)
    for secret in secrets:
        assert secret not in dump, secret
    if app.config["DATABASE_URL"].startswith("sqlite"):
        path = Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
        raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        for secret in secrets:
            assert secret.encode() not in raw, secret


def _table_dump(app) -> str:
    engine = app.extensions["db_engine"]
    lines = []
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):  # noqa: S608
                lines.append(" ".join(
                    v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in row))
    return "\n".join(lines)


def test_identity_and_answers_are_kept_apart_and_open_with_their_own_keys(app):
    reference = submit_household(app, **DISTINCT)
    with app.app_context():
        record = services.find_by_reference(reference)
        answers = services.non_identifying_answers(record)
        assert "first_name" not in answers["personal.1"]
        assert answers["occupation.1"]["work_goal"]["text"] == FREE_TEXT
        full = services.full_answers_for_applicant(record)
        assert full["personal.1"]["last_name"] == "Quillborough"
        keys = app.extensions["keys"]
        with pytest.raises(sealing.SealError):
            sealing.unseal(record.identity, keyring=keys.record, table="submission",
                           column="identity", row_id=record.submission_id)


def test_a_sealed_block_copied_to_another_record_is_an_error(app):
    first, second = submit_household(app), submit_household(app)
    with app.app_context():
        a, b = services.find_by_reference(first), services.find_by_reference(second)
        b.identity = a.identity
        with pytest.raises(sealing.SealError):
            services.full_answers_for_applicant(b)


def test_same_number_same_pseudonym_and_another_key_another(tmp_path):
    number = normalise_identity_number(personnummer("19850423"))
    ring = load_keyring(tmp_path / "a")
    other = load_keyring(tmp_path / "b")
    assert pseudonym(number, keyring=ring) == pseudonym(number, keyring=ring)
    assert pseudonym(number, keyring=ring)[0] != pseudonym(number, keyring=other)[0]
    ten_digits = personnummer("19850423")[2:]
    assert normalise_identity_number(ten_digits) == number
    assert normalise_identity_number("19850423-0000") is None


def test_records_are_found_by_identity_number_and_by_reference(any_db_app):
    app = any_db_app
    first = submit_household(app, identity_number=DISTINCT["identity_number"])
    second = submit_household(app, identity_number=DISTINCT["identity_number"])
    submit_household(app, identity_number=personnummer("19660606", "987"))
    with app.app_context():
        found = services.find_by_identity_number(DISTINCT["identity_number"].replace("-", ""))
        assert {r.reference_code for r in found} == {first, second}
        assert services.find_by_reference(first.lower().replace("-", " ")).reference_code == first
        assert services.find_by_reference("AAAA-AAAA") is None
        assert services.find_by_identity_number("nonsense") == []


def test_a_person_without_an_identity_number_gets_no_pseudonym(app):
    client = app.test_client()
    start(client)
    inputs = household_inputs(adults=1, children=0)
    inputs["personal.1"] = {"has_identity_number": "no", "date_of_birth": "1990-02-03",
                            "first_name": "Utan", "last_name": "Nummer"}
    complete_household(client, app, adults=1, inputs=inputs)
    reference = submit(client)
    with app.app_context():
        person = services.find_by_reference(reference).people[0]
        assert person.pseudonym is None and person.age_band


def test_every_reveal_is_audited_and_needs_a_user_and_a_reason(any_db_app):
    app = any_db_app
    reference = submit_household(app, **DISTINCT)
    with app.app_context():
        record = services.find_by_reference(reference)
        with pytest.raises(services.RevealRefused):
            services.reveal_identity(record=record, user="handlaggare1", reason=" ")
        identity = services.reveal_identity(record=record, user="handlaggare1",
                                            reason="Nybesök 12 maj")
        assert identity["personal.1"]["first_name"] == "Zyxwander"
        entries = list(database.session().scalars(select(AuditEntry)))
        reveal = [e for e in entries if e.action == "reveal_identity"]
        assert len(reveal) == 1
        assert reveal[0].user == "handlaggare1" and reveal[0].reason == "Nybesök 12 maj"
        assert reveal[0].subject == record.people[0].pseudonym
        assert reveal[0].unit == app.config["UNIT_NAME"]
        assert broken_entries() == []


def test_the_audit_log_refuses_changes(any_db_app):
    app = any_db_app
    reference = submit_household(app)
    with app.app_context():
        record = services.find_by_reference(reference)
        services.reveal_identity(record=record, user="u", reason="r")
        session = database.session()
        with pytest.raises(DBAPIError):
            session.execute(update(AuditEntry).values(reason="rewritten"))
            session.flush()
        session.rollback()


def test_rotation_survives_an_interruption_and_keeps_everything_readable(any_db_app):
    app = any_db_app
    references = [submit_household(app, identity_number=DISTINCT["identity_number"])
                  for _ in range(3)]
    client = app.test_client()
    start(client)
    fill_step(client, app, "/apply/household", household_inputs()["household"])
    with app.app_context():
        partial = rotate_keys(batch_size=1, max_batches=2)
        assert partial.new_versions == {"pseudonym": 2, "identity": 2, "record": 2}
        assert partial.remaining > 0
        for reference in references:  # readable midway, old and new rows alike
            assert services.full_answers_for_applicant(services.find_by_reference(reference))
        assert len(services.find_by_identity_number(DISTINCT["identity_number"])) == 3
        resumed = rotate_keys(batch_size=1)
        assert resumed.new_versions == {} and resumed.remaining == 0
        assert count_stale() == 0
        record = services.find_by_reference(references[0])
        assert sealing.key_version(record.answers) == 2
        assert record.people[0].pseudonym_version == 2
        assert len(services.find_by_identity_number(DISTINCT["identity_number"])) == 3
    assert client.get("/tasks").status_code == 200  # the draft still opens


def test_rotation_reseals_the_caseworkers_justifications(app):
    from selfservice.accounts.auth import create_user
    from selfservice.review.models import CaseworkerRating
    from selfservice.review.services import add_rating, justification_of

    reference = submit_household(app)
    with app.app_context():
        user = create_user(username="handlaggare", display_name="Testa Handläggare",
                           password="rätt lösenord 123", role="caseworker")
        rating = add_rating(record=services.find_by_reference(reference), position=1,
                            category="am2", rehabilitation=None,
                            justification="Nära arbete, vill börja på SFI.", user=user)
        rating_id = rating.id
        assert count_stale() == 0
        report = rotate_keys()
        assert report.ratings == 1 and report.remaining == 0
    with app.app_context():  # read back from the database, not from the session's memory
        stored = database.session().get(CaseworkerRating, rating_id)
        assert sealing.key_version(stored.justification) == 2
        assert justification_of(stored) == "Nära arbete, vill börja på SFI."


def test_a_wrong_key_stops_start_up(tmp_path):
    from tests.conftest import make_app

    app = make_app(tmp_path)
    submit_household(app)
    app.extensions["db_engine"].dispose()
    (tmp_path / "instance" / "record_keys").unlink()
    with pytest.raises(KeyFileError, match="record key version 1"):
        create_app({"INSTANCE_PATH": str(tmp_path / "instance")})


def test_purge_removes_exactly_what_has_expired(app):
    kept, old = submit_household(app), submit_household(app)
    with app.app_context():
        session = database.session()
        now = utcnow()
        session.add_all([
            Draft(id="expired", submission_id="s-expired", expires_at=now - timedelta(seconds=1)),
            Draft(id="alive", submission_id="s-alive", expires_at=now + timedelta(days=1)),
        ])
        old_record = services.find_by_reference(old)
        retention = timedelta(days=app.config["RECORD_RETENTION_DAYS"] + 1)
        old_record.submitted_on = (now - retention).date()
        services.reveal_identity(record=old_record, user="u", reason="before purge")
        session.commit()
        report = purge()
        assert (report.drafts, report.records, report.audit_entries) == (1, 1, 0)
        assert session.get(Draft, "alive") is not None and session.get(Draft, "expired") is None
        assert services.find_by_reference(kept) is not None
        assert services.find_by_reference(old) is None
        assert session.scalar(select(Submission).where(Submission.reference_code == old)) is None
        actions = [e.action for e in session.scalars(select(AuditEntry))]
        assert actions == ["reveal_identity", "purge"], "audit outlives the record it concerns"
        later = purge(now=now + timedelta(days=app.config["AUDIT_RETENTION_DAYS"] + 1))
        assert later.audit_entries == 2


def test_cli_rotate_keys_and_purge_print_counts(app):
    submit_household(app)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["rotate-keys"])
    assert result.exit_code == 0, result.output
    assert "New record key version 2." in result.output
    assert "0 still under old keys" in result.output
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0 and "Deleted 0 expired drafts" in result.output
