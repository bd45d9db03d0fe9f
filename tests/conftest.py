"""Shared fixtures: an app on a clean database for every test, and a journey helper."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import create_engine, make_url, text

from selfservice import create_app
from selfservice.cli import upgrade_database
from selfservice.documents.renderer import Renderer


def _postgres_url_of_this_worker() -> str | None:
    """Return the scratch PostgreSQL database of this test process.

    With pytest-xdist each worker gets a database of its own next to the given one
    (``selfservice_test_gw1``), created on first use, so that workers never empty each
    other's tables.
    """
    url = os.environ.get("SELFSERVICE_TEST_POSTGRES_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    given = make_url(url)
    own = given.set(database=f"{given.database}_{worker}")
    admin = create_engine(given, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                    {"name": own.database}).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    admin.dispose()
    return own.render_as_string(hide_password=False)


POSTGRES_URL = _postgres_url_of_this_worker()

# Migrating a database takes longer than most tests, so each test session migrates once and
# every test starts from a copy: on SQLite a copy of a migrated instance folder (database and
# keys), on PostgreSQL the migrated schema emptied of rows. Each test still has a database of
# its own that commits for real, which the crash, multi-process and audit-chain tests need and
# a rolled-back outer transaction could not give them.
_TEMPLATE: dict[str, Path] = {}
_POSTGRES_MIGRATED = {"head": False}
# Settings that change the database or the keys: an app with these starts from nothing.
_OWN_DATABASE = ("INSTANCE_PATH", "DATABASE_URL", "SECRET_KEY_FILE", "RECORD_KEY_FILE",
                 "IDENTITY_KEY_FILE", "PSEUDONYM_KEY_FILE", "RECORD_KEYS", "IDENTITY_KEYS",
                 "PSEUDONYM_KEYS", "FORMS_PATH", "QUESTIONNAIRE")


@pytest.fixture(scope="session", autouse=True)
def _template_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    _TEMPLATE["root"] = tmp_path_factory.mktemp("template")
    yield
    _TEMPLATE.clear()


def _template_instance() -> Path | None:
    """Return an instance folder with generated keys and a migrated SQLite database."""
    if "instance" not in _TEMPLATE:
        if "root" not in _TEMPLATE:
            return None
        folder = _TEMPLATE["root"] / "instance"
        app = create_app({"INSTANCE_PATH": str(folder), "TESTING": True})
        with app.app_context():
            upgrade_database()
        app.extensions["db_engine"].dispose()  # the last close checkpoints the WAL
        _TEMPLATE["instance"] = folder
    return _TEMPLATE["instance"]


@cache
def _shared_renderer() -> Renderer:
    return Renderer()


def _reset_postgres(url: str) -> None:
    """Drop everything in the scratch database (the next app migrates it again)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    _POSTGRES_MIGRATED["head"] = False


