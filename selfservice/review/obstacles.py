"""Försörjningshinder (``forms/follow_up.yaml``): the national list a unit reports per adult.

The caseworker records one per adult; the applicant's occupation and income answers suggest
one (the first whose condition holds for that adult), which the caseworker confirms or
changes. A forms folder without the file has no such follow-up.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selfservice.questionnaire.conditions import problems_in_condition
from selfservice.questionnaire.engine import Answers, Step, holds
from selfservice.questionnaire.files import (
    describe_item,
    read_forms_file,
    repeated_ids,
    schema_problems,
)
from selfservice.questionnaire.model import Condition, Questionnaire
from selfservice.questionnaire.schema import QUESTIONNAIRE_SCHEMA

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {"condition": QUESTIONNAIRE_SCHEMA["$defs"]["condition"]},
    "type": "object",
    "required": ["id", "support_obstacles"],
    "additionalProperties": False,
    "properties": {"id": {"type": "string"}, "support_obstacles": {
        "type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["value", "text"], "additionalProperties": False,
            "properties": {"value": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                           "text": {"type": "string", "minLength": 1},
                           "suggest_when": {"$ref": "#/$defs/condition"}}}}},
}


@dataclass(frozen=True)
class Obstacle:
    value: str  # the code in exports
    text: str  # Swedish msgid
    suggest_when: Condition | None


def _problems(data: Any, questionnaire: Questionnaire) -> Iterator[tuple[tuple, str]]:
    errors = list(schema_problems(SCHEMA, data))
    yield from errors
    if errors:
        return
    yield from repeated_ids(data["support_obstacles"], "support_obstacles", "value")
    for index, item in enumerate(data["support_obstacles"]):
        if "suggest_when" in item:
            yield from problems_in_condition(
                item["suggest_when"], ("support_obstacles", index, "suggest_when"),
                questionnaire)


def load_obstacles(path: str | Path, questionnaire: Questionnaire) -> tuple[Obstacle, ...]:
    """Read and check the list; no file: no list (the follow-up is then not offered)."""
    if not Path(path).is_file():
        return ()
    file = read_forms_file(path)
    file.refuse("Follow-up list has errors", list(_problems(file.data, questionnaire)),
                describe_item(file.data, ["support_obstacles"]))
    return tuple(Obstacle(item["value"], item["text"], item.get("suggest_when"))
                 for item in file.data["support_obstacles"])


def suggested_obstacle(obstacles: tuple[Obstacle, ...], questionnaire: Questionnaire,
                       answers: Answers, adult: Step) -> Obstacle | None:
    """The first obstacle the adult's own answers point to (``adult``: one of their pages)."""
    return next((item for item in obstacles if item.suggest_when is not None
                 and holds(questionnaire, item.suggest_when, answers, adult)), None)
