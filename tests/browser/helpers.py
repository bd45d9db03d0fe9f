"""What a person does in the browser, step by step, shared by the browser tests."""

from __future__ import annotations

import re

from tests.builders import ADULTS


def choose(page, question_id: str, value: str) -> None:
    page.locator(f"input[name='{question_id}'][value='{value}']").check()


def fill_visible(page) -> None:
    """Answer every still-empty visible question with something valid, like a tester would."""
    # Answers reveal further questions, so go over the page until nothing new appears.
    for _ in range(4):
        _fill_visible_once(page)


def _fill_visible_once(page) -> None:
    for block in page.locator(".question:visible").all():
        radios = block.locator("input[type=radio]")
        boxes = block.locator("input[type=checkbox]:not([name*='__'])")
        if radios.count() and not block.locator("input[type=radio]:checked").count():
            radios.first.check()
        elif boxes.count() and not block.locator("input[type=checkbox]:checked").count():
            boxes.first.check()
        for field in block.locator("input[type=text], input:not([type]), input[type=tel], "
                                   "input[type=email], textarea").all():
            if not field.input_value():
                field.fill(typed_value(field.get_attribute("type"),
                                       field.get_attribute("inputmode"),
                                       field.get_attribute("class"),
                                       field.get_attribute("autocomplete")))


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
