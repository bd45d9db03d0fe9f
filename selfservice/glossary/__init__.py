"""The glossary and FAQ: entries, the words search compares, the search, terms in questions.

The app holds one :class:`~selfservice.glossary.search.Retriever` (built with the forms
bundle at start-up); these functions reach it from a request.
"""

from __future__ import annotations

from flask import current_app

from selfservice.glossary.entries import Entry, Knowledge, load_knowledge
from selfservice.glossary.search import Hit, Retriever, is_confident
from selfservice.glossary.words import normalise

__all__ = ["Entry", "Hit", "Knowledge", "Retriever", "current_knowledge", "current_retriever",
           "is_confident", "load_knowledge", "normalise", "search"]


def current_retriever() -> Retriever:
    """Return the app's retriever, made with the forms bundle when the app was created."""
    return current_app.extensions["retriever"]


def current_knowledge() -> Knowledge:
    """Return the app's glossary and FAQ entries."""
    return current_retriever().knowledge


def search(query: str, *, locale: str, limit: int = 3) -> list[Hit]:
    """Return the ``limit`` entries that best answer ``query``, written in ``locale``."""
    return current_retriever().search(query, locale=locale, limit=limit)
