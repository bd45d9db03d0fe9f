"""Every applicant route through the test client, with good input and bad."""

import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from selfservice import database
from selfservice.database import utcnow
from selfservice.intake.models import Draft
from tests.builders import ADULTS, household_inputs
from tests.conftest import location, page, without_lang
from tests.journey import complete_household, fill_step, start, submit

HOUSEHOLD = household_inputs()["household"]


def test_start_page_explains_the_service(client):
    start_page = page(client.get("/"))
    assert start_page.h1 == "Förbered din ansökan om ekonomiskt bistånd"
    assert "Vem ser dina svar?" in start_page.soup.get_text()


def test_start_requires_consent(client):
    token = page(client.get("/")).csrf_token
    response = page(client.post("/start", data={"csrf_token": token}))
    assert response.soup.select(".error-summary")
    assert "Kryssa i rutan" in response.errors[0]


def test_applicant_pages_are_never_cached_and_carry_a_strict_policy(client):
    response = client.get("/")
    assert response.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_pages_without_a_draft_send_the_visitor_to_the_start(client):
    for url in ("/tasks", "/apply/household", "/check", "/confirmation"):
        assert location(client.get(url)) == "/"


def test_bad_input_gets_a_summary_inline_messages_and_keeps_what_was_typed(client, app):
    start(client)
    response = fill_step(client, app, "/apply/household",
                         {**HOUSEHOLD, "child_count": "-3", "applying": ""})
    result = page(response)
    assert response.status_code == 200
    summary_links = [a["href"] for a in result.soup.select(".error-summary a")]
    assert summary_links == ["#applying", "#child_count"]
    assert result.soup.select_one("#child_count")["value"] == "-3"
    assert result.soup.select_one("#protected_identity-2").has_attr("checked")
    assert result.soup.title.get_text().startswith("Fel:")


@pytest.mark.parametrize("hostile", ["a" * 100_000, "nul\x00byte", "\x1b[31mred"])
def test_hostile_text_gets_a_message_never_a_server_error(client, app, hostile):
    start(client)
    response = fill_step(client, app, "/apply/household",
                         {**HOUSEHOLD, "interpreter_needed": "yes",
                          "interpreter_speaks": "other", "interpreter_language": hostile})
    assert response.status_code == 200
    assert page(response).errors


def test_markup_typed_by_an_applicant_is_shown_as_text(client, app):
    start(client)
    complete_household(client, app, adults=1, children=0)
    fill_step(client, app, "/apply/household?return=check",
              {**HOUSEHOLD, "applying": "alone", "child_count": "0",
               "interpreter_needed": "yes", "interpreter_speaks": "other",
               "interpreter_language": "<b>tigrinja</b>"})
    html = client.get("/check").get_data(as_text=True)
    assert "&lt;b&gt;tigrinja&lt;/b&gt;" in html and "<b>tigrinja" not in html


def test_oversized_post_gets_a_friendly_page(client, app):
    start(client)
    response = client.post("/apply/household", data={"interpreter_language": "x" * 2_000_000})
    assert response.status_code == 413
    assert page(response).h1 == "Något gick fel"


def test_unknown_step_is_a_friendly_404(client, app):
    start(client)
    fill_step(client, app, "/apply/household", HOUSEHOLD)
    assert client.get("/apply/no_such_page").status_code == 404
    response = client.get("/apply/personal/7")
    assert response.status_code == 404
    assert page(response).h1 == "Något gick fel"


def test_areas_wait_until_the_household_is_described(client):
    start(client)
    assert location(client.get("/apply/personal/1")) == "/tasks"


def test_saving_a_step_moves_to_the_next_person(client, app):
    start(client)
    fill_step(client, app, "/apply/household", HOUSEHOLD)
    response = fill_step(client, app, "/apply/personal/1", household_inputs()["personal.1"])
    assert location(response) == "/apply/personal/2"
    second = page(client.get("/apply/personal/2"))
    assert "Person 2" in second.soup.select_one(".caption").get_text()
    assert without_lang(second.soup.select_one(".back-link")["href"]) == "/apply/personal/1"


@pytest.mark.parametrize("language, currency", [
    ("sv", "kr"), ("en", "kr"), ("fi", "kr"), ("ar", "كرونة")])
def test_amount_fields_name_the_currency_in_the_page_language(client, app, language, currency):
    start(client)
    fill_step(client, app, "/apply/household", HOUSEHOLD)
    expenses = page(client.get(f"/apply/expenses?lang={language}"))
    units = {unit.get_text(strip=True) for unit in expenses.soup.select(".input-suffix__unit")}
    assert units == {currency}


def test_no_part_of_a_step_caption_begins_with_a_separator(client, app):
    start(client)
    fill_step(client, app, "/apply/household", HOUSEHOLD)
    fill_step(client, app, "/apply/personal/1", household_inputs()["personal.1"])
    for url in ("/apply/household", "/apply/personal/2", "/apply/income/1", "/apply/expenses"):
        caption = page(client.get(url)).soup.select_one(".caption")
        for part in (caption, *caption.find_all(True)):
            assert not part.get_text(strip=True).startswith("·"), (url, str(part))
    expenses = page(client.get("/apply/expenses")).soup.select_one(".caption")
    assert expenses.get_text(" ", strip=True).replace("\xa0", " ") == "Ekonomi · sida 4 av 6"


