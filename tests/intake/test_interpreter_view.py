"""The interpreter view on every applicant page: the Swedish beneath what the person reads.

An interpreter beside an Arabic or Finnish family reads the Swedish; until now the start page
(with its consent box), the resume code, the chosen answers on the check page, the
confirmation, buttons, toggles and "(optional)" were in one language only.
"""

from __future__ import annotations

import pytest

from tests.builders import household_inputs
from tests.conftest import location, page
from tests.journey import complete_household, start, submit


def swedish_on(client, url: str) -> list[str]:
    shown = page(client.get(url)).soup
    return [s.get_text(" ", strip=True) for s in shown.select(".source-text[lang=sv]")]


@pytest.fixture(params=["ar", "fi"])
def interpreting(client, request):
    client.get(f"/?lang={request.param}&interpreter=1")
    return client, request.param


def test_the_start_page_and_its_consent_box_show_the_swedish(interpreting):
    client, language = interpreting
    swedish = swedish_on(client, f"/?lang={language}")
    assert "Jag har läst hur socialtjänsten hanterar mina svar." in swedish
    assert "Börja" in swedish
    assert "Förbered din ansökan om ekonomiskt bistånd" in swedish


def test_the_resume_code_page_shows_the_swedish(interpreting):
    client, language = interpreting
    form = page(client.get(f"/?lang={language}"))
    shown = page(client.post(f"/start?lang={language}",
                             data={"consent": "y", "csrf_token": form.csrf_token})).soup
    swedish = [s.get_text(" ", strip=True) for s in shown.select(".source-text[lang=sv]")]
    assert "Din fortsättningskod" in swedish
    assert "Jag har sparat koden – fortsätt" in swedish


def test_a_question_page_shows_the_swedish_of_toggles_optional_and_buttons(interpreting, app):
    client, language = interpreting
    start(client)
    complete_household(client, app, adults=1, children=0)
    swedish = swedish_on(client, f"/apply/housing?lang={language}") + \
        swedish_on(client, f"/apply/household?lang={language}")
    for text in ("Mer hjälp om frågan", "Varför frågar vi?", "frivilligt",
                 "Spara och fortsätt", "Skriv inte personnummer, telefonnummer eller e-post här."):
        assert text in swedish, text


def test_the_check_page_shows_the_chosen_answers_in_swedish_and_the_confirmation_too(
        interpreting, app):
    client, language = interpreting
    start(client)
    complete_household(client, app, adults=1, children=0)
    swedish = swedish_on(client, f"/check?lang={language}")
    assert "Jag söker ensam" in swedish  # a chosen answer
    assert "Nej, inget av detta" in swedish
    submit(client)
    swedish = swedish_on(client, f"/confirmation?lang={language}")
    assert "Din ansökan är skickad" in swedish


def test_the_housing_page_lets_a_person_say_more_and_warns_about_identity(client, app):
    start(client)
    inputs = household_inputs(adults=1, children=0)
    inputs["housing"] = {"housing_kind": "first_hand", "risk_of_losing_home": "yes",
                         "housing_comment": "Kontraktet tar slut om två månader."}
    complete_household(client, app, adults=1, children=0, inputs=inputs)
    shown = page(client.get("/apply/housing")).soup
    hint = shown.select_one("#housing_comment-hint").get_text(" ", strip=True)
    assert "Skriv inte personnummer" in hint
    assert "Kontraktet tar slut om två månader." in page(client.get("/check")).soup.get_text()


def test_switching_language_midway_keeps_what_was_typed_even_if_not_valid_yet(client, app):
    start(client)
    complete_household(client, app, adults=1, children=0)
    form = page(client.get("/apply/income/1?lang=sv"))
    switch = form.soup.select_one("button[name=switch_language][value=ar]")
    assert switch["form"] == "step-form" and form.soup.select_one("form#step-form")
    response = client.post("/apply/income/1?lang=sv", data={
        "csrf_token": form.csrf_token, "switch_language": "ar",
        "income_types": ["salary"], "salary_amount": "9 800 kr", "pending_application": ""})
    assert response.headers["Location"].endswith("/apply/income/1?lang=ar")
    shown = page(client.get(response.headers["Location"]))
    assert shown.soup.html["lang"] == "ar"
    assert shown.soup.select_one("#salary_amount")["value"] == "9 800 kr"
    assert shown.soup.select_one("input[name=income_types][value=salary]").has_attr("checked")
    assert not shown.soup.select(".error-summary")  # nothing is checked until it is saved
    # Nothing half-typed became an answer; saving in Arabic checks and stores it.
    answers_before = page(client.get("/check?lang=sv")).soup.get_text()
    assert "9 800" not in answers_before
    saved = client.post("/apply/income/1?lang=ar", data={
        "csrf_token": shown.csrf_token, "income_types": ["salary"],
        "salary_amount": "9 800 kr", "pending_application": "no"})
    assert saved.status_code == 302
    check = page(client.get("/check?lang=sv")).soup.get_text()
    assert "9 800" in check.replace("\xa0", " ").replace("\u202f", " ")
    again = page(client.get("/apply/income/1?lang=sv"))
    assert again.soup.select_one("#salary_amount")["value"].replace("\xa0", " ") in {
        "9800", "9 800"}


