import os

import pytest
from sqlalchemy import text

from selfservice import database


def test_sqlite_runs_in_wal_mode_with_full_sync(app):
    with app.app_context():
        session = database.session()
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_init_db_command_is_repeatable(runner):
    first = runner.invoke(args=["init-db"])
    second = runner.invoke(args=["init-db"])
    assert first.exit_code == second.exit_code == 0
    assert "up to date" in second.output


def test_instance_folder_gets_generated_private_keys(app):
    from pathlib import Path

    instance = Path(app.config["INSTANCE_PATH"])
    assert (instance / "secret_key").stat().st_mode & 0o777 == 0o600
    assert (instance / "record_keys").stat().st_mode & 0o777 == 0o600


def test_migrations_build_exactly_the_models_tables_and_indexes(any_db_app):
    # Models and migrations are written apart; a difference would mean a fresh database
    # lacks an index (or a column) that the code relies on.
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with any_db_app.app_context():
        connection = database.session().connection()
        differences = compare_metadata(MigrationContext.configure(connection),
                                       database.Base.metadata)
    assert differences == []


def test_upgrading_an_sqlite_database_keeps_the_rows_that_hang_on_a_rebuilt_table(tmp_path):
    """SQLite cannot alter a column in place: a migration rebuilds the table (copy, drop,
    rename). With foreign keys on, dropping the old ``submission`` table cascaded to every
    adult and rating of every household – 100 000 households lost their people at 0017."""
    from alembic import command

    from selfservice import create_app
    from selfservice.cli import alembic_config, upgrade_database

    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "TESTING": True})
    with app.app_context():
        engine = app.extensions["db_engine"]
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "0016")  # before the urgent-needs column (0017)
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO submission (id, submission_id, reference_code, questionnaire, "
                "locale, answers, created_at, status) VALUES (1, 's1', 'ABCD-2345', "
                "'instrument_x_part1', 'sv', x'00', '2026-12-01 10:00:00', 'new')"))
            connection.execute(text(
                "INSERT INTO submission_person (id, submission_pk, position) VALUES (1, 1, 1)"))
        upgrade_database()
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM submission_person")).scalar() \
                == 1
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        engine.dispose()


def _modes(folder) -> dict[str, int]:
    return {path.name: path.stat().st_mode & 0o777 for path in folder.glob("selfservice.sqlite3*")}


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_the_database_and_its_wal_and_shm_are_readable_by_their_owner_only(tmp_path, umask):
    from selfservice import create_app
    from selfservice.cli import upgrade_database

    folder = tmp_path / "instance"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)  # a folder anyone may read: the files must still be private
    kept = os.umask(umask)
    try:
        app = create_app({"INSTANCE_PATH": str(folder)})
        with app.app_context():
            upgrade_database()
            database.session().execute(text("CREATE TABLE scratch (x)"))
            database.session().commit()
            assert set(_modes(folder)) == {"selfservice.sqlite3", "selfservice.sqlite3-wal",
                                           "selfservice.sqlite3-shm"}
            assert set(_modes(folder).values()) == {0o600}
        app.extensions["db_engine"].dispose()
    finally:
        os.umask(kept)


def test_a_database_made_readable_before_is_made_private_at_start(tmp_path):
    from selfservice import create_app

    folder = tmp_path / "instance"
    app = create_app({"INSTANCE_PATH": str(folder)})
    with app.app_context():
        database.session().execute(text("CREATE TABLE scratch (x)"))
        database.session().commit()
        for path in folder.glob("selfservice.sqlite3*"):
            path.chmod(0o644)
        restarted = create_app({"INSTANCE_PATH": str(folder)})
        assert set(_modes(folder).values()) == {0o600}
        restarted.extensions["db_engine"].dispose()
    app.extensions["db_engine"].dispose()


# database.read_one: a draft read with Core, as every applicant page reads it, must behave as
# one the ORM loaded: its changes written by the next commit, one instance per row.

def _new_draft(app):
    from selfservice.intake import services

    with app.app_context():
        draft, _code, _holder = services.start_draft(locale="sv")
        return draft.id


def test_a_draft_read_before_the_session_existed_is_saved_by_its_next_commit(any_db_app):
    from selfservice.intake import services

    draft_id = _new_draft(any_db_app)
    with any_db_app.app_context():
        draft = services.find_draft(draft_id)
        assert "db_session" not in database.g  # read without the ORM session
        draft.locale = "fi"
        database.session().commit()
    with any_db_app.app_context():
        assert database.session().execute(
            text("SELECT locale FROM draft WHERE id = :id"), {"id": draft_id}).scalar() == "fi"


def test_a_draft_read_once_a_session_exists_belongs_to_it(any_db_app):
    from selfservice.intake import services

    draft_id = _new_draft(any_db_app)
    with any_db_app.app_context():
        db_session = database.session()
        draft = services.find_draft(draft_id)
        assert draft in db_session
        assert draft.locale == "sv" and not db_session.is_modified(draft)
        draft.locale = "ar"
        db_session.commit()
        assert services.find_draft(draft_id) is draft
    with any_db_app.app_context():
        assert services.find_draft(draft_id).locale == "ar"


def test_a_row_read_twice_is_one_instance_before_and_after_the_session(any_db_app):
    from selfservice.intake import services

    draft_id = _new_draft(any_db_app)
    with any_db_app.app_context():
        first = services.find_draft(draft_id)
        assert services.find_draft(draft_id) is first
        assert database.session().get(type(first), draft_id) is first
        assert services.find_draft("0" * 32) is None


def test_a_draft_read_plainly_has_the_values_and_types_the_orm_loads(any_db_app):
    # The plain read converts each column as the dialect does (SQLite keeps times as text,
    # PostgreSQL's bytea may come as a memoryview): compared with what the ORM itself loads.
    from selfservice.intake import services
    from selfservice.intake.models import Draft

    names = [name for name, _column in Draft.__mapper__.columns.items()]
    draft_id = _new_draft(any_db_app)
    with any_db_app.app_context():
        draft = services.find_draft(draft_id)
        services.save_step(draft=draft, step_key="urgent", values={"urgent": ["none"]},
                           locale="fi")
    with any_db_app.app_context():
        plain = services.find_draft(draft_id)
        plain_values = {name: getattr(plain, name) for name in names}
    with any_db_app.app_context():
        loaded = database.session().get(Draft, draft_id)
        orm_values = {name: getattr(loaded, name) for name in names}
    assert plain_values == orm_values
    assert {name: type(value) for name, value in plain_values.items()} == \
        {name: type(value) for name, value in orm_values.items()}
    assert isinstance(plain_values["answers"], bytes)
    assert plain_values["locale"] == "fi"
    assert plain_values["expires_at"] > plain_values["created_at"]