@pytest.mark.parametrize("language, words", [
    ("sv", "Skriv datumet som år-månad-dag"), ("en", "year-month-day"),
    ("fi", "vuosi-kuukausi-päivä"), ("ar", "السنة ثم الشهر ثم اليوم")])
def test_date_questions_show_how_to_write_a_date(client, app, language, words):
    start(client)
    fill_step(client, app, "/apply/household", HOUSEHOLD)
    personal = page(client.get(f"/apply/personal/1?lang={language}"))
    hint = personal.soup.select_one("#date_of_birth-hint [data-format-hint]")
    assert words in hint.get_text()
    assert "\u20662024-03-15\u2069" in hint.get_text()  # isolated: right way round in Arabic
    assert "date_of_birth-hint" in personal.soup.select_one("#date_of_birth")["aria-describedby"]


def test_protected_identity_is_told_how_to_apply_safely_and_not_asked_for_an_address(client,
                                                                                     app):
    start(client)
    response = fill_step(client, app, "/apply/household", {**HOUSEHOLD,
                                                            "protected_identity": "yes"})
    assert location(response) == "/safety"
    assert page(client.get("/safety")).h1 == "Om du har skyddade personuppgifter"
    housing = page(client.get("/apply/housing"))
    assert not housing.soup.select("#address_street")


def test_change_link_returns_to_the_check_page(client, app):
    start(client)
    complete_household(client, app, adults=1, children=0)
    check = page(client.get("/check"))
    change = next(without_lang(a["href"]) for a in check.soup.select(".summary__action a")
                  if "first_name" in a["href"])
    assert change.startswith("/apply/personal/1?return=check")
    response = fill_step(client, app, change.split("#")[0],
                         {**household_inputs(1, 0)["personal.1"], "first_name": "Ändrad"})
    assert location(response) == "/check"
    assert "Ändrad" in client.get("/check").get_data(as_text=True)


def test_dont_know_cannot_be_combined_with_an_answer(client, app):
    start(client)
    fill_step(client, app, "/apply/household", HOUSEHOLD)
    complete_household(client, app, adults=2, children=2)
    debts = page(client.get("/apply/debts"))
    escape_boxes = debts.soup.select(".checkbox--escape input")
    assert escape_boxes, "the debts page offers 'Jag vet inte' on the amount"
    box = escape_boxes[0]["name"]
    question_id = box.split("__")[0]
    response = fill_step(client, app, "/apply/debts",
                         {"has_debts": "yes", question_id: "5000", box: "y"})
    assert "bara om du inte svarar" in " ".join(page(response).errors)
    response = fill_step(client, app, "/apply/debts",
                         {"has_debts": "yes", question_id: "", box: "y"})
    assert response.status_code == 302


def test_a_stale_form_is_shown_again_with_what_was_typed(client, app):
    start(client)
    html = client.get("/apply/household").get_data(as_text=True)
    assert "csrf_token" in html
    response = client.post("/apply/household",
                           data={**HOUSEHOLD, "child_count": "3", "csrf_token": "expired"})
    result = page(response)
    assert response.status_code == 200
    assert "Dina svar finns kvar" in result.soup.select_one(".error-summary").get_text()
    assert result.soup.select_one("#child_count")["value"] == "3"


def test_csrf_token_outlives_an_hour_within_the_draft_lifetime(app):
    assert app.config["WTF_CSRF_TIME_LIMIT"] == app.config["DRAFT_LIFETIME_DAYS"] * 86400


def test_a_signed_form_token_is_used_again_for_a_while_and_is_each_sessions_own(
        app, monkeypatch):
    """A page's CSRF token is signed at most every ten minutes (templating.csrf_token): the
    step shows the same one next time, which still saves; another phone gets its own."""
    phone, other = app.test_client(), app.test_client()
    start(phone)
    start(other)
    first = page(phone.get("/apply/household")).csrf_token
    later = time.time() + 5  # a token signed now would carry another time
    with monkeypatch.context() as clock:
        clock.setattr(time, "time", lambda: later)
        assert page(phone.get("/apply/household")).csrf_token == first
    assert page(other.get("/apply/household")).csrf_token != first
    response = phone.post("/apply/household", data={**HOUSEHOLD, "csrf_token": first})
    assert response.status_code == 302
    refused = other.post("/apply/household", data={**HOUSEHOLD, "csrf_token": first})
    assert "Dina svar finns kvar" in page(refused).soup.select_one(".error-summary").get_text()


def test_resume_code_opens_the_draft_on_another_device(app):
    phone = app.test_client()
    code = start(phone)
    fill_step(phone, app, "/apply/household", HOUSEHOLD)
    library_computer = app.test_client()
    resume_page = page(library_computer.get("/resume"))
    response = library_computer.post("/resume", data={"code": code.lower().replace("-", " "),
                                                      "csrf_token": resume_page.csrf_token})
    assert location(response).startswith("/tasks")
    tasks = page(library_computer.get("/tasks"))
    assert tasks.soup.select_one("#status-household").get_text() == "Klar"


