""""Lämna sidan snabbt" (and Shift+Esc), with and without JavaScript: afterwards Back and
Forward show no page of the application and no PDF, and the resume code still opens it."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from tests.browser.conftest import ARTIFACTS, PHONE, _new_phone
from tests.browser.helpers import begin, describe_household, send_household_of_one
from tests.builders import ADULTS

pytestmark = pytest.mark.browser

START_HEADING = {"sv": "Förbered din ansökan om ekonomiskt bistånd",
                 "ar": "تحضير طلبك للمساعدة المالية (ekonomiskt bistånd)"}


def _neutral_page(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    return [b"<!doctype html><title>Nyheter</title><h1>Dagens nyheter</h1>"]


@pytest.fixture(autouse=True)
def neutral_site(live_app) -> Iterator[str]:
    """The neutral site the quick exit opens, on a loopback address of its own: another
    origin, as the real one is, and nothing leaves the machine."""
    server = make_server("127.0.0.1", 0, _neutral_page, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/"
    live_app.config["QUICK_EXIT_URL"] = url
    yield url
    server.shutdown()
    thread.join()


def _let_through(page, neutral: str) -> None:
    page.route(f"{neutral}**", lambda route: route.continue_())


def _shows_nothing_of_the_application(page, secrets: list[str]) -> None:
    shown = page.content()
    for secret in secrets:
        assert secret not in shown, (page.url, secret)
    for where in ("/tasks", "/apply/", "/check", "/confirmation", "/chat", "/documents/"):
        assert where not in page.url
    pdf = page.request.get("/documents/draft.pdf", max_redirects=0)
    assert pdf.status == 302 and pdf.headers.get("content-type") != "application/pdf"


def _travel(page, secrets: list[str]) -> list[str]:
    """Go Back through the whole history, then Forward again, checking every page shown."""
    seen = []
    for move in ("go_back",) * 12 + ("go_forward",) * 12:
        try:
            getattr(page, move)(wait_until="load")
        except Exception as error:  # a page a form posted: the browser shows its own error
            assert "ERR_CACHE_MISS" in str(error), error
        seen.append(page.url)
        _shows_nothing_of_the_application(page, secrets)
    return seen


def _resume(page, code: str) -> None:
    page.goto("/resume")
    page.get_by_label("Fortsättningskod").fill(code)
    page.get_by_role("button", name="Fortsätt", exact=True).click()
    page.goto("/apply/personal/1")
    assert page.locator("#last_name").input_value() == ADULTS[0]["last_name"]


def _screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def test_quick_exit_with_javascript_leaves_nothing_to_go_back_to(phone, neutral_site):
    page = phone
    _let_through(page, neutral_site)
    code = begin(page)
    describe_household(page, adults=1, children=0)
    page.goto("/check")
    secrets = [ADULTS[0]["last_name"], code]
    assert ADULTS[0]["last_name"] in page.content()
    _screenshot(page, "quick-exit-1-check-sv.png")
    page.get_by_role("link", name="Lämna sidan snabbt").click()
    page.wait_for_url(neutral_site)
    page.go_back(wait_until="load")
    assert page.locator("h1").inner_text() == START_HEADING["sv"], "Back shows the start page"
    _screenshot(page, "quick-exit-2-back-sv.png")
    _shows_nothing_of_the_application(page, secrets)
    seen = _travel(page, secrets)
    assert seen[-1] == neutral_site, "Forward all the way ends on the neutral site"
    _resume(page, code)


def test_shift_escape_on_the_confirmation_leaves_no_receipt_or_pdf(phone, neutral_site):
    page = phone
    _let_through(page, neutral_site)
    reference = send_household_of_one(page)
    assert page.request.get("/documents/application.pdf").headers["content-type"] \
        == "application/pdf"
    page.keyboard.press("Shift+Escape")
    page.wait_for_url(neutral_site)
    _travel(page, [reference, ADULTS[0]["last_name"]])
    refused = page.request.get("/documents/application.pdf", max_redirects=0)
    assert refused.status == 302


def test_quick_exit_without_javascript_is_one_tap_and_leaves_nothing_either(
        browser, live_server, neutral_site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False,
                                  base_url=live_server, locale="sv-SE")
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(live_server) else route.abort())
    page = context.new_page()
    page.set_default_timeout(10_000)
    _let_through(page, neutral_site)
    code = begin(page)
    describe_household(page, adults=1, children=0)
    page.goto("/check?lang=ar")
    assert ADULTS[0]["last_name"] in page.content()
    _screenshot(page, "quick-exit-1-check-ar-nojs.png")
    page.locator("a[data-quick-exit]").click()
    page.wait_for_url(neutral_site)
    page.go_back(wait_until="load")
    assert page.locator("h1").inner_text() == START_HEADING["ar"]
    _screenshot(page, "quick-exit-2-back-ar-nojs.png")
    _travel(page, [ADULTS[0]["last_name"], code])
    page.goto("/?lang=sv")
    _resume(page, code)
    context.close()


def test_a_follow_up_left_quickly_opens_again_with_its_code_where_the_person_left_it(
        browser, live_app, neutral_site):
    # An Arabic phone with JavaScript: the eight ratings saved, then someone comes in.
    from tests.conftest import sign_in
    from tests.intake.test_follow_up import RATINGS, give_code, send_rated_household

    code = give_code(sign_in(live_app, role="caseworker"), send_rated_household(live_app))
    context, page = _new_phone(browser, live_app.config["LIVE_URL"], locale="ar")
    _let_through(page, neutral_site)
    page.goto("/follow-up?lang=ar")
    _screenshot(page, "follow-up-code-ar.png")
    page.fill("#code", code)
    page.locator("main form button[type=submit]").click()
    rating_url = page.url
    for name in RATINGS:
        page.locator(f"input[name='{name}'][value='level_3']").check()
    page.locator("#step-form button[type=submit]").click()
    choice_url, choice_heading = page.url, page.locator("h1").inner_text()
    assert choice_url != rating_url
    page.locator("a[data-quick-exit]").click()
    page.wait_for_url(neutral_site)
    page.go_back(wait_until="load")
    assert "/follow-up/" not in page.url, "Back shows no page of the reading"
    assert page.request.get(choice_url, max_redirects=0).status == 302
    context.close()

    # Later, on another phone, the same code goes on from the page after the one saved.
    context, page = _new_phone(browser, live_app.config["LIVE_URL"], locale="ar")
    page.goto("/follow-up?lang=ar")
    page.fill("#code", code.lower().replace("-", " "))  # as typed from paper
    page.locator("main form button[type=submit]").click()
    assert page.url == choice_url
    assert page.locator("h1").inner_text() == choice_heading
    page.goto(rating_url)
    assert page.locator("input[value='level_3']:checked").count() == len(RATINGS)
    _screenshot(page, "follow-up-again-ar.png")
    context.close()


@pytest.mark.parametrize("language", ["sv", "ar"])
@pytest.mark.parametrize("where", ["safety", "privacy"])
def test_the_safety_and_privacy_pages_say_what_the_phone_still_shows(browser, live_server,
                                                                     language, where):
    context, page = _new_phone(browser, live_server, locale=language)
    page.goto(f"/{where}?lang={language}")
    text = page.locator("main").inner_text()
    words = {"sv": ("historik", "privat"), "ar": ("السجل", "الخاص")}[language]
    assert all(word in text for word in words), text
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / f"{where}-{language}.png"), full_page=True)
    context.close()
