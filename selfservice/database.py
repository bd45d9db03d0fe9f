"""The SQLAlchemy engine and the per-request session, without a Flask-specific wrapper."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import click
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app, g
from sqlalchemy import Engine, Select, create_engine, event, make_url
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session, make_transient_to_detached, sessionmaker

from selfservice.config import PROJECT_ROOT

logger = logging.getLogger(__name__)


class Base(DeclarativeBase):
    pass


M = TypeVar("M", bound=Base)


def utcnow() -> datetime:
    """Return naive UTC now; every stored time is naive UTC so SQLite and PostgreSQL agree."""
    return datetime.now(UTC).replace(tzinfo=None)


def _harden_sqlite(dbapi_connection, _record) -> None:
    # WAL with synchronous=FULL: an acknowledged step survives a power cut or a killed worker.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted rows are overwritten with zeros, so purged personal data leaves the file.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _private_sqlite_files(url: str) -> None:
    """Create the SQLite file readable by its owner only, and tighten one made earlier.

    The file holds sealed answers but also pseudonyms, the audit log and staff accounts, so no
    other account on the machine may read it, whatever the umask or the folder's mode. SQLite
    gives its -wal and -shm files the mode of the database file, so those follow.
    """
    path = make_url(url).database
    if not path or path == ":memory:" or path.startswith("file:") \
            or not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        return  # in memory, a URI, or a folder that is missing: SQLite itself says so
    with contextlib.suppress(FileExistsError):  # another process may have made it just now
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
    for name in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        try:
            os.chmod(name, 0o600)
        except FileNotFoundError:
            pass
        except PermissionError:
            logger.warning("Could not make %s readable by its owner only: another account "
                           "owns it.", name)


def make_engine(url: str) -> Engine:
    """Create the engine for ``url`` with the durability settings the service relies on."""
    if url.startswith("sqlite"):
        _private_sqlite_files(url)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _harden_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True)


def insert_for(bind: Engine | Session) -> Callable[..., Any]:
    """Return the INSERT of the bind's dialect, which offers ON CONFLICT (an upsert)."""
    name = (bind.get_bind() if isinstance(bind, Session) else bind).dialect.name
    return {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[name]


def init_app(app: Flask) -> None:
    """Bind an engine and session factory to ``app`` and close sessions after each request."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["db_engine"] = engine
    app.extensions["db_sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def session() -> Session:
    """Return this request's (or CLI command's) database session."""
    if "db_session" not in g:
        db_session = current_app.extensions["db_sessionmaker"]()
        # What read_one read before there was a session belongs to this one from now on.
        db_session.add_all(g.pop("db_read_before", {}).values())
        g.db_session = db_session
    return g.db_session


class _PlainRead:
    """A Core select made ready to run on a DBAPI connection from the engine's pool.

    Core's execution path (connection object, events, execution context, result object)
    costs ten times what SQLite takes to find the row; this one statement runs on every
    applicant page, so it keeps what Core would work out each time: the SQL for the engine's
    dialect, the order of its parameters, and each column's result conversion (SQLite keeps
    times as text, for one).
    """

    def __init__(self, statement: Select, engine: Engine) -> None:
        compiled = statement.compile(dialect=engine.dialect)
        self.sql = str(compiled)
        self.positions = compiled.positiontup if compiled.positional else None
        self.columns = [column.key for column in statement.selected_columns]
        self.converters = [column.type.dialect_impl(engine.dialect)
                           .result_processor(engine.dialect, None)
                           for column in statement.selected_columns]
        self.engine = engine

    def one_or_none(self, params: dict[str, Any]) -> dict[str, Any] | None:
        """Return the row as column name to value, or None; the parameters are the
        application's own (an id from the signed session), not an applicant's input."""
        values = tuple(params[name] for name in self.positions) \
            if self.positions is not None else params
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(self.sql, values)
            row = cursor.fetchone()
            cursor.close()
        finally:
            connection.close()  # back to the pool, which rolls back what was begun
        if row is None:
            return None
        return {name: convert(value) if convert is not None else value
                for name, convert, value in zip(self.columns, self.converters, row,
                                                strict=True)}


def read_one(model: type[M], statement: Select, params: dict[str, Any]) -> M | None:
    """Return the one ``model`` row that ``statement`` (a Core select of the columns of
    ``model``'s table) finds, as an instance of this request's session, or None.

    Why not the ORM's own query: most applicant pages only read their draft, and the ORM's way
    (its query compiled for the ORM, the session and its transaction begun and closed, the
    instance built through its loaders) took a sixth of a step, ten times what the database
    needs. The row is read on a pooled connection of its own (``_PlainRead``) and the instance
    made as the ORM's loader makes one; it joins the request's session (``session()``) as soon
    as there is one, so a change to it is written by the next commit like a change to any
    loaded instance. An instance the request already has is returned as it is, as the ORM
    would.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    reads = app.extensions.setdefault("db_plain_reads", {})
    plain = reads.get(statement)
    if plain is None:
        plain = reads[statement] = _PlainRead(statement, app.extensions["db_engine"])
    row = plain.one_or_none(params)
    if row is None:
        return None
    mapper = model.__mapper__
    key = mapper.identity_key_from_primary_key([row[column.key] for column in mapper.primary_key])
    app_globals = g._get_current_object()  # type: ignore[attr-defined]
    db_session = getattr(app_globals, "db_session", None)
    if db_session is not None:
        present = db_session.identity_map.get(key)
    else:
        read_before = app_globals.__dict__.setdefault("db_read_before", {})
        present = read_before.get(key)
    if present is not None:
        return present
    # The values go straight into the instance's dict, as the ORM's loader puts them (its
    # constructor would record each as a change), and the instance is then marked loaded.
    instance = mapper.class_manager.new_instance()
    instance.__dict__.update(
        {name: row[column.key] for name, column in mapper.columns.items()})
    make_transient_to_detached(instance)
    if db_session is not None:
        db_session.add(instance)
    else:
        read_before[key] = instance
    return instance


def _close_session(_exc: BaseException | None) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()


def schema_problem() -> str | None:
    """Say what to run first when the database is not at the newest migration, else None."""
    with current_app.extensions["db_engine"].connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    head = ScriptDirectory(str(PROJECT_ROOT / "migrations")).get_current_head()
    if current is None:
        return "The database has no tables yet: run `flask --app wsgi init-db` first."
    if current != head:
        return (f"The database is at migration {current} and this code needs {head}: "
                "run `flask --app wsgi init-db` first.")
    return None


def needs_database(command: Callable[..., Any]) -> Callable[..., Any]:
    """For a command that reads or writes the database: on a fresh or older database it says
    what to run first instead of failing with a traceback."""
    @functools.wraps(command)
    def checked(*args: Any, **kwargs: Any) -> Any:
        problem = schema_problem()
        if problem:
            raise click.ClickException(problem)
        return command(*args, **kwargs)
    return checked