def test_wrong_resume_code_is_refused_clearly(client):
    resume_page = page(client.get("/resume"))
    response = page(client.post("/resume", data={"code": "AAAA-BBBB-CCCC-DDDD",
                                                 "csrf_token": resume_page.csrf_token}))
    assert "Vi hittar inget utkast" in response.errors[0]


def test_a_new_resume_code_replaces_the_old_one(app):
    client = app.test_client()
    old_code = start(client)
    token = page(client.get("/tasks")).csrf_token
    new_page = page(client.post("/resume-code", data={"csrf_token": token}))
    new_code = new_page.soup.select_one("[data-resume-code]").get_text(strip=True)
    assert new_code != old_code
    other = app.test_client()
    token = page(other.get("/resume")).csrf_token
    assert other.post("/resume", data={"code": old_code, "csrf_token": token}).status_code == 200
    assert other.post("/resume", data={"code": new_code, "csrf_token": token}).status_code == 302


def test_expired_draft_cannot_be_resumed_or_continued(app):
    client = app.test_client()
    code = start(client)
    with app.app_context():
        session = database.session()
        session.execute(update(Draft).values(expires_at=utcnow() - timedelta(days=1)))
        session.commit()
    assert location(client.get("/tasks")) == "/expired"
    assert page(client.get("/expired")).h1 == "Utkastet finns inte längre"
    other = app.test_client()
    token = page(other.get("/resume")).csrf_token
    assert other.post("/resume", data={"code": code, "csrf_token": token}).status_code == 200


def test_after_submitting_the_draft_cannot_be_reopened(app):
    client = app.test_client()
    code = start(client)
    complete_household(client, app, adults=1, children=0)
    submit(client)
    assert location(client.get("/apply/household")) == "/confirmation"
    other = app.test_client()
    token = page(other.get("/resume")).csrf_token
    assert other.post("/resume", data={"code": code, "csrf_token": token}).status_code == 200


def test_the_database_file_holds_no_answer_in_clear(app):
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=2, children=2)
    draft_only = _database_bytes(app)
    submit(client)
    after_submit = _database_bytes(app)
    for raw in (draft_only, after_submit):
        for secret in ("Testa", "Exempelsson", "Provia", "Barnetta", "testa@example.org",
                       ADULTS[0]["identity_number"].replace("-", "")[2:],
                       ADULTS[0]["identity_number"].replace("-", ""), "701740610"):
            assert secret.encode() not in raw, secret
            assert secret.encode("utf-16-le") not in raw, secret


def _database_bytes(app) -> bytes:
    path = Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_words_in_a_question_link_to_the_glossary(client, app):
    start(client)
    fill_step(client, app, "/apply/household", HOUSEHOLD)
    occupation = page(client.get("/apply/occupation/1"))
    links = [without_lang(a["href"]) for a in occupation.soup.select(".terms a")]
    assert "/glossary#arbetsformedlingen" in links
    glossary = page(client.get("/glossary"))
    assert glossary.soup.select_one("#arbetsformedlingen").get_text(strip=True) == \
        "Arbetsförmedlingen"


@pytest.mark.parametrize("language, expected", [("sv", "raderas 14 dagar"),
                                                ("fi", "14 päivän päästä")])
def test_glossary_tells_how_long_drafts_are_kept_as_configured(tmp_path, language, expected):
    from tests.conftest import make_app

    app = make_app(tmp_path, DRAFT_LIFETIME_DAYS=14)
    glossary = page(app.test_client().get(f"/glossary?lang={language}"))
    text = glossary.soup.main.get_text(" ", strip=True)
    assert expected in text and "%(" not in text
    app.extensions["db_engine"].dispose()


@pytest.mark.parametrize("language, status, dated", [
    ("sv", "delvis förenlig med lagen", "gjordes den 4 december 2026"),
    ("en", "partially compliant", "made on December 4, 2026"),
    ("fi", "täyttää osittain", "laadittu 4. joulukuuta 2026"),
    ("ar", "تتوافق الخدمة جزئيًا", "4 ديسمبر 2026")])
def test_accessibility_statement_names_its_status_problems_dates_and_complaint_route(
        client, language, status, dated):
    statement = page(client.get(f"/accessibility?lang={language}"))
    assert status in statement.soup.select_one("[data-compliance]").get_text(" ", strip=True)
    assert len(statement.soup.select("[data-known-problems] li")) >= 4
    assert dated in statement.soup.select_one("[data-statement-dates]").get_text(" ", strip=True)
    complaint = statement.soup.select_one("a[data-complaint]")
    assert complaint["href"] == "https://www.digg.se/tdosanmalan"
    assert "Digg" in complaint.get_text()
    text = statement.soup.main.get_text(" ", strip=True)
    assert "WCAG 2.1" in text and "PDF/UA" in text and "pa11y" in text
