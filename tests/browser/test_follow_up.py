"""A person redeems a follow-up code on a phone in Finnish without JavaScript, and the
caseworker sees both self-ratings and their own assessment on the record's chart."""

from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from selfservice import database
from selfservice.records.models import Submission
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_caseworker import signed_in
from tests.conftest import page as parsed
from tests.conftest import sign_in
from tests.intake.test_follow_up import GOAL, RATINGS, give_code, send_rated_household

pytestmark = pytest.mark.browser


def _sent_two_months_ago(live_app) -> str:
    reference = send_rated_household(live_app)
    with live_app.app_context():
        session = database.session()
        record = session.scalars(select(Submission)).one()
        record.submitted_on -= timedelta(days=61)
        record.created_at -= timedelta(days=61)
        session.commit()
    return reference


def test_a_code_on_a_phone_in_finnish_without_javascript_and_the_chart(browser, live_app):
    reference = _sent_two_months_ago(live_app)
    caseworker = sign_in(live_app, role="caseworker")
    code = give_code(caseworker, reference)
    record = parsed(caseworker.get(f"/caseworker/records/{reference}"))
    caseworker.post(f"/caseworker/records/{reference}/ratings/1", data={
        "category": "am2", "assessed_on": (date.today() - timedelta(days=30)).isoformat(),
        "justification": "Vi pratade om sfi och praktik.", "csrf_token": record.csrf_token})
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="fi",
                                  base_url=live_app.config["LIVE_URL"],
                                  java_script_enabled=False)
    phone = context.new_page()
    phone.goto("/follow-up?lang=fi")
    phone.fill("#code", code.lower().replace("-", " "))  # as typed from paper
    phone.get_by_role("button", name="Aloita").click()
    assert phone.locator("h1").inner_text() == "Missä tilanteessa olet nyt?"
    assert phone.locator("[data-quick-exit]").count() == 1
    for name in RATINGS:
        phone.locator(f"input[name='{name}'][value='level_2']").check()
    phone.locator("#step-form button[type=submit]").click()
    expect(phone.locator("[data-suggestion]")).to_have_count(1)
    phone.locator("input[name='category'][value='am2']").check()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360, "no sideways scroll"
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "follow-up-fi.png"), full_page=False)
    phone.locator("#step-form button[type=submit]").click()
    # Their own goal from the application, in their words, on the rulers again.
    assert phone.locator("textarea[name='goal_1']").input_value() == GOAL
    phone.locator("input[name='goal_1_importance'][value='8']").check()
    phone.locator("input[name='goal_1_confidence'][value='5']").check()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360, "no sideways scroll"
    phone.screenshot(path=str(ARTIFACTS / "follow-up-goals-fi.png"), full_page=False)
    phone.locator("#step-form button[type=submit]").click()
    assert phone.locator("h1").inner_text() == "Arviosi on tallennettu"
    context.close()

    desk, page = signed_in(browser, live_app, height=800)
    page.goto(f"/caseworker/records/{reference}")
    journey = page.locator("[data-journey='1']")
    rows = journey.locator("[data-journey-table] tbody tr").all_inner_texts()
    assert len(rows) == 3, rows  # application AM3, the caseworker's AM2, the reading AM2
    assert "AM3" in rows[0] and "Handläggarens" in rows[1] and "uppföljning" in rows[2]
    assert journey.locator("svg .journey__mark--self").count() == 2
    rulers = journey.locator("[data-goal-rulers] tbody tr").all_inner_texts()
    assert "viktigt 6, säker 3" in rulers[0] and "viktigt 8, säker 5" in rulers[1], rulers
    violations = Axe().run(page).response["violations"]
    assert not violations, [v["id"] for v in violations]
    journey.scroll_into_view_if_needed()
    journey.screenshot(path=str(ARTIFACTS / "journey-chart.png"))
    desk.close()


def test_a_follow_up_in_the_chat_in_arabic_with_javascript(browser, live_app):
    """The same follow-up in the chat on a phone with JavaScript: tapped answers, the goal
    offered in the person's own words, no WCAG violations on the form page or the chat."""
    reference = send_rated_household(live_app)
    code = give_code(sign_in(live_app, role="caseworker"), reference)
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="ar",
                                  base_url=live_app.config["LIVE_URL"])
    phone = context.new_page()
    phone.goto("/follow-up?lang=ar")
    phone.fill("#code", code)
    phone.locator("#main-content form button[type=submit], main form button[type=submit]") \
        .first.click()
    phone.wait_for_url("**/follow-up/rating**")
    assert not Axe().run(phone).response["violations"]
    phone.locator("[data-switch-to-chat]").click()
    phone.wait_for_selector("[data-chat-controls] button.chat__reply")
    for _ in RATINGS:
        before = phone.locator(".chat__message").count()
        phone.locator("[data-chat-controls] button.chat__reply[value='level_2']").click()
        phone.locator(".chat__message").nth(before).wait_for()  # the answer is in
    # Their own choice is asked with its questions together, under the service's suggestion.
    phone.locator("[data-chat-controls] input[name=category][value=am2]").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360, "no sideways scroll"
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "follow-up-chat-ar.png"), full_page=False)
    violations = Axe().run(phone).response["violations"]
    assert not violations, [v["id"] for v in violations]
    context.close()
