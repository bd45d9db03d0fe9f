"""Reading what people type: commands, questions, and choices named in words."""

from __future__ import annotations

import re
import unicodedata

from selfservice.chat.model import Context
from selfservice.chat.texts import COMMANDS, QUESTION_MARKS, QUESTION_WORDS
from selfservice.questionnaire.model import Question
from selfservice.questionnaire.types import ESCAPE_LABELS, YES_NO_LABELS


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s-]", " ", text).split())


def _words_of(ctx: Context, msgid: str) -> set[str]:
    lists = {msgid, ctx.translate(msgid)}
    return {_plain(w) for words in lists for w in words.split(",") if _plain(w)}


def match_command(ctx: Context, text: str) -> str | None:
    """Return the command that typed text names, in the page's language or in Swedish."""
    typed = _plain(text)
    if not typed:
        return None
    for command, (label, words) in COMMANDS.items():
        if typed in _words_of(ctx, words) or typed in _words_of(ctx, label):
            return command
    return None


def looks_like_question(ctx: Context, text: str) -> bool:
    """Tell whether typed text is a question: a question mark or a question word first."""
    stripped = text.strip()
    if stripped.endswith(QUESTION_MARKS):
        return True
    words = _plain(stripped).split()
    return bool(words) and words[0] in _words_of(ctx, QUESTION_WORDS)


def matching_code(ctx: Context, question: Question, text: str) -> str | None:
    typed = _plain(text)
    options = [(c.value, c.label) for c in question.choices]
    options += [(e, ESCAPE_LABELS[e]) for e in question.escapes]
    for code, label in options:
        if typed in {_plain(label), _plain(ctx.translate(label)), code}:
            return code
    return None


def yes_or_no(ctx: Context, text: str) -> str | None:
    typed = _plain(text)
    for code, label in YES_NO_LABELS.items():
        if typed in {_plain(label), _plain(ctx.translate(label))}:
            return code
    return None
