"""The form engine: the questionnaire definition and everything derived from it."""

from __future__ import annotations

from flask import current_app

from selfservice.questionnaire.model import Questionnaire


def current_questionnaire() -> Questionnaire:
    """Return the questionnaire the app loaded at start-up."""
    return current_app.extensions["questionnaire"]


def suggestion_for(step, answers):
    """Return the suggested category for a suggestion page's person, or None for other pages."""
    from selfservice.i18n import current_locale
    from selfservice.questionnaire.self_rating import suggest

    if not step.page.suggestion:
        return None
    rule = current_app.extensions["self_rating"]
    key = rule.page if step.number is None else f"{rule.page}.{step.number}"
    return suggest(rule, answers.get(key, {}), locale=current_locale())