def _empty_postgres(url: str) -> None:
    """Delete every row of the migrated schema, keeping the tables and Alembic's version."""
    engine = create_engine(url)
    with engine.begin() as connection:
        tables = connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'")).scalars().all()
        if tables:
            names = ", ".join(f'"{name}"' for name in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


def make_app(tmp_path: Path, database: str = "sqlite", **overrides) -> Flask:
    """Create an app with its own instance folder and an empty, migrated database."""
    instance = tmp_path / "instance"
    # Staff sign in with a password alone here; tests/test_second_factor.py turns the second
    # factor (on by default) back on and signs in with it.
    config = {"INSTANCE_PATH": str(instance), "TESTING": True, "STAFF_SECOND_FACTOR": False,
              **overrides}
    template = None if set(overrides) & set(_OWN_DATABASE) else _template_instance()
    copied = template is not None and not instance.exists()
    if copied:
        shutil.copytree(template, instance)
    needs_migration = not copied
    if database == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("PostgreSQL is provided by scripts/test.sh")
        needs_migration = not _POSTGRES_MIGRATED["head"]
        if needs_migration:
            _reset_postgres(POSTGRES_URL)
        else:
            _empty_postgres(POSTGRES_URL)
        config["DATABASE_URL"] = POSTGRES_URL
    app = create_app(config)
    if "PDF_RENDER_SECONDS" not in overrides:
        # One PDF worker process for the whole session instead of one per test's app.
        app.extensions["pdf_renderer"] = _shared_renderer()
    if needs_migration:
        with app.app_context():
            upgrade_database()
        _POSTGRES_MIGRATED["head"] = database == "postgresql" or _POSTGRES_MIGRATED["head"]
    return app


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path)
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def any_db_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """The app on SQLite and, in the full suite, on the real PostgreSQL server."""
    app = make_app(tmp_path, request.param)
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="session")
def shared_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One app for tests that read but never write the database (unit tests)."""
    app = make_app(tmp_path_factory.mktemp("shared"))
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture
def client(app: Flask):
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


class Page:
    """A parsed HTML response with the checks every page must pass."""

    def __init__(self, response) -> None:
        self.response = response
        self.soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")

    @property
    def h1(self) -> str:
        return self.soup.select_one("h1").get_text(" ", strip=True)

    @property
    def errors(self) -> list[str]:
        return [e.get_text(" ", strip=True).removeprefix("Fel: ")
                for e in self.soup.select(".error-message")]

    @property
    def csrf_token(self) -> str:
        return self.soup.select_one("input[name=csrf_token]")["value"]

    def check_structure(self) -> None:
        assert len(self.soup.select("h1")) == 1
        assert self.soup.html["lang"]
        ids = [tag["id"] for tag in self.soup.select("[id]")]
        assert len(ids) == len(set(ids)), "ids must be unique"
        for field in self.soup.select("input:not([type=hidden]), textarea, select"):
            assert self.soup.select_one(f"label[for='{field['id']}']"), field
        for form in self.soup.select("form[method=post]"):
            assert form.select_one("input[name=csrf_token]"), "every form carries a CSRF token"
        # A translation marks Swedish terms with <span lang="sv">: inside an attribute that
        # markup would end the attribute and spill onto the page. (A value a person typed may
        # hold "<": only the attributes that carry the page's own words are checked for it.)
        for tag in self.soup.find_all(True):
            for name, value in tag.attrs.items():
                text = " ".join(value) if isinstance(value, list) else value
                assert re.fullmatch(r"[a-z][a-z0-9:_.-]*", name), \
                    f"a broken attribute of <{tag.name}>: {name}={text!r}"
                assert name not in TEXT_ATTRIBUTES or "<" not in text, \
                    f"markup in an attribute of <{tag.name}>: {name}={text!r}"
        if "caseworker" not in (self.soup.body.get("class") or []):
            assert self.soup.select_one("[data-quick-exit]"), "quick exit on every applicant page"


TEXT_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "data-incomplete", "content"}


def page(response) -> Page:
    parsed = Page(response)
    parsed.check_structure()
    return parsed


def without_lang(url: str) -> str:
    """Drop the language parameter every link carries, to compare where links lead."""
    parts = urlsplit(url)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "lang"])
    return urlunsplit(("", "", parts.path, query, parts.fragment))


def location(response) -> str:
    return without_lang(response.headers["Location"])


def sign_in(app: Flask, *, role: str = "caseworker", username: str | None = None):
    """Return a test client signed in as a new user with ``role``."""
    from selfservice.accounts.auth import create_user

    username = username or f"{role}-{os.urandom(3).hex()}"
    with app.app_context():
        create_user(username=username, display_name=f"Test {role}", password="rätt lösenord 123",
                    role=role)
    client = app.test_client()
    form = Page(client.get("/caseworker/sign-in"))
    response = client.post("/caseworker/sign-in", data={
        "username": username, "password": "rätt lösenord 123", "csrf_token": form.csrf_token})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


@pytest.fixture
def login(app: Flask):
    """``login(role="admin")`` gives a client signed in with that role."""
    return lambda role="caseworker", **kwargs: sign_in(app, role=role, **kwargs)
