"""Flags for the first meeting (``forms/flags.yaml``): what the answers say needs attention.

A caseworker preparing a nybesök needs the risks on the first screen, not 13,000 px down. A
flag is data: a text, a condition in the questionnaire's syntax and the answers it rests on.
One whose questions are all on pages repeated per adult is shown per adult, because "Du har
nämnt …" must be raised with the right person; the rest per household.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selfservice.questionnaire.conditions import pages_in, problems_in_condition
from selfservice.questionnaire.engine import Answers, Step, holds
from selfservice.questionnaire.files import (
    describe_item,
    read_forms_file,
    repeated_ids,
    schema_problems,
)
from selfservice.questionnaire.model import Condition, Questionnaire
from selfservice.questionnaire.schema import QUESTIONNAIRE_SCHEMA

_IDENT = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_REF = {"type": "string", "pattern": r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {"condition": QUESTIONNAIRE_SCHEMA["$defs"]["condition"]},
    "type": "object",
    "required": ["id", "flags"],
    "additionalProperties": False,
    "properties": {"id": _IDENT, "flags": {"type": "array", "items": {
        "type": "object", "required": ["id", "text", "when", "answers"],
        "additionalProperties": False,
        "properties": {"id": _IDENT, "text": {"type": "string", "minLength": 1},
                       "when": {"$ref": "#/$defs/condition"},
                       "urgent": {"type": "boolean"},
                       "answers": {"type": "array", "items": _REF, "minItems": 1}}}},
        "counts": {"type": "array", "items": {
            "type": "object", "required": ["id", "text"], "additionalProperties": False,
            "oneOf": [{"required": ["members"]}, {"required": ["number"]}],
            "properties": {"id": _IDENT, "text": {"type": "string", "pattern": "%\\(num\\)s"},
                           "members": {"$ref": "#/$defs/condition"}, "number": _REF}}}},
}


@dataclass(frozen=True)
class Flag:
    id: str
    text: str  # Swedish msgid
    when: Condition
    answers: tuple[str, ...]  # page.question
    repeat: str | None  # the repeat group it is shown per member of, if any
    urgent: bool = False  # help is needed today: shown first and marked out


@dataclass(frozen=True)
class HouseholdCount:
    """A number the summary's first line gives when it is not zero: how many members of a
    repeated page meet ``members``, or the answer to the question ``number``."""

    id: str
    text: str  # Swedish msgid with %(num)s
    members: Condition | None
    number: str | None  # page.question


@dataclass(frozen=True)
class FlagFile:
    flags: tuple[Flag, ...]
    counts: tuple[HouseholdCount, ...]

    def __iter__(self) -> Iterator[Flag]:
        return iter(self.flags)


@dataclass(frozen=True)
class RaisedFlag:
    """A flag that holds for a household or for one member (``number``)."""

    flag: Flag
    number: int | None
    anchor: str  # the id of the answer on the record page it points to


def _problems(data: Any, questionnaire: Questionnaire) -> Iterator[tuple[tuple, str]]:
    errors = list(schema_problems(SCHEMA, data))
    yield from errors
    if errors:
        return
    yield from repeated_ids(data["flags"], "flags")
    for index, flag in enumerate(data["flags"]):
        yield from problems_in_condition(flag["when"], ("flags", index, "when"), questionnaire)
        for ref in flag["answers"]:
            page_id, _, question_id = ref.partition(".")
            page = questionnaire.page(page_id)
            if page is None or question_id not in {q.id for q in page.questions}:
                yield ("flags", index, "answers"), f"unknown question {ref!r}"
    for index, count in enumerate(data.get("counts", ())):
        where = ("counts", index)
        if "members" in count:
            yield from problems_in_condition(count["members"], (*where, "members"),
                                             questionnaire)
            pages = [questionnaire.page(p) for p in pages_in(count["members"])]
            if len({page.repeat if page else None for page in pages}) != 1 or \
                    any(page is None or page.repeat is None for page in pages):
                yield (*where, "members"), "must read questions of one repeated page group"
        else:
            page_id, _, question_id = count["number"].partition(".")
            page = questionnaire.page(page_id)
            if page is None or question_id not in {q.id for q in page.questions}:
                yield (*where, "number"), f"unknown question {count['number']!r}"


def load_flags(path: str | Path, questionnaire: Questionnaire) -> FlagFile:
    """Read and check the flags and counts against their schema and the questionnaire."""
    file = read_forms_file(path)
    problems = list(_problems(file.data, questionnaire))
    file.refuse("Flags have errors", problems, describe_item(file.data, ["flags"]))
    flags = []
    for item in file.data["flags"]:
        groups = {questionnaire.page(page_id).repeat for page_id in pages_in(item["when"])}
        flags.append(Flag(id=item["id"], text=item["text"], when=item["when"],
                          answers=tuple(item["answers"]),
                          repeat=groups.pop() if len(groups) == 1 else None,
                          urgent=item.get("urgent", False)))
    counts = tuple(HouseholdCount(id=item["id"], text=item["text"],
                                  members=item.get("members"), number=item.get("number"))
                   for item in file.data.get("counts", ()))
    return FlagFile(tuple(flags), counts)


def answer_anchor(step_key: str, question_id: str) -> str:
    """Return the id of an answer's row on the record page: "answer-housing-rent_arrears"."""
    return f"answer-{step_key.replace('.', '-')}-{question_id}"


def household_counts(counts: tuple[HouseholdCount, ...], questionnaire: Questionnaire,
                     steps: list[Step], answers: Answers) -> list[tuple[str, int]]:
    """Return (msgid, number) for each count that is not zero, in the file's order."""
    found = []
    for count in counts:
        if count.members is not None:
            page_id = next(pages_in(count.members))
            number = sum(1 for step in steps if step.page.id == page_id
                         and holds(questionnaire, count.members, answers, step))
        else:
            page_id, _, question_id = count.number.partition(".")
            value = answers.get(page_id, {}).get(question_id)
            number = value if isinstance(value, int) and not isinstance(value, bool) else 0
        if number:
            found.append((count.text, number))
    return found


def raised_flags(flags: FlagFile | tuple[Flag, ...], questionnaire: Questionnaire,
                 steps: list[Step],
                 answers: Answers) -> list[RaisedFlag]:
    """Return the flags that hold: per member where the flag is per member, else once."""
    raised = []
    for flag in flags:
        page_id, _, question_id = flag.answers[0].partition(".")
        if flag.repeat is None:
            if holds(questionnaire, flag.when, answers):
                key = next((s.key for s in steps if s.page.id == page_id), page_id)
                raised.append(RaisedFlag(flag, None, answer_anchor(key, question_id)))
            continue
        for step in steps:
            if step.page.id == page_id and step.number is not None \
                    and holds(questionnaire, flag.when, answers, step):
                raised.append(RaisedFlag(flag, step.number,
                                         answer_anchor(step.key, question_id)))
    return raised
