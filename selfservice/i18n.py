"""Languages: which one a request is served in, and texts shown in it (and in Swedish).

Swedish is the source language: every msgid is the Swedish text, so the interpreter view can
show the Swedish original next to any translation without a second lookup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.numbers import format_decimal
from flask import Flask, current_app, g, has_request_context, request, session, url_for
from flask.globals import _cv_app
from flask_babel import force_locale, get_locale, get_translations, gettext
from markupsafe import Markup, escape

from selfservice.bidi import mark_swedish_terms

SOURCE_LANGUAGE = "sv"


def N_(message: str) -> str:  # the name gettext extraction looks for
    """Mark a text for translation where it is defined; it is translated where it is shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a text about a number where it is defined; :func:`counted_text` shows it."""
    return singular, plural


# Two items of a list, and so on for more: "Arbete, Studier"; Arabic writes "عمل، دراسة".
# Babel's list patterns (CLDR) join Arabic with "و" alone and have no plain list for
# Swedish or Finnish, so the separator is the catalogue's, like any other text.
LIST_ITEMS = N_("%(items)s, %(item)s")


@dataclass(frozen=True)
class Number:
    """A decimal number, written the way the language it is shown in writes it ("2,5")."""

    value: float

    def __str__(self) -> str:
        return format_decimal(self.value, locale=current_locale())

    def source(self) -> str:
        return format_decimal(self.value, locale=SOURCE_LANGUAGE)


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
        # Values may themselves be texts (a variable's name), numbers or lists of texts.
        def resolve(value: Any) -> Any:
            if isinstance(value, Text | Number):
                return str(value) if translate else value.source()
            if isinstance(value, list):
                return join_list([resolve(v) for v in value], translate=translate)
            return value
        return {name: resolve(value) for name, value in self.values.items()}


def join_list(items: Iterable[Any], *, translate: bool = True) -> str:
    """Join items as the page's language lists them ("a, b, c"; Arabic "a، b، c").

    ``translate=False`` joins them the Swedish way, for the Swedish original.
    """
    words = [str(item) for item in items]
    if not words:
        return ""
    joined = words[0]
    for word in words[1:]:
        joined = (gettext(LIST_ITEMS, items=joined, item=word) if translate
                  else LIST_ITEMS % {"items": joined, "item": word})
    return joined


def find_languages(translations: Path) -> dict[str, str]:
    """Return the offered languages: Swedish and every compiled catalogue, by its own name.

    A language is offered as soon as its catalogue is compiled; no code lists them.
    """
    compiled = sorted(folder.name for folder in translations.iterdir()
                      if (folder / "LC_MESSAGES" / "messages.mo").is_file())
    codes = [SOURCE_LANGUAGE, *(code for code in compiled if code != SOURCE_LANGUAGE)]
    return {code: _own_name(code) for code in codes}


def _own_name(code: str) -> str:
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def languages() -> dict[str, str]:
    """Return the languages this service offers, code to name written in that language."""
    return current_app.extensions["languages"]


def select_locale() -> str:
    """Return the language from the link, then the applicant's earlier choice, then the browser."""
    offered = languages()
    chosen = request.args.get("lang")
    if chosen in offered:
        # Every link carries the language: set only when it changes, so a page view does
        # not re-sign and resend the session cookie.
        if session.get("lang") != chosen:
            session["lang"] = chosen
        return chosen
    if session.get("lang") in offered:
        return session["lang"]
    return request.accept_languages.best_match(list(offered)) or SOURCE_LANGUAGE


def current_locale() -> str:
    # Asked for by every text and link on a page (a hundred times a step): Flask-Babel keeps
    # the request's locale, and the one force_locale sets, on ``g._flask_babel``; reading it
    # there once is a tenth of get_locale()'s proxy look-ups. get_locale() chooses it first.
    app_context = _cv_app.get(None)
    kept = getattr(app_context.g, "_flask_babel", None) if app_context is not None else None
    locale = getattr(kept, "babel_locale", None) or get_locale()
    if locale is None:
        return SOURCE_LANGUAGE
    # str() of a Locale takes longer than all the rest.
    return str(locale) if locale.territory or locale.script or locale.variant \
        else locale.language


def language_name(code: str) -> str:
    """Return a language's name in the language of the page ("arabiska" on a Swedish page)."""
    return Locale.parse(code).get_display_name(current_locale()) or code


@lru_cache(maxsize=32)
def text_direction(locale: str) -> str:
    return "rtl" if Locale.parse(locale).character_order == "right-to-left" else "ltr"


def interpreter_view() -> bool:
    """Tell whether texts are shown in Swedish too, for an interpreter beside the applicant."""
    return bool(session.get("interpreter")) and current_locale() != SOURCE_LANGUAGE


def t(text: str | Text | None, **values: Any) -> Markup:
    """Render a text in the applicant's language, with the Swedish beside it when interpreting."""
    if text is None:
        return Markup("")
    if not values and isinstance(text, str):  # most texts of a page: a message id alone
        shown = translated_markup(text, escaped=True)
        return _with_swedish(shown, escape(text)) if interpreter_view() else shown
    if not isinstance(text, Text):
        text = Text(text, values)
    marked_up = _counted_marked_up if isinstance(text, Counted) else _marked_up
    shown = marked_up(text, translate=True)
    return _with_swedish(shown, marked_up(text, translate=False)) if interpreter_view() \
        else shown


