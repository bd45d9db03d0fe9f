"""Languages: which one a request is served in, and texts shown in it (and in Swedish).

Swedish is the source language: every msgid is the Swedish text, so the interpreter view can
show the Swedish original next to any translation without a second lookup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask, has_request_context, request, session, url_for
from flask_babel import get_locale, gettext
from markupsafe import Markup, escape

# Language names are written in their own language, so everyone can find theirs.
LANGUAGES = {"sv": "Svenska", "en": "English", "ar": "العربية", "fi": "Suomi"}
SOURCE_LANGUAGE = "sv"
RIGHT_TO_LEFT = {"ar"}


def N_(message: str) -> str:  # the name gettext extraction looks for
    """Mark a text for translation where it is defined; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Text:
    """A message id and its named values, translated only when it is shown."""

    msgid: str
    values: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return gettext(self.msgid, **self._resolved(translate=True))

    def source(self) -> str:
        return self.msgid % self._resolved(translate=False) if self.values else self.msgid

    def _resolved(self, *, translate: bool) -> dict[str, Any]:
        # Values may themselves be texts (a variable's name) or lists of texts.
        def resolve(value: Any) -> Any:
            if isinstance(value, Text):
                return str(value) if translate else value.source()
            if isinstance(value, list):
                return ", ".join(str(resolve(v)) for v in value)
            return value
        return {name: resolve(value) for name, value in self.values.items()}


def select_locale() -> str:
    """Return the language from the link, then the applicant's earlier choice, then the browser."""
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        session["lang"] = chosen
        return chosen
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    return request.accept_languages.best_match(list(LANGUAGES)) or SOURCE_LANGUAGE


def current_locale() -> str:
    return str(get_locale() or SOURCE_LANGUAGE)


def text_direction(locale: str) -> str:
    return "rtl" if locale in RIGHT_TO_LEFT else "ltr"


def interpreter_view() -> bool:
    """Tell whether texts are shown in Swedish too, for an interpreter beside the applicant."""
    return bool(session.get("interpreter")) and current_locale() != SOURCE_LANGUAGE


def t(text: str | Text | None, **values: Any) -> Markup:
    """Render a text in the applicant's language, with the Swedish beside it when interpreting."""
    if text is None:
        return Markup("")
    if not isinstance(text, Text):
        text = Text(text, values)
    shown = escape(str(text))
    if not interpreter_view():
        return shown
    return Markup('{}<span class="source-text" lang="sv" dir="ltr">{}</span>').format(
        shown, text.source())


def _remember_choices() -> None:
    if request.args.get("interpreter") in {"0", "1"}:
        session["interpreter"] = request.args["interpreter"] == "1"


def _carry_language(endpoint: str, values: dict[str, Any]) -> None:
    # Every link carries the language, so a shared or bookmarked page opens in it.
    if endpoint != "static" and "lang" not in values and has_request_context():
        values["lang"] = current_locale()


def switch_language_url(code: str) -> str:
    """Return this page's address in another language, or the start page if it has none."""
    rule = request.url_rule
    if rule is None or "GET" not in rule.methods:
        return url_for("intake.start", lang=code)
    args = {**request.args.to_dict(), **(request.view_args or {}), "lang": code}
    return url_for(rule.endpoint, **args)


def switch_interpreter_url(on: bool) -> str:
    """Return this page's address with the interpreter view switched on or off."""
    rule = request.url_rule
    if rule is None or "GET" not in rule.methods:
        return url_for("intake.start", interpreter=int(on))
    args = {**request.args.to_dict(), **(request.view_args or {}), "interpreter": int(on)}
    return url_for(rule.endpoint, **args)


def init_app(app: Flask) -> None:
    app.before_request(_remember_choices)
    app.url_defaults(_carry_language)
