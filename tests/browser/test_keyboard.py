"""The whole applicant journey with the keyboard alone: Tab, Space, arrow keys and Enter.

Nothing is clicked or filled through the page's DOM: every answer is typed into the field
that has focus, so a control that cannot be reached or operated from the keyboard fails it.
"""

from __future__ import annotations

import pytest

from tests.browser.helpers import typed_value
from tests.builders import ADULTS

pytestmark = pytest.mark.browser

# Answers where the first choice would lead elsewhere (the urgent-help or safety page) or a
# typed value must be of a kind (an identity number); everything else takes the first choice.
ANSWERS = {"urgent_needs": "none", "applying": "alone", "child_count": "1",
           "protected_identity": "no", "interpreter_needed": "no", "has_identity_number": "yes",
           "first_name": ADULTS[0]["first_name"], "last_name": ADULTS[0]["last_name"],
           "identity_number": ADULTS[0]["identity_number"]}

FOCUSED = """() => {
    const el = document.activeElement;
    const group = el.name ? [...document.getElementsByName(el.name)] : [];
    return {tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "",
            value: el.value || "", mode: el.inputMode || "", classes: el.className || "",
            autocomplete: el.getAttribute("autocomplete") || "",
            href: el.getAttribute("href") || "",
            answered: group.some(other => other.checked),
            saves: el.type === "submit" && !!el.closest("main form[method=post]"),
            pending: el.matches(".task-list__item:not(:has(.tag--done)) a")};
}"""


def tab_to(page, wanted, presses: int = 150) -> dict:
    """Press Tab until the focused element satisfies ``wanted``; return its description."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if wanted(focused):
            return focused
    pytest.fail(f"nothing wanted can be reached with Tab on {page.url}")


def answer_with_keys(page, focused: dict) -> None:
    """Answer the focused control if its question is still unanswered."""
    wanted = ANSWERS.get(focused["name"])
    if focused["type"] == "radio" and not focused["answered"]:
        page.keyboard.press("Space")
        for _ in range(10):
            if wanted in (None, page.evaluate(FOCUSED)["value"]):
                break
            page.keyboard.press("ArrowDown")
    elif (focused["type"] == "checkbox" and "__" not in focused["name"]
          and not focused["answered"] and wanted in (None, focused["value"])):
        page.keyboard.press("Space")
    elif focused["tag"] in ("input", "textarea") and focused["type"] in (
            "text", "tel", "email", "textarea") and not focused["value"]:
        page.keyboard.type(wanted or typed_value(focused["type"], focused["mode"],
                                                 focused["classes"], focused["autocomplete"]))


def answer_page_with_keys(page) -> None:
    """Tab through a step, answering as it goes, and press Enter on its save button."""
    def answering(focused: dict) -> bool:
        if focused["saves"]:
            return True
        answer_with_keys(page, focused)
        return False
    tab_to(page, answering)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert not page.locator(".error-summary").count(), page.locator(".error-summary").inner_text()


def follow(page, wanted) -> None:
    tab_to(page, wanted)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_keyboard_alone_completes_the_applicant_journey(phone):
    page = phone
    page.goto("/")
    tab_to(page, lambda focused: focused["name"] == "consent")
    page.keyboard.press("Space")
    follow(page, lambda focused: focused["saves"])
    assert page.locator("[data-resume-code]").count()
    # The first question comes straight after the code: does anyone need help today?
    follow(page, lambda focused: focused["href"].startswith("/apply/urgent"))

    for _ in range(60):
        if "/apply/" in page.url:
            answer_page_with_keys(page)
        elif page.locator(".task-list__item:not(:has(.tag--done)) a").count():
            follow(page, lambda focused: focused["pending"])
        else:
            break
    follow(page, lambda focused: focused["href"].startswith("/check"))
    follow(page, lambda focused: focused["saves"])
    assert page.locator("[data-reference-code]").count()
    assert ADULTS[0]["first_name"] not in page.url
