"""The caseworker's codes and the applicant's checklists (``forms/caseworker.yaml``,
``forms/checklists.yaml``): categories, statuses and what to bring, as data.

What to bring is chosen for the household: a document may carry a condition in the
questionnaire's syntax (a lease only for those who rent), checked against the questionnaire
at start-up like the flags.

The categories must be the self-rating's own choices, so an applicant's rating and a
caseworker's can be compared code for code; a file that disagrees stops start-up.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selfservice.i18n import N_, Text
from selfservice.questionnaire.conditions import pages_in, problems_in_condition, questions_in
from selfservice.questionnaire.engine import Answers, Step, holds, plan
from selfservice.questionnaire.files import (
    PathParts,
    describe_item,
    read_forms_file,
    schema_problems,
)
from selfservice.questionnaire.model import Choice, Condition, Question, Questionnaire
from selfservice.questionnaire.schema import QUESTIONNAIRE_SCHEMA

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
_ITEMS = {"type": "array", "items": {"type": "object", "required": ["text"],
                                    "additionalProperties": False,
                                    "properties": {"text": _TEXT}}}
CHECKLISTS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {"condition": QUESTIONNAIRE_SCHEMA["$defs"]["condition"]},
    "type": "object",
    "required": ["id", "meeting", "agenda"],
    "additionalProperties": False,
    "properties": {"id": _IDENT, "meeting": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["text"], "additionalProperties": False,
        "properties": {"text": _TEXT, "when": {"$ref": "#/$defs/condition"}}}},
        "agenda": {"type": "object", "required": ["minutes", "minutes_with_interpreter",
                                                  "opening", "alone", "closing"],
                   "additionalProperties": False,
                   "properties": {"minutes": {"type": "integer", "minimum": 5, "maximum": 240},
                                  "minutes_with_interpreter": {
                                      "type": "integer", "minimum": 5, "maximum": 240},
                                  "opening": _ITEMS,
                                  "alone": {"type": "object", "required": ["text"],
                                            "additionalProperties": False,
                                            "properties": {"text": _TEXT}},
                                  "closing": _ITEMS}}},
}
# A document meant for some members of a household of several names them: "Läkarintyg (Person 2)".
FOR_MEMBERS = N_("%(document)s (%(members)s)")


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
class Document:
    """A document to bring to the first meeting: always, or when ``when`` holds."""

    text: str  # msgid
    when: Condition | None = None
    repeat: str | None = None  # every question of ``when`` is on this group's pages: per member


@dataclass(frozen=True)
class Checklists:
    meeting: tuple[Document, ...]  # what to bring to the first meeting, in the file's order
    agenda: AgendaFrame


def _checklist_problems(data: Any, questionnaire: Questionnaire) -> Iterator[tuple[PathParts, str]]:
    errors = list(schema_problems(CHECKLISTS_SCHEMA, data))
    yield from errors
    if errors:
        return
    for index, document in enumerate(data["meeting"]):
        if "when" in document:
            yield from problems_in_condition(document["when"], ("meeting", index, "when"),
                                             questionnaire)
            # The list is on the confirmation page and in the PDF: a document asked for by
            # a staff-only answer would tell the household what that answer was.
            private = [ref for ref in questions_in(document["when"])
                       if (question := questionnaire.question(ref)) and question.private]
            if private:
                yield (("meeting", index, "when"),
                       f"{private[0]} is marked private: the household may not learn it here")


def _document(item: dict[str, Any], questionnaire: Questionnaire) -> Document:
    when = item.get("when")
    groups = {questionnaire.page(page_id).repeat for page_id in pages_in(when or {})}
    return Document(text=item["text"], when=when,
                    repeat=groups.pop() if len(groups) == 1 else None)


def load_checklists(path: str | Path, questionnaire: Questionnaire) -> Checklists:
    """Read and check the applicant's checklists, their conditions against the questionnaire."""
    file = read_forms_file(path)
    file.refuse("Checklists have errors", list(_checklist_problems(file.data, questionnaire)))
    agenda = file.data["agenda"]
    return Checklists(meeting=tuple(_document(item, questionnaire)
                                    for item in file.data["meeting"]),
                      agenda=AgendaFrame(
                          minutes=agenda["minutes"],
                          minutes_with_interpreter=agenda["minutes_with_interpreter"],
                          opening=tuple(item["text"] for item in agenda["opening"]),
                          alone=agenda["alone"]["text"],
                          closing=tuple(item["text"] for item in agenda["closing"])))


def _to_bring(document: Document, questionnaire: Questionnaire, steps: list[Step],
              answers: Answers, name_members: bool) -> Text | None:
    if document.repeat is None:
        return Text(document.text) if holds(questionnaire, document.when, answers) else None
    page_id = next(pages_in(document.when))
    members = [step for step in steps if step.page.id == page_id]
    holding = [step.number for step in members
               if holds(questionnaire, document.when, answers, step)]
    if not holding:
        return None
    if len(members) < 2 or not name_members:
        return Text(document.text)
    label = questionnaire.repeats[document.repeat].label
    return Text(FOR_MEMBERS, {"document": Text(document.text),
                              "members": [Text(label, {"number": n}) for n in holding]})


def documents_to_bring(checklists: Checklists, questionnaire: Questionnaire, answers: Answers,
                       *, name_members: bool = True) -> list[Text]:
    """Return the documents this household is asked to bring: those whose conditions hold.

    ``name_members=False`` leaves out who a document is for, for what the whole household
    reads together (the agenda), as the agenda never names one adult's circumstances.
    """
    steps, applicable = plan(questionnaire, answers)
    found = (_to_bring(document, questionnaire, steps, applicable, name_members)
             for document in checklists.meeting)
    return [text for text in found if text is not None]
