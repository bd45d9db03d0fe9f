"""Flask CLI commands for operators: ``flask --app wsgi init-db`` and friends."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click
from alembic import command
from alembic.config import Config
from flask import Flask, current_app
from flask.cli import ScriptInfo, with_appcontext
from flask_limiter.commands import cli as limiter_commands
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from selfservice import database
from selfservice.accounts import second_factor
from selfservice.accounts.auth import create_user
from selfservice.accounts.models import ROLES, User
from selfservice.catalogues import catalogue_problems, update_catalogues
from selfservice.config import PROJECT_ROOT
from selfservice.database import needs_database, schema_problem
from selfservice.keys import KeyFileError
from selfservice.operations.retention import DEFAULT_AUDIT_RETENTION_DAYS, purge
from selfservice.operations.rotation import rotate_keys
from selfservice.records.audit import record_event, verify_chain
from selfservice.records.key_check import verify_keys


def alembic_config() -> Config:
    """Return an Alembic configuration pointed at this app's database."""
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url",
                           current_app.config["DATABASE_URL"].replace("%", "%%"))
    return config


def upgrade_database() -> None:
    """Bring the database schema to the newest migration.

    SQLite cannot alter a column in place, so a migration rebuilds the table: copy, drop
    the old one, rename. With foreign keys on, dropping the old table cascades to every row
    that refers to it (all the adults and ratings of every household), so they are off while
    migrating – SQLite's own advice for rebuilding a table – and every reference is checked
    before the migration is committed.
    """
    with current_app.extensions["db_engine"].connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Only takes effect outside a transaction: end the one SQLAlchemy began.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                config = alembic_config()
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all() \
                    if sqlite else []
                if broken:
                    raise RuntimeError(f"The migration left {len(broken)} broken references "
                                       f"(first: {tuple(broken[0])}).")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()
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


@click.command("rotate-keys")
@click.option("--no-new-keys", is_flag=True,
              help="Only re-seal under the newest keys already loaded (keys from environment).")
@click.option("--batch-size", default=50, show_default=True, help="Rows per transaction.")
@with_appcontext
@needs_database
def rotate_keys_command(no_new_keys: bool, batch_size: int) -> None:
    """Add new key versions and re-seal every sealed value; safe to run again if stopped."""
    try:
        report = rotate_keys(new_keys=not no_new_keys, batch_size=batch_size)
    except KeyFileError as error:
        raise click.ClickException(str(error)) from None
    for purpose, version in report.new_versions.items():
        click.echo(f"New {purpose} key version {version}.")
    click.echo(f"Re-sealed {report.drafts} drafts, {report.records} records, "
               f"{report.ratings} caseworker justifications, {report.readings} follow-up "
               f"readings and {report.second_factors} staff TOTP secrets; "
               f"{report.remaining} still under old keys.")
    if report.remaining == 0:
        click.echo("Old key versions are no longer used by any row; they may be removed from "
                   "the key files once backups made under them have expired.")


@click.command("purge")
@with_appcontext
@needs_database
def purge_command() -> None:
    """Delete expired drafts and records past their retention time; prints counts."""
    report = purge()
    click.echo(f"Deleted {report.drafts} expired drafts, {report.records} records, "
               f"{report.audit_entries} audit entries and {report.feedback_comments} comments "
               "after sending.")
    if report.audit_retention_days < DEFAULT_AUDIT_RETENTION_DAYS:
        click.echo(f"Warning: audit retention is {report.audit_retention_days} days, shorter "
                   f"than the default {DEFAULT_AUDIT_RETENTION_DAYS} (five years).", err=True)


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="caseworker", show_default=True)
@click.option("--name", "display_name", help="Name shown in the interface and audit log.")
@click.option("--password", help="At least 12 characters; asked for when not given.")
@with_appcontext
@needs_database
def create_user_command(username: str, role: str, display_name: str | None,
                        password: str | None) -> None:
    """Add a caseworker or administrator account."""
    if password is None:
        # Asked here, not by the option: on a fresh instance the operator hears first that the
        # database is missing, before typing a password twice for nothing.
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 12:
        raise click.ClickException("The password must have at least 12 characters.")
    try:
        create_user(username=username, display_name=display_name or username,
                    password=password, role=role)
    except IntegrityError:
        raise click.ClickException(f"There is already a user called {username!r}.") from None
    click.echo(f"Created {role} {username!r}.")


@click.command("reset-2fa")
@click.argument("username")
@with_appcontext
@needs_database
def reset_second_factor_command(username: str) -> None:
    """Forget a user's second factor (a lost phone): they enrol again at next sign-in."""
    user = database.session().scalars(select(User).where(User.username == username)).first()
    if user is None:
        raise click.ClickException(f"There is no user called {username!r}.")
    second_factor.reset(user)
    record_event(user="flask reset-2fa", action=second_factor.RESET_ACTION,
                 subject=f"user:{username}")
    database.session().commit()
    click.echo(f"{username!r} sets up a new second factor at their next sign-in.")


@click.command("audit-verify")
@with_appcontext
@needs_database
def audit_verify_command() -> None:
    """Check the audit log's hash chain; report the first entry where it breaks."""
    report = verify_chain()
    found = report.first_break
    if found is None:
        counted = "1 entry" if report.entries == 1 else f"{report.entries} entries"
        click.echo(f"The audit log is whole: {counted} checked, every hash and link holds. "
                   f"Newest hash: {report.newest_hash}")
        return
    raise click.ClickException(f"The audit log breaks at entry {found.entry_id} (of "
                               f"{report.entries}): {found.why}.")


def _database_checked(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Flask-Limiter's own commands read the counters, which live in the database: on a fresh
    instance they say to run init-db first instead of failing with a traceback."""
    @functools.wraps(callback)
    def checked(*args: Any, **kwargs: Any) -> Any:
        with click.get_current_context().ensure_object(ScriptInfo).load_app().app_context():
            problem = schema_problem()
        if problem:
            raise click.ClickException(problem)
        return callback(*args, **kwargs)
    checked.database_checked = True  # type: ignore[attr-defined]
    return checked


def init_app(app: Flask) -> None:
    for limiter_command in limiter_commands.commands.values():
        callback = limiter_command.callback
        if callback and not getattr(callback, "database_checked", False):
            limiter_command.callback = _database_checked(callback)
    app.cli.add_command(reset_second_factor_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(rotate_keys_command)
    app.cli.add_command(purge_command)
    app.cli.add_command(audit_verify_command)
    app.cli.add_command(init_db_command)
    app.cli.add_command(translations_check_command)
    app.cli.add_command(translations_update_command)
