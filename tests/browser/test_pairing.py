"""An interpreter follows an Arabic applicant's phone from a desktop, each served by its own
gunicorn process on one database: live with JavaScript, on refresh without it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from babel.support import Translations

from tests.browser.conftest import ARTIFACTS, PHONE
from tests.browser.helpers import begin, choose, complete_pending_areas, fill_visible
from tests.builders import ADULTS
from tests.live import ROOT, Server

DESKTOP = {"width": 1280, "height": 800}
IDENTITY = ADULTS[0]["identity_number"]
ARABIC = Translations.load(str(ROOT / "translations"), ["ar"])


def _flask(env: dict, *args: str) -> None:
    flask = Path(sys.executable).with_name("flask")
    subprocess.run([str(flask), "--app", "wsgi", *args], cwd=ROOT, env={**os.environ, **env},
                   check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory):
    """Two gunicorn processes on one SQLite database: the applicant's and the follower's."""
    env = {"SELFSERVICE_INSTANCE_PATH": str(tmp_path_factory.mktemp("pairing") / "instance")}
    _flask(env, "init-db")
    _flask(env, "create-user", "kim", "--name", "Kim", "--password", "ett långt lösenord")
    servers = [Server(env, workers=1).start(), Server(env, workers=1).start()]
    yield [server.url for server in servers]
    for server in servers:
        server.stop()


def _context(browser, base_url: str, viewport: dict, locale: str, javascript: bool = True):
    context = browser.new_context(viewport=viewport, base_url=base_url, locale=locale,
                                  java_script_enabled=javascript)
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith("http://127.0.0.1:") else route.abort())
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _show_to_interpreter(page) -> str:
    with page.expect_navigation():
        page.locator("[data-pair-start]").click()
    with page.expect_navigation():
        page.locator("[data-pair-begin] button").click()
    return page.locator("[data-pairing-code]").inner_text()


def _follow(page, code: str) -> None:
    page.goto("/follow")
    page.fill("#code", code)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def _three_seconds_pass(desk) -> None:
    """Let three seconds pass on the follower's page clock: its script asks the server in
    that time (once: the next look is timed from the answer), and gets its answer."""
    with desk.expect_response(lambda response: "/follow/now?" in response.url
                              and "since=" in response.url):
        desk.clock.run_for(3000)


def _in_both(desk, selector: str, swedish: str) -> None:
    """The follower shows ``swedish`` and, beneath it, its Arabic from the catalogue."""
    shown = desk.locator(selector).first
    shown.locator("[lang=sv]").filter(has_text=swedish).wait_for()
    assert shown.locator("[lang=sv]").inner_text() == swedish
    assert shown.locator("[lang=ar]").inner_text() == ARABIC.gettext(swedish)
    assert ARABIC.gettext(swedish) != swedish


def save(page) -> None:
    """Save a step in whatever language the page is in."""
    with page.expect_navigation():
        page.locator("#step-form button[type=submit]").click()
    assert not page.locator(".error-summary").count(), page.locator(".error-summary").inner_text()


def _describe_person(page) -> None:
    page.goto("/apply/personal/1")
    page.fill("#first_name", ADULTS[0]["first_name"])
    page.fill("#last_name", ADULTS[0]["last_name"])
    choose(page, "has_identity_number", "yes")
    page.fill("#identity_number", IDENTITY)
    fill_visible(page)
    save(page)


def _answer_household(page) -> None:
    page.goto("/apply/household")
    choose(page, "applying", "alone")
    page.fill("#child_count", "0")
    choose(page, "protected_identity", "no")
    choose(page, "interpreter_needed", "no")
    save(page)


@pytest.mark.timeout(300)
def test_an_interpreter_follows_an_arabic_phone_from_another_process(browser, two_processes):
    applicant_url, follower_url = two_processes
    phone_context, phone = _context(browser, applicant_url, PHONE, "ar")
    desk_context, desk = _context(browser, follower_url, DESKTOP, "sv-SE")
    bodies: list = []
    desk.on("response", lambda response: bodies.append(response))
    try:
        begin(phone)
        phone.goto("/apply/household?lang=ar")
        code = _show_to_interpreter(phone)
        assert re.fullmatch(r"\d{4} \d{4}", code)
        phone.screenshot(path=str(ARTIFACTS / "pairing-code-ar.png"), full_page=True)

        # The follower's page clock stands still: its timers run only when the test lets
        # time pass, so the machine's load never decides what the test sees.
        desk.clock.install(time=time.time())
        desk.clock.pause_at(time.time() + 1)
        _follow(desk, code)
        question = desk.locator("[data-follow-question=applying] h3")
        assert question.locator("[lang=sv]").inner_text() == \
            "Söker du ensam eller tillsammans med en annan vuxen?"
        assert "بالغ" in question.locator("[lang=ar]").inner_text()
        _in_both(desk, "[data-follow-question=applying] h3",
                 "Söker du ensam eller tillsammans med en annan vuxen?")
        desk.screenshot(path=str(ARTIFACTS / "pairing-follower-desktop.png"), full_page=True)

        phone.goto("/apply/household?lang=ar")
        assert "Din tolk följer din skärm" in phone.locator("[data-paired]").inner_text() \
            or "المترجم يتابع شاشتك" in phone.locator("[data-paired]").inner_text()
        desk.evaluate("window.stillThisPage = true")
        _answer_household(phone)  # saved: on to the task list
        _three_seconds_pass(desk)
        desk.locator("[data-follow-where=tasks]").wait_for()
        phone.goto("/apply/personal/1")
        _three_seconds_pass(desk)  # within 3 s of the move, in Swedish and in Arabic
        _in_both(desk, ".follow__title", "Om dig")
        _in_both(desk, "[data-follow-question=first_name] h3", "Förnamn")
        assert desk.evaluate("window.stillThisPage === true"), "updated in place, not reloaded"
        assert desk.locator("[data-follow-question=first_name]").count() == 1

        # The applicant lets the follower see the answers, then types an identity number.
        phone.goto("/pair?back=/apply/personal/1")
        phone.locator("#show-2").check()
        with phone.expect_navigation():
            phone.locator("form[action^='/pair/answers'] button").click()
        _describe_person(phone)
        phone.goto("/apply/personal/1")
        _three_seconds_pass(desk)
        desk.locator("[data-follow-question=gender] [data-chosen]").wait_for()
        phone.screenshot(path=str(ARTIFACTS / "pairing-followed-phone-ar.png"), full_page=True)

        phone.locator("[data-paired] [data-pair-end]").click()
        phone.locator("[data-paired]").wait_for(state="detached")
        _three_seconds_pass(desk)
        desk.locator("[data-follow-ended]").wait_for()
        assert "Visningen är avslutad" in desk.locator("main").inner_text()
        desk.screenshot(path=str(ARTIFACTS / "pairing-ended-desktop.png"))
        # The page as it is now, and every answer to its script's questions on the way.
        seen = [desk.content(), *(response.text() for response in bodies
                                   if response.url.startswith(follower_url)
                                   and "since=" in response.url)]
        assert len(seen) > 3
        for number in (IDENTITY, IDENTITY.replace("-", ""), IDENTITY[2:]):
            assert not any(number in text for text in seen), "never an identity number"
        assert not any(ADULTS[0]["last_name"] in text for text in seen)
    finally:
        phone_context.close()
        desk_context.close()


@pytest.mark.timeout(300)
def test_without_javascript_the_follower_refreshes_and_the_record_shows_the_pairing(
        browser, two_processes):
    applicant_url, follower_url = two_processes
    phone_context, phone = _context(browser, applicant_url, PHONE, "ar", javascript=False)
    desk_context, desk = _context(browser, follower_url, DESKTOP, "sv-SE", javascript=False)
    try:
        begin(phone)
        phone.goto("/apply/household?lang=ar")
        code = _show_to_interpreter(phone)
        _follow(desk, code)
        assert desk.locator("meta[http-equiv=refresh]").count() == 1
        assert desk.locator("[data-follow-question=applying]").count() == 1
        _answer_household(phone)
        phone.goto("/apply/personal/1")
        assert desk.locator("[data-follow-question=first_name]").count() == 0
        with desk.expect_navigation():
            desk.locator("[data-refresh]").click()
        assert desk.locator("[data-follow-question=first_name]").count() == 1
        _in_both(desk, ".follow__title", "Om dig")
        _in_both(desk, "[data-follow-question=first_name] h3", "Förnamn")
        desk.screenshot(path=str(ARTIFACTS / "pairing-follower-no-javascript.png"),
                        full_page=True)
        desk.goto("/follow/now?auto=0")
        assert desk.locator("meta[http-equiv=refresh]").count() == 0, "refresh can be stopped"

        _describe_person(phone)
        complete_pending_areas(phone, save=save)
        phone.goto("/check")
        with phone.expect_navigation():
            phone.locator("[data-prevent-double-click]").click()
        reference = phone.locator("[data-reference-code]").inner_text()
        desk.goto("/follow/now")
        assert "Visningen är avslutad" in desk.locator("main").inner_text()

        desk.goto("/caseworker/sign-in")
        desk.fill("#username", "kim")
        desk.fill("#password", "ett långt lösenord")
        with desk.expect_navigation():
            desk.locator("main form button[type=submit]").click()
        desk.goto(f"/caseworker/records/{reference}")
        line = desk.locator("[data-pairing]").inner_text()
        assert "på arabiska" in line and "ansökan skickades" in line
    finally:
        phone_context.close()
        desk_context.close()


@pytest.mark.parametrize("language", ["ar", "fi"])
def test_pairing_pages_have_no_wcag_violations(browser, phone_in, live_server, language):
    from tests.browser.test_accessibility import assert_accessible

    phone = phone_in(language)
    begin(phone)
    phone.goto("/apply/household")
    assert_accessible(phone, f"/pair?back=/apply/household&lang={language}")
    with phone.expect_navigation():
        phone.locator("[data-pair-begin] button").click()
    code = phone.locator("[data-pairing-code]").inner_text()
    assert_accessible(phone)  # the code, its QR code, the choice about answers
    desk_context, desk = _context(browser, live_server, DESKTOP, "sv-SE")
    try:
        assert_accessible(desk, "/follow")
        desk.fill("#code", "1234")
        with desk.expect_navigation():
            desk.locator("main form button[type=submit]").click()
        assert_accessible(desk)  # the error
        _follow(desk, code)
        phone.goto("/apply/household")
        assert_accessible(phone)  # the notice that someone follows
        assert_accessible(desk)
        phone.screenshot(path=str(ARTIFACTS / f"pairing-notice-{language}.png"))
        phone.locator("[data-paired] [data-pair-end]").focus()
        phone.screenshot(path=str(ARTIFACTS / f"pairing-notice-focus-{language}.png"))
    finally:
        desk_context.close()
