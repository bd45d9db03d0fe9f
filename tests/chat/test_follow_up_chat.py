"""A follow-up in the chat: a person opens their follow-up code on a phone, switches to the
chat, answers in Arabic, and the reading is the one the form would have stored."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from flask_babel import force_locale, gettext
from sqlalchemy import select

from selfservice import database
from selfservice.chat.texts import FOLLOW_UP_DONE, FOLLOW_UP_GREETING
from selfservice.records import readings
from selfservice.records.models import FollowUpReading
from tests.chat.test_views import asked_now, reply_for, together_now, token_of
from tests.conftest import location, page
from tests.intake.test_follow_up import (
    GOAL,
    RATINGS,
    fill_reading,
    give_code,
    redeem,
    send_rated_household,
)

INPUTS = {"rating.1": dict.fromkeys(RATINGS, "level_2"),
          "rating_choice.1": {"category": "am2", "rehab_obstacles": []},
          "goals.1": {"goal_1": GOAL, "goal_1_importance": "8", "goal_1_confidence": "5"}}


def in_arabic(app, msgid: str) -> str:
    with app.test_request_context(), force_locale("ar"):
        return gettext(msgid)


def chat_reading(app, client, code: str, *, json: bool = False) -> tuple[BeautifulSoup, list]:
    """Redeem the code in Arabic, go from the form's first page to the chat and answer
    everything it asks; return the last page and the goal fields offered on the way."""
    response = redeem(client, code, lang="ar")
    first = page(client.get(location(response)))
    soup = page(client.get(first.soup.select_one("[data-switch-to-chat]")["href"])).soup
    assert in_arabic(app, FOLLOW_UP_GREETING)[:30] in soup.get_text(" ")
    offered = []
    for _ in range(60):
        asked = asked_now(soup) if soup.select_one("form.chat__compose-form") else ""
        if not asked:
            return soup, offered
        if asked.startswith("goals."):
            offered.append(soup.select_one("textarea[name=goal_1], input[name=goal_1]"))
        data: dict[str, Any] = {"csrf_token": token_of(soup), "asked": asked,
                                **reply_for(app, asked, INPUTS, together_now(soup))}
        if json:
            reply = client.post("/chat/follow-up", data=data,
                                headers={"Accept": "application/json"}).get_json()
            soup = BeautifulSoup(reply["messages"] + reply["controls"], "html.parser")
        else:
            response = client.post("/chat/follow-up", data=data)
            assert response.status_code == 302, response.get_data(as_text=True)[:300]
            soup = page(client.get(location(response))).soup
            if location(response).startswith("/follow-up/done"):
                return soup, offered  # the page the form ends on
    raise AssertionError("the follow-up never ended")


def test_a_follow_up_in_the_chat_stores_the_reading_the_form_would(app, login):
    reference = send_rated_household(app)
    caseworker = login("caseworker")
    by_form, by_chat = give_code(caseworker, reference), give_code(caseworker, reference)
    fill_reading(app.test_client(), by_form)
    client = app.test_client()
    done, offered = chat_reading(app, client, by_chat)
    # Their own goal from the application is offered in the reply box, as the form does.
    assert offered and offered[0] is not None
    assert GOAL in (offered[0].get_text() or offered[0].get("value", ""))
    assert done.select_one("h1").get_text(strip=True) == in_arabic(app, "Din bedömning är sparad")
    with app.app_context():
        form_reading, chat_reading_ = database.session().scalars(
            select(FollowUpReading).order_by(FollowUpReading.id)).all()
        assert chat_reading_.read_on is not None and chat_reading_.locale == "ar"
        assert (chat_reading_.category, form_reading.category) == ("am2", "am2")
        chatted, formed = readings.answers_of(chat_reading_), readings.answers_of(form_reading)
        assert chatted["rating.1"] == dict.fromkeys(RATINGS, "level_2")
        assert {k: v for k, v in chatted["goals.1"].items() if k.startswith("goal_1")} == \
            {"goal_1": {"text": GOAL, "lang": "ar"}, "goal_1_importance": 8,
             "goal_1_confidence": 5}
        assert formed["goals.1"]["goal_1_importance"] == 8
    # Finished: the chat and the form's pages send the person back to the code page.
    assert location(client.get("/chat/follow-up")) == "/follow-up"
    assert location(client.get("/follow-up/rating")) == "/follow-up"
    # The record shows the chat's reading beside the application.
    record = page(caseworker.get(f"/caseworker/records/{reference}")).soup
    rows = record.select("[data-journey='1'] [data-journey-table] tbody tr")
    assert len(rows) >= 2


def test_with_javascript_the_follow_up_chat_ends_the_same_way(app, login):
    reference = send_rated_household(app)
    code = give_code(login("caseworker"), reference)
    done, _offered = chat_reading(app, app.test_client(), code, json=True)
    assert in_arabic(app, FOLLOW_UP_DONE) in done.get_text(" ")
    assert done.select_one("a[data-chat-done]")["href"].startswith("/follow-up/done")
    with app.app_context():
        reading = database.session().scalars(select(FollowUpReading)).one()
        assert (reading.category, reading.read_on is not None) == ("am2", True)


def test_the_follow_up_chat_needs_an_open_reading(client):
    assert location(client.get("/chat/follow-up")) == "/follow-up"
    assert location(client.post("/chat/follow-up", data={"text": "hej"})) == "/follow-up"


def test_the_follow_up_chat_shows_the_swedish_in_the_interpreter_view(app, login):
    reference = send_rated_household(app)
    code = give_code(login("caseworker"), reference)
    client = app.test_client()
    client.get("/?lang=fi&interpreter=1")
    redeem(client, code, lang="fi")
    shown = page(client.get("/chat/follow-up?lang=fi")).soup
    swedish = " ".join(s.get_text(" ", strip=True) for s in shown.select(".source-text[lang=sv]"))
    assert "Hej! Jag ställer frågorna i din uppföljning" in swedish
    assert "Samma frågor som i formuläret för uppföljningen" in swedish
