"""On a 360 px phone, numbers a person copies down never break across two lines."""

import pytest

from tests.browser.conftest import ARTIFACTS, PHONE

pytestmark = pytest.mark.browser

PHONE_PAGES = ("/privacy", "/safety", "/accessibility")


@pytest.fixture(params=["sv", "ar"])
def narrow_phone(request, browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server, locale=request.param)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page, request.param
    context.close()


def lines_taken(locator) -> float:
    """Return how many lines an inline element spans: its height over its line height."""
    return locator.evaluate("""element => {
        const lineHeight = parseFloat(getComputedStyle(element).lineHeight);
        return element.getBoundingClientRect().height / lineHeight;
    }""")


def assert_on_one_line(locator, where: str) -> None:
    assert locator.evaluate("element => element.getClientRects().length") == 1, where
    assert lines_taken(locator) < 1.5, where


def test_resume_code_sits_on_one_line(narrow_phone):
    page, language = narrow_phone
    page.goto(f"/?lang={language}")
    page.locator("#consent").check()
    page.locator("form[action^='/start'] button[type=submit]").click()
    code = page.locator("[data-resume-code]")
    assert len(code.inner_text()) == 19  # four groups of four
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"resume-code-360-{language}.png"))
    assert_on_one_line(code, "resume code")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_office_phone_number_sits_on_one_line(narrow_phone):
    page, language = narrow_phone
    ARTIFACTS.mkdir(exist_ok=True)
    for url in PHONE_PAGES:
        page.goto(f"{url}?lang={language}")
        page.screenshot(path=str(ARTIFACTS / f"phone{url.replace('/', '-')}-360-{language}.png"),
                        full_page=True)
        number = page.locator("main bdi", has_text="08-123 456 00")
        assert number.count() >= 1, url
        for index in range(number.count()):
            assert_on_one_line(number.nth(index), f"phone number on {url}")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
