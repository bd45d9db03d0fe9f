"""What a person does in the browser, step by step, shared by the browser tests."""

from __future__ import annotations

import re

from tests.builders import ADULTS


def choose(page, question_id: str, value: str) -> None:
    page.locator(f"input[name='{question_id}'][value='{value}']").check()


def fill_visible(page) -> None:
    """Answer every still-empty visible question with something valid, like a tester would."""
    # Answers reveal further questions, so go over the page until nothing new appears. The
    # page is read in one look per round; each answer is then given as a person gives it.
    for _ in range(6):
        choices = page.evaluate(_UNANSWERED_CHOICES)
        for selector in choices:
            page.locator(selector).check()
        fields = page.evaluate(_EMPTY_FIELDS)
        for selector, kind, mode, classes, autocomplete in fields:
            page.locator(selector).fill(typed_value(kind, mode, classes, autocomplete))
        if not choices and not fields:
            return
    raise AssertionError("questions kept appearing: " + page.url)


# Visible as Playwright counts it: a box of some size and not visibility: hidden.
_VISIBLE = """const visible = element => element.getClientRects().length > 0
  && getComputedStyle(element).visibility !== "hidden";
const address = input => input.id ? "#" + CSS.escape(input.id)
  : `[name="${CSS.escape(input.name)}"][value="${CSS.escape(input.value)}"]`;
const questions = [...document.querySelectorAll(".question")].filter(visible);"""
# The first choice of each visible question with radios or checkboxes and nothing chosen.
_UNANSWERED_CHOICES = "() => {" + _VISIBLE + """
  return questions.flatMap(block => {
    const choices = [...block.querySelectorAll("input[type=radio]")];
    const group = choices.length ? choices
      : [...block.querySelectorAll("input[type=checkbox]:not([name*='__'])")];
    return group.length && !group.some(choice => choice.checked) ? [address(group[0])] : [];
  });
}"""
# Each visible empty text field of a visible question, with what says what it takes.
_EMPTY_FIELDS = "() => {" + _VISIBLE + """
  const fields = "input[type=text], input:not([type]), input[type=tel], input[type=email], "
    + "textarea";
  return questions.flatMap(block => [...block.querySelectorAll(fields)])
    .filter(field => visible(field) && !field.value)
    .map(field => [address(field), field.getAttribute("type"),
                   field.getAttribute("inputmode"), field.getAttribute("class"),
                   field.getAttribute("autocomplete")]);
}"""


def typed_value(kind: str | None, mode: str | None, classes: str | None,
                autocomplete: str | None = None) -> str:
    """Return a valid answer for a text field, judged by how the field is marked up."""
    if autocomplete == "postal-code":
        return "151 72"
    if kind == "tel":
        return "070-174 06 99"
    if kind == "email":
        return "person@example.org"
    if mode == "numeric" and "medium" in (classes or ""):
        return "2015-06-01"
    if mode == "numeric":
        return "1"
    return "Exempel"


def save(page) -> None:
    # Wait for the next page: reading the old one while it unloads makes a flaky test.
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Spara och")).click()
    assert not page.locator(".error-summary").count(), page.locator(".error-summary").inner_text()


def begin(page, urgent_needs: tuple[str, ...] = ("none",)) -> str:
    """Accept the start page, answer the first question (urgent needs; none unless given,
    left open for ``()``) and return the resume code shown."""
    page.goto("/")
    page.locator("#consent").check()
    with page.expect_navigation():  # until the page has loaded, its stylesheet too
        page.locator("form[action^='/start'] button[type=submit]").click()
    code = page.locator("[data-resume-code]").inner_text()
    if urgent_needs:
        with page.expect_navigation():
            page.locator("main a.button").click()
        for need in urgent_needs:
            choose(page, "urgent_needs", need)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
    return code


def resume(page, code: str, language: str = "sv") -> None:
    """Continue a draft on this phone with its resume code, as typed from the paper."""
    page.goto(f"/resume?lang={language}")
    page.fill("#code", code)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def describe_household(page, adults: int = 2, children: int = 2) -> None:
    """Fill in the household page and each adult's personal details."""
    page.goto("/apply/household")
    choose(page, "applying", "together" if adults == 2 else "alone")
    page.fill("#child_count", str(children))
    choose(page, "protected_identity", "no")
    choose(page, "interpreter_needed", "no")
    save(page)
    describe_adults(page, adults)


def describe_adults(page, adults: int) -> None:
    """Fill in each adult's personal details with the synthetic people of the builders."""
    for number, adult in enumerate(ADULTS[:adults], start=1):
        page.goto(f"/apply/personal/{number}")
        page.fill("#first_name", adult["first_name"])
        page.fill("#last_name", adult["last_name"])
        choose(page, "has_identity_number", "yes")
        page.fill("#identity_number", adult["identity_number"])
        fill_visible(page)
        save(page)


def complete_pending_areas(page, max_width: int = 360, until: str | None = None,
                           save=save) -> None:
    """Open each unfinished area of the task list and answer its pages, like a tester."""
    for _ in range(40):
        page.goto("/tasks")
        pending = page.locator(".task-list__item:not(:has(.tag--done)) a")
        if not pending.count() or (until and until in pending.first.get_attribute("href")):
            return
        with page.expect_navigation():
            pending.first.click()
        while "/apply/" in page.url:
            assert page.evaluate("document.documentElement.scrollWidth") <= max_width, page.url
            fill_visible(page)
            save(page)


def send_household_of_one(page) -> str:
    """Start, answer every page for one adult without children, send; return the reference."""
    begin(page)
    describe_household(page, adults=1, children=0)
    complete_pending_areas(page)
    page.goto("/check")
    page.get_by_role("button", name="Skicka").click()
    return page.locator("[data-reference-code]").inner_text()
