"""One phone at a time: a draft resumed or sent elsewhere, a confirmation that closes, and
"Klar – rensa den här telefonen"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from selfservice import database
from selfservice.database import utcnow
from selfservice.intake.access import HOLDER
from selfservice.intake.models import Draft
from tests.builders import household_inputs
from tests.conftest import location, make_app, page, without_lang
from tests.journey import complete_household, fill_step, start, submit

HOUSEHOLD = household_inputs()["household"]
# What the application holds about people: the builders' first adult.
NAME = "Exempelsson"


def resume(client, code: str):
    token = page(client.get("/resume")).csrf_token
    response = client.post("/resume", data={"code": code, "csrf_token": token})
    assert response.status_code == 302, page(response).errors
    return response


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def with_cookie(client, cookie: str):
    """Put a saved session cookie back, as a phone that kept it (or a copy of it) would."""
    client.set_cookie("session", cookie)
    return client


def two_phones_on_one_draft(app):
    """Phone A starts and answers; phone B resumes with the code. Return A, B and A's cookie."""
    phone_a = app.test_client()
    code = start(phone_a)
    complete_household(phone_a, app, adults=1, children=0)
    cookie_a = session_cookie(phone_a)
    phone_b = app.test_client()
    resume(phone_b, code)
    return phone_a, phone_b, cookie_a


def sent_time_moved_back(app, minutes: int) -> None:
    with app.app_context():
        session = database.session()
        session.execute(update(Draft).values(sent_at=utcnow() - timedelta(minutes=minutes)))
        session.commit()


@pytest.mark.parametrize("url", ["/tasks", "/apply/household", "/apply/personal/1", "/check",
                                 "/chat", "/confirmation", "/documents/draft.pdf",
                                 "/documents/application.pdf"])
def test_a_draft_resumed_on_another_phone_is_gone_from_the_first(app, url):
    phone_a, _phone_b, cookie_a = two_phones_on_one_draft(app)
    response = with_cookie(phone_a, cookie_a).get(url)
    assert location(response) == "/elsewhere"
    assert NAME not in response.get_data(as_text=True)
    assert location(phone_a.get("/tasks")) == "/", "the refused session is cleared"


def test_the_first_phone_can_no_longer_save_or_chat(app):
    phone_a = app.test_client()
    code = start(phone_a)
    token = page(phone_a.get("/tasks")).csrf_token
    cookie_a = session_cookie(phone_a)
    resume(app.test_client(), code)
    saved = with_cookie(phone_a, cookie_a).post(
        "/apply/household", data={**HOUSEHOLD, "csrf_token": token})
    assert location(saved) == "/elsewhere"
    said = with_cookie(phone_a, cookie_a).post("/chat", data={"text": "2", "csrf_token": token})
    assert location(said) == "/elsewhere"
    urgent = page(with_cookie(phone_a, cookie_a).get("/urgent"))
    assert not urgent.soup.select("[data-urgent-needs]")


def test_the_elsewhere_page_explains_and_the_phone_that_resumed_keeps_working(app):
    phone_a, phone_b, cookie_a = two_phones_on_one_draft(app)
    shown = page(with_cookie(phone_a, cookie_a).get("/tasks", follow_redirects=True))
    assert shown.h1 == "Sidan visas inte längre"
    assert "annan telefon eller dator" in shown.soup.select_one("main").get_text()
    assert NAME not in shown.soup.get_text()
    assert NAME in page(phone_b.get("/check")).soup.get_text()


def test_sending_on_another_phone_ends_the_first_phones_confirmation_and_pdf(app):
    phone_a, phone_b, cookie_a = two_phones_on_one_draft(app)
    reference = submit(phone_b)
    for url in ("/confirmation", "/documents/application.pdf"):
        response = with_cookie(phone_a, cookie_a).get(url)
        assert location(response) == "/elsewhere", url
        assert reference not in response.get_data(as_text=True)
    confirmation = page(phone_b.get("/confirmation"))
    assert confirmation.soup.select_one("[data-reference-code]").get_text() == reference
    pdf = phone_b.get("/documents/application.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")


def test_the_sending_phone_keeps_the_confirmation_and_pdf_for_the_configured_minutes(app):
    assert app.config["CONFIRMATION_MINUTES"] == 60
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=1, children=0)
    reference = submit(client)
    confirmation = page(client.get("/confirmation"))
    assert "60 minuter" in confirmation.soup.select_one("[data-confirmation-minutes]").get_text()
    sent_time_moved_back(app, 59)
    assert client.get("/confirmation").status_code == 200
    assert client.get("/documents/application.pdf").status_code == 200
    cookie = session_cookie(client)
    sent_time_moved_back(app, 61)
    for url in ("/confirmation", "/documents/application.pdf", "/tasks"):
        response = with_cookie(client, cookie).get(url)
        assert location(response) == "/closed", url
        assert reference not in response.get_data(as_text=True)
    closed = page(client.get("/closed"))
    assert closed.h1 == "Sidan visas inte längre"
    assert reference not in closed.soup.get_text()


