"""Arabic on a phone with the interpreter view: mirrored layout, Swedish beside each text."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, PHONE
from tests.browser.helpers import choose, complete_pending_areas, fill_visible

pytestmark = pytest.mark.browser


@pytest.fixture
def arabic_phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server, locale="ar")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_journey_in_arabic_with_the_interpreter_view(arabic_phone):
    page = arabic_phone
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("#consent").check()
    page.locator("form[action^='/start'] button[type=submit]").click()
    page.goto("/tasks?interpreter=1")
    page.goto("/apply/urgent")
    page.locator("input[name=urgent_needs][value=none]").check()
    with page.expect_navigation():
        page.locator("form[method=post] button[type=submit]").click()
    page.goto("/apply/household")
    label = page.locator("legend.label").first
    assert "Söker du ensam" in label.locator(".source-text").inner_text()
    main_box = page.locator("main").bounding_box()
    back = page.locator(".back-link").bounding_box()
    # Mirrored: the back link starts at the right-hand edge of the content.
    assert back["x"] + back["width"] > main_box["x"] + main_box["width"] * 0.6
    radio = page.locator("#applying").bounding_box()
    label_box = page.locator("label[for=applying]").bounding_box()
    assert radio["x"] > label_box["x"], "radio sits to the right of its label in Arabic"
    choose(page, "applying", "together")
    page.fill("#child_count", "1")
    choose(page, "protected_identity", "no")
    choose(page, "interpreter_needed", "no")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "household-ar-interpreter.png"), full_page=True)
    page.locator("form[method=post] button[type=submit]").click()
    assert not page.locator(".error-summary").count()
    for number in (1, 2):
        page.goto(f"/apply/personal/{number}")
        choose(page, "has_identity_number", "no")
        page.fill("#first_name", f"تجربة{number}")
        fill_visible(page)
        save_any_language(page)
    complete_pending_areas(page, save=save_any_language)
    page.goto("/check")
    assert page.locator("[data-suggested-category]").count() == 2
    page.locator("form[action^='/submit'] button").click()
    expect(page.locator("[data-reference-code]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def save_any_language(page) -> None:
    with page.expect_navigation():
        page.locator("form[method=post] button[type=submit]").click()
    assert not page.locator(".error-summary").count(), page.locator(".error-summary").inner_text()


def test_the_language_switch_keeps_typed_input_and_enter_still_saves(phone):
    """The switch posts the page (without JavaScript too); Enter in a field still saves."""
    from tests.browser.helpers import begin

    page = phone
    begin(page)
    page.goto("/apply/household")
    choose(page, "applying", "together")
    page.fill("#child_count", "2")
    with page.expect_navigation():
        page.locator(".languages button[value=ar]").click()
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("#child_count").input_value() == "2"
    assert page.locator("#applying-2").is_checked()
    choose(page, "protected_identity", "no")
    choose(page, "interpreter_needed", "no")
    with page.expect_navigation():
        page.locator("#child_count").press("Enter")
    assert "/tasks" in page.url  # saved: the household area is done
    assert page.locator("#status-household.tag--done").count() == 1
    assert page.locator("html").get_attribute("lang") == "ar"
