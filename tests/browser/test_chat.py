"""The chat in Chromium on a 360 × 640 phone: Arabic with JavaScript, Finnish without."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, PHONE
from tests.browser.helpers import begin

pytestmark = pytest.mark.browser


def _context(browser, live_server, *, locale: str, javascript: bool):
    context = browser.new_context(viewport=PHONE, base_url=live_server, locale=locale,
                                  java_script_enabled=javascript)
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(live_server) else route.abort())
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture
def arabic_phone(browser, live_server):
    context, page = _context(browser, live_server, locale="ar", javascript=True)
    yield page
    context.close()


@pytest.fixture
def finnish_phone_without_javascript(browser, live_server):
    context, page = _context(browser, live_server, locale="fi", javascript=False)
    yield page
    context.close()


def asked(page) -> str:
    return page.locator("form.chat__compose-form input[name=asked]").get_attribute("value")


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_chat_with_javascript_in_arabic_appends_turns_without_reloading(arabic_phone):
    page = arabic_phone
    begin(page)
    page.goto("/chat?interpreter=1")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.locator("[data-quick-exit]")).to_be_visible()
    assert "Söker du ensam" in page.locator(".chat__question .source-text").last.inner_text()
    page.evaluate("window.sameDocument = true")

    page.locator("button[name=choice][value=together]").click()
    expect(page.locator("form.chat__compose-form input[name=asked]")).to_have_value(
        "household:child_count")
    assert page.evaluate("window.sameDocument") is True, "the turn must not reload the page"
    # Asked together with the next questions of the page; the first field has the focus.
    assert page.evaluate("document.activeElement.id") == "child_count"
    expect(page.locator("[data-chat-live]")).to_have_text(re.compile(r"\S"))
    assert page.locator("#interpreter_language").is_hidden()  # revealed by "yes" only

    page.locator("#child_count").fill("-3")
    page.locator("label[for=protected_identity-2]").click()
    page.locator("label[for=interpreter_needed-2]").click()
    page.locator("#child_count").press("Enter")
    error = page.locator(".chat__text--error").last
    error.wait_for()
    # The web form's message in Arabic, and for the interpreter in Swedish beside it.
    assert error.locator(".source-text").inner_text().endswith(
        "Talet måste vara 0 eller större.")
    assert re.search(r"[\u0600-\u06ff]", error.inner_text())
    assert asked(page) == "household:child_count"  # the other two were saved

    page.locator("#chat-text").fill("1")
    page.locator("#chat-text").press("Enter")
    expect(page.locator("form.chat__compose-form input[name=asked]")).to_have_value(
        "personal.1:first_name")
    page.locator("button[name=command][value=why]").click()
    page.locator(".chat__text--why").last.wait_for()
    page.locator("#first_name").fill("Testa")
    page.locator("#last_name").fill("Exempelsson")
    page.locator("#last_name").press("Enter")
    expect(page.locator("form.chat__compose-form input[name=asked]")).to_have_value(
        "personal.1:has_identity_number")
    assert page.evaluate("window.sameDocument") is True
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert fits_the_screen(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-ar-javascript.png"), full_page=True)

    page.reload()  # everything said is in the draft, not in the page
    assert page.locator(".chat__message--person").count() == 1  # the latest exchange
    page.locator(".chat__earlier a").click()
    expect(page.locator(".chat__message--person")).to_have_count(5)
    assert asked(page) == "personal.1:has_identity_number"


def no_urgent_need(page) -> None:
    """Answer the chat's first question, about urgent needs, with "none of these"."""
    assert asked(page) == "urgent:urgent_needs"
    page.locator("input[name=choices][value=none]").check()
    page.locator("#chat-text").press("Enter")


def test_chat_without_javascript_in_finnish_works_by_plain_form_posts(
        finnish_phone_without_javascript):
    page = finnish_phone_without_javascript
    page.goto("/")
    page.locator("#consent").check()
    page.locator("form[action^='/start'] button[type=submit]").click()
    page.goto("/tasks")
    page.locator("[data-switch-to-chat]").click()
    assert re.search(r"/chat\?lang=fi", page.url)
    assert page.locator("html").get_attribute("lang") == "fi"

    no_urgent_need(page)
    page.locator("button[name=choice][value=alone]").click()
    assert re.search(r"/chat\?lang=fi#m\d+$", page.url), "PRG: back on the chat, no answer"
    assert asked(page) == "household:child_count"
    page.locator("#child_count").fill("0")
    page.locator("label[for=protected_identity-2]").click()
    page.locator("label[for=interpreter_needed-2]").click()
    page.locator("#child_count").press("Enter")  # sends the fields, not a command
    assert asked(page) == "personal.1:first_name"

    page.locator("button[name=command][value=back]").click()
    assert asked(page) == "household:interpreter_needed"
    expect(page.locator("button[name=choice][value=no][data-current]")).to_be_visible()
    page.locator("button[name=command][value=keep]").click()
    page.goto("/chat")  # typed in, without "#reply": opens with the question asked now
    latest = page.locator(".chat__message--bot").last.bounding_box()
    page.screenshot(path=str(ARTIFACTS / "chat-fi-typed-address.png"))
    assert latest["y"] < PHONE["height"] - 100, latest
    assert asked(page) == "personal.1:first_name"
    assert fits_the_screen(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-fi-no-javascript.png"), full_page=True)

    page.locator("[data-switch-to-form]").click()
    assert "/apply/personal/1" in page.url
    expect(page.locator("#first_name")).to_be_visible()


@pytest.mark.parametrize(("locale", "typed", "entry"), [
    ("fi", "mita tarkoittaa omavaraisuus", "sjalvforsorjning"),
    ("ar", "شو يعني الاكتفاء الذاتي", "sjalvforsorjning"),
])
def test_a_question_typed_at_the_first_name_gets_an_answer_and_the_name_stays_empty(
        browser, live_server, locale, typed, entry):
    context, page = _context(browser, live_server, locale=locale, javascript=False)
    try:
        page.goto(f"/?lang={locale}")
        page.locator("#consent").check()
        page.locator("form[action^='/start'] button[type=submit]").click()
        page.goto("/chat")
        no_urgent_need(page)
        page.locator("button[name=choice][value=alone]").click()
        page.locator("#child_count").fill("0")
        page.locator("label[for=protected_identity-2]").click()
        page.locator("label[for=interpreter_needed-2]").click()
        page.locator("#child_count").press("Enter")
        assert asked(page) == "personal.1:first_name"
        page.locator("#first_name").fill(typed)
        page.locator("#last_name").fill("Exempelsson")
        page.locator("#last_name").press("Enter")
        # Answered from the glossary, kept back, shown again in the box to send if meant.
        expect(page.locator(f".chat__message--bot [data-entry={entry}]").last).to_be_visible()
        assert asked(page) == "personal.1:first_name"
        assert page.locator("#chat-text").input_value() == typed
        page.screenshot(path=str(ARTIFACTS / f"chat-{locale}-question-at-name.png"),
                        full_page=True)
        page.goto("/apply/personal/1")
        assert page.locator("#first_name").input_value() == ""
        assert page.locator("#last_name").input_value() == "Exempelsson"
    finally:
        context.close()
