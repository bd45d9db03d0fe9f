"""A two-adult household on a 360×640 phone without JavaScript, in Finnish and in Arabic:
each adult writes a goal and puts it on the importance and confidence rulers, and one asks
for a meeting of their own. The goal reaches the check page and the PDF; the wish reaches
only the caseworker's record, never a page or document the household can read."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, PHONE
from tests.browser.helpers import begin, choose, complete_pending_areas, fill_visible
from tests.conftest import page as parsed_page
from tests.conftest import sign_in
from tests.documents.conftest import pdf_text, printed

pytestmark = pytest.mark.browser

PEOPLE = {
    "fi": {"goal": "Haluan oppia ruotsia ja saada työpaikan", "out_of": "6/10",
           "wish": "Haluatko tavata sosiaalityöntekijän kerran yksin?",
           "ends": ["0 = ei yhtään tärkeä", "10 = erittäin tärkeä"]},
    "ar": {"goal": "أريد أن أتعلم السويدية وأجد عملًا", "out_of": "6 من 10",
           "wish": "هل لديك رغبة في مقابلة مسؤول الملف وحدك مرة واحدة؟",
           "ends": ["0 = غير مهم أبدًا", "10 = مهم جدًا"]},
}


@pytest.fixture
def phone_without_script(browser, live_server):
    contexts = []

    def make(language: str):
        context = browser.new_context(viewport=PHONE, base_url=live_server, locale=language,
                                      java_script_enabled=False)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"/?lang={language}")
        return page
    yield make
    for context in contexts:
        context.close()


def save_any_language(page) -> None:
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()
    assert not page.locator(".error-summary").count(), page.locator(".error-summary").inner_text()


def household_of_two(page) -> None:
    page.goto("/apply/household")
    choose(page, "applying", "together")
    page.fill("#child_count", "0")
    choose(page, "protected_identity", "no")
    choose(page, "interpreter_needed", "no")
    save_any_language(page)
    for number in (1, 2):
        page.goto(f"/apply/personal/{number}")
        choose(page, "has_identity_number", "no")
        fill_visible(page)
        save_any_language(page)
    complete_pending_areas(page, save=save_any_language, until="/apply/rating/")


def own_pages(page, number: int, goal: str | None, meet_alone: str) -> None:
    """One adult's self-rating, goals and wish, page by page as the form leads."""
    page.goto(f"/apply/rating/{number}")
    fill_visible(page)
    save_any_language(page)
    fill_visible(page)  # their own choice of group
    save_any_language(page)
    assert f"/apply/goals/{number}" in page.url
    if goal:
        page.fill("#goal_1", goal)
        choose(page, "goal_1_importance", "6")
        # The label (the digit) chooses too, as a thumb on a phone does.
        page.locator("label[for='goal_1_confidence-5']").click()
    save_any_language(page)
    assert f"/apply/own_meeting/{number}" in page.url
    expect(page.locator(".quick-exit")).to_be_visible()
    choose(page, "meet_alone", meet_alone)
    save_any_language(page)


@pytest.mark.parametrize("language", ["fi", "ar"])
def test_goals_with_rulers_without_javascript_and_a_wish_only_staff_read(
        phone_without_script, live_app, language):
    person = PEOPLE[language]
    page = phone_without_script(language)
    begin(page)
    household_of_two(page)
    own_pages(page, 1, person["goal"], meet_alone="no")
    page.goto("/apply/goals/1")
    scale = page.locator("fieldset.scale").first
    assert scale.locator(".scale__ends span").all_inner_texts() == person["ends"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    own_pages(page, 2, None, meet_alone="yes")

    page.goto("/check")
    check = page.locator("main").inner_text()
    assert person["goal"] in check and person["out_of"] in check
    assert person["wish"] not in check
    pdf = page.request.get("/documents/draft.pdf")
    text = pdf_text(pdf.body())
    assert printed(person["goal"], text)
    assert not printed(person["wish"], text)
    page.goto("/check")
    with page.expect_navigation():
        page.locator("form[action^='/submit'] button").click()
    code = page.locator("[data-reference-code]").inner_text()
    assert person["wish"] not in page.locator("main").inner_text()
    sent_pdf = pdf_text(page.request.get("/documents/application.pdf").body())
    assert printed(person["goal"], sent_pdf) and not printed(person["wish"], sent_pdf)

    staff = sign_in(live_app)
    record = parsed_page(staff.get(f"/caseworker/records/{code}")).soup
    wish = record.select_one("[data-private-answers] [data-person='2']").get_text(" ", strip=True)
    assert "Vill du träffa handläggaren ensam en gång? Ja" in wish
    assert person["goal"] in record.select_one("[data-goals='1'] q").get_text()


def test_the_goals_page_in_arabic_shows_where_a_ruler_has_focus(phone_in):
    page = phone_in("ar")
    begin(page)
    household_of_two(page)
    page.goto("/apply/rating/1")
    fill_visible(page)
    save_any_language(page)
    fill_visible(page)
    save_any_language(page)
    page.fill("#goal_1", PEOPLE["ar"]["goal"])
    choose(page, "goal_1_importance", "6")
    radio = page.locator("#goal_1_confidence-5")
    expect(radio, "the goal's rulers are revealed once it is written").to_be_visible()
    radio.focus()
    page.keyboard.press("ArrowLeft")  # right to left: the next number is to the left
    focused = page.evaluate("document.activeElement.value")
    assert focused in {"3", "4", "5"}
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "goals-ar-focus.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
