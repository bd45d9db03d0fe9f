"""How a stored answer reads, whatever its type: the one entry point for every view.

Each type's own reading and showing lives in :mod:`selfservice.questionnaire.types`; this
module adds what all types share (an honest non-answer reads as its label).
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from selfservice.questionnaire.model import Question
from selfservice.questionnaire.types import ESCAPE_LABELS, InvalidAnswer, clean_text, is_escape

__all__ = ["ESCAPE_LABELS", "InvalidAnswer", "clean_text", "display", "written_in"]


def display(question: Question, value: Any) -> str:
    """Return a stored value as the applicant's language reads it."""
    if value is None:
        return ""
    if is_escape(value):
        return _(ESCAPE_LABELS[value["escape"]])
    return question.kind.display(question, value)


def written_in(question: Question, value: Any) -> str | None:
    """Return the language free text was written in, or None for other answers."""
    if not question.kind.free_text or value is None or is_escape(value):
        return None
    return value.get("lang") if isinstance(value, dict) else None
