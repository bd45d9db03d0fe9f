"""The caseworker's codes and the applicant's checklists (``forms/caseworker.yaml``,
``forms/checklists.yaml``): categories, statuses and what to bring, as data.

The categories must be the self-rating's own choices, so an applicant's rating and a
caseworker's can be compared code for code; a file that disagrees stops start-up.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selfservice.questionnaire.files import (
    PathParts,
    describe_item,
    read_forms_file,
    schema_problems,
)
from selfservice.questionnaire.model import Choice, Question

_IDENT = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_TEXT = {"type": "string", "minLength": 1}
_CODES = {"type": "array", "minItems": 2, "items": {
    "type": "object", "required": ["value", "label"], "additionalProperties": False,
    "properties": {"value": _IDENT, "label": _TEXT}}}
CASEWORKER_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["id", "categories", "rehabilitation", "statuses"],
    "additionalProperties": False,
    "properties": {"id": _IDENT, "categories": _CODES, "rehabilitation": _CODES,
                   "statuses": _CODES},
}
CHECKLISTS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["id", "meeting", "agenda"],
    "additionalProperties": False,
    "properties": {"id": _IDENT, "meeting": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["text"], "additionalProperties": False,
        "properties": {"text": _TEXT}}},
        "agenda": {"type": "object", "required": ["minutes", "minutes_with_interpreter",
                                                  "opening", "alone", "closing"],
                   "additionalProperties": False,
                   "properties": {"minutes": {"type": "integer", "minimum": 5, "maximum": 240},
                                  "minutes_with_interpreter": {
                                      "type": "integer", "minimum": 5, "maximum": 240},
                                  "opening": {"type": "array", "items": {
                                      "type": "object", "required": ["text"],
                                      "additionalProperties": False,
                                      "properties": {"text": _TEXT}}},
                                  "alone": {"type": "object", "required": ["text"],
                                            "additionalProperties": False,
                                            "properties": {"text": _TEXT}},
                                  "closing": {"type": "array", "items": {
                                      "type": "object", "required": ["text"],
                                      "additionalProperties": False,
                                      "properties": {"text": _TEXT}}}}}},
}


@dataclass(frozen=True)
class CaseworkerTerms:
    categories: tuple[Choice, ...]  # nearest to work first
    rehabilitation: tuple[Choice, ...]
    statuses: tuple[Choice, ...]  # the first is a new record's

    @property
    def category_codes(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.categories)

    @property
    def rehabilitation_codes(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.rehabilitation)

    @property
    def status_codes(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.statuses)

    def label(self, code: str) -> str:
        """Return the label of any category, rehabilitation level or status (a msgid)."""
        for choice in (*self.categories, *self.rehabilitation, *self.statuses):
            if choice.value == code:
                return choice.label
        return code


def _choices(items: list[dict[str, str]]) -> tuple[Choice, ...]:
    return tuple(Choice(item["value"], item["label"]) for item in items)


def _problems(data: dict[str, Any], self_rated: Question | None) -> Iterator[tuple[PathParts, str]]:
    for name in ("categories", "rehabilitation", "statuses"):
        values = [item["value"] for item in data[name]]
        if len(values) != len(set(values)):
            yield (name,), "values must be unique"
    if self_rated is not None:
        offered = [c.value for c in self_rated.choices]
        mine = [item["value"] for item in data["categories"]]
        if offered != mine:
            yield ("categories",), (f"must be the self-rating's choices {offered} in that order "
                                    f"(the question {self_rated.id!r})")


def load_caseworker_terms(path: str | Path, self_rated: Question | None) -> CaseworkerTerms:
    """Read and check the caseworker's codes against the self-rating question's choices."""
    file = read_forms_file(path)
    problems = list(schema_problems(CASEWORKER_SCHEMA, file.data))
    if not problems:
        problems = list(_problems(file.data, self_rated))
    file.refuse("Caseworker codes have errors", problems,
                describe_item(file.data, ("categories", "rehabilitation", "statuses")))
    data = file.data
    return CaseworkerTerms(categories=_choices(data["categories"]),
                           rehabilitation=_choices(data["rehabilitation"]),
                           statuses=_choices(data["statuses"]))


@dataclass(frozen=True)
class AgendaFrame:
    """The first meeting's agenda around the topics the answers raise (msgids)."""

    minutes: int
    minutes_with_interpreter: int  # everything is said twice
    opening: tuple[str, ...]
    alone: str  # "a talk with Person %(number)s alone": per adult with topics of their own
    closing: tuple[str, ...]


@dataclass(frozen=True)
class Checklists:
    meeting: tuple[str, ...]  # msgids: what to bring to the first meeting
    agenda: AgendaFrame


def load_checklists(path: str | Path) -> Checklists:
    """Read and check the applicant's checklists."""
    file = read_forms_file(path)
    file.refuse("Checklists have errors", schema_problems(CHECKLISTS_SCHEMA, file.data))
    agenda = file.data["agenda"]
    return Checklists(meeting=tuple(item["text"] for item in file.data["meeting"]),
                      agenda=AgendaFrame(
                          minutes=agenda["minutes"],
                          minutes_with_interpreter=agenda["minutes_with_interpreter"],
                          opening=tuple(item["text"] for item in agenda["opening"]),
                          alone=agenda["alone"]["text"],
                          closing=tuple(item["text"] for item in agenda["closing"])))
