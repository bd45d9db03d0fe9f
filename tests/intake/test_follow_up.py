"""A follow-up code through the test client: given from the record, used on a phone, opening
its reading again where the person left it (after the quick exit, or on another phone, which
takes it from the first) until the reading is finished, refused when finished, expired or
guessed, and rate-limited like resume codes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from selfservice import database
from selfservice.database import utcnow
from selfservice.records.models import AuditEntry, FollowUpCode, FollowUpReading
from selfservice.stats import tallies
from selfservice.stats.models import PersonState
from tests.builders import household_inputs
from tests.conftest import Page, location, page
from tests.journey import complete_household, start, submit
from tests.stats.test_tallies import kept_state

RATINGS = ("education", "swedish", "work_experience", "health_physical", "health_mental",
           "health_social", "motivation", "job_seeking")
REFUSED_FI = "Koodi ei toimi"
GOAL = "Haluan töihin kauppaan"


def send_rated_household(app) -> str:
    """Send a one-adult household whose adult rated themselves AM3 and wrote one goal (6 and
    3 on the rulers); return its reference."""
    inputs = household_inputs(adults=1, children=0)
    inputs["rating.1"] = dict.fromkeys(RATINGS, "level_4")
    inputs["rating_choice.1"] = {"category": "am3", "rehab_obstacles": []}
    inputs["goals.1"] = {"goal_1": GOAL, "goal_1_importance": "6", "goal_1_confidence": "3"}
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=1, children=0, inputs=inputs)
    return submit(client)


@pytest.fixture
def reference(app) -> str:
    return send_rated_household(app)


def give_code(caseworker, reference: str, position: int = 1) -> str:
    """Give an adult a follow-up code from the record page; return the code shown once."""
    record = page(caseworker.get(f"/caseworker/records/{reference}"))
    form = record.soup.select_one(f"[data-journey='{position}'] form[data-follow-up-form]")
    response = caseworker.post(form["action"], data={"csrf_token": record.csrf_token})
    assert response.status_code == 200
    return page(response).soup.select_one("[data-follow-up-code]").get_text(strip=True)


def redeem(client, code: str, lang: str = "fi"):
    form = page(client.get(f"/follow-up?lang={lang}"))
    return client.post("/follow-up", data={"code": code, "csrf_token": form.csrf_token})


def fill_reading(client, code: str, category: str = "am2", goal: str = GOAL) -> None:
    """Answer the follow-up's two pages as the person does, in the page's own form."""
    response = redeem(client, code)
    assert response.status_code == 302
    rating = page(client.get(location(response)))
    assert rating.soup.select_one("[data-quick-exit]")
    # The same follow-up in the chat, not the application's chat.
    assert rating.soup.select_one("[data-switch-to-chat]")["href"].startswith("/chat/follow-up")
    answers = {name: "level_2" for name in RATINGS} | {"motivation": "level_1"}
    response = client.post(location(response), data={**answers, "csrf_token": rating.csrf_token})
    assert response.status_code == 302, page(response).errors
    choice = page(client.get(location(response)))
    assert choice.soup.select_one("[data-suggestion]")  # the service's suggestion, as in the form
    response = client.post(location(response), data={
        "category": category, "csrf_token": choice.csrf_token})
    # Their own goal from the application, in their words, to put on the rulers again.
    goals = page(client.get(location(response)))
    assert goals.soup.select_one("textarea[name=goal_1]").get_text() == GOAL
    assert not goals.soup.select("input[name=goal_1_importance][checked]")
    response = client.post(location(response), data={
        "goal_1": goal, "goal_1_importance": "8", "goal_1_confidence": "5",
        "csrf_token": goals.csrf_token})
    assert location(response) == "/follow-up/done"
    assert page(client.get("/follow-up/done")).h1


def test_a_code_opens_one_reading_and_the_record_shows_both_self_ratings(app, login,
                                                                          reference):
    caseworker = login("caseworker")
    code = give_code(caseworker, reference)
    fill_reading(app.test_client(), code)
    record = page(caseworker.get(f"/caseworker/records/{reference}"))
    journey = record.soup.select_one("[data-journey='1']")
    rows = [[cell.get_text(strip=True) for cell in row.select("td")]
            for row in journey.select("[data-journey-table] tbody tr")]
    assert [row[1:] for row in rows] == [["Självskattning i ansökan", "AM3"],
                                         ["Självskattning vid uppföljning", "AM2"]]
    assert len(journey.select("svg .journey__mark--self")) == 2
    # Their goal's rulers, from the application and again at the follow-up.
    rulers = journey.select_one("[data-goal-rulers]")
    assert [th.get_text(strip=True) for th in rulers.select("thead th")][2] == "Mål 1"
    assert [[cell.get_text(strip=True) for cell in row.select("td")][1:3]
            for row in rulers.select("tbody tr")] == [
        ["Självskattning i ansökan", "viktigt 6, säker 3"],
        ["Självskattning vid uppföljning", "viktigt 8, säker 5"]]
    assert journey.select_one("svg")["aria-hidden"] == "true"
    assert not rulers.select("[data-reworded]")  # the same words as in the application
    # The goal's chart: importance 6 then 8 rises (y grows downwards), confidence 3 then 5.
    chart = journey.select_one("svg[data-goal-chart='1']")
    assert chart["aria-hidden"] == "true"
    importance = [float(c["cy"]) for c in chart.select(".journey__mark--importance")]
    confidence = [float(r["y"]) + 7 for r in chart.select(".journey__mark--confidence")]
    assert len(importance) == len(confidence) == 2
    assert importance[1] < importance[0] and confidence[1] < confidence[0]
    assert importance[0] < confidence[0]  # 6 stands above 3
    # Used: the same code on another phone gets the clear message, and opens nothing.
    again = redeem(app.test_client(), code)
    assert again.status_code == 200
    assert REFUSED_FI in " ".join(page(again).errors)
    with app.app_context():
        session = database.session()
        reading = session.scalars(select(FollowUpReading)).one()
        assert (reading.category, reading.locale, reading.read_on is not None) == \
            ("am2", "fi", True)
        assert b"level_2" not in reading.answers  # sealed like the record's answers
        assert session.scalars(select(PersonState.self_am_now)).one() == "am2"
        kept = kept_state()
        tallies.rebuild(session.connection())
        assert kept_state() == kept
        actions = [e.action for e in session.scalars(select(AuditEntry))]
        assert "follow_up_code" in actions


def test_a_person_who_left_quickly_comes_back_with_the_same_code_where_they_left(
        app, login, reference):
    code = give_code(login("caseworker"), reference)
    phone = app.test_client()
    opened = redeem(phone, code)
    rating = page(phone.get(location(opened)))
    answers = {name: "level_3" for name in RATINGS}
    saved = phone.post(location(opened), data={**answers, "csrf_token": rating.csrf_token})
    choice_page = location(saved)
    left_behind = phone.get_cookie("session").value
    # Someone comes in: the quick exit, as the page's button (a same-site link) does it.
    assert phone.get("/leave", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 303
    assert location(phone.get(choice_page)) == "/follow-up"
    # Nor does a copy of the cookie the phone had (the reading was let go, not only forgotten).
    stale = app.test_client()
    stale.set_cookie("session", left_behind)
    assert location(stale.get(choice_page)) == "/follow-up"

    # Later, on another phone, the same code opens the same reading at the page after the
    # one saved, and the first page keeps what was chosen.
    other = app.test_client()
    again = redeem(other, code)
    assert location(again) == choice_page
    assert page(other.get(choice_page)).h1
    back = page(other.get(location(opened)))
    assert len(back.soup.select("input[type=radio][value=level_3][checked]")) == len(RATINGS)
    with app.app_context():
        assert len(database.session().scalars(select(FollowUpReading)).all()) == 1


def test_a_code_opened_on_a_second_phone_takes_the_reading_from_the_first(app, login,
                                                                          reference):
    code = give_code(login("caseworker"), reference)
    first, second = app.test_client(), app.test_client()
    rating_page = location(redeem(first, code))
    assert page(first.get(rating_page)).h1
    assert location(redeem(second, code)) == rating_page
    assert page(second.get(rating_page)).h1
    assert location(first.get(rating_page)) == "/follow-up"


def test_an_expired_or_guessed_code_gets_the_same_clear_message(app, login, reference):
    code = give_code(login("caseworker"), reference)
    with app.app_context():
        database.session().execute(update(FollowUpCode).values(
            expires_at=utcnow() - timedelta(minutes=1)))
        database.session().commit()
    for tried in (code, "ABCD-EFGH-JKMN-PQRS", "12345"):
        response = redeem(app.test_client(), tried, lang="ar")
        shown = page(response)
        assert response.status_code == 200
        assert shown.soup.html["lang"] == "ar"
        assert len(shown.errors) == 1 and "الرمز لا يعمل" in shown.errors[0]


def test_the_follow_up_pages_need_an_open_reading(client):
    assert location(client.get("/follow-up/rating")) == "/follow-up"


def test_the_eleventh_code_in_a_minute_is_refused(app):
    client = app.test_client()
    token = Page(client.get("/follow-up?lang=en")).csrf_token
    tries = [client.post("/follow-up", data={"code": "AAAA-BBBB-CCCC-DDDD",
                                             "csrf_token": token}).status_code
             for _ in range(11)]
    assert tries == [200] * 10 + [429]


def test_a_goal_reworded_at_the_follow_up_shows_its_new_words_masked(app, login, reference):
    caseworker = login("caseworker")
    code = give_code(caseworker, reference)
    fill_reading(app.test_client(), code,
                 goal="Haluan töihin kauppaan tai kahvilaan, soita 070-123 45 67")
    record = page(caseworker.get(f"/caseworker/records/{reference}"))
    rulers = record.soup.select_one("[data-journey='1'] [data-goal-rulers]")
    reworded = [span.get_text(" ", strip=True) for span in rulers.select("[data-reworded]")]
    assert len(reworded) == 1, reworded  # on the reading's row only
    assert "kahvilaan" in reworded[0] and "070" not in reworded[0]
    assert "[telefonnummer dolt]" in reworded[0]