def test_the_language_switch_without_a_question_page_is_still_a_link(client):
    shown = page(client.get("/privacy")).soup
    assert shown.select_one(".languages a[hreflang=ar]") is not None
    assert shown.select_one("button[name=switch_language]") is None


def test_the_chat_controls_and_the_glossary_show_the_swedish_too(interpreting, app):
    client, language = interpreting
    start(client)
    chat = page(client.get(f"/chat?lang={language}")).soup
    replies = [s.get_text(" ", strip=True)
               for s in chat.select(".chat__reply .source-text[lang=sv]")]
    assert "Jag söker ensam" in replies  # the first question's quick replies
    commands = [s.get_text(" ", strip=True)
                for s in chat.select(".chat__command .source-text[lang=sv]")]
    assert commands, "the chat's commands show their Swedish"
    assert "Skicka" in swedish_on(client, f"/chat?lang={language}")
    assert "Ord och vanliga frågor" in swedish_on(client, f"/glossary?lang={language}")


def test_switching_language_in_the_chat_keeps_a_half_typed_message(client, app):
    start(client)
    chat = page(client.get("/chat?lang=sv"))
    switch = chat.soup.select_one("button[name=switch_language][value=fi]")
    assert switch["form"] == "chat-form" and chat.soup.select_one("form#chat-form")
    response = client.post("/chat?lang=sv", data={
        "csrf_token": chat.csrf_token, "asked": "household:applying",
        "text": "vi är två vuxna och", "switch_language": "fi"})
    assert "/chat?lang=fi" in response.headers["Location"]
    shown = page(client.get("/chat?lang=fi")).soup
    assert shown.html["lang"] == "fi"
    assert shown.select_one("#chat-text")["value"] == "vi är två vuxna och"
    # Nothing was sent as an answer: the same question is asked; the next turn forgets it.
    assert shown.select_one("input[name=asked]")["value"] == "household:applying"
    client.post("/chat?lang=fi", data={"csrf_token": page(client.get("/chat")).csrf_token,
                                       "asked": "household:applying", "choice": "alone"})
    assert "vi är två vuxna och" not in str(page(client.get("/chat?lang=fi")).soup)


def test_switching_language_while_questions_are_asked_together_keeps_their_fields(client):
    start(client)
    chat = page(client.get("/chat?lang=sv"))
    client.post("/chat?lang=sv", data={"csrf_token": chat.csrf_token,
                                       "asked": "household:applying", "choice": "alone"})
    together = page(client.get("/chat?lang=sv"))
    asked = together.soup.select_one("form#chat-form input[name=together]")["value"]
    assert "child_count" in asked
    response = client.post("/chat?lang=sv", data={
        "csrf_token": together.csrf_token, "asked": "household:child_count",
        "together": asked, "child_count": "3", "protected_identity": "no",
        "switch_language": "ar"})
    assert "/chat?lang=ar" in response.headers["Location"]
    shown = page(client.get("/chat?lang=ar")).soup
    assert shown.select_one("#child_count")["value"] == "3"
    assert shown.select_one("input[name=protected_identity][value=no]").has_attr("checked")


def test_switching_language_on_the_start_page_keeps_the_consent_ticked(client):
    start_page = page(client.get("/?lang=sv"))
    assert start_page.soup.select_one("button[name=switch_language][value=fi]")["form"] == \
        "start-form"
    response = client.post("/start?lang=sv", data={
        "csrf_token": start_page.csrf_token, "consent": "y", "switch_language": "fi"})
    shown = page(client.get(response.headers["Location"])).soup
    assert shown.html["lang"] == "fi"
    assert shown.select_one("#consent").has_attr("checked")
    assert not shown.select(".error-summary")
    # Not ticked stays not ticked, and nothing was started either way.
    response = client.post("/start?lang=fi", data={
        "csrf_token": start_page.csrf_token, "switch_language": "ar"})
    assert not page(client.get(response.headers["Location"])).soup.select_one(
        "#consent").has_attr("checked")
    assert location(client.get("/tasks")) == "/"
