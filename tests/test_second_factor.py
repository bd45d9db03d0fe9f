"""A second factor for staff: enrolment at the first sign-in, a code from the app, a wrong
code, a recovery code used once, and a reset after a lost phone."""

from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import select

from selfservice import database
from selfservice.accounts import second_factor
from selfservice.accounts.auth import create_user
from selfservice.accounts.models import User
from selfservice.records.models import AuditEntry
from selfservice.sealing import key_version
from tests.conftest import location, make_app, page

PASSWORD = "ett långt lösenord 42"


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, STAFF_SECOND_FACTOR=True)
    with app.app_context():
        create_user(username="hanna", display_name="Hanna Handläggare", password=PASSWORD,
                    role="caseworker")
    return app


def password_step(client):
    form = page(client.get("/caseworker/sign-in"))
    response = client.post("/caseworker/sign-in", data={
        "username": "hanna", "password": PASSWORD, "csrf_token": form.csrf_token})
    assert location(response) == "/caseworker/sign-in/code"
    return page(client.get("/caseworker/sign-in/code"))


def send_code(client, shown, code: str):
    return client.post("/caseworker/sign-in/code",
                       data={"code": code, "csrf_token": shown.csrf_token})


def enrol(client) -> tuple[str, list[str]]:
    """Set up the app's code at the first sign-in; return the secret and recovery codes."""
    shown = password_step(client)
    secret = shown.soup.select_one("[data-totp-secret]").get_text(strip=True).replace(" ", "")
    assert shown.soup.select_one("[data-totp-qr] svg") is not None
    response = send_code(client, shown, pyotp.TOTP(secret).now())
    assert response.status_code == 200
    recovery = [c.get_text() for c in page(response).soup.select("[data-recovery-codes] code")]
    return secret, recovery


def signed_in(client) -> bool:
    return client.get("/caseworker/").status_code == 200


def test_the_first_sign_in_sets_up_the_code_and_the_password_alone_opens_nothing(app):
    client = app.test_client()
    password_step(client)
    assert not signed_in(client)  # only the password: still outside
    secret, recovery = enrol(client)
    assert signed_in(client)
    assert len(recovery) == 10 and all(re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", c)
                                       for c in recovery)
    with app.app_context():
        user = database.session().scalars(select(User)).one()
        # Kept sealed only: the database alone cannot make the user's codes.
        assert user.totp_secret is None and secret.encode() not in user.totp_sealed
        assert second_factor.secret_of(user) == secret
        assert not any(code.replace("-", "") in str(user.recovery_hashes) for code in recovery)


def test_the_secret_being_set_up_is_sealed_in_the_session_cookie_and_stays_the_same(app):
    # The Flask session is signed, not encrypted: whoever sees the cookie could read it.
    client = app.test_client()
    shown = password_step(client)
    secret = shown.soup.select_one("[data-totp-secret]").get_text(strip=True).replace(" ", "")
    cookie = client.get_cookie("session").value
    kept = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert secret not in repr(kept) and isinstance(kept["second_factor"]["secret"], bytes)
    # A second look (a reload, or the app scanned slowly) shows the same secret, and the
    # code made from it sets it up.
    again = page(client.get("/caseworker/sign-in/code"))
    assert again.soup.select_one("[data-totp-secret]").get_text(strip=True).replace(" ", "") \
        == secret
    assert send_code(client, again, pyotp.TOTP(secret).now()).status_code == 200
    assert signed_in(client)


def test_a_secret_set_up_before_sealing_still_works_and_is_sealed_at_its_next_use(app):
    secret = pyotp.random_base32()
    with app.app_context():
        user = database.session().scalars(select(User)).one()
        user.totp_secret, user.recovery_hashes = secret, []  # as migration 0029 found it
        database.session().commit()
    client = app.test_client()
    shown = password_step(client)
    assert shown.soup.select_one("[data-totp-secret]") is None  # no new set-up
    assert location(send_code(client, shown, pyotp.TOTP(secret).now())) == "/caseworker/"
    assert signed_in(client)
    with app.app_context():
        user = database.session().scalars(select(User)).one()
        assert user.totp_secret is None and secret.encode() not in user.totp_sealed
        assert second_factor.secret_of(user) == secret


