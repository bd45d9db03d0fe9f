"""Urgent needs first: nowhere to sleep, no food, unsafe at home – before the rest of the form.

A household that needs help today must learn at once whom to call, and the application it
sends must stand at the top of the caseworker's queue, whatever the queue's order or page.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from selfservice import database
from selfservice.records.models import Submission
from tests.builders import household_inputs
from tests.conftest import location, page
from tests.journey import complete_household, start, submit


def first_page_url(client) -> str:
    """Start, and return where the resume-code page's button leads: the first question."""
    start_page = page(client.get("/"))
    shown = page(client.post("/start", data={"consent": "y",
                                             "csrf_token": start_page.csrf_token}))
    return shown.soup.select_one("a.button")["href"]


def choose(client, needs: list[str], lang: str = "sv"):
    form = page(client.get(f"/apply/urgent?lang={lang}"))
    return client.post(f"/apply/urgent?lang={lang}",
                       data={"urgent_needs": needs, "csrf_token": form.csrf_token})


def test_a_new_household_is_asked_about_urgent_needs_first(client):
    url = first_page_url(client)
    assert url.split("?")[0] == "/apply/urgent"
    first = page(client.get(url))
    assert first.h1 == "Behöver du hjälp redan i dag?"
    offered = [box.find_next("label").get_text(" ", strip=True)
               for box in first.soup.select("input[name=urgent_needs]")]
    assert offered[0] == "Någon har ingenstans att sova i natt"
    assert offered[-1] == "Nej, inget av detta"
    # Nothing else can be started before the question is answered.
    assert location(client.get("/apply/household")) == "/tasks"


def test_choosing_needs_shows_whom_to_call_now_and_then_lets_the_person_go_on(client, app):
    first_page_url(client)
    response = choose(client, ["no_food", "unsafe_at_home"])
    assert location(response) == "/urgent"
    shown = page(client.get("/urgent"))
    needs = [li.get_text(" ", strip=True) for li in shown.soup.select("[data-urgent-needs] li")]
    assert needs == ["Vi har inte pengar till mat i dag", "Någon är inte trygg hemma"]
    numbers = shown.soup.select_one("[data-urgent-numbers]").get_text(" ", strip=True)
    assert app.config["SOCIAL_OFFICE_PHONE"] in numbers
    assert app.config["SOCIAL_EMERGENCY_PHONE"] in numbers
    assert app.config["SOCIAL_OFFICE_HOURS"] in numbers
    assert "Ring 112" in numbers
    go_on = shown.soup.select_one("a.button")
    assert go_on.get_text(strip=True) == "Fortsätt med ansökan"
    assert page(client.get(go_on["href"])).soup.select_one("a[href*='/apply/household']")


def test_none_of_these_goes_straight_on_and_cannot_be_combined(client):
    first_page_url(client)
    refused = page(choose(client, ["none", "no_food"]))
    assert refused.errors and "Nej, inget av detta" in refused.errors[0]
    assert location(choose(client, ["none"])) == "/tasks"


def test_in_arabic_the_needs_and_numbers_read_right(client, app):
    first_page_url(client)
    choose(client, ["nowhere_to_sleep"], lang="ar")
    shown = page(client.get("/urgent?lang=ar"))
    assert shown.soup.html["dir"] == "rtl"
    assert "ليس لديه مكان ينام فيه الليلة" in shown.soup.select_one("[data-urgent-needs]").text
    phones = [b.get_text() for b in shown.soup.select("[data-urgent-numbers] bdi[dir=ltr]")]
    assert app.config["SOCIAL_EMERGENCY_PHONE"] in phones


def test_with_the_interpreter_view_the_urgent_page_shows_the_swedish_too(client):
    first_page_url(client)
    choose(client, ["medicine"], lang="fi")
    client.get("/urgent?lang=fi&interpreter=1")
    shown = page(client.get("/urgent?lang=fi"))
    swedish = [s.get_text(" ", strip=True) for s in shown.soup.select(".source-text[lang=sv]")]
    assert "Vi har inte pengar till medicin som behövs nu" in swedish
    # The phone number stays one isolated left-to-right run in both languages.
    assert any("Kvällar, nätter och helger: ring socialjouren på" in s for s in swedish)
    assert len(shown.soup.select("[data-urgent-numbers] bdi[dir=ltr]")) == 6


