"""Headers and cross-site request refusal on every response."""

import pytest
from flask import Response

from tests.journey import start


def test_cross_site_posts_are_refused_by_fetch_metadata(client):
    response = client.post("/start", data={"consent": "y"},
                           headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403


@pytest.mark.parametrize("site", ["same-origin", "none"])
def test_same_site_posts_pass_the_fetch_metadata_check(client, site):
    response = client.post("/start", data={}, headers={"Sec-Fetch-Site": site})
    assert response.status_code == 200  # reaches the form, which asks for consent


def test_origin_is_checked_when_fetch_metadata_is_missing(client):
    assert client.post("/start", headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.post("/start", headers={"Origin": "http://localhost"}).status_code == 200


def test_hsts_is_configurable(tmp_path):
    from tests.conftest import make_app

    app = make_app(tmp_path, HSTS_SECONDS=31536000)
    header = app.test_client().get("/").headers["Strict-Transport-Security"]
    assert header == "max-age=31536000; includeSubDomains"


def test_session_cookie_is_httponly_and_samesite(client):
    start(client)
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_static_files_may_be_cached_but_pages_not(client):
    assert "no-store" in client.get("/").headers["Cache-Control"]
    assert "no-store" not in client.get("/static/app.css").headers.get("Cache-Control", "")


def test_staff_pages_tell_search_engines_not_to_index_them(client, login):
    assert client.get("/caseworker/sign-in").headers["X-Robots-Tag"] == "noindex, nofollow"
    signed_in = login("caseworker")
    for url in ("/caseworker/", "/caseworker/statistics", "/caseworker/no-such-page"):
        assert signed_in.get(url).headers["X-Robots-Tag"] == "noindex, nofollow", url


def test_applicant_start_page_may_be_indexed(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "X-Robots-Tag" not in response.headers


def test_a_view_that_says_how_to_cache_its_response_keeps_that(app):
    @app.get("/cacheable-for-a-minute")
    def cacheable():
        return Response("public", headers={"Cache-Control": "public, max-age=60"})

    response = app.test_client().get("/cacheable-for-a-minute")
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "Pragma" not in response.headers
    assert app.test_client().get("/").headers["Cache-Control"] == "no-store"
