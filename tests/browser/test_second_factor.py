"""Setting up the second factor in Chromium at 1280 × 800, with the keyboard, and axe."""

import pyotp
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from selfservice.accounts.auth import create_user
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def test_a_caseworker_sets_up_the_code_and_keeps_the_recovery_codes(browser, live_app):
    live_app.config["STAFF_SECOND_FACTOR"] = True
    with live_app.app_context():
        create_user(username="hanna", display_name="Hanna Handläggare",
                    password="ett långt lösenord", role="caseworker")
    context = browser.new_context(viewport={"width": 1280, "height": 800},
                                  base_url=live_app.config["LIVE_URL"], locale="sv-SE")
    page = context.new_page()
    page.goto("/caseworker/")
    page.fill("#username", "hanna")
    page.fill("#password", "ett långt lösenord")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sign-in/code**")
    secret = page.locator("[data-totp-secret]").inner_text().replace(" ", "")
    expect(page.locator("[data-totp-qr] svg")).to_be_visible()
    assert not Axe().run(page).response["violations"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "second-factor-enrol.png"), full_page=True)
    page.fill("#code", "12345")  # one digit short: an error the person can read
    page.keyboard.press("Enter")
    assert "Koden stämmer inte" in page.locator("[data-error-summary]").inner_text()
    page.fill("#code", pyotp.TOTP(secret).now())
    page.keyboard.press("Enter")
    page.locator("[data-recovery-codes]").wait_for()
    assert page.locator("[data-recovery-codes] li").count() == 10
    assert not Axe().run(page).response["violations"]
    page.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
    assert page.url.endswith("/caseworker/") or "/caseworker/?" in page.url
    context.close()