def test_with_zero_minutes_the_confirmation_closes_at_once(tmp_path):
    app = make_app(tmp_path, CONFIRMATION_MINUTES=0)
    try:
        client = app.test_client()
        start(client)
        complete_household(client, app, adults=1, children=0)
        token = page(client.get("/check")).csrf_token
        sent = client.post("/submit", data={"csrf_token": token})
        assert location(client.get(location(sent))) == "/closed"
        assert location(client.get("/documents/application.pdf")) == "/"
    finally:
        app.extensions["db_engine"].dispose()


def test_clear_this_phone_on_the_task_list_keeps_the_draft_for_the_code(app):
    phone = app.test_client()
    code = start(phone)
    fill_step(phone, app, "/apply/household", HOUSEHOLD)
    tasks = page(phone.get("/tasks"))
    form = tasks.soup.select_one("[data-clear-phone] form")
    assert form["method"] == "post" and without_lang(form["action"]) == "/finish"
    assert form.select_one("button").get_text(strip=True) == "Klar – rensa den här telefonen"
    cookie = session_cookie(phone)
    cleared = phone.post("/finish", data={"csrf_token": tasks.csrf_token})
    assert location(cleared) == "/cleared"
    assert phone.get_cookie("session") is None
    assert location(phone.get("/tasks")) == "/"
    # A copy of the old cookie opens nothing either: the draft no longer counts it as holder.
    assert location(with_cookie(phone, cookie).get("/tasks")) == "/elsewhere"
    resume(phone, code)
    assert page(phone.get("/tasks")).soup.select_one("#status-household").get_text() == "Klar"


def test_clear_this_phone_on_the_confirmation_ends_it_and_its_pdf(app):
    phone = app.test_client()
    start(phone)
    complete_household(phone, app, adults=1, children=0)
    submit(phone)
    confirmation = page(phone.get("/confirmation"))
    assert confirmation.soup.select_one("[data-clear-phone] form button")
    cookie = session_cookie(phone)
    cleared = phone.post("/finish", data={"csrf_token": confirmation.csrf_token})
    assert location(cleared) == "/cleared"
    assert location(phone.get("/confirmation")) == "/"
    assert location(phone.get("/documents/application.pdf")) == "/"
    for url in ("/confirmation", "/documents/application.pdf"):
        assert location(with_cookie(phone, cookie).get(url)) == "/elsewhere"


def test_clear_this_phone_needs_the_form_token(app):
    phone = app.test_client()
    start(phone)
    assert location(phone.post("/finish")) == "/tasks"
    assert phone.get("/tasks").status_code == 200


@pytest.mark.parametrize("url, heading", [("/cleared", "Klart"),
                                          ("/elsewhere", "Sidan visas inte längre"),
                                          ("/closed", "Sidan visas inte längre")])
def test_neutral_pages_name_no_service_and_are_never_cached(client, url, heading):
    response = client.get(url)
    shown = page(response)
    assert shown.h1 == heading
    assert shown.soup.title.get_text() == f"{heading} – Exempelkommunen"
    text = shown.soup.get_text()
    assert "bistånd" not in text and "socialtjänst" not in text.lower()
    assert not shown.soup.select("footer")
    assert "no-store" in response.headers["Cache-Control"]


def test_clear_this_phone_works_in_every_language(app):
    phone = app.test_client()
    phone.get("/?lang=ar")
    start(phone)
    tasks = page(phone.get("/tasks"))
    button = tasks.soup.select_one("[data-clear-phone] button").get_text(strip=True)
    assert button and button != "Klar – rensa den här telefonen"
    cleared = page(phone.post("/finish", data={"csrf_token": tasks.csrf_token},
                              follow_redirects=True))
    assert cleared.soup.html["lang"] == "ar" and cleared.soup.html["dir"] == "rtl"


def test_a_session_from_before_holders_keeps_its_draft_once(app):
    phone = app.test_client()
    start(phone)
    fill_step(phone, app, "/apply/household", HOUSEHOLD)
    with app.app_context():
        session = database.session()
        session.execute(update(Draft).values(holder_hash=None))
        session.commit()
    with phone.session_transaction() as stored:
        del stored[HOLDER]
    old_cookie = session_cookie(phone)
    assert phone.get("/tasks").status_code == 200
    # The first session back took the draft; another copy of that old session did not.
    assert location(with_cookie(app.test_client(), old_cookie).get("/tasks")) == "/elsewhere"
