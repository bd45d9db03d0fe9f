"""The PostgreSQL server that scripts/test.sh starts is there, so CI never runs without it."""

import os

import pytest
import sqlalchemy

URL_VAR = "SELFSERVICE_TEST_POSTGRES_URL"


@pytest.mark.postgresql
def test_postgres_server_is_reachable():
    url = os.environ.get(URL_VAR)
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {URL_VAR} is not set: run the suite with scripts/test.sh")
        pytest.skip(f"{URL_VAR} is not set (scripts/test.sh starts PostgreSQL and sets it)")

    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sqlalchemy.text("select 1")).scalar_one() == 1
            # Swedish and Arabic answers are stored in it.
            encoding = conn.execute(sqlalchemy.text("show server_encoding")).scalar_one()
            assert encoding == "UTF8"
    finally:
        engine.dispose()
