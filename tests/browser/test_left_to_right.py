"""On an Arabic phone, numbers, identity numbers and e-mails read left to right, as typed.

Measured on the screen: the x position of each part of "9 800" and "19880921-4623" as
Chromium lays them out, not only the markup that should make it so.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import resume
from tests.builders import household_inputs
from tests.journey import complete_household, fill_step, start
from tests.test_bidi import ARABIC

pytestmark = pytest.mark.browser

# Where on the screen a part of a text node starts: the first text node with ``whole``.
STARTS_AT = """([whole, part]) => {
    const walker = document.createTreeWalker(document.querySelector("main"),
                                             NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        const at = node.data.indexOf(whole);
        if (at < 0) continue;
        const range = document.createRange();
        const from = at + whole.indexOf(part);
        range.setStart(node, from);
        range.setEnd(node, from + 1);
        return range.getBoundingClientRect().left;
    }
    return null;
}"""


def test_an_arabic_household_sees_its_numbers_the_right_way_round(phone, live_app):
    client = live_app.test_client()
    code = start(client)
    inputs = household_inputs(adults=1, children=0)
    inputs["income.1"] = {"income_types": ["salary"], "salary_amount": "9 800"}
    complete_household(client, live_app, adults=1, children=0, inputs=inputs)
    fill_step(client, live_app, "/apply/occupation/1?lang=ar",
              {"status": ["unemployed"], "work_goal": ARABIC})
    page = phone
    resume(page, code, "ar")

    page.goto("/apply/income/1?lang=ar")
    amount = page.locator("#salary_amount")
    amount.fill("9 800")
    assert amount.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert amount.evaluate("e => getComputedStyle(e).textAlign") in {"right", "end"}

    page.goto("/check?lang=ar")
    page.screenshot(path=str(ARTIFACTS / "check-ar-left-to-right.png"), full_page=True)
    for whole, first, second in (("19880921-4623", "1988", "4623"), ("9 800", "9", "800"),
                                 ("rami.haddad@example.com", "rami", "example")):
        left_of_first = page.evaluate(STARTS_AT, [whole, first])
        left_of_second = page.evaluate(STARTS_AT, [whole, second])
        assert left_of_first is not None, whole
        assert left_of_first < left_of_second, (whole, left_of_first, left_of_second)


def test_the_arabic_personal_details_page_shows_its_examples_the_way_they_are_typed(
        phone, live_app):
    """Issue 22: the date, identity-number and phone examples read backwards in Arabic, so
    people copied "23-04-1985" and "1234-19850423" and the form refused them."""
    client = live_app.test_client()
    code = start(client)
    fill_step(client, live_app, "/apply/household", {"applying": "alone", "child_count": "0"})
    page = phone
    resume(page, code, "ar")

    def send(has_identity_number: str, fields: dict[str, str]) -> None:
        page.goto("/apply/personal/1?lang=ar")
        page.check(f"input[name=has_identity_number][value={has_identity_number}]")
        for field, typed in fields.items():
            page.fill(f"#{field}", typed)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").last.click()
        assert page.locator(".error-summary").count() == 1

    def reads_left_to_right(whole: str, first: str, second: str) -> None:
        left_of_first = page.evaluate(STARTS_AT, [whole, first])
        left_of_second = page.evaluate(STARTS_AT, [whole, second])
        assert left_of_first, whole  # found, and laid out on the screen
        assert left_of_first < left_of_second, (whole, left_of_first, left_of_second)

    # An Arabic keyboard's digits, too few of them, and words for a phone number.
    send("yes", {"identity_number": "١٢٣٤", "phone": "هاتفي"})
    page.screenshot(path=str(ARTIFACTS / "personal-ar-examples-360.png"))
    reads_left_to_right("19850423-1234", "1985", "1234")
    reads_left_to_right("070-123 45 67", "070", "67")
    send("no", {"date_of_birth": "أمس"})
    page.locator("#date_of_birth").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "personal-ar-date-examples-360.png"))
    reads_left_to_right("1985-04-23", "1985", "23")
    reads_left_to_right("2024-03-15", "2024", "15")