def _with_swedish(shown: Markup, swedish: Markup) -> Markup:
    return Markup('{}<span class="source-text" lang="sv" dir="ltr">{}</span>').format(
        shown, swedish)


@dataclass(frozen=True)
class TwoLanguages:
    """A text in Swedish and in another person's language (None when they read Swedish)."""

    swedish: Markup
    own: Markup | None
    lang: str

    @property
    def direction(self) -> str:
        return text_direction(self.lang)


def in_two_languages(text: str | Text | None, locale: str) -> TwoLanguages | None:
    """Return a text in Swedish and in ``locale``, for a page that shows someone else's
    screen (the interpreter following an applicant) whatever its own language."""
    if text is None:
        return None
    if not isinstance(text, Text):
        text = Text(text)
    swedish = _marked_up(text, translate=False)
    if locale == SOURCE_LANGUAGE:
        return TwoLanguages(swedish, None, locale)
    with force_locale(locale):
        return TwoLanguages(swedish, _marked_up(text, translate=True), locale)


def _marked_up(text: Text, *, translate: bool) -> Markup:
    # Values that are markup already (a phone number isolated left-to-right) stay markup;
    # everything else, the translated sentence included, is escaped.
    if not translate:
        return escape(text.msgid) % text._resolved(translate=False) if text.values \
            else escape(text.msgid)
    sentence = translated_markup(text.msgid, escaped=True)
    return sentence % text._resolved(translate=True) if text.values else sentence


def translated_markup(msgid: str, *, escaped: bool) -> Markup:
    """Return the translation of a text without values, its Swedish terms marked, from a
    cache; ``escaped`` escapes the translation (``t``) or trusts it (Jinja's ``_``)."""
    return _translated_markup(current_app.config["BABEL_TRANSLATION_DIRECTORIES"],
                              current_locale(), msgid, escaped)


@lru_cache(maxsize=8192)
def _translated_markup(catalogues: str, locale: str, msgid: str, escaped: bool) -> Markup:
    # A page shows some fifty texts and a step is asked for again and again: the translation,
    # with its Swedish terms marked, is the same every time for one catalogue and language.
    translated = gettext(msgid)
    return mark_swedish_terms(str(escape(translated)) if escaped else translated, msgid,
                              right_to_left=text_direction(locale) == "rtl")


def marked_translation(translated: str, msgid: str) -> Markup:
    """Return a translation (trusted markup) with the Swedish terms it keeps marked
    ``lang="sv"``, and isolated left to right in a right-to-left language."""
    return mark_swedish_terms(translated, msgid,
                              right_to_left=text_direction(current_locale()) == "rtl")


def _remember_choices() -> None:
    if request.args.get("interpreter") in {"0", "1"} \
            and session.get("interpreter") != (request.args["interpreter"] == "1"):
        session["interpreter"] = request.args["interpreter"] == "1"


def _carry_language(endpoint: str, values: dict[str, Any]) -> None:
    # Every link carries the language, so a shared or bookmarked page opens in it.
    if endpoint != "static" and "lang" not in values and has_request_context():
        values["lang"] = current_locale()


def stands_for(endpoint: str, **values: Any) -> None:
    """Name the page (a GET endpoint) that a page answering a POST shows, so that its
    language switch opens that page in the other language instead of the start page."""
    g.stands_for = (endpoint, values)


def switch_language_url(code: str) -> str:
    """Return this page's address in another language, or the start page if it has none."""
    rule = request.url_rule
    if (rule is None or "GET" not in rule.methods) and g.get("stands_for"):
        endpoint, values = g.stands_for
        return url_for(endpoint, **values, lang=code)
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
    app.extensions["languages"] = find_languages(Path(app.config["BABEL_TRANSLATION_DIRECTORIES"]))
    app.before_request(_remember_choices)
    app.url_defaults(_carry_language)


@dataclass(frozen=True)
class Counted(Text):
    """A text about a number, in the form the number takes: "5 arbetsdagar", "1 arbetsdag".

    ``msgid`` is the singular and ``plural`` the plural; the number is the value ``num``.
    Arabic has six forms, Swedish, English and Finnish two; the catalogue knows which.
    """

    plural: str = ""

    def sentence(self, *, translate: bool) -> str:
        """Return the form for the number, translated or in Swedish, with no values filled."""
        number = self.values["num"]
        if translate:
            return get_translations().ngettext(self.msgid, self.plural, number)
        return self.msgid if number == 1 else self.plural

    def __str__(self) -> str:
        return self.sentence(translate=True) % self._resolved(translate=True)

    def source(self) -> str:
        return self.sentence(translate=False) % self._resolved(translate=False)


def counted_text(singular: str, plural: str, num: int, **values: Any) -> Counted:
    """Return a text about ``num`` (``%(num)s`` in both forms), for ``t`` to show."""
    return Counted(singular, {**values, "num": num}, plural=plural)


def _counted_marked_up(text: Counted, *, translate: bool) -> Markup:
    return escape(text.sentence(translate=translate)) % text._resolved(translate=translate)
