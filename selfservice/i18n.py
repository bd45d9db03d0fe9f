"""Which language a request is served in, and the languages the service offers."""

from __future__ import annotations

from flask import request, session

# Language names are written in their own language, so everyone can find theirs.
LANGUAGES = {"sv": "Svenska", "en": "English", "ar": "العربية", "fi": "Suomi"}
RIGHT_TO_LEFT = {"ar"}


def select_locale() -> str:
    """Return the language from the link, then the applicant's earlier choice, then the browser."""
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        session["lang"] = chosen
        return chosen
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    return request.accept_languages.best_match(list(LANGUAGES)) or "sv"


def text_direction(locale: str) -> str:
    return "rtl" if locale in RIGHT_TO_LEFT else "ltr"


def N_(message: str) -> str:
    """Mark a text for translation where it is defined; it is translated where it is shown."""
    return message
