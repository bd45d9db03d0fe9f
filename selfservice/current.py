"""The forms of the app serving this request, for views and services.

The form engine itself (``selfservice.questionnaire``) never looks at the Flask app; the
loaded forms live on the app (``bundle.init_app``) and are reached through these functions.
"""

from __future__ import annotations

from flask import current_app

from selfservice.i18n import Text
from selfservice.questionnaire import vocabulary
from selfservice.questionnaire.engine import Answers, Step
from selfservice.questionnaire.model import Questionnaire
from selfservice.questionnaire.self_rating import ScoringRule, Suggestion, suggestion_at


def current_questionnaire() -> Questionnaire:
    """Return the questionnaire the app loaded at start-up."""
    return current_app.extensions["questionnaire"]


def current_self_rating() -> ScoringRule:
    """Return the self-rating rule the app loaded at start-up."""
    return current_app.extensions["self_rating"]


def suggestion_for(step: Step, answers: Answers) -> Suggestion | None:
    """Return the suggested category for a suggestion page's person, or None for other pages."""
    return suggestion_at(current_self_rating(), step, answers)


def documents_to_bring(answers: Answers, *, name_members: bool = True) -> list[Text]:
    """Return what this household is asked to bring to the first meeting (forms/checklists.yaml)."""
    return vocabulary.documents_to_bring(current_app.extensions["checklists"],
                                         current_questionnaire(), answers,
                                         name_members=name_members)


__all__ = ["current_questionnaire", "current_self_rating", "documents_to_bring",
           "suggestion_for"]
