"""Two app processes: applicants and caseworkers move freely between them on one PostgreSQL,
and rate-limit counters hold across them, in the database by default or in Redis."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.builders import household_inputs
from tests.conftest import POSTGRES_URL, _reset_postgres
from tests.live import ROOT, TOKEN, Browserless, Server


def _flask(env: dict, *args: str, input_text: str | None = None) -> None:
    flask = Path(sys.executable).with_name("flask")
    subprocess.run([str(flask), "--app", "wsgi", *args], cwd=ROOT, env=env, check=True,
                   capture_output=True, input=input_text, text=True)


@pytest.mark.postgresql
@pytest.mark.timeout(180)
def test_an_applicant_and_a_caseworker_move_between_two_processes(tmp_path):
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL is provided by scripts/test.sh")
    _reset_postgres(POSTGRES_URL)
    env = {"SELFSERVICE_INSTANCE_PATH": str(tmp_path / "instance"),
           "SELFSERVICE_DATABASE_URL": POSTGRES_URL}
    full_env = {**os.environ, **env}
    _flask(full_env, "init-db")
    _flask(full_env, "create-user", "kim", "--name", "Kim", "--password", "ett långt lösenord")
    first, second = Server(env, workers=1).start(), Server(env, workers=1).start()
    try:
        applicant = Browserless(first.url)
        _, html, _ = applicant.get("/")
        applicant.post("/start", {"consent": "y", "csrf_token": TOKEN.search(html).group(1)})
        status, _, _ = applicant.post_form("/apply/urgent", {"urgent_needs": "none"})
        assert status == 302
        household = household_inputs(adults=1, children=0)["household"]
        status, _, _ = applicant.post_form("/apply/household", household)
        assert status == 302
        applicant.base = second.url  # the load balancer sends the next request elsewhere
        status, html, _ = applicant.get("/tasks")
        assert status == 200 and "tag--done" in html
        status, html, _ = applicant.get("/apply/household")
        chosen = BeautifulSoup(html, "html.parser").select_one("input[name=applying][checked]")
        assert chosen["value"] == "alone", "the answer saved through the first process is here"

        caseworker = Browserless(first.url)
        status, _, location = caseworker.post_form(
            "/caseworker/sign-in", {"username": "kim", "password": "ett långt lösenord"})
        assert status == 302
        caseworker.base = second.url
        status, html, _ = caseworker.get("/caseworker/")
        assert status == 200 and "Inkomna ansökningar" in html
        _, html, _ = caseworker.get("/caseworker/")
        token = TOKEN.search(html).group(1)
        caseworker.post("/caseworker/sign-out", {"csrf_token": token})
        caseworker.base = first.url
        status, _, location = caseworker.get("/caseworker/")
        assert status == 302 and "sign-in" in location, "signing out on one ends it on both"
    finally:
        first.stop()
        second.stop()


REDIS_URL = os.environ.get("SELFSERVICE_TEST_REDIS_URL")


def _resume_refusals(tmp_path: Path, storage: str | None, attempts: int) -> list[int]:
    """Type a wrong resume code ``attempts`` times, alternating between two gunicorn
    processes of two workers each (as the run command starts one); return the statuses."""
    env = {"SELFSERVICE_INSTANCE_PATH": str(tmp_path / "instance")}
    if storage:
        env["SELFSERVICE_RATELIMIT_STORAGE_URI"] = storage
    _flask({**os.environ, **env}, "init-db")
    servers = [Server(env, workers=2).start(), Server(env, workers=2).start()]
    try:
        statuses = []
        for attempt in range(attempts):
            applicant = Browserless(servers[attempt % 2].url)
            status, _, _ = applicant.post_form("/resume", {"code": "AAAA-BBBB-CCCC-DDDD"})
            statuses.append(status)
        return statuses
    finally:
        for server in servers:
            server.stop()


@pytest.mark.timeout(120)
def test_limits_are_shared_by_processes_through_redis(tmp_path):
    if not REDIS_URL:
        pytest.skip("Redis is provided by scripts/test.sh")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    statuses = _resume_refusals(tmp_path, REDIS_URL, attempts=11)
    assert 429 not in statuses[:10], statuses
    assert statuses[10] == 429, "the eleventh attempt is refused, whichever process takes it"


@pytest.mark.timeout(120)
def test_limits_are_shared_by_processes_through_the_database_by_default(tmp_path):
    # The documented run command's own set-up: SQLite, no Redis, several workers.
    statuses = _resume_refusals(tmp_path, None, attempts=12)
    assert 429 not in statuses[:10], statuses
    assert statuses[10:] == [429, 429], "refused, whichever process and worker takes it"
