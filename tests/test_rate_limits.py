"""Rate limits on what guesses at secrets: resume codes, sign-in and look-ups.

Counters here live in the app's memory; tests/test_processes.py shows them shared by two
processes through Redis.
"""

from __future__ import annotations

import pytest

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


def _try_sign_in(client, username: str) -> int:
    token = Page(client.get("/caseworker/sign-in")).csrf_token
    return client.post("/caseworker/sign-in", data={
        "username": username, "password": "fel lösenord", "csrf_token": token}).status_code


def test_sign_in_is_limited_per_account_not_per_office(app):
    client = app.test_client()
    assert [_try_sign_in(client, "kim") for _ in range(10)] == [200] * 10
    assert _try_sign_in(client, " KIM ") == 429, "the same account, however it is written"
    assert _try_sign_in(client, "alex") == 200, "a colleague behind the same address"


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
