"""On an Arabic phone, numbers, identity numbers and e-mails read left to right, as typed.

Measured on the screen: the x position of each part of "9 800" and "19880921-4623" as
Chromium lays them out, not only the markup that should make it so.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS
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
    page.goto("/resume?lang=ar")
    page.fill("#code", code)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

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
