"""Rate limits on what guesses at secrets: resume codes and look-ups, and the counters they
share through the service's own database (sign-in: tests/accounts/test_throttle.py).

tests/test_processes.py shows the counters shared by real gunicorn processes, through the
database and through Redis.
"""

from __future__ import annotations

import pytest
from sqlalchemy import update

from selfservice import create_app, database
from selfservice.rate_limits import DatabaseStorage, RateLimitCounter
from tests.conftest import Page, make_app


def _resume(client, code: str = "AAAA-BBBB-CCCC-DDDD", forwarded_for: str = "") -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    token = Page(client.get("/resume")).csrf_token
    return client.post("/resume", data={"code": code, "csrf_token": token},
                       headers=headers).status_code


def test_eleventh_resume_code_in_a_minute_is_refused_in_the_persons_language(app):
    client = app.test_client()
    client.get("/?lang=en")
    assert [_resume(client) for _ in range(10)] == [200] * 10
    response = client.post("/resume", data={"code": "AAAA-BBBB-CCCC-DDDD"})
    assert response.status_code == 429
    page = Page(response)
    page.check_structure()
    assert "too many times" in page.soup.main.get_text(" ", strip=True)


def test_resume_codes_count_in_the_database_whichever_app_serves_them(tmp_path):
    # Two apps on one instance folder, as two worker processes are.
    first = make_app(tmp_path)
    second = create_app({"INSTANCE_PATH": first.config["INSTANCE_PATH"], "TESTING": True})
    statuses = [_resume((first if n % 2 else second).test_client()) for n in range(10)]
    assert statuses == [200] * 10
    assert _resume(first.test_client()) == 429
    assert _resume(second.test_client()) == 429
    for app in (first, second):
        app.extensions["db_engine"].dispose()


def test_a_counter_starts_again_when_its_window_ends(any_db_app):
    storage = DatabaseStorage("database://")
    with any_db_app.app_context():
        assert [storage.incr("k", 60) for _ in range(3)] == [1, 2, 3]
        assert storage.get("k") == 3 and storage.get("other") == 0
        database.session().execute(update(RateLimitCounter).values(expires_at=0))
        database.session().commit()
        assert storage.get("k") == 0
        assert storage.incr("k", 60) == 1
        storage.clear("k")
        assert storage.get("k") == 0 and storage.check()


def _find(client, reference: str = "ABCD-EFGH") -> int:
    token = Page(client.get("/caseworker/")).csrf_token
    return client.post("/caseworker/find", data={"reference": reference,
                                                 "csrf_token": token}).status_code


def test_look_ups_are_limited_per_caseworker(app, login):
    first, second = login(), login()
    assert 429 not in [_find(first) for _ in range(30)]
    assert _find(first) == 429
    assert _find(second) == 200


@pytest.mark.parametrize("hops", [0, 1])
def test_forwarded_address_counts_only_behind_a_trusted_proxy(tmp_path, hops):
    app = make_app(tmp_path, PROXY_HOPS=hops)
    client = app.test_client()
    for _ in range(10):
        assert _resume(client, forwarded_for="203.0.113.1") == 200
    other_client = _resume(client, forwarded_for="203.0.113.2")
    if hops:
        assert other_client == 200, "behind our proxy, another client has its own count"
    else:
        assert other_client == 429, "without a proxy, a forged header changes nothing"
    app.extensions["db_engine"].dispose()


def test_pages_skip_the_limiters_look_before_each_request_only_while_no_limit_needs_it(app):
    """Every limit decorates its view (and is checked there, as the tests above show), so
    the look before each request is left out; a default limit would keep it."""
    from flask import Flask
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    from selfservice.extensions import limiter, limits_checked_in_their_views

    assert limiter._check_request_limit not in app.before_request_funcs.get(None, [])
    other = Flask(__name__)
    other.config["RATELIMIT_STORAGE_URI"] = "memory://"
    strict = Limiter(get_remote_address, app=other, default_limits=["2 per day"])
    other.add_url_rule("/", "page", lambda: "ok")
    limits_checked_in_their_views(other, strict)
    client = other.test_client()
    assert [client.get("/").status_code for _ in range(3)] == [200, 200, 429]