def test_key_rotation_reseals_the_secret_and_the_app_s_codes_still_work(app):
    secret, _recovery = enrol(app.test_client())
    with app.app_context():
        before = database.session().scalars(select(User)).one().totp_sealed
    result = app.test_cli_runner().invoke(args=["rotate-keys"])
    assert result.exit_code == 0, result.output
    assert "1 staff TOTP secrets" in result.output and "0 still under old keys" in result.output
    with app.app_context():
        user = database.session().scalars(select(User)).one()
        assert key_version(user.totp_sealed) == key_version(before) + 1
        assert second_factor.secret_of(user) == secret
        # The step used at enrolment is spent; the next one is made from the same secret.
        user.totp_last_step -= 1
        database.session().commit()
    client = app.test_client()
    shown = password_step(client)
    assert location(send_code(client, shown, pyotp.TOTP(secret).now())) == "/caseworker/"


def test_a_wrong_code_is_refused_and_a_right_one_signs_in_once(app):
    secret, _recovery = enrol(app.test_client())
    client = app.test_client()
    shown = password_step(client)
    refused = send_code(client, shown, "000000" if pyotp.TOTP(secret).now() != "000000"
                        else "111111")
    assert refused.status_code == 400
    assert "Koden stämmer inte" in page(refused).soup.select_one("[data-error-summary]").text
    assert not signed_in(client)
    # The code just used at enrolment may not be used again (a code is good once). It is the
    # code of the step stored then, not of this moment: the 30-second step may have turned.
    with app.app_context():
        enrolled_step = database.session().scalars(select(User)).one().totp_last_step
    used = pyotp.TOTP(secret).generate_otp(enrolled_step)
    again = send_code(client, page(client.get("/caseworker/sign-in/code")), used)
    assert again.status_code == 400 and not signed_in(client)


def test_a_recovery_code_works_once_and_a_reset_asks_for_a_new_set_up(app, tmp_path):
    _secret, recovery = enrol(app.test_client())
    client = app.test_client()
    shown = password_step(client)
    assert "10 reservkoder kvar" in shown.soup.get_text(" ")
    assert location(send_code(client, shown, recovery[0].lower())) == "/caseworker/"
    assert signed_in(client)
    other = app.test_client()
    shown = password_step(other)
    assert send_code(other, shown, recovery[0]).status_code == 400  # used up
    result = app.test_cli_runner().invoke(args=["reset-2fa", "hanna"])
    assert result.exit_code == 0, result.output
    assert app.test_cli_runner().invoke(args=["reset-2fa", "nobody"]).exit_code != 0
    fresh = app.test_client()
    assert fresh.application is app
    assert password_step(fresh).soup.select_one("[data-totp-secret]") is not None
    with app.app_context():
        actions = [e.action for e in database.session().scalars(select(AuditEntry))]
        assert "reset_2fa" in actions


def test_the_code_page_without_a_password_first_goes_back_to_sign_in(app):
    client = app.test_client()
    assert location(client.get("/caseworker/sign-in/code")) == "/caseworker/sign-in"
    assert location(client.post("/caseworker/sign-in/code", data={"code": "123456"})) == \
        "/caseworker/sign-in"


def test_a_secret_sealed_for_one_user_opens_for_no_other(app):
    with app.app_context():
        create_user(username="olle", display_name="Olle Handläggare", password=PASSWORD,
                    role="caseworker")
        hanna, olle = (database.session().scalars(select(User).where(User.username == name))
                       .one() for name in ("hanna", "olle"))
        sealed = second_factor.sealed_for_enrolment(hanna, "JBSWY3DPEHPK3PXP")
        assert second_factor.opened_for_enrolment(hanna, sealed) == "JBSWY3DPEHPK3PXP"
        assert second_factor.opened_for_enrolment(olle, sealed) is None
        assert second_factor.opened_for_enrolment(hanna, "JBSWY3DPEHPK3PXP") is None
