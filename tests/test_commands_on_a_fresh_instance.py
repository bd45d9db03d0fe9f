"""Every command that needs the database says what to run first on a fresh instance (or one
from before the newest migration), never a traceback (the README's set-up contract)."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfservice import create_app
from selfservice.cli import alembic_config, upgrade_database

COMMANDS = [["stats-rebuild"], ["purge"], ["demo-data", "2"], ["rotate-keys"],
            ["export-pdf", "ABCD-EFGH", "out.pdf"],
            ["create-user", "hanna", "--role", "admin", "--password", "ett långt lösenord"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_fresh_instance_is_told_to_run_init_db(tmp_path: Path, command):
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance")})
    result = app.test_cli_runner().invoke(args=command)
    assert result.exit_code == 1, result.output
    assert "run `flask --app wsgi init-db` first" in result.output
    assert "Traceback" not in result.output


def test_an_older_database_is_told_to_upgrade(tmp_path: Path):
    from alembic import command

    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance")})
    with app.app_context():
        upgrade_database()
        with app.extensions["db_engine"].begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0013")
    result = app.test_cli_runner().invoke(args=["stats-rebuild"])
    assert result.exit_code == 1
    assert "is at migration 0013" in result.output and "init-db" in result.output
