"""Motivational Interviewing (MI) prompts for the caseworker, chosen by the household's answers.

The prompts are data (``forms/mi_prompts.yaml``), written in plain Swedish and translated like
every form text: KNUT found that the MI language gets lost through an interpreter, so each
prompt is short and says one thing. A prompt may carry a condition in the questionnaire
engine's syntax, evaluated by the engine itself, plus one leaf the questionnaire cannot know:
``{fact: NAME}``, decided by the review (the caseworker's own rating).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selfservice.questionnaire.conditions import problems_in_condition
from selfservice.questionnaire.engine import Answers, Step, holds
from selfservice.questionnaire.files import (
    PathParts,
    describe_item,
    read_forms_file,
    schema_problems,
)
from selfservice.questionnaire.model import Condition, Questionnaire
from selfservice.questionnaire.schema import QUESTIONNAIRE_SCHEMA

FACTS = ("ratings_differ", "self_rated_am3", "no_caseworker_rating")
LISTS = ("rulers", "elicit_provide_elicit", "prompts")  # items with ids, unique file-wide
GOAL_RULERS = ("importance", "confidence")  # the questionnaire's ruler marks

_IDENT = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_TEXT = {"type": "string", "minLength": 1}
# The engine's condition operators, so the two files cannot drift apart, plus the fact leaf.
_ENGINE_CONDITION = QUESTIONNAIRE_SCHEMA["$defs"]["condition"]
_CONDITION = {
    **_ENGINE_CONDITION,
    "oneOf": [*_ENGINE_CONDITION["oneOf"], {"required": ["fact"]}],
    "properties": {**_ENGINE_CONDITION["properties"], "fact": {"enum": list(FACTS)}},
}


@dataclass(frozen=True)
class MiPrompt:
    id: str
    area: str  # a questionnaire section id: the prompt is shown next to that section's answers
    kind: str  # one of the guide's kinds (OARS: open, affirmation, reflection, summary)
    text: str  # Swedish source text, a msgid: translate where it is shown
    when: Condition | None = None
    fills: str | None = None  # page.question whose answer replaces the "…" in the text


@dataclass(frozen=True)
class Ruler:
    id: str
    text: str
    follow_ups: tuple[str, ...]


@dataclass(frozen=True)
class GoalPrompt:
    """Asked from one goal the person wrote: with ``ruler``, from where they put it on that
    ruler (``%(number)s``, ``%(lower)s``, ``%(higher)s``); without, when no ruler prompt can
    be asked (no ruler answered, or the numbers at the ends)."""

    id: str
    kind: str
    text: str
    ruler: str | None = None


@dataclass(frozen=True)
class MiGuide:
    kinds: dict[str, str]  # kind -> its name (a msgid), in the file's order
    prompts: tuple[MiPrompt, ...]
    rulers: tuple[Ruler, ...]
    elicit_provide_elicit: tuple[tuple[str, str], ...]  # (id, text) in the order they are used
    goal_prompts: tuple[GoalPrompt, ...] = ()


def _kinds_in(data: Any) -> list[str]:
    kinds = data.get("kinds") if isinstance(data, dict) else None
    return [k["value"] for k in kinds or () if isinstance(k, dict) and "value" in k] \
        if isinstance(kinds, list) else []


def _schema(areas: list[str], kinds: list[str]) -> dict[str, Any]:
    """Return the file's JSON Schema; areas are the questionnaire's section ids."""
    kind = {"enum": kinds} if kinds else _IDENT
    prompt = {"type": "object", "required": ["id", "area", "kind", "text"],
              "additionalProperties": False,
              "properties": {"id": _IDENT, "area": {"enum": areas}, "kind": kind,
                             "text": _TEXT, "when": {"$ref": "#/$defs/condition"},
                             "fills": {"type": "string",
                                       "pattern": r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"}}}
    follow_up = {"type": "object", "required": ["text"], "additionalProperties": False,
                 "properties": {"text": _TEXT}}
    ruler = {"type": "object", "required": ["id", "text", "follow_ups"],
             "additionalProperties": False,
             "properties": {"id": _IDENT, "text": _TEXT,
                            "follow_ups": {"type": "array", "items": follow_up, "minItems": 1}}}
    step = {"type": "object", "required": ["id", "text"], "additionalProperties": False,
            "properties": {"id": _IDENT, "text": _TEXT}}
    goal_prompt = {"type": "object", "required": ["id", "kind", "text"],
                   "additionalProperties": False,
                   "properties": {"id": _IDENT, "kind": kind, "text": _TEXT,
                                  "ruler": {"enum": list(GOAL_RULERS)}}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": {"condition": _CONDITION},
        "type": "object",
        "required": ["id", "kinds", *LISTS],
        "additionalProperties": False,
        "properties": {"id": _IDENT,
                       "kinds": {"type": "array", "minItems": 1, "items": {
                           "type": "object", "required": ["value", "text"],
                           "additionalProperties": False,
                           "properties": {"value": _IDENT, "text": _TEXT}}},
                       "rulers": {"type": "array", "items": ruler, "minItems": 1},
                       "elicit_provide_elicit": {"type": "array", "items": step, "minItems": 1},
                       "prompts": {"type": "array", "items": prompt, "minItems": 1},
                       "goal_prompts": {"type": "array", "items": goal_prompt}},
    }


def _problems_in_meaning(data: dict[str, Any],
                         questionnaire: Questionnaire) -> Iterator[tuple[PathParts, str]]:
    """Check what a schema cannot: unique ids and conditions that can really hold."""
    # Ids are stored when a caseworker ticks a prompt as used, so they are unique file-wide.
    seen: set[str] = set()
    for key in (*LISTS, "goal_prompts"):
        for index, item in enumerate(data.get(key, ())):
            if item["id"] in seen:
                yield (key, index, "id"), f"id {item['id']!r} is used twice"
            seen.add(item["id"])
    for index, prompt in enumerate(data["prompts"]):
        if "when" in prompt:
            yield from problems_in_condition(prompt["when"], ("prompts", index, "when"),
                                              questionnaire)
        if "fills" in prompt:
            if prompt["text"].count("…") != 1:
                yield ("prompts", index, "fills"), "a prompt that fills in has one \"…\""
            yield from problems_in_condition({"question": prompt["fills"]},
                                              ("prompts", index, "fills"), questionnaire)


def load_mi_guide(path: str | Path, questionnaire: Questionnaire) -> MiGuide:
    """Read and check the MI prompts against their schema and the questionnaire."""
    file = read_forms_file(path)
    schema = _schema([s.id for s in questionnaire.sections], _kinds_in(file.data))
    problems = list(schema_problems(schema, file.data))
    if not problems:
        problems = list(_problems_in_meaning(file.data, questionnaire))
    file.refuse("MI prompts have errors", problems, describe_item(file.data, LISTS))
    return _build(file.data)


def _build(data: dict[str, Any]) -> MiGuide:
    return MiGuide(
        kinds={k["value"]: k["text"] for k in data["kinds"]},
        prompts=tuple(MiPrompt(id=p["id"], area=p["area"], kind=p["kind"], text=p["text"],
                               when=p.get("when"), fills=p.get("fills"))
                      for p in data["prompts"]),
        rulers=tuple(Ruler(id=r["id"], text=r["text"],
                           follow_ups=tuple(f["text"] for f in r["follow_ups"]))
                     for r in data["rulers"]),
        elicit_provide_elicit=tuple((s["id"], s["text"]) for s in data["elicit_provide_elicit"]),
        goal_prompts=tuple(GoalPrompt(id=g["id"], kind=g["kind"], text=g["text"],
                                      ruler=g.get("ruler"))
                           for g in data.get("goal_prompts", ())),
    )


def condition_holds(questionnaire: Questionnaire, condition: Condition | None,
                    answers: Answers, facts: Mapping[str, bool], step: Step | None = None,
                    ) -> bool:
    """Evaluate a prompt's condition: facts from the review, everything else by the engine.

    With ``step`` (a page of one adult) the adults' pages are read for that adult; without,
    a repeated page (one per adult or child) holds if it holds for any member.
    """
    if condition is None:
        return True
    if "all" in condition:
        return all(condition_holds(questionnaire, c, answers, facts, step)
                   for c in condition["all"])
    if "any" in condition:
        return any(condition_holds(questionnaire, c, answers, facts, step)
                   for c in condition["any"])
    if "not" in condition:
        return not condition_holds(questionnaire, condition["not"], answers, facts, step)
    if "fact" in condition:
        return bool(facts.get(condition["fact"], False))
    return holds(questionnaire, condition, answers, step)


def check_facts(facts: Mapping[str, bool]) -> None:
    """Refuse an unknown fact name, so that a misspelt fact cannot silently hide the prompts
    for a conversation (a missing fact counts as false)."""
    unknown = set(facts) - set(FACTS)
    if unknown:
        raise ValueError(f"unknown MI facts {sorted(unknown)}; known: {FACTS}")
