"""axe-core (bundled with axe-playwright-python) on every applicant page type, four languages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from selfservice.accounts.auth import create_user
from tests.browser.helpers import begin, resume
from tests.journey import complete_household, start, submit

pytestmark = pytest.mark.browser

WCAG_A_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                   "wcag22aa"]},
             "resultTypes": ["violations"]}
AXE = Axe()


def violations(page) -> list[str]:
    results = AXE.run(page, options=WCAG_A_AA)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]]


def assert_accessible(page, url: str | None = None) -> None:
    if url:
        page.goto(url)
    # After a click that loads a page, its content may be there before its stylesheet: axe
    # would measure unstyled targets and colours.
    page.wait_for_load_state("load")
    found = violations(page)
    assert not found, (page.url, found)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.parametrize("language", ["sv", "en", "ar", "fi"])
def test_applicant_pages_have_no_wcag_violations(phone_in, language):
    page = phone_in(language)
    for url in ("/", "/resume", "/privacy", "/safety", "/accessibility", "/expired",
                "/who-opened", "/no-such-page"):
        assert_accessible(page, url)
    begin(page, urgent_needs=())
    assert_accessible(page)  # the resume code page
    assert_accessible(page, "/apply/urgent")
    page.locator("input[name=urgent_needs][value=no_food]").check()
    with page.expect_navigation():
        page.locator("form[method=post] button[type=submit]").click()
    assert_accessible(page)  # what to do today, with the phone numbers
    assert_accessible(page, "/tasks")
    page.goto("/apply/household")
    page.locator("form[method=post] button[type=submit]").click()
    page.locator(".error-summary").wait_for(state="visible")  # the answer may take a moment
    assert_accessible(page)  # a step with errors


STEPS = ("/apply/household", "/apply/personal/1", "/apply/occupation/1", "/apply/income/1",
         "/apply/expenses", "/apply/child/1", "/apply/network", "/apply/housing")


@pytest.mark.parametrize("language", ["sv", "en", "ar", "fi"])
def test_every_journey_page_has_no_wcag_violations(phone_in, live_app, language):
    # The household is answered over HTTP (tests/browser/test_journey.py answers one in the
    # browser); the browser continues it with the resume code and looks at every page.
    client = live_app.test_client()
    code = start(client)
    complete_household(client, live_app, adults=2, children=1)
    page = phone_in(language)
    resume(page, code, language)
    for url in (*STEPS, "/apply/rating/1", "/apply/rating_choice/1", "/check", "/chat"):
        assert_accessible(page, f"{url}?lang={language}")
        assert page.url.split("?")[0].endswith(url), (url, page.url)  # the draft's own page
    if language != "sv":
        # The interpreter view shows the Swedish text beside the chosen language.
        assert_accessible(page, "/check?interpreter=1")
        assert_accessible(page, "/apply/occupation/1")
        page.goto("/tasks?interpreter=0")
    page.goto("/check")
    page.locator("form[action^='/submit'] button").click()
    page.wait_for_selector("[data-reference-code]")
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)  # confirmation


def test_pages_reflow_at_400_percent_zoom(browser, live_server):
    # 1280 CSS px at 400 % zoom is a 320 px wide viewport (WCAG 1.4.10).
    context = browser.new_context(viewport={"width": 320, "height": 256}, base_url=live_server,
                                  locale="sv")
    page = context.new_page()
    for url in ("/", "/privacy", "/resume"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
    context.close()


def test_caseworker_pages_have_no_wcag_violations(browser, live_app):
    client = live_app.test_client()
    start(client)
    complete_household(client, live_app, adults=2, children=1)
    reference = submit(client)
    with live_app.app_context():
        create_user(username="admin1", display_name="Adam Admin",
                    password="ett långt lösenord", role="admin")
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  base_url=live_app.config["LIVE_URL"], locale="sv-SE")
    page = context.new_page()
    for language in ("en", "ar", "fi", "sv"):
        assert_accessible(page, f"/caseworker/sign-in?lang={language}")
    page.fill("#username", "admin1")
    page.fill("#password", "ett långt lösenord")
    page.locator("form button[type=submit]").click()
    for language in ("sv", "en", "ar", "fi"):
        for url in ("/caseworker/", f"/caseworker/records/{reference}",
                    "/caseworker/statistics", "/caseworker/statistics/assessments",
                    "/caseworker/audit", "/caseworker/usage"):
            assert_accessible(page, f"{url}?lang={language}")
    context.close()
