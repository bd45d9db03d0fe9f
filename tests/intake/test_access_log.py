"""Who opened my application: an applicant looks, with what they got when they sent it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask

from selfservice import database
from selfservice.operations.retention import purge
from selfservice.records.audit import broken_entries
from selfservice.records.models import AccessLogSecret
from tests.builders import household_inputs
from tests.conftest import make_app, page, sign_in
from tests.documents.conftest import pdf_text
from tests.journey import complete_household, start, submit

NEUTRAL = "Vi kan inte visa någon logg för de uppgifterna."
REASON = "Förbereder nybesök med Layla"


@dataclass
class Sent:
    client: object
    reference: str
    secret: str


def send(app: Flask) -> Sent:
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=1, children=0,
                       inputs=household_inputs(adults=1, children=0))
    reference = submit(client)
    secret = page(client.get("/confirmation")).soup.select_one("[data-access-secret]")
    return Sent(client, reference, secret.get_text(strip=True))


@pytest.fixture
def sent(app) -> Sent:
    return send(app)


def look(app: Flask, reference: str, secret: str, *, lang: str = "sv", client=None):
    client = client or app.test_client()
    form = page(client.get(f"/who-opened?lang={lang}"))
    return client.post("/who-opened", data={"reference": reference, "secret": secret,
                                            "csrf_token": form.csrf_token})


def rows(response) -> list[list[str]]:
    shown = page(response).soup
    return [[cell.get_text(" ", strip=True) for cell in row.select("td")]
            for row in shown.select("[data-access-entry]")]


def caseworker_reveals(login, reference: str, username: str = "karin.lund"):
    caseworker = login("caseworker", username=username)
    record = page(caseworker.get(f"/caseworker/records/{reference}"))
    caseworker.post(f"/caseworker/records/{reference}/reveal",
                    data={"reason": REASON, "csrf_token": record.csrf_token})
    return caseworker


def test_the_confirmation_shows_a_secret_once_and_the_pdf_prints_it(app, sent):
    confirmation = sent.client.get("/confirmation").get_data(as_text=True)
    assert len(sent.secret.replace("-", "")) == 12
    assert confirmation.count(sent.secret) == 1
    printed = pdf_text(sent.client.get("/documents/application.pdf").data)
    assert sent.secret in printed and sent.reference in printed
    assert "/who-opened" in printed
    with app.app_context():
        stored = database.session().get(AccessLogSecret, sent.reference)
        assert stored.secret_hash != sent.secret and sent.secret not in stored.secret_hash
    assert sent.secret not in app.test_client().get("/confirmation").get_data(as_text=True)


def test_a_reveal_by_a_caseworker_shows_with_the_unit_and_without_the_caseworkers_name(
        any_db_app):
    app = any_db_app
    sent = send(app)
    caseworker_reveals(lambda role, **kwargs: sign_in(app, role=role, **kwargs), sent.reference)
    response = look(app, sent.reference, sent.secret.lower().replace("-", " "))
    assert response.status_code == 200
    unit = app.config["UNIT_NAME"]
    assert [row[1:] for row in rows(response)] == [
        [unit, "Visade namn, personnummer och kontaktuppgifter"],
        [unit, "Öppnade och läste ansökan"],
    ], "newest first"
    text = page(response).soup.get_text(" ", strip=True)
    for staff_only in ("karin.lund", "Test caseworker", REASON):
        assert staff_only not in text
    assert "svensk tid" in text


def test_the_log_reads_in_arabic_right_to_left(app, login, sent):
    caseworker_reveals(login, sent.reference)
    response = look(app, sent.reference, sent.secret, lang="ar")
    shown = page(response).soup
    assert shown.html["dir"] == "rtl" and shown.html["lang"] == "ar"
    actions = [row[2] for row in rows(response)]
    assert actions == ["عرض الاسم والرقم الشخصي وبيانات الاتصال", "فتح الطلب وقراءته"]
    assert "karin.lund" not in shown.get_text()


def test_the_interpreter_sees_the_swedish_beneath_each_act(app, login, sent):
    caseworker_reveals(login, sent.reference)
    client = app.test_client()
    client.get("/who-opened?lang=fi&interpreter=1")
    shown = page(look(app, sent.reference, sent.secret, lang="fi", client=client)).soup
    cells = [row.select("td")[2] for row in shown.select("[data-access-entry]")]
    assert [cell.select_one(".source-text").get_text() for cell in cells] == [
        "Visade namn, personnummer och kontaktuppgifter", "Öppnade och läste ansökan"]
    assert cells[1].get_text().startswith("Avasi ja luki hakemuksen")
    assert "Jokaista lokin riviä säilytetään 5 vuoden ajan" in shown.select_one(
        "[data-kept-for]").get_text()


def test_a_wrong_secret_and_an_unknown_reference_get_the_same_neutral_answer(app, sent):
    wrong_secret = page(look(app, sent.reference, "ABCD-EFGH-JKMN"))
    unknown = page(look(app, "7KQ4-MP9X", sent.secret))
    malformed = page(look(app, "hej", ""))
    for shown in (wrong_secret, unknown, malformed):
        assert shown.errors == [NEUTRAL + " Kontrollera referensnumret och koden och skriv dem "
                                "igen."]
        assert not shown.soup.select("[data-access-entry]")


def test_wrong_tries_are_limited_per_reference_code_and_per_address(app, sent):
    for _ in range(10):
        assert look(app, sent.reference, "ABCD-EFGH-JKMN").status_code == 200
    limited = look(app, sent.reference, sent.secret)
    assert limited.status_code == 429, "not even the right secret, once the code is guessed at"
    assert "för många gånger" in page(limited).soup.select_one("main").get_text()
    # Another reference code from the same address still has tries left, up to the
    # address's own limit.
    other = ["7KQ4-MP9X", "hej"]
    answers = [look(app, other[i % 2], "ABCD-EFGH-JKMN").status_code for i in range(11)]
    assert answers == [200] * 10 + [429]


def test_a_right_pair_is_not_counted_as_a_wrong_try(app, sent):
    assert all(look(app, sent.reference, sent.secret).status_code == 200 for _ in range(12))


def test_only_acts_on_this_application_are_shown(app, login, sent):
    other = send(app)
    caseworker_reveals(login, other.reference, username="per")
    admin = login("admin")
    admin.get("/caseworker/audit.csv")
    response = look(app, sent.reference, sent.secret)
    assert rows(response) == []
    assert page(response).soup.select_one("[data-access-log-empty]")


def test_the_page_is_neither_kept_nor_indexed(app, sent):
    for response in (app.test_client().get("/who-opened"), look(app, sent.reference, sent.secret)):
        assert response.headers["Cache-Control"] == "no-store"
        assert "noindex" in response.headers["X-Robots-Tag"]
        assert page(response).soup.select_one("meta[name=robots]")["content"].startswith("noindex")
    assert "Disallow: /who-opened" in app.test_client().get("/robots.txt").get_data(as_text=True)


@pytest.mark.parametrize(("days", "said"), [(1826, "sparas i 5 år"), (90, "sparas i 90 dagar")])
def test_the_page_says_how_long_entries_are_kept(tmp_path, days, said):
    app = make_app(tmp_path, AUDIT_RETENTION_DAYS=days)
    kept = page(app.test_client().get("/who-opened")).soup.select_one("[data-kept-for]")
    assert said in kept.get_text()
    app.extensions["db_engine"].dispose()


def test_entries_naming_an_application_keep_the_audit_chain_whole(app, login, sent):
    caseworker_reveals(login, sent.reference)
    with app.app_context():
        assert broken_entries() == []


def test_the_secret_goes_with_the_audit_entries_it_opens(app, login, sent):
    from datetime import timedelta

    from selfservice.database import utcnow

    caseworker_reveals(login, sent.reference)
    with app.app_context():
        purge(now=utcnow() + timedelta(days=app.config["RECORD_RETENTION_DAYS"] + 2))
        assert database.session().get(AccessLogSecret, sent.reference) is not None
    assert len(rows(look(app, sent.reference, sent.secret))) == 2, "after the record is purged"
    with app.app_context():
        purge(now=utcnow() + timedelta(days=app.config["AUDIT_RETENTION_DAYS"] + 1))
        assert database.session().get(AccessLogSecret, sent.reference) is None


def test_an_application_sent_before_there_were_secrets_shows_none(app, sent):
    with app.app_context():
        session = database.session()
        session.delete(session.get(AccessLogSecret, sent.reference))
        session.commit()
    confirmation = page(sent.client.get("/confirmation")).soup
    assert confirmation.select_one("[data-reference-code]")
    assert not confirmation.select("[data-access-secret]")
    assert sent.secret not in pdf_text(sent.client.get("/documents/application.pdf").data)


def test_the_first_meeting_agenda_printed_by_a_caseworker_shows_in_the_log(app, login, sent):
    """The agenda names the adults and quotes their answers: printing it is an act on the
    application that its applicant is told of, like opening it."""
    caseworker = login("caseworker", username="karin.lund")
    page(caseworker.get(f"/caseworker/records/{sent.reference}"))
    assert caseworker.get(f"/caseworker/records/{sent.reference}/agenda.pdf").status_code == 200
    acts = [row[2] for row in rows(look(app, sent.reference, sent.secret))]
    assert acts == ["Skrev ut eller sparade dagordningen för ert första möte",
                    "Öppnade och läste ansökan"]
