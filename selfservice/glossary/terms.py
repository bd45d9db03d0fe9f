"""Words explained: which glossary terms a question mentions, for links from its help text."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from selfservice.glossary.entries import Knowledge
from selfservice.questionnaire.model import Question


def _mentions(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term.casefold())}", text.casefold()) is not None


@cache
def _terms(knowledge: Knowledge) -> tuple[tuple[str, str], ...]:
    return tuple((entry.id, entry.title) for entry in knowledge.entries if entry.kind == "term")


def terms_in(knowledge: Knowledge, question: Question) -> list[str]:
    """Return the ids of glossary terms named in a question's Swedish label, hint or help."""
    return list(_terms_in_text(knowledge, " ".join(
        filter(None, (question.label, question.hint, question.help)))))


@lru_cache(maxsize=4096)
def _terms_in_text(knowledge: Knowledge, text: str) -> tuple[str, ...]:
    # Some hundred searches a page, each time it is shown: the answer is the same each time.
    return tuple(entry_id for entry_id, title in _terms(knowledge)
                 if _mentions(text, title.split("/")[0].strip()))
