"""Drive the applicant journey through the Flask test client, as a person would."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.builders import household_inputs, step_form_data
from tests.conftest import location, page


def start(client, urgent_needs: list[str] | None = None) -> str:
    """Accept the start page, answer the first page (urgent needs: none, unless given
    ``[]`` to leave it unanswered) and return the resume code shown once."""
    start_page = page(client.get("/"))
    response = client.post("/start", data={"consent": "y", "csrf_token": start_page.csrf_token})
    assert response.status_code == 200
    shown = page(response).soup
    code = shown.select_one("[data-resume-code]").get_text(strip=True)
    needs = ["none"] if urgent_needs is None else urgent_needs
    if needs:
        first = page(client.get(shown.select_one("a.button")["href"]))
        client.post("/apply/urgent", data={"urgent_needs": needs,
                                           "csrf_token": first.csrf_token})
    return code


def step_key(url: str) -> str:
    parts = url.split("?")[0].strip("/").split("/")[1:]
    return ".".join(parts)


def fill_step(client, app: Flask, url: str, overrides: dict[str, Any]):
    """Post one step with sample input plus overrides; return the response."""
    html = client.get(url).get_data(as_text=True)
    data = step_form_data(app.extensions["questionnaire"], step_key(url), html, overrides)
    return client.post(url, data=data)


def fill_section_from(client, app: Flask, url: str, inputs: dict[str, dict[str, Any]]) -> None:
    while url.startswith("/apply/"):
        response = fill_step(client, app, url, inputs.get(step_key(url), {}))
        assert response.status_code == 302, (url, page(response).errors)
        url = location(response)


def complete_household(client, app: Flask, adults: int = 2, children: int = 2,
                       inputs: dict[str, dict[str, Any]] | None = None) -> None:
    """Fill in every area of the task list in order until all are done."""
    inputs = inputs or household_inputs(adults, children)
    for _ in range(50):
        tasks = page(client.get("/tasks"))
        pending = [item.select_one("a") for item in tasks.soup.select(".task-list__item")
                   if not item.select_one(".tag--done") and item.select_one("a")]
        if not pending:
            return
        fill_section_from(client, app, pending[0]["href"], inputs)
    raise AssertionError("the task list never completed")


def submit(client) -> str:
    """Send the household from the check-answers page and return the reference code."""
    check = page(client.get("/check"))
    response = client.post("/submit", data={"csrf_token": check.csrf_token})
    assert response.status_code == 302
    confirmation = page(client.get(location(response)))
    return confirmation.soup.select_one("[data-reference-code]").get_text(strip=True)
