"""Commands for administrators about staff accounts."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from selfservice import database
from selfservice.accounts import throttle
from selfservice.accounts.models import User
from selfservice.database import needs_database


@click.command("unlock-user")
@click.argument("username")
@with_appcontext
@needs_database
def unlock_user_command(username: str) -> None:
    """Let an account sign in again at once: forget its failed sign-ins from every address."""
    wanted = throttle.normalised_account(username)
    names = database.session().scalars(select(User.username)).all()
    found = [name for name in names if throttle.normalised_account(name) == wanted]
    if not found:
        raise click.ClickException(f"There is no user called {username.strip()!r}.")
    cleared = throttle.unlock(username)
    click.echo(f"{found[0]!r} can sign in again at once ({cleared} failure counts cleared).")
