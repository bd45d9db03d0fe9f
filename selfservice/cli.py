"""Flask CLI commands for operators: ``flask --app wsgi init-db`` and friends."""

from __future__ import annotations

import click
from alembic import command
from alembic.config import Config
from flask import Flask, current_app
from flask.cli import with_appcontext

from selfservice.config import PROJECT_ROOT


def alembic_config() -> Config:
    """Return an Alembic configuration pointed at this app's database."""
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url",
                           current_app.config["DATABASE_URL"].replace("%", "%%"))
    return config


def upgrade_database() -> None:
    """Bring the database schema to the newest migration."""
    with current_app.extensions["db_engine"].begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database tables."""
    upgrade_database()
    click.echo("Database is up to date.")


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db_command)
