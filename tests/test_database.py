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
