"""A household's answers arranged for reading: by area, by member, question by question.

The check-answers page reads this today; the PDF and the caseworker view read the same
structure, so what a question is called and how an answer reads is decided once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from selfservice.questionnaire.answers import display, written_in
from selfservice.questionnaire.engine import Answers, Step, is_escape, visible_questions
from selfservice.questionnaire.model import Question, Questionnaire, Section


@dataclass
class AnswerRow:
    question: Question
    value: Any
    text: str
    written_in: str | None = None

    @property
    def swedish(self) -> str | None:
        """A chosen answer as the Swedish page reads it, for the interpreter view; None for
        what the person typed, which is the same in every language."""
        if self.question.kind.widget != "choices" or self.value is None:
            return None
        codes = self.value if isinstance(self.value, list) else \
            [self.value["escape"] if is_escape(self.value) else self.value]
        return ", ".join(self.question.kind.said(self.question, code).source()
                         for code in codes)


@dataclass
class StepSummary:
    step: Step
    member: str | None
    rows: list[AnswerRow] = field(default_factory=list)


@dataclass
class SectionSummary:
    section: Section
    steps: list[StepSummary] = field(default_factory=list)


def member_label(questionnaire: Questionnaire, step: Step, answers: Answers) -> str | None:
    """Return "Person 2" (with the first name when known) for a repeated step."""
    if step.number is None or step.page.repeat is None:
        return None
    repeat = questionnaire.repeats[step.page.repeat]
    label = _(repeat.label, number=step.number)
    if repeat.name_question:
        page_id, _dot, question_id = repeat.name_question.partition(".")
        name = answers.get(f"{page_id}.{step.number}", {}).get(question_id)
        if isinstance(name, str) and name:
            return f"{label} – {name}"
    return label


def _row(question: Question, value: Any) -> AnswerRow:
    return AnswerRow(question=question, value=value, text=display(question, value),
                     written_in=written_in(question, value))


def household_summary(questionnaire: Questionnaire, steps: list[Step],
                      answers: Answers, *, for_staff: bool = False) -> list[SectionSummary]:
    """Return every applicable question with its answer, grouped by area and member.

    Staff-only answers (``marks: [private]``) are left out unless ``for_staff``: every page,
    document and read-back the household sees comes through here, so one rule keeps them out.
    """
    summary = []
    for section in questionnaire.sections:
        section_summary = SectionSummary(section)
        for step in (s for s in steps if s.section_id == section.id):
            saved = answers.get(step.key, {})
            step_summary = StepSummary(step, member_label(questionnaire, step, answers))
            visible = visible_questions(questionnaire, step, answers, saved)
            shown = [q for q in visible if for_staff or not q.private]
            if visible and not shown:
                continue  # not even the page's heading: it would say the question was asked
            step_summary.rows = [_row(question, saved.get(question.id)) for question in shown]
            section_summary.steps.append(step_summary)
        summary.append(section_summary)
    return summary
