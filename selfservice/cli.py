"""Flask CLI commands for operators: ``flask --app wsgi init-db`` and friends."""

from __future__ import annotations

import click
from alembic import command
from alembic.config import Config
from flask import Flask, current_app
from flask.cli import with_appcontext

from selfservice.catalogues import catalogue_problems, update_catalogues
from selfservice.config import PROJECT_ROOT
from selfservice.records.key_check import verify_keys


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
    verify_keys(current_app.extensions["db_engine"], current_app.extensions["keys"])


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database tables."""
    upgrade_database()
    click.echo("Database is up to date.")


@click.command("translations-check")
def translations_check_command() -> None:
    """Fail if any catalogue is incomplete, fuzzy, obsolete, stale or not compiled."""
    problems = catalogue_problems()
    for problem in problems:
        click.echo(problem)
    if problems:
        raise click.ClickException(f"{len(problems)} problems in the translation catalogues.")
    click.echo("All catalogues are complete and compiled.")


@click.command("translations-update")
def translations_update_command() -> None:
    """Extract texts from code, templates and forms; merge into catalogues; compile."""
    update_catalogues()
    click.echo("Catalogues updated. Translate the new entries, then run translations-check.")


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db_command)
    app.cli.add_command(translations_check_command)
    app.cli.add_command(translations_update_command)
