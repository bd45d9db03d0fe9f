"""Conditions that other forms files write in the questionnaire's syntax (flags, MI prompts,
obstacles, the checklist of what to bring), checked against the questionnaire at start-up.

A condition naming a question the questionnaire does not have, or a code its question never
holds, would silently never (or always) hold; such a file stops start-up instead.
"""

from __future__ import annotations

from collections.abc import Iterator

from selfservice.questionnaire.files import PathParts
from selfservice.questionnaire.model import Condition, Question, Questionnaire


def _answer_codes(question: Question) -> set[str] | None:
    """Return the stored codes a question can hold, or None where any value may be compared."""
    if question.choices:
        return {choice.value for choice in question.choices}
    return None


def _problems_in_reference(condition: Condition, path: PathParts,
                           questionnaire: Questionnaire) -> Iterator[tuple[PathParts, str]]:
    """Check that a question leaf names a real page.question and only codes it can hold."""
    ref = condition["question"]
    page_id, _, question_id = ref.rpartition(".")
    page = questionnaire.page(page_id) if page_id else None
    question = next((q for q in page.questions if q.id == question_id), None) if page else None
    if question is None:
        yield (*path, "question"), f"unknown question {ref!r} (write page.question)"
        return
    codes = _answer_codes(question)
    compared = [condition[op] for op in ("equals", "includes") if op in condition]
    compared += [v for op in ("in", "not_in") for v in condition.get(op, ())]
    # A misspelt code would make the condition silently never (or always) hold.
    for value in compared:
        if codes is not None and value not in codes:
            yield path, f"{ref} never holds the answer {value!r}; known: {sorted(codes)}"


def problems_in_condition(condition: Condition, path: PathParts,
                          questionnaire: Questionnaire) -> Iterator[tuple[PathParts, str]]:
    """Yield (path, message) for each reference in ``condition`` the questionnaire lacks."""
    for key in ("all", "any"):
        for index, sub in enumerate(condition.get(key, ())):
            yield from problems_in_condition(sub, (*path, key, index), questionnaire)
    if "not" in condition:
        yield from problems_in_condition(condition["not"], (*path, "not"), questionnaire)
    # The MI prompts' own leaf, decided by the review: it takes no other keys.
    if "fact" in condition and len(condition) > 1:
        yield path, "a fact is true or false by itself: write {fact: NAME} alone"
    if "question" in condition:
        yield from _problems_in_reference(condition, path, questionnaire)


def pages_in(condition: Condition) -> Iterator[str]:
    """Yield the page id of every question a condition reads (page.question references)."""
    return (ref.partition(".")[0] for ref in questions_in(condition))


def questions_in(condition: Condition) -> Iterator[str]:
    """Yield every page.question reference a condition reads."""
    for key in ("all", "any"):
        for sub in condition.get(key, ()):
            yield from questions_in(sub)
    if "not" in condition:
        yield from questions_in(condition["not"])
    if "question" in condition:
        yield condition["question"]
