"""The question after sending, through the test client: no JavaScript, four languages, the
interpreter view, bad input, one answer per session, and nothing that leads back stored."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from selfservice import database
from selfservice.funnel import feedback
from selfservice.funnel.models import Feedback
from tests.builders import household_inputs
from tests.chat.test_views import converse
from tests.conftest import location, page
from tests.journey import complete_household, start, submit

LANGUAGES = ["sv", "en", "ar", "fi"]


def sent(app, language: str = "sv", *, interpreter: bool = False):
    """A phone that has just sent a one-adult household in ``language``."""
    client = app.test_client()
    client.get(f"/?lang={language}" + ("&interpreter=1" if interpreter else ""))
    start(client)
    complete_household(client, app, adults=1, children=0)
    submit(client)
    return client


def in_language(app, language: str, msgid: str) -> str:
    with app.test_request_context(), force_locale(language):
        return gettext(msgid)


def answers(app) -> list[Feedback]:
    with app.app_context():
        return database.session().scalars(select(Feedback)).all()


def answer(client, **data):
    form = page(client.get("/confirmation"))
    return client.post("/confirmation", data={"csrf_token": form.csrf_token, **data})


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_question_works_without_javascript_in_every_language(app, language):
    client = sent(app, language)
    shown = page(client.get("/confirmation"))
    assert shown.soup.html["lang"] == language
    question = shown.soup.select_one("[data-feedback]")
    legends = [legend.get_text(strip=True) for legend in question.select("legend")]
    assert legends == [in_language(app, language, "Hur var det att fylla i det här?"),
                       in_language(app, language, "Fick du hjälp av någon att fylla i?")]
    # Five faces, each with its words: a radio, a label with a drawing and text.
    faces = question.select("input[type=radio][name=ease]")
    assert [f["value"] for f in faces] == [c.value for c in feedback.EASE]
    for face, choice in zip(faces, feedback.EASE, strict=True):
        label = question.select_one(f"label[for='{face['id']}']")
        assert label.select_one("svg[aria-hidden=true]")
        assert label.get_text(strip=True) == in_language(app, language, choice.label)
    assert [r["value"] for r in question.select("input[name=helped]")] == \
        [c.value for c in feedback.HELPED]
    assert question.select_one("textarea#comment")["aria-describedby"] == "comment-hint"
    assert not question.select("script") and question.select_one("form[method=post]")
    response = answer(client, ease="very_easy", helped="interpreter", comment="Tack, bra")
    assert response.status_code == 302
    assert location(response) == "/confirmation#feedback"
    thanked = page(client.get(response.headers["Location"])).soup
    thanks = "Tack för ditt svar! Det hjälper oss att göra e-tjänsten lättare att använda."
    assert thanked.select_one("[data-feedback-thanks]").get_text(strip=True) == \
        in_language(app, language, thanks)
    assert not thanked.select("[data-feedback-form]")
    (stored,) = answers(app)
    assert (stored.locale, stored.channel, stored.ease, stored.helped, stored.comment) == \
        (language, "form", "very_easy", "interpreter", "Tack, bra")
    assert len(stored.month) == 7 and stored.month[4] == "-"


def test_one_answer_per_session(app):
    client = sent(app)
    form = page(client.get("/confirmation"))
    for _ in range(3):
        client.post("/confirmation", data={"csrf_token": form.csrf_token, "ease": "hard"})
    assert len(answers(app)) == 1


def test_identity_in_the_comment_is_masked_before_it_is_stored(app):
    client = sent(app, "fi")
    answer(client, comment="Soita 070-174 06 10 tai testa@example.org, hetu 19850423-9982")
    (stored,) = answers(app)
    assert stored.comment == "Soita [telefonnummer dolt] tai [e-post dold], hetu " \
                             "[personnummer dolt]"


@pytest.mark.parametrize(("data", "field"), [
    ({}, "ease"),
    ({"ease": "terrible"}, "ease"),
    ({"helped": "neighbour' OR 1=1"}, "helped"),
    ({"comment": "x" * (feedback.COMMENT_LENGTH + 1)}, "comment"),
    ({"comment": "nul\x00byte"}, "comment"),
])
def test_bad_input_gets_a_message_next_to_the_field_and_nothing_is_stored(app, data, field):
    client = sent(app, "ar")
    response = answer(client, **data)
    assert response.status_code == 200
    shown = page(response)
    error = shown.soup.select_one(f"#{field}-error")
    assert error is not None and shown.soup.select_one(".error-summary")
    message = error.get_text(" ", strip=True).split(" ", 1)[1]
    assert re.search("[\u0600-\u06ff]", message), message  # said in Arabic
    assert shown.soup.select_one(f"[aria-describedby~='{field}-error']")
    assert answers(app) == []
    if "comment" in data and "\x00" not in data["comment"]:
        assert shown.soup.select_one("#comment").get_text() == data["comment"]  # kept


def test_a_stale_form_keeps_what_was_typed(app):
    client = sent(app)
    response = client.post("/confirmation", data={"csrf_token": "old", "ease": "easy",
                                                   "comment": "Bra frågor"})
    shown = page(response)
    assert shown.soup.select_one(".error-summary")
    assert shown.soup.select_one("#comment").get_text() == "Bra frågor"
    assert shown.soup.select_one("input[name=ease][value=easy]").has_attr("checked")
    assert answers(app) == []


def test_only_the_phone_that_sent_can_answer(app):
    sent(app)
    other = app.test_client()
    response = other.post("/confirmation", data={"ease": "easy"})
    assert response.status_code == 302 and location(response) == "/"
    assert answers(app) == []


def test_after_clearing_the_phone_no_answer_is_taken(app):
    client = sent(app)
    form = page(client.get("/confirmation"))
    client.post("/finish", data={"csrf_token": form.csrf_token})
    client.post("/confirmation", data={"csrf_token": form.csrf_token, "ease": "easy"})
    assert answers(app) == []


def test_an_application_finished_in_the_chat_answers_under_the_chat(app):
    client = app.test_client()
    start(client)
    converse(client, app, household_inputs(1, 0))
    check = page(client.get("/check"))
    client.post("/submit", data={"csrf_token": check.csrf_token})
    answer(client, helped="family_friend")
    (stored,) = answers(app)
    assert (stored.channel, stored.ease, stored.helped) == ("chat", None, "family_friend")


@pytest.mark.parametrize("language", ["ar", "fi"])
def test_the_interpreter_view_shows_the_swedish_of_the_question(app, language):
    client = sent(app, language, interpreter=True)
    question = page(client.get("/confirmation")).soup.select_one("[data-feedback]")
    swedish = [s.get_text(" ", strip=True) for s in question.select(".source-text[lang=sv]")]
    for text in ("Hur var det att fylla i det här?", "Mycket svårt", "Ja, en tolk",
                 "Vill du berätta något mer?", "Skicka svaren",
                 "Skriv inte personnummer, telefonnummer eller e-post här."):
        assert text in swedish
