"""The applicant's whole journey in Chromium on a 360 × 640 phone screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import begin, choose, complete_pending_areas, describe_adults, save

pytestmark = pytest.mark.browser


def test_household_of_two_adults_and_two_children_completes_on_a_phone(phone):
    page = phone
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Jag har läst hur socialtjänsten hanterar mina svar.").check()
    page.get_by_role("button", name="Börja").click()
    code = page.locator("[data-resume-code]").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    page.get_by_role("link", name=re.compile("fortsätt")).click()

    # The first question: does anyone need help today?
    assert page.locator("h1").inner_text() == "Behöver du hjälp redan i dag?"
    page.get_by_label("Nej, inget av detta").check()
    save(page)
    page.get_by_role("link", name="Om hushållet").click()
    choose(page, "applying", "together")
    page.fill("#child_count", "2")
    choose(page, "protected_identity", "no")
    choose(page, "interpreter_needed", "no")
    save(page)

    describe_adults(page, adults=2)

    complete_pending_areas(page)
    page.goto("/tasks")
    page.get_by_role("link", name="Kontrollera dina svar och skicka").click()
    page.screenshot(path=str(_artifact("check-answers.png")), full_page=True)
    summary = page.locator("main").inner_text()
    assert "Testa" in summary and "Provia" in summary and "Barn 2" in summary
    page.get_by_role("button", name="Skicka").click()
    assert page.locator("h1").inner_text() == "Din ansökan är skickad"
    reference = page.locator("[data-reference-code]").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", reference)


def test_conditional_question_is_revealed_by_its_answer(phone):
    page = phone
    begin(page)
    page.goto("/apply/household")
    language = page.locator("[data-reveal]:has(#interpreter_speaks)")
    assert language.is_hidden()
    choose(page, "interpreter_needed", "yes")
    expect(language).to_be_visible()


def test_journey_works_without_javascript(browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 640},
                                  java_script_enabled=False, base_url=live_server,
                                  locale="sv-SE")
    page = context.new_page()
    page.goto("/")
    page.locator("#consent").check()
    page.get_by_role("button", name="Börja").click()
    page.get_by_role("link", name=re.compile("fortsätt")).click()
    page.get_by_label("Nej, inget av detta").check()
    page.get_by_role("button", name=re.compile("Spara och")).click()
    page.goto("/apply/household")
    expect(page.locator("#interpreter_language")).to_be_visible()
    page.get_by_role("button", name=re.compile("Spara och")).click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_quick_exit_leaves_without_a_way_back(phone, live_server):
    page = phone
    page.goto("/")
    page.route("https://www.google.com/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>neutral</title>"))
    page.goto("/privacy")
    page.get_by_role("link", name="Lämna sidan snabbt").click()
    page.wait_for_url("https://www.google.com/**")
    page.go_back()
    assert not page.url.endswith("/privacy")


def _artifact(name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
