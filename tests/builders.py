"""Synthetic households for tests: invented people, Swedish test identity numbers."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup

from selfservice.questionnaire.model import Question, Questionnaire
from selfservice.questionnaire.types import luhn_digit


def personnummer(birth: str, serial: str = "998") -> str:
    """Return a valid 12-digit number (YYYYMMDD-NNNN); serials 98x-99x are test-range."""
    body = birth[2:] + serial
    return f"{birth}-{serial}{luhn_digit(body)}"


ADULTS = [
    {"first_name": "Testa", "last_name": "Exempelsson", "identity_number":
     personnummer("19850423", "998"), "phone": "070-174 06 10", "email": "testa@example.org"},
    {"first_name": "Provia", "last_name": "Påhittad", "identity_number":
     personnummer("19900117", "982"), "phone": "070-174 06 20", "email": "provia@example.org"},
]

def sample_input(question: Question) -> Any:
    """Return a valid raw form value for any question (its type's own sample)."""
    return question.kind.sample_input(question)


# Invented first names for up to five children (a name has no digits in it).
CHILD_NAMES = ("Barnetta", "Barnilla", "Barnabella", "Barnilda", "Barnolina")


def household_inputs(adults: int = 2, children: int = 2) -> dict[str, dict[str, Any]]:
    """Return per-step overrides that describe one household; the rest is sample input."""
    inputs: dict[str, dict[str, Any]] = {
        "urgent": {"urgent_needs": ["none"]},
        "household": {"applying": "together" if adults == 2 else "alone",
                      "child_count": str(children), "protected_identity": "no",
                      "interpreter_needed": "no"},
    }
    for number in range(1, adults + 1):
        inputs[f"personal.{number}"] = {"has_identity_number": "yes", **ADULTS[number - 1]}
    for number in range(1, children + 1):
        inputs[f"child.{number}"] = {"first_name": CHILD_NAMES[number - 1],
                                     "date_of_birth": f"201{number}-03-0{number}"}
    return inputs


def step_form_data(questionnaire: Questionnaire, step_key: str, html: str,
                   overrides: dict[str, Any]) -> dict[str, Any]:
    """Fill every question of a step page with sample input, then the overrides."""
    page_id = step_key.split(".")[0]
    page = questionnaire.page(page_id)
    data: dict[str, Any] = {q.id: sample_input(q) for q in page.questions}
    data.update(overrides)
    token = BeautifulSoup(html, "html.parser").select_one("input[name=csrf_token]")
    if token is not None:
        data["csrf_token"] = token["value"]
    return data
