"""Shared fixtures: an app on a clean database for every test, and a journey helper."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import create_engine, text

from selfservice import create_app
from selfservice.cli import upgrade_database

POSTGRES_URL = os.environ.get("SELFSERVICE_TEST_POSTGRES_URL")


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def make_app(tmp_path: Path, database: str = "sqlite", **overrides) -> Flask:
    """Create an app with its own instance folder and an empty, migrated database."""
    config = {"INSTANCE_PATH": str(tmp_path / "instance"), "TESTING": True, **overrides}
    if database == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("PostgreSQL is provided by scripts/test.sh")
        _reset_postgres(POSTGRES_URL)
        config["DATABASE_URL"] = POSTGRES_URL
    app = create_app(config)
    with app.app_context():
        upgrade_database()
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
        if "caseworker" not in (self.soup.body.get("class") or []):
            assert self.soup.select_one("[data-quick-exit]"), "quick exit on every applicant page"


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
