"""The form engine: the questionnaire definition and everything derived from it."""

from __future__ import annotations

from flask import current_app

from selfservice.questionnaire.model import Questionnaire


def current_questionnaire() -> Questionnaire:
    """Return the questionnaire the app loaded at start-up."""
    return current_app.extensions["questionnaire"]
