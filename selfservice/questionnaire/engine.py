"""What applies to a household: its steps, visible questions, conditions and progress.

Answers are a plain dict keyed by step (``"household"``, ``"personal.2"``), each holding
question id -> stored value. Every view of a draft or a submission asks this module what
applies, so conditions and repeat groups are decided in exactly one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from selfservice.questionnaire.model import Condition, Page, Question, Questionnaire, Section
from selfservice.questionnaire.schema import GUIDANCE_MARKS
from selfservice.questionnaire.types.base import is_escape

Answers = dict[str, dict[str, Any]]

NOT_STARTED, IN_PROGRESS, DONE, CANNOT_START = "not_started", "in_progress", "done", "cannot_start"


@dataclass(frozen=True)
class Step:
    """One page as the applicant meets it: a page, and for repeated pages which member."""

    page: Page
    number: int | None = None

    @property
    def key(self) -> str:
        return self.page.id if self.number is None else f"{self.page.id}.{self.number}"

    @property
    def section_id(self) -> str:
        return self.page.section_id


def repeat_count(questionnaire: Questionnaire, group: str, answers: Answers) -> int:
    """Return how many members a repeat group has, from the answer it counts from."""
    repeat = questionnaire.repeats[group]
    page_id, _, question_id = repeat.count_question.partition(".")
    value = answers.get(page_id, {}).get(question_id)
    count = repeat.count_map.get(value, 0) if repeat.count_map else value
    return max(0, min(count, repeat.max)) if isinstance(count, int) else 0


def _values_of(questionnaire: Questionnaire, ref: str, answers: Answers, step: Step | None,
               page_values: dict[str, Any] | None) -> list[Any]:
    page_id, _, question_id = ref.rpartition(".")
    if not page_id:
        return [(page_values or {}).get(question_id)]
    page = questionnaire.page(page_id)
    if page is None or page.repeat is None:
        return [answers.get(page_id, {}).get(question_id)]
    if step is not None and step.page.repeat == page.repeat and step.number is not None:
        return [answers.get(f"{page_id}.{step.number}", {}).get(question_id)]
    members = range(1, repeat_count(questionnaire, page.repeat, answers) + 1)
    return [answers.get(f"{page_id}.{n}", {}).get(question_id) for n in members]


def _test(condition: Condition, value: Any) -> bool:
    answered = value is not None and value != [] and not is_escape(value)
    if "answered" in condition:
        return answered == condition["answered"]
    if not answered:
        return "not_in" in condition
    if "equals" in condition:
        return value == condition["equals"]
    if "in" in condition:
        return value in condition["in"]
    if "not_in" in condition:
        return value not in condition["not_in"]
    if "includes" in condition:
        return isinstance(value, list) and condition["includes"] in value
    if "greater_than" in condition:
        return isinstance(value, int) and value > condition["greater_than"]
    return answered


def holds(questionnaire: Questionnaire, condition: Condition | None, answers: Answers,
          step: Step | None = None, page_values: dict[str, Any] | None = None) -> bool:
    """Evaluate a ``when`` condition; a reference across repeat groups holds for any member."""
    if condition is None:
        return True
    if "all" in condition:
        return all(holds(questionnaire, c, answers, step, page_values) for c in condition["all"])
    if "any" in condition:
        return any(holds(questionnaire, c, answers, step, page_values) for c in condition["any"])
    if "not" in condition:
        return not holds(questionnaire, condition["not"], answers, step, page_values)
    values = _values_of(questionnaire, condition["question"], answers, step, page_values)
    return any(_test(condition, value) for value in values)


def visible_questions(questionnaire: Questionnaire, step: Step, answers: Answers,
                      page_values: dict[str, Any]) -> list[Question]:
    """Return the questions of ``step`` that apply, given earlier pages and this page's values."""
    return [q for q in step.page.questions
            if holds(questionnaire, q.when, answers, step, page_values)]


def _blocks(questionnaire: Questionnaire) -> Iterator[tuple[str | None, list[Page]]]:
    """Group consecutive pages of a section that repeat for the same group."""
    for section in questionnaire.sections:
        block: list[Page] = []
        for page in section.pages:
            if block and (page.repeat is None or page.repeat != block[0].repeat):
                yield block[0].repeat, block
                block = []
            block.append(page)
        if block:
            yield block[0].repeat, block


def _candidate_steps(questionnaire: Questionnaire, group: str | None, pages: list[Page],
                     answers: Answers) -> Iterator[Step]:
    # One person's pages come together (their rating, then their choice), person by person.
    if group is None:
        yield from (Step(page) for page in pages)
        return
    for number in range(1, repeat_count(questionnaire, group, answers) + 1):
        yield from (Step(page, number) for page in pages)


