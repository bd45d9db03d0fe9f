"""Every command `flask --app wsgi` offers, run on a fresh instance folder, works or says
what to run first (or what is wrong), never a traceback (the README's set-up contract).

The commands are listed from the CLI itself (the app's, Flask's and its extensions'), so a
command added later is covered without touching this file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from flask import Flask
from flask.cli import FlaskGroup

from selfservice import create_app
from selfservice.cli import alembic_config, upgrade_database

ROOT = Path(__file__).resolve().parents[1]
INIT_FIRST = "run `flask --app wsgi init-db` first"
# Not run here, each for its reason: `run` serves until stopped (tests/test_processes.py
# serves the app with gunicorn); `translations-update` rewrites the repository's catalogues,
# not the instance (`translations-check`, run here, checks what it leaves).
NOT_RUN = {("run",), ("translations-update",)}
PASSWORD = "ett långt lösenord"
# What an operator answers when a command asks: yes to "are you sure?", a password twice.
ANSWERS = ("y\n", f"{PASSWORD}\n{PASSWORD}\n")
Command = tuple[tuple[str, ...], click.Command]


def _flask_cli(app: Flask) -> FlaskGroup:
    """The group `flask --app wsgi` shows: the app's commands, Flask's and its plugins'."""
    return FlaskGroup(create_app=lambda: app, load_dotenv=False, set_debug_flag=False)


def _leaves(group: click.Group, ctx: click.Context, path: tuple[str, ...] = ()
            ) -> Iterator[Command]:
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            with click.Context(command, parent=ctx) as inner:
                yield from _leaves(command, inner, (*path, name))
        elif (*path, name) not in NOT_RUN:
            yield (*path, name), command


def every_command(app: Flask) -> list[Command]:
    """Every command `flask --app wsgi` runs, groups' subcommands included."""
    cli = _flask_cli(app)
    # Looking commands up pushes an app context, which the context's end pops again.
    with click.Context(cli) as ctx:
        return list(_leaves(cli, ctx))


def _sample(param: click.Parameter, tmp_path: Path) -> str:
    """A value a person would give: a number, a file to write, a password, or a code."""
    if isinstance(param.type, click.Choice):
        return str(param.type.choices[0])
    if isinstance(param.type, click.types.IntParamType):
        return "2"
    if isinstance(param.type, click.Path):
        return str(tmp_path / f"{param.name}.out")
    if getattr(param, "hide_input", False):
        return PASSWORD
    return "ABCD-EFGH"


def arguments(command: click.Command, tmp_path: Path) -> list[str]:
    """Arguments for every parameter that is required or would be asked for at a prompt."""
    args: list[str] = []
    for param in command.params:
        if isinstance(param, click.Argument) and param.required:
            args.append(_sample(param, tmp_path))
        elif isinstance(param, click.Option) and (param.required or param.prompt):
            args.append(param.opts[0])
            if not param.is_flag:
                args.append(_sample(param, tmp_path))
    return args


def _fresh_app(folder: Path, **config) -> Flask:
    return create_app({"INSTANCE_PATH": str(folder), **config})


def _problems(app: Flask, path: tuple[str, ...], command: click.Command, tmp_path: Path,
              *, migrated: bool) -> list[str]:
    args = [*path, *arguments(command, tmp_path)]
    result = app.test_cli_runner().invoke(_flask_cli(app), args, input="")
    for answer in ANSWERS:  # a command that asked something gets what an operator types
        if not result.output.rstrip().endswith("Aborted!"):
            break
        result = app.test_cli_runner().invoke(_flask_cli(app), args, input=answer)
    shown = f"flask {' '.join(args)}: exit {result.exit_code}: {result.output.strip()[-300:]}"
    problems = []
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        problems.append(f"{shown} raised {result.exception!r}")
    if "Traceback" in result.output:
        problems.append(f"{shown} printed a traceback")
    if result.exit_code and not migrated and INIT_FIRST not in result.output:
        problems.append(f"{shown} did not say what to run first")
    if result.exit_code and migrated and "Error:" not in result.output:
        problems.append(f"{shown} failed without saying why")
    return problems


def test_every_command_works_or_says_what_to_run_first_on_a_fresh_instance(tmp_path: Path):
    listing = _fresh_app(tmp_path / "listing")
    commands = every_command(listing)
    listing.extensions["db_engine"].dispose()
    names = {" ".join(path) for path, _command in commands}
    assert {"init-db", "demo-data", "audit-verify", "routes", "limiter clear"} <= names
    problems: list[str] = []
    for path, command in commands:
        app = _fresh_app(tmp_path / "-".join(path))
        problems += _problems(app, path, command, tmp_path, migrated=False)
        app.extensions["db_engine"].dispose()
    assert problems == []


def test_after_init_db_every_command_works_or_says_what_is_wrong(tmp_path: Path):
    app = _fresh_app(tmp_path / "instance")
    assert app.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
    problems: list[str] = []
    for path, command in every_command(app):
        problems += _problems(app, path, command, tmp_path, migrated=True)
    assert problems == []
    app.extensions["db_engine"].dispose()


def test_create_user_on_a_fresh_instance_says_so_before_asking_for_a_password(tmp_path: Path):
    app = _fresh_app(tmp_path / "instance")
    result = app.test_cli_runner().invoke(args=["create-user", "hanna"], input="")
    assert result.exit_code == 1 and INIT_FIRST in result.output
    assert "Password" not in result.output, "no password is asked for before it can be kept"


@pytest.mark.timeout(120)
def test_demo_data_before_init_db_as_an_operator_types_it(tmp_path: Path):
    flask = Path(sys.executable).with_name("flask")
    env = {**os.environ, "SELFSERVICE_INSTANCE_PATH": str(tmp_path / "instance")}
    result = subprocess.run([str(flask), "--app", "wsgi", "demo-data", "30"], cwd=ROOT,
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: The database has no tables yet: {INIT_FIRST}."
    assert result.stdout == ""


def test_an_older_database_is_told_to_upgrade(tmp_path: Path):
    from alembic import command

    app = _fresh_app(tmp_path / "instance")
    with app.app_context():
        upgrade_database()
        with app.extensions["db_engine"].begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0013")
    result = app.test_cli_runner().invoke(args=["stats-rebuild"])
    assert result.exit_code == 1
    assert "is at migration 0013" in result.output and "init-db" in result.output
