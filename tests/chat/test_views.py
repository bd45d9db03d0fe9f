"""The chat through the test client: whole conversations, switching, bad input, no JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from selfservice import database
from selfservice.intake.models import Draft
from selfservice.records.services import find_by_reference, full_answers_for_applicant
from tests.builders import household_inputs, sample_input
from tests.conftest import location, page, without_lang
from tests.journey import complete_household, fill_step, start, submit

LANGUAGES = ["sv", "en", "ar", "fi"]


def asked_now(soup: BeautifulSoup) -> str:
    return soup.select_one("form.chat__compose-form input[name=asked]")["value"]


def token_of(soup: BeautifulSoup) -> str:
    return soup.select_one("form.chat__compose-form input[name=csrf_token]")["value"]


def reply_for(app, asked: str, inputs: dict[str, dict[str, Any]],
              together: str = "") -> dict[str, Any]:
    """Return what a person taps or types for the question asked, with the form's input; for
    questions asked together, every field as the form shows them."""
    step_key, question_id = asked.split(":")
    page_ = app.extensions["questionnaire"].page(step_key.split(".")[0])
    given = inputs.get(step_key, {})
    if together:
        return {"together": together,
                **{i: given.get(i, sample_input(page_.question(i))) for i in together.split()}}
    question = page_.question(question_id)
    raw = given.get(question_id, sample_input(question))
    if question.kind.is_choice:
        return {"choices": raw} if question.kind.multiple else {"choice": raw}
    return {"text": raw}


def together_now(soup: BeautifulSoup) -> str:
    field = soup.select_one("form.chat__compose-form input[name=together]")
    return field["value"] if field else ""


def send(client, soup: BeautifulSoup, data: dict[str, Any]) -> BeautifulSoup:
    """Post one turn as a browser without JavaScript does, and follow the redirect."""
    response = client.post("/chat", data={"csrf_token": token_of(soup),
                                          "asked": asked_now(soup), **data})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert without_lang(response.headers["Location"]).startswith("/chat")
    return page(client.get(response.headers["Location"])).soup


def converse(client, app, inputs: dict[str, dict[str, Any]], *, until: str | None = None,
             json: bool = False) -> BeautifulSoup:
    """Answer every question the chat asks (or those before ``until``)."""
    soup = page(client.get("/chat")).soup
    for _ in range(400):
        asked = asked_now(soup)
        if not asked or (until and asked.startswith(until)):
            return soup
        if json:
            response = client.post("/chat", headers={"Accept": "application/json"}, data={
                "csrf_token": token_of(soup), "asked": asked,
                **reply_for(app, asked, inputs, together_now(soup))})
            soup = BeautifulSoup(response.get_json()["controls"], "html.parser")
        else:
            soup = send(client, soup, reply_for(app, asked, inputs, together_now(soup)))
    raise AssertionError("the conversation never ended")


def answers_of_record(app, reference: str) -> dict[str, Any]:
    with app.app_context():
        return full_answers_for_applicant(find_by_reference(reference))


def by_the_form(app, language: str, inputs) -> dict[str, Any]:
    client = app.test_client()
    client.get(f"/?lang={language}")
    start(client)
    complete_household(client, app, inputs=inputs)
    return answers_of_record(app, submit(client))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_whole_conversation_gives_the_same_submission_as_the_web_form(app, language):
    inputs = household_inputs(adults=2, children=2)
    client = app.test_client()
    client.get(f"/?lang={language}")
    start(client)
    done = converse(client, app, inputs)
    assert done.select_one("main a[href^='/check']")
    chatted = answers_of_record(app, submit(client))
    assert chatted == by_the_form(app, language, inputs)
    assert chatted["occupation.1"]["work_goal"]["lang"] == language


def test_with_javascript_the_turns_give_the_same_submission(any_db_app):
    app = any_db_app
    inputs = household_inputs(adults=1, children=1)
    client = app.test_client()
    start(client)
    converse(client, app, inputs, json=True)
    assert answers_of_record(app, submit(client)) == by_the_form(app, "sv", inputs)


def test_switching_between_chat_and_form_midway_loses_nothing(app):
    inputs = household_inputs(adults=2, children=1)
    client = app.test_client()
    start(client)
    soup = converse(client, app, inputs, until="personal.1")
    assert soup.select_one("[data-switch-to-form]")["href"].startswith("/apply/personal/1")
    response = fill_step(client, app, "/apply/personal/1", inputs["personal.1"])
    assert location(response) == "/apply/personal/2"
    soup = page(client.get("/chat")).soup
    assert asked_now(soup) == "personal.2:first_name"
    assert "Välkommen tillbaka" in soup.select(".chat__message--bot")[-2].get_text()
    converse(client, app, inputs, until="occupation.2")
    complete_household(client, app, inputs=inputs)
    assert answers_of_record(app, submit(client)) == by_the_form(app, "sv", inputs)


def test_the_resume_code_continues_the_chat_on_another_device(app):
    inputs = household_inputs(adults=1, children=0)
    phone = app.test_client()
    code = start(phone)
    converse(phone, app, inputs, until="personal.1:gender")
    library = app.test_client()
    resume = page(library.get("/resume"))
    library.post("/resume", data={"code": code, "csrf_token": resume.csrf_token})
    soup = page(library.get("/chat")).soup
    assert asked_now(soup) == "personal.1:gender"
    assert "Testa" in soup.select_one("[data-chat-log]").get_text()


@pytest.mark.parametrize("language", ["en", "ar", "fi"])
def test_bad_input_gets_the_same_translated_message_as_the_web_form(client, app, language):
    client.get(f"/?lang={language}")
    start(client)
    soup = converse(client, app, household_inputs(), until="household:child_count")
    soup = send(client, soup, {"text": "-3"})
    chat_error = soup.select(".chat__text--error")[-1].get_text(" ", strip=True)
    form_page = page(fill_step(client, app, "/apply/household",
                               {**household_inputs()["household"], "child_count": "-3"}))
    form_error = form_page.soup.select_one(".error-message").get_text(" ", strip=True)
    assert chat_error == form_error
    assert "Talet måste vara 0 eller större." not in chat_error
    assert asked_now(soup) == "household:child_count"


def test_every_page_of_the_chat_passes_the_page_checks(client, app):
    start(client)
    soup = page(client.get("/chat")).soup
    assert soup.select_one("h1").get_text(strip=True) == "Svara i chatten"
    assert soup.select_one("[aria-live=polite]")
    assert soup.select_one("[data-quick-exit]")
    for data in ({"command": "help"}, {"command": "why"}, {"command": "summary"},
                 {"command": "change"}, {"command": "person"}, {"command": "back"},
                 {"command": "restart"}, {"command": "cancel"}, {"text": "Vad är riksnorm?"},
                 {"text": "xyzzy qwerty?"}):
        soup = send(client, soup, data)
    soup = converse(client, app, household_inputs(), until="occupation.1:status")
    assert soup.select("form.chat__together input[type=checkbox][name=status]")
    soup = converse(client, app, household_inputs(), until="occupation.1:education")
    assert soup.select_one("form.chat__together textarea#work_goal[name=work_goal]")
    soup = send(client, soup, {"text": "jag har inte gått i skolan"})  # typed: the rest alone
    assert asked_now(soup) == "occupation.1:work_goal"
    assert soup.select_one("textarea#chat-text")


def test_quick_replies_are_buttons_that_work_without_javascript(client, app):
    start(client)
    soup = page(client.get("/chat")).soup
    buttons = soup.select("form.chat__replies button[name=choice]")
    assert [b["value"] for b in buttons] == ["alone", "together"]
    soup = send(client, soup, {"choice": "alone"})
    assert asked_now(soup) == "household:child_count"
    said = soup.select(".chat__message--person")[-1].get_text(" ", strip=True)
    assert "Jag söker ensam" in said


def test_enter_in_the_text_box_sends_the_text_not_a_quick_reply(client, app):
    start(client)
    soup = page(client.get("/chat")).soup
    form = soup.select_one("form.chat__compose-form")
    first_button = form.select_one("button[type=submit]")
    assert "name" not in first_button.attrs, "the default button must be the send button"
    assert not soup.select_one("form.chat__replies input[type=text]")


def test_the_json_turn_returns_the_new_messages_and_reply_area(client, app):
    start(client)
    soup = page(client.get("/chat")).soup
    response = client.post("/chat", headers={"Accept": "application/json"}, data={
        "csrf_token": token_of(soup), "asked": asked_now(soup), "choice": "alone"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    reply = response.get_json()
    messages = BeautifulSoup(reply["messages"], "html.parser")
    assert [li["class"][1] for li in messages.select("li")] == \
        ["chat__message--person", "chat__message--bot"]
    controls = BeautifulSoup(reply["controls"], "html.parser")
    assert asked_now(controls) == "household:child_count"
    assert reply["restart"] is False


def test_the_interpreter_view_shows_each_bot_message_in_swedish_too(client, app):
    client.get("/?lang=ar")
    start(client)
    soup = page(client.get("/chat?interpreter=1")).soup
    assert soup.html["lang"] == "ar" and soup.html["dir"] == "rtl"
    question = soup.select(".chat__question")[-1]
    assert question.select_one(".source-text[lang=sv]").get_text() == \
        "Söker du ensam eller tillsammans med en annan vuxen?"
    soup = send(client, soup, {"text": "اسمي"})
    said = soup.select(".chat__message--person .chat__said")[-1]
    assert said["lang"] == "ar" and said.get_text() == "اسمي"


def test_the_tasks_page_and_the_chat_link_to_each_other(client, app):
    start(client)
    tasks = page(client.get("/tasks"))
    assert without_lang(tasks.soup.select_one("[data-switch-to-chat]")["href"]) == "/chat#reply"
    chat = page(client.get("/chat"))
    assert without_lang(chat.soup.select_one("[data-switch-to-form]")["href"]) == \
        "/apply/household#applying"


def test_the_transcript_is_sealed_and_answers_stay_out_of_addresses(client, app):
    start(client)
    soup = converse(client, app, household_inputs(), until="personal.1:last_name")
    response = client.post("/chat", data={"csrf_token": token_of(soup),
                                          "asked": asked_now(soup), "text": "Hemligsson"})
    assert "Hemligsson" not in response.headers["Location"]
    with app.app_context():
        draft = database.session().scalars(select(Draft)).one()
        assert draft.conversation and b"Hemligsson" not in draft.conversation
        assert b"Testa" not in draft.conversation and b"Testa" not in draft.answers


def test_start_over_clears_the_transcript_but_keeps_the_answers(client, app):
    start(client)
    soup = converse(client, app, household_inputs(), until="personal.1:first_name")
    soup = send(client, soup, {"command": "restart"})
    assert soup.select("form.chat__replies button[value=confirm_restart]")
    soup = send(client, soup, {"command": "confirm_restart"})
    messages = soup.select(".chat__message")
    assert messages[0]["id"] == "m1" and len(messages) == 2
    assert asked_now(soup) == "personal.1:first_name"


def test_a_long_conversation_shows_the_latest_messages_and_links_to_all(client, app):
    start(client)
    converse(client, app, household_inputs(), until="rating.1")
    typed = page(client.get("/chat")).soup  # an address typed in, without "#reply"
    shown = typed.select(".chat__message")
    # The latest exchange: what the person sent last, then the question asked now.
    assert [m["class"][-1] for m in shown] == ["chat__message--person", "chat__message--bot"]
    assert shown[-1].select_one("[data-question='rating.1:education']")
    everything = page(client.get(typed.select_one(".chat__earlier a")["href"])).soup
    assert len(everything.select(".chat__message")) > 40


def test_the_chat_needs_a_draft_and_ends_with_the_submission(client, app):
    assert location(client.get("/chat")) == "/"
    assert location(client.post("/chat", data={"text": "hej"})) == "/"
    start(client)
    complete_household(client, app, adults=1, children=0)
    soup = page(client.get("/chat")).soup
    assert not asked_now(soup)
    submit(client)
    assert location(client.get("/chat")) == "/confirmation"


HOSTILE = [
    {"text": "a" * 200_000},
    {"text": "nul\x00byte \x1b[31m"},
    {"choice": "../../etc/passwd"},
    {"choices": ["x", "y"]},
    {"command": "__init__"},
    {"command": "_command_back"},
    {"change": "household:applying:extra"},
    {"change": "nonsense"},
    {"entry": "no_such_entry"},
    {"asked": "x" * 10_000, "text": "1"},
    {"text": "?" * 5000},
    {"text": "؟ما هو"},
]


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
@pytest.mark.parametrize("data", HOSTILE)
def test_bad_input_on_every_chat_route_never_breaks_it(client, app, data, accept):
    start(client)
    soup = page(client.get("/chat")).soup
    response = client.post("/chat", headers={"Accept": accept},
                           data={"csrf_token": token_of(soup), "asked": asked_now(soup), **data})
    assert response.status_code in (200, 302)
    assert page(client.get("/chat")).soup.select_one("[data-chat-log]")


def test_a_stale_form_keeps_what_was_typed(client, app):
    start(client)
    response = client.post("/chat", data={"csrf_token": "stale", "text": "Mitt svar"})
    result = page(response)
    assert result.soup.select_one(".error-summary")
    assert result.soup.select_one("#chat-text")["value"] == "Mitt svar"
    json = client.post("/chat", headers={"Accept": "application/json"},
                       data={"csrf_token": "stale"})
    assert json.status_code == 400 and json.get_json()["error"]


@pytest.mark.parametrize("language, typed, button, entry", [
    ("fi", "mitä tarkoittaa omavaraisuus", "Tallenna se vastaukseksi", "sjalvforsorjning"),
    ("ar", "شو يعني الاكتفاء الذاتي", "حفظه كجوابي", "sjalvforsorjning"),
])
def test_a_question_typed_at_the_first_name_gets_an_answer_and_the_name_stays_empty(
        client, app, language, typed, button, entry):
    """Without JavaScript, as a Finnish or an Arabic speaker types at the first-name question."""
    client.get(f"/?lang={language}")
    start(client)
    soup = converse(client, app, household_inputs(adults=1, children=0),
                    until="personal.1:first_name")
    soup = send(client, soup, {"text": typed})
    assert asked_now(soup) == "personal.1:first_name"
    answer, hint = soup.select(".chat__message--bot")[-2:]
    assert answer.select_one(f"[data-entry={entry}]") is not None
    assert button in hint.get_text()
    assert soup.select_one("button[name=command][value=keep_typed]").get_text(strip=True) == \
        button
    with app.app_context():
        draft = database.session().scalars(select(Draft)).one()
        from selfservice.intake.services import answers_of
        assert "first_name" not in answers_of(draft).get("personal.1", {})


def test_coming_and_going_between_chat_and_form_keeps_the_place(client, app):
    start(client)
    inputs = household_inputs(adults=1, children=0)
    soup = converse(client, app, inputs, until="household:child_count", json=True)
    reply = client.post("/chat", headers={"Accept": "application/json"}, data={
        "csrf_token": token_of(soup), "asked": asked_now(soup), "text": "0"}).get_json()
    # The script puts this address on "switch to the form": the page of the question asked now.
    assert without_lang(reply["form_url"]) == "/apply/household#protected_identity"
    step = page(client.get("/apply/household"))
    assert without_lang(step.soup.select_one("[data-switch-to-chat]")["href"]) == "/chat#reply"
    chat = page(client.get("/chat")).soup
    assert chat.select_one("#reply form.chat__compose-form input:not([type=hidden])") is not None


def test_the_whole_conversation_link_opens_at_the_earliest_message_not_shown(client, app):
    start(client)
    soup = converse(client, app, household_inputs(adults=2, children=1), until="child.1")
    earlier = soup.select_one(".chat__earlier a")["href"]
    first_shown = soup.select_one(".chat__message")["data-n"]
    assert earlier.endswith(f"#m{first_shown}")


def test_the_second_adults_last_name_box_holds_the_first_adults(client, app):
    start(client)
    soup = converse(client, app, household_inputs(adults=2, children=0),
                    until="personal.2:first_name")
    assert soup.select_one("form.chat__together input#last_name")["value"] == "Exempelsson"
    assert soup.select_one("form.chat__together input#first_name").get("value", "") == ""


def test_a_question_asked_together_is_hidden_only_by_another_of_them(client, app):
    # The amount applies already (income was ticked earlier): the script must not hide it
    # for want of the ticked box on this page; "which benefit" waits for its yes.
    start(client)
    soup = converse(client, app, household_inputs(adults=1, children=0),
                    until="income.1:salary_amount")
    group = soup.select_one("form.chat__together")
    assert group.select_one("input[name=together]")["value"].split()[:1] == ["salary_amount"]
    salary = group.select_one("#salary_amount").find_parent(class_="question")
    assert not salary.has_attr("data-reveal")
    which = group.select_one("#pending_which").find_parent(class_="question")
    assert "pending_application" in which["data-reveal"]


EVERYDAY = {  # yes, no, "and", digits
    "sv": ("japp", "nä", "och", "0123456789"), "en": ("yeah", "nope", "and", "0123456789"),
    "fi": ("joo", "ei", "ja", "0123456789"), "ar": ("ايوه", "لا", "و", "٠١٢٣٤٥٦٧٨٩")}


def everyday(question, raw: Any, language: str) -> Any:
    """Return canonical test input as a person types it: "joo", "2", "4 500 kr", "1.6.2015"."""
    yes, no, and_word, digits = EVERYDAY[language]
    local = str.maketrans("0123456789", digits)
    codes = [choice.value for choice in question.choices]
    if question.type == "yes_no":
        return yes if raw == "yes" else no
    if question.type == "single_choice" and raw in codes:
        return str(codes.index(raw) + 1).translate(local)
    if question.type == "multi_choice":
        return f" {and_word} ".join(str(codes.index(code) + 1) for code in raw)
    if question.type == "money":
        return f"{int(str(raw).replace(' ', '')):,}".replace(",", " ").translate(local) + " kr"
    if question.type == "integer":
        return str(raw).translate(local)
    if question.type == "date":
        year, month, day = str(raw).split("-")
        return f"{int(day)}.{int(month)}.{year}".translate(local)
    return raw


@pytest.mark.parametrize("language", LANGUAGES)
def test_everyday_typed_answers_give_the_same_submission_as_the_web_form(app, language):
    """Typed as people type, in the box and in the fields asked together: the same record."""
    inputs = household_inputs(adults=2, children=2)
    questionnaire = app.extensions["questionnaire"]
    client = app.test_client()
    client.get(f"/?lang={language}")
    start(client)
    soup = page(client.get("/chat")).soup
    for _ in range(200):
        asked, together = asked_now(soup), together_now(soup)
        if not asked:
            break
        step_key, question_id = asked.split(":")
        found = questionnaire.page(step_key.split(".")[0])
        given = inputs.get(step_key, {})
        if together:
            fields = {}
            for name in together.split():
                question = found.question(name)
                raw = given.get(name, sample_input(question))
                fields[name] = raw if question.kind.is_choice else everyday(question, raw,
                                                                               language)
            soup = send(client, soup, {"together": together, **fields})
        else:
            question = found.question(question_id)
            typed = everyday(question, given.get(question_id, sample_input(question)), language)
            soup = send(client, soup, {"text": typed})
    else:
        raise AssertionError("the conversation never ended")
    assert answers_of_record(app, submit(client)) == by_the_form(app, language, inputs)