def plan(questionnaire: Questionnaire, answers: Answers) -> tuple[list[Step], Answers]:
    """Return the steps that apply and the answers that still apply to them, in order.

    Conditions only look backwards, so walking the pages in order and keeping only what
    applies so far decides everything in one pass; answers left behind by a changed earlier
    answer (a second adult who is no longer applying) drop out here.
    """
    steps: list[Step] = []
    kept: Answers = {}
    for group, pages in _blocks(questionnaire):
        for step in _candidate_steps(questionnaire, group, pages, kept):
            if not holds(questionnaire, step.page.when, kept, step):
                continue
            steps.append(step)
            saved = answers.get(step.key)
            if saved is None:
                continue
            visible = visible_questions(questionnaire, step, kept, saved)
            kept[step.key] = {q.id: saved[q.id] for q in visible if q.id in saved}
    return steps, kept


def plan_of_steps(questionnaire: Questionnaire, steps: list[Step],
                  answers: Answers) -> tuple[list[Step], Answers]:
    """Return given steps, each applying, with the answers that apply to them: a follow-up
    asks fixed pages of one person, whatever the household answered in the application."""
    kept: Answers = {}
    for step in steps:
        saved = answers.get(step.key)
        if saved is not None:
            visible = visible_questions(questionnaire, step, kept, saved)
            kept[step.key] = {q.id: saved[q.id] for q in visible if q.id in saved}
    return list(steps), kept


def find_step(steps: list[Step], page_id: str, number: int | None) -> Step | None:
    """Return the applicable step for a URL's page and member number, if there is one."""
    return next((s for s in steps if s.page.id == page_id and s.number == number), None)


def is_complete(questionnaire: Questionnaire, step: Step, answers: Answers) -> bool:
    """Tell whether a step was saved with every required visible question answered."""
    saved = answers.get(step.key)
    if saved is None:
        return False
    visible = visible_questions(questionnaire, step, answers, saved)
    return all(q.id in saved for q in visible if q.required)


def section_status(questionnaire: Questionnaire, section: Section, steps: list[Step],
                   answers: Answers) -> str:
    """Return the task-list status of a section."""
    if any(section_status(questionnaire, questionnaire.section(r), steps, answers) != DONE
           for r in section.requires):
        return CANNOT_START
    mine = [s for s in steps if s.section_id == section.id]
    complete = [s for s in mine if is_complete(questionnaire, s, answers)]
    if mine and len(complete) == len(mine):
        return DONE
    return IN_PROGRESS if any(s.key in answers for s in mine) else NOT_STARTED


def neighbours(steps: list[Step], step: Step) -> tuple[Step | None, Step | None]:
    """Return the previous and next step within the same section."""
    same = [s for s in steps if s.section_id == step.section_id]
    index = next(i for i, s in enumerate(same) if s.key == step.key)
    previous = same[index - 1] if index > 0 else None
    following = same[index + 1] if index + 1 < len(same) else None
    return previous, following


def incomplete_steps(questionnaire: Questionnaire, steps: list[Step],
                     answers: Answers) -> list[Step]:
    """Return the steps that still need answers before the household can submit."""
    return [s for s in steps if not is_complete(questionnaire, s, answers)]


def raises(question: Question, value: Any) -> bool:
    """Tell whether an answer raises its question's marks: a "yes", or any chosen choice
    that is not the exclusive "none of these"."""
    if value == "yes":
        return True
    exclusive = {c.value for c in question.choices if c.exclusive}
    return isinstance(value, list) and any(v not in exclusive for v in value)


def guidance_after(page: Page, values: dict[str, Any]) -> str | None:
    """Return the mark whose guidance page saved page values lead to, if any.

    Marked questions (``marks: [urgent]``, ``marks: [safety]``) decide it, not their ids, so a
    questionnaire with other ids keeps the routes to the pages on urgent help and on applying
    safely. Urgent help comes first when one page raises both.
    """
    raised = {m for q in page.questions if raises(q, values.get(q.id)) for m in q.marks}
    return next((mark for mark in GUIDANCE_MARKS if mark in raised), None)


def raised_choices(questionnaire: Questionnaire, answers: Answers,
                   mark: str) -> list[tuple[Question, str]]:
    """Return (question, chosen code) of what raises ``mark`` on the household's
    (unrepeated) pages, such as the urgent needs a sent application is marked by."""
    chosen: list[tuple[Question, str]] = []
    for page in questionnaire.pages:
        for question in (q for q in page.questions if mark in q.marks):
            value = answers.get(page.id, {}).get(question.id) if page.repeat is None else None
            if raises(question, value):
                exclusive = {c.value for c in question.choices if c.exclusive}
                chosen += [(question, v) for v in
                           (value if isinstance(value, list) else [value])
                           if v not in exclusive]
    return chosen
