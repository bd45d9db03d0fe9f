"""A caseworker's sessions: signing out always ends the one on the server, and signing in
starts the browser on a Flask session (CSRF token and all) of its own."""

from __future__ import annotations

from sqlalchemy import select

from selfservice import database
from selfservice.accounts.auth import create_user
from selfservice.accounts.models import UserSession
from tests.conftest import page

PASSWORD = "rätt lösenord 123"


def _account(app, username: str = "vera") -> str:
    with app.app_context():
        create_user(username=username, display_name="Vera Test", password=PASSWORD,
                    role="caseworker")
    return username


def _signed_in(app, client, username: str):
    token = page(client.get("/caseworker/sign-in")).csrf_token
    response = client.post("/caseworker/sign-in", data={
        "username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return token


def _live_sessions(app) -> int:
    with app.app_context():
        return len(database.session().scalars(
            select(UserSession).where(UserSession.ended_at.is_(None))).all())


def test_sign_out_without_a_valid_csrf_token_still_ends_the_session_on_the_server(app):
    client = app.test_client()
    _signed_in(app, client, _account(app))
    cookie = client.get_cookie("caseworker_session").value
    assert _live_sessions(app) == 1
    for stale in ({}, {"csrf_token": "not-a-token"}):
        response = client.post("/caseworker/sign-out", data=stale)
        assert response.status_code == 302 and "/caseworker/sign-in" in response.location
    assert _live_sessions(app) == 0
    replay = app.test_client()
    replay.set_cookie("caseworker_session", cookie)
    assert replay.get("/caseworker/").status_code == 302, "the old cookie opens nothing"


def test_signing_in_gives_a_new_csrf_token_and_drops_what_was_planted(app):
    client = app.test_client()
    username = _account(app)
    client.get("/caseworker/sign-in?lang=en")
    with client.session_transaction() as planted:
        planted["draft_id"] = "planted-by-someone-else"
        planted["interpreter"] = True
    before = _signed_in(app, client, username)
    with client.session_transaction() as held:
        assert "draft_id" not in held and "interpreter" not in held
        assert held.get("lang") == "en", "the chosen language stays"
    after = page(client.get("/caseworker/")).csrf_token
    assert after != before
    # A form made before signing in (the token an attacker may know) no longer counts.
    assert client.post("/caseworker/session", data={"csrf_token": before}).status_code == 400
    assert client.post("/caseworker/session", data={"csrf_token": after}).status_code == 200


def test_signing_out_drops_the_csrf_token_of_the_signed_in_pages(app):
    client = app.test_client()
    _signed_in(app, client, _account(app))
    token = page(client.get("/caseworker/")).csrf_token
    client.post("/caseworker/sign-out", data={"csrf_token": token})
    _signed_in(app, client, "vera")
    assert client.post("/caseworker/session", data={"csrf_token": token}).status_code == 400


def test_with_a_second_factor_the_token_is_new_after_the_password_and_after_the_code(
        tmp_path):
    import pyotp

    from tests.conftest import make_app
    from tests.test_second_factor import password_step, send_code

    app = make_app(tmp_path, STAFF_SECOND_FACTOR=True)
    with app.app_context():
        create_user(username="hanna", display_name="Hanna Test", password="ett långt lösenord 42",
                    role="caseworker")
    client = app.test_client()
    before = page(client.get("/caseworker/sign-in")).csrf_token
    with client.session_transaction() as planted:
        planted["draft_id"] = "planted-by-someone-else"
    code_page = password_step(client)
    secret = code_page.soup.select_one("[data-totp-secret]").get_text(strip=True)
    assert send_code(client, code_page, pyotp.TOTP(secret.replace(" ", "")).now()).status_code \
        == 200
    with client.session_transaction() as held:
        assert "draft_id" not in held and "second_factor" not in held
    after = page(client.get("/caseworker/")).csrf_token
    assert len({before, code_page.csrf_token, after}) == 3
    for stale in (before, code_page.csrf_token):
        assert client.post("/caseworker/session", data={"csrf_token": stale}).status_code == 400
    assert client.post("/caseworker/session", data={"csrf_token": after}).status_code == 200
    app.extensions["db_engine"].dispose()
