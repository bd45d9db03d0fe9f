"""The forms of the app serving this request, for views and services.

The form engine itself (``selfservice.questionnaire``) never looks at the Flask app; the
loaded forms live on the app (``bundle.init_app``) and are reached through these functions.
"""

from __future__ import annotations

from flask import current_app

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


__all__ = ["current_questionnaire", "current_self_rating", "suggestion_for"]
