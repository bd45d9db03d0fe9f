"""The audit log's hash chain holds when several processes write at once, on SQLite and on
PostgreSQL, and `flask --app wsgi audit-verify` names the first entry where it does not."""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import delete, select, text, update

from selfservice import create_app, database
from selfservice.records.audit import GENESIS, _entry_hash, record_event, verify_chain
from selfservice.records.models import AuditEntry

WRITERS, EVENTS = 4, 100


def write_events(config: dict, writer: int, count: int, start) -> None:
    """Wait for ``start``, then append ``count`` entries, each in a transaction of its own, as
    one web worker of several would."""
    app = create_app(config)
    start.wait()
    with app.app_context():
        for number in range(count):
            record_event(user=f"writer-{writer}", action="view_record",
                         subject=f"pseudonym-{writer}-{number}", reason="parallel test")
            database.session().commit()
    app.extensions["db_engine"].dispose()


def _config(app) -> dict:
    keep = ("INSTANCE_PATH", "DATABASE_URL", "TESTING")
    return {name: app.config[name] for name in keep}


@pytest.mark.timeout(240)
def test_four_parallel_writers_leave_one_whole_chain(any_db_app):
    app = any_db_app
    # Forked, as gunicorn forks its workers; each makes its own app and connections.
    app.extensions["db_engine"].dispose()
    fork = multiprocessing.get_context("fork")
    start = fork.Event()
    writers = [fork.Process(target=write_events, args=(_config(app), number, EVENTS, start))
               for number in range(WRITERS)]
    for writer in writers:
        writer.start()
    start.set()
    for writer in writers:
        writer.join(timeout=200)
    assert [writer.exitcode for writer in writers] == [0] * WRITERS
    with app.app_context():
        entries = database.session().scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert len(entries) == WRITERS * EVENTS
        assert len({entry.previous_hash for entry in entries}) == len(entries), "no fork"
        assert len({entry.user for entry in entries}) == WRITERS
    result = app.test_cli_runner().invoke(args=["audit-verify"])
    assert result.exit_code == 0, result.output
    assert f"{WRITERS * EVENTS} entries checked" in result.output


def _entries(app, count: int = 5) -> list[int]:
    with app.app_context():
        for number in range(count):
            record_event(user="handlaggare1", action="view_record", subject=f"p{number}",
                         reason=f"ABCD-EFG{number}")
            database.session().commit()
        return list(database.session().scalars(select(AuditEntry.id).order_by(AuditEntry.id)))


def _by_hand(app, statement) -> None:
    """Change the log as someone with the database's own password could: past the trigger."""
    with app.extensions["db_engine"].begin() as connection:
        if connection.dialect.name == "sqlite":  # this test's own copy of the database
            connection.execute(text("DROP TRIGGER IF EXISTS audit_entry_append_only"))
            connection.execute(statement)
            return
        # The PostgreSQL database is emptied, not rebuilt, for the next test: enabled again.
        connection.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only"))
        connection.execute(statement)
        connection.execute(text("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only"))


def _verify(app) -> str:
    result = app.test_cli_runner().invoke(args=["audit-verify"])
    assert "Traceback" not in result.output
    assert result.exit_code == (0 if "is whole" in result.output else 1), result.output
    return result.output


def test_a_whole_log_is_reported_whole_with_its_newest_hash(any_db_app):
    ids = _entries(any_db_app)
    with any_db_app.app_context():
        newest = database.session().get(AuditEntry, ids[-1]).entry_hash
    output = _verify(any_db_app)
    assert "The audit log is whole: 5 entries checked" in output
    assert f"Newest hash: {newest}" in output


def test_an_entry_altered_by_hand_is_the_first_break_reported(any_db_app):
    app = any_db_app
    ids = _entries(app)
    _by_hand(app, update(AuditEntry).where(AuditEntry.id.in_([ids[2], ids[4]]))
             .values(reason="nothing to see"))
    output = _verify(app)
    assert f"breaks at entry {ids[2]} (of 5)" in output
    assert "do not match its hash" in output


def test_an_entry_rewritten_with_a_new_hash_breaks_the_link_of_the_next(any_db_app):
    app = any_db_app
    ids = _entries(app)
    with app.app_context():
        forged = database.session().get(AuditEntry, ids[1])
        forged.user = "someone else"
        new_hash = _entry_hash(forged)
        database.session().rollback()
    _by_hand(app, update(AuditEntry).where(AuditEntry.id == ids[1])
             .values(user="someone else", entry_hash=new_hash))
    output = _verify(app)
    assert f"breaks at entry {ids[2]} " in output and f"link to entry {ids[1]}" in output


def test_entries_removed_from_the_middle_or_the_end_are_found(any_db_app):
    app = any_db_app
    ids = _entries(app)
    _by_hand(app, delete(AuditEntry).where(AuditEntry.id == ids[-1]))
    assert "not the one the chain head names" in _verify(app)
    _by_hand(app, delete(AuditEntry).where(AuditEntry.id == ids[1]))
    assert f"breaks at entry {ids[2]} " in _verify(app)


def test_a_fork_written_before_appends_waited_is_named_as_one(any_db_app):
    app = any_db_app
    ids = _entries(app, 3)
    with app.app_context():
        first = database.session().get(AuditEntry, ids[0])
        twin = AuditEntry(at=first.at, user="u", unit="x", action="view_record", subject="s",
                          reason="", previous_hash=first.entry_hash)
        twin.entry_hash = _entry_hash(twin)
        database.session().add(twin)
        database.session().commit()
        report = verify_chain()
    assert report.first_break.entry_id == twin.id
    assert f"links to entry {ids[0]}" in report.first_break.why and "fork" in \
        report.first_break.why


def test_the_chain_goes_on_from_its_newest_entry_when_the_head_row_is_gone(any_db_app):
    app = any_db_app
    _entries(app, 2)
    with app.app_context():
        database.session().execute(text("DELETE FROM audit_chain_head"))
        database.session().commit()
    _entries(app, 2)
    assert "is whole: 4 entries checked" in _verify(app)


def test_an_empty_log_starts_from_the_genesis_hash(any_db_app):
    with any_db_app.app_context():
        entry = record_event(user="u", action="purge", subject="-")
        database.session().commit()
        assert entry.previous_hash == GENESIS


def test_the_upgrade_starts_the_head_at_the_newest_entry(any_db_app):
    from alembic import command

    from selfservice.cli import alembic_config, upgrade_database
    from selfservice.records.models import AuditChainHead

    app = any_db_app
    ids = _entries(app, 3)
    with app.app_context():
        with app.extensions["db_engine"].begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0022")
        upgrade_database()
        head = database.session().get(AuditChainHead, 1)
        assert head.entry_id == ids[-1]
    _entries(app, 1)
    assert "is whole: 4 entries checked" in _verify(app)
