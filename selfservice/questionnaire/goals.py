"""A person's own goals and their rulers, and the answers only staff may read, found by marks.

What a question means here is declared in the questionnaire (``marks: [goal]``, a ruler with
``marks: [importance]`` and ``about: <goal>``, ``marks: [private]``), never found by id, so
a questionnaire with other ids keeps the caseworker's view of goals and private requests.
"""

from __future__ import annotations

from dataclasses import dataclass

from selfservice.questionnaire.answers import display, written_in
from selfservice.questionnaire.engine import Answers, Step, is_escape, raises
from selfservice.questionnaire.model import Page, Question, Questionnaire

RULER_MARKS = ("importance", "confidence")


@dataclass(frozen=True)
class Goal:
    """One goal as the person wrote it, with where they put it on each ruler (0–10)."""

    step_key: str
    question: Question
    text: str  # as written (masked on staff pages until the identity is revealed)
    written_in: str | None  # the language it was written in
    rulers: dict[str, int]  # "importance"/"confidence" -> the person's number


@dataclass(frozen=True)
class PrivateAnswer:
    """An answer only staff read, such as a wish to meet the caseworker alone."""

    step: Step
    question: Question
    text: str
    raised: bool  # a "yes": something for the caseworker to act on


def goal_questions(page: Page) -> list[Question]:
    """The questions of a page that hold a goal in the person's words, in the page's order."""
    return [question for question in page.questions if "goal" in question.marks]


def goals_page(questionnaire: Questionnaire) -> Page | None:
    """The page where a person writes their goals, if the questionnaire has one."""
    return next((page for page in questionnaire.pages if goal_questions(page)), None)


def _rulers_of(page: Page, goal: Question) -> list[tuple[str, Question]]:
    return [(mark, q) for q in page.questions if q.about == goal.id
            for mark in RULER_MARKS if mark in q.marks]


def goals_of(step: Step, answers: Answers) -> list[Goal]:
    """Return the goals written on one step, in the page's order, with their rulers."""
    saved = answers.get(step.key, {})
    goals = []
    for question in goal_questions(step.page):
        value = saved.get(question.id)
        if value is None or is_escape(value):
            continue
        numbers = {mark: saved[ruler.id] for mark, ruler in _rulers_of(step.page, question)
                   if isinstance(saved.get(ruler.id), int)}
        goals.append(Goal(step.key, question, display(question, value),
                          written_in(question, value), numbers))
    return goals


def goals_by_member(steps: list[Step], answers: Answers) -> dict[int, list[Goal]]:
    """Return each member's goals (adults, by their number) across the steps that hold them."""
    found: dict[int, list[Goal]] = {}
    for step in steps:
        if step.number is not None:
            goals = goals_of(step, answers)
            if goals:
                found.setdefault(step.number, []).extend(goals)
    return found


def private_answers(steps: list[Step], answers: Answers) -> list[PrivateAnswer]:
    """Return the staff-only answers given, member by member: for staff pages only."""
    found = []
    for step in steps:
        saved = answers.get(step.key, {})
        for question in (q for q in step.page.questions if q.private and q.id in saved):
            value = saved[question.id]
            found.append(PrivateAnswer(step, question, display(question, value),
                                       raises(question, value)))
    return found
