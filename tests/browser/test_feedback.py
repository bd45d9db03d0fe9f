"""The question after sending on a 360 px phone without JavaScript, by keyboard, checked by
axe; and the administrator's page of the funnel at 1280 px. Screenshots go to test-artifacts/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from selfservice import database
from selfservice.accounts.auth import create_user
from selfservice.database import utcnow
from selfservice.funnel import feedback
from selfservice.funnel.models import DurationCount, Feedback, StepCount
from tests.browser.conftest import ARTIFACTS, PHONE
from tests.browser.helpers import resume
from tests.browser.test_accessibility import assert_accessible
from tests.journey import complete_household, start

pytestmark = pytest.mark.browser


@pytest.fixture
def sent_phone(browser, live_app):
    """``sent_phone("ar")``: a phone (without JavaScript unless asked) that has just sent an
    application."""
    contexts = []

    def make(language: str, *, javascript: bool = False):
        client = live_app.test_client()
        code = start(client)
        complete_household(client, live_app, adults=1, children=0)
        server = live_app.config["LIVE_URL"]
        context = browser.new_context(viewport=PHONE, base_url=server, locale=language,
                                      java_script_enabled=javascript)
        context.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith(server) else route.abort())
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        resume(page, code, language)
        page.goto(f"/check?lang={language}")  # the resume code opens the draft's language
        with page.expect_navigation():
            page.locator("form[action^='/submit'] button").click()
        page.wait_for_selector("[data-reference-code]")
        return page
    yield make
    for context in contexts:
        context.close()


def _stored(live_app) -> list[Feedback]:
    with live_app.app_context():
        return database.session().scalars(select(Feedback)).all()


@pytest.mark.parametrize("language", ["sv", "ar", "fi"])
def test_the_question_is_answered_by_keyboard_without_javascript(sent_phone, live_app,
                                                                 language):
    page = sent_phone(language)
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#feedback h2").evaluate("el => el.scrollIntoView()")
    page.screenshot(path=str(ARTIFACTS / f"feedback-question-{language}.png"))
    page.locator("#feedback").screenshot(path=str(ARTIFACTS / f"feedback-whole-{language}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Sent with nothing chosen: the error summary and the message at the question.
    with page.expect_navigation():
        page.locator("[data-feedback-form] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#ease-error")).to_be_visible()
    page.locator("#ease-error").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"feedback-error-{language}.png"))
    # The keyboard alone: arrows choose a face, Space an answer, then type and send.
    page.locator("#ease").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("input[name=ease]:checked").get_attribute("value") == "neutral"
    page.screenshot(path=str(ARTIFACTS / f"feedback-focused-{language}.png"))
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Lite svårt med ekonomin, ring 070-174 06 10")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("[data-feedback-thanks]")).to_be_visible()
    (stored,) = _stored(live_app)
    assert (stored.locale, stored.ease, stored.helped, stored.comment) == \
        (language, "neutral", "no", "Lite svårt med ekonomin, ring [telefonnummer dolt]")


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_the_question_its_errors_and_its_thanks_pass_axe(sent_phone, language):
    page = sent_phone(language, javascript=True)
    assert_accessible(page)  # the confirmation with the question
    with page.expect_navigation():
        page.locator("[data-feedback-form] button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    assert_accessible(page)
    page.locator("label[for=ease-5]").click()
    with page.expect_navigation():
        page.locator("[data-feedback-form] button[type=submit]").click()
    page.locator("[data-feedback-thanks]").wait_for()
    assert_accessible(page)


def _a_month_of_use(live_app) -> None:
    """Counters and answers as a month of real use might leave them (invented numbers)."""
    funnel = {"sv": (220, 0.93), "ar": (90, 0.86), "fi": (18, 0.9), "en": (35, 0.9)}
    pages = [p.id for p in live_app.extensions["questionnaire"].pages
             if p.id not in {"child", "children_informed", "own_meeting"}]
    steps = [*pages, "check", "sent"]
    today = utcnow().date()
    rows = []
    for language, (started, keep) in funnel.items():
        for channel, share in (("form", 0.8), ("chat", 0.2)):
            reached = round(started * share)
            for step in steps:
                completed = reached if step == "sent" else round(reached * keep)
                rows.append(StepCount(day=today - timedelta(days=3), locale=language,
                                      channel=channel, step=step, reached=reached,
                                      completed=completed))
                reached = round(completed * 0.97)
    bands = {20: 9, 30: 25, 45: 31, 60: 22, 90: 14, 120: 6, 1440: 8, 2880: 3}
    rows += [DurationCount(day=today - timedelta(days=3), locale="sv", channel="form",
                           minutes=minutes, count=count) for minutes, count in bands.items()]
    with live_app.app_context():
        database.session().add_all(rows)
        database.session().commit()
    with live_app.test_request_context():
        for index in range(24):
            feedback.store(values={"ease": feedback.EASE[index % 5].value,
                                   "helped": feedback.HELPED[index % 4].value,
                                   "comment": "Frågorna om skulder var svåra att förstå."
                                   if index % 6 == 0 else None},
                           locale="sv" if index % 3 else "ar", channel="form")


def test_the_funnel_page_reads_on_a_desktop_and_passes_axe(browser, live_app):
    _a_month_of_use(live_app)
    with live_app.app_context():
        create_user(username="admin1", display_name="Adam Admin",
                    password="ett långt lösenord", role="admin")
    context = browser.new_context(viewport={"width": 1280, "height": 800},
                                  base_url=live_app.config["LIVE_URL"], locale="sv-SE")
    page = context.new_page()
    page.goto("/caseworker/sign-in")
    page.fill("#username", "admin1")
    page.fill("#password", "ett långt lösenord")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Användning").click()
    assert page.locator("h1").inner_text() == "Användning av e-tjänsten"
    assert page.locator("svg[data-funnel-chart] rect").count() > 20
    assert_accessible(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "usage-funnel.png"))
    page.screenshot(path=str(ARTIFACTS / "usage-whole.png"), full_page=True)
    page.select_option("#language", "ar")
    page.select_option("#channel", "chat")
    with page.expect_navigation():
        page.get_by_role("button", name="Visa").click()
    assert "språk=ar" not in page.url and "language=ar" in page.url
    assert_accessible(page)
    page.screenshot(path=str(ARTIFACTS / "usage-funnel-ar-chat.png"), full_page=True)
    context.close()
