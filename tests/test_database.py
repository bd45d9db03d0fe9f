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