def send(app, needs: list[str]) -> str:
    inputs = household_inputs(adults=1, children=0)
    inputs["urgent"] = {"urgent_needs": needs}
    client = app.test_client()
    start(client, urgent_needs=needs)
    complete_household(client, app, adults=1, children=0, inputs=inputs)
    return submit(client)


def test_a_sent_household_with_urgent_needs_tops_the_queue_and_the_record(app, login):
    calm = [send(app, ["none"]) for _ in range(2)]
    urgent = send(app, ["nowhere_to_sleep", "child_without_care"])
    later = send(app, ["none"])
    with app.app_context():
        marked = {r.reference_code: r.urgent
                  for r in database.session().scalars(select(Submission))}
    assert marked == {calm[0]: False, calm[1]: False, urgent: True, later: False}
    caseworker = login("caseworker")
    # Sorted newest first, the urgent household still comes before everything.
    queue = page(caseworker.get("/caseworker/?order=newest"))
    panel = queue.soup.select_one("[data-urgent-queue]")
    assert "1 hushåll behöver hjälp i dag" in panel.get_text(" ", strip=True)
    assert [a.get_text(strip=True) for a in panel.select("td a")] == [urgent]
    assert panel.sourceline < queue.soup.select_one("form.filters").sourceline
    record = page(caseworker.get(f"/caseworker/records/{urgent}")).soup
    flags = record.select("[data-meeting-summary] [data-flag]")
    assert [f["data-flag"] for f in flags[:2]] == ["urgent_nowhere_to_sleep",
                                                   "urgent_child_without_care"]
    assert all("flag--urgent" in f["class"] for f in flags[:2])
    assert flags[0].get_text(" ", strip=True) == "Akut: någon har ingenstans att sova i natt"


def test_an_urgent_household_leaves_the_panel_once_someone_works_on_it(app, login):
    urgent = send(app, ["no_food"])
    with app.app_context():
        record = database.session().scalars(select(Submission)).one()
        record.status = "in_review"
        database.session().commit()
    queue = page(login("caseworker").get("/caseworker/"))
    assert queue.soup.select_one("[data-urgent-queue]") is None
    assert urgent in queue.soup.select_one("table").get_text()


@pytest.mark.parametrize(("language", "typed", "code"), [
    ("sv", "vi har ingen mat", "no_food"),
    ("fi", "ei ruokaa", "no_food"),
    ("ar", "ما في اكل", "no_food"),
    ("en", "nowhere to sleep", "nowhere_to_sleep"),
])
def test_the_chat_asks_first_and_gives_the_numbers(shared_app, language, typed, code):
    from selfservice.chat.services import current_context
    from selfservice.chat.texts import URGENT_TEXT
    from tests.chat.test_conversation import Chat

    with shared_app.test_request_context(f"/?lang={language}"):
        chat = Chat(current_context())
        assert chat.asking == "urgent:urgent_needs"
        outcome = chat.send(text=typed)
        assert [s.value for s in outcome.saves] == [[code]]
        told = [p.text for p in chat.parts("p") if p.text.msgid == URGENT_TEXT]
        # Isolated left to right, as the pages isolate it.
        assert told and told[0].values["emergency"] == "\u2066{}\u2069".format(
            shared_app.config["SOCIAL_EMERGENCY_PHONE"])
        assert chat.asking == "household:applying"


def test_the_start_page_points_to_help_today_before_anything_is_filled_in(client, app):
    start_page = page(client.get("/?lang=ar"))
    link = start_page.soup.select_one("a[data-urgent-link]")
    shown = page(client.get(link["href"]))
    assert app.config["SOCIAL_EMERGENCY_PHONE"] in shown.soup.select_one(
        "[data-urgent-numbers]").get_text()
    assert shown.soup.select_one("[data-urgent-needs]") is None  # nothing chosen yet
