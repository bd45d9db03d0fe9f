"""The top of the record: what a caseworker preparing the first meeting reads first.

Household facts (the interpreter and the language it was asked for, protected identity), the
flags the answers raise (``forms/flags.yaml``) with links to the answers behind them, and what
the household was asked to bring. Each adult's own rating beside the caseworker's comes from
the record page's people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from selfservice.current import documents_to_bring
from selfservice.i18n import Text
from selfservice.questionnaire.answers import display, written_in
from selfservice.questionnaire.engine import Answers, Step, is_escape
from selfservice.questionnaire.forms import revealed_by
from selfservice.questionnaire.model import Question, Questionnaire
from selfservice.review.flags import RaisedFlag, answer_anchor, household_counts, raised_flags


@dataclass(frozen=True)
class Fact:
    label: str  # the question's msgid
    text: str  # the answer as shown
    anchor: str
    typed: bool  # written by the applicant, in the language of the application
    written_in: str | None = None  # the language free text was written in, when known
    said: Text | str = ""  # a chosen answer as a text to translate; typed text as written
    marks: tuple[str, ...] = ()  # what the question means (forms/README.md, "Marks")


@dataclass(frozen=True)
class MeetingSummary:
    facts: list[Fact]
    flags: list[RaisedFlag]
    bring: list[Text]  # what the household was asked to bring, each member named
    counts: list[tuple[str, int]] = field(default_factory=list)  # part-time children, …
    bring_unnamed: list[Text] = field(default_factory=list)  # for the agenda: no one named


def _fact(page_id: str, question: Question, value: Any) -> Fact:
    text = display(question, value)
    said: Text | str = question.kind.said(question, value["escape"] if is_escape(value)
                                          else value) \
        if question.choices and isinstance(value, str | dict) else text
    return Fact(question.label, text, answer_anchor(page_id, question.id),
                question.kind.takes_any_line, written_in=written_in(question, value),
                said=said, marks=question.marks)


def meeting_summary(questionnaire: Questionnaire, steps: list[Step],
                    answers: Answers) -> MeetingSummary:
    """Return the summary for a record's answers (masked free text, as the page shows them)."""
    layout = current_app.extensions["record_layout"]
    page_id, _, interpreter_id = layout.interpreter_needed.partition(".")
    page = questionnaire.page(page_id)
    # The interpreter question, what it reveals (the language), and the safety questions.
    wanted = [(page, q) for q in page.questions
              if q.id == interpreter_id or interpreter_id in revealed_by(q)]
    wanted += [(p, q) for s in questionnaire.sections for p in s.pages for q in p.questions
               if "safety" in q.marks and p.repeat is None]
    facts = [_fact(page.id, question, answers[page.id][question.id]) for page, question in wanted
             if answers.get(page.id, {}).get(question.id) is not None]
    flags = current_app.extensions["flags"]
    return MeetingSummary(
        facts=facts, flags=raised_flags(flags, questionnaire, steps, answers),
        bring=documents_to_bring(answers),
        bring_unnamed=documents_to_bring(answers, name_members=False),
        counts=household_counts(flags.counts, questionnaire, steps, answers))
