"""What every template may use besides Flask's and Babel's own helpers."""

from __future__ import annotations

import threading
import time
from typing import Any

from flask import Flask, current_app, g, render_template, request, session
from flask_babel import get_translations
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from selfservice.bidi import isolated
from selfservice.clock import swedish_clock, swedish_time
from selfservice.fields import question_field
from selfservice.i18n import (
    N_,
    counted_text,
    current_locale,
    interpreter_view,
    join_list,
    language_name,
    languages,
    marked_translation,
    switch_interpreter_url,
    switch_language_url,
    t,
    text_direction,
    translated_markup,
)
from selfservice.questionnaire.answers import ESCAPE_LABELS
from selfservice.questionnaire.forms import local_condition
from selfservice.questionnaire.model import Question

STATUS_LABELS = {
    "not_started": N_("Inte påbörjad"),
    "in_progress": N_("Påbörjad"),
    "done": N_("Klar"),
    "cannot_start": N_("Kan inte påbörjas än"),
}


def reveal_condition(question: Question) -> dict[str, Any] | None:
    """Return the condition that shows or hides a question on its own page, for the script."""
    return local_condition(question)


def _endpoints() -> set[str]:
    return set(current_app.view_functions)


def ltr(value: str) -> Markup:
    """Keep a number or code left to right inside right-to-left text, and on one line."""
    return Markup('<bdi dir="ltr" class="nowrap">{}</bdi>').format(value)


def once_per_language(name: str, **values: Any) -> Markup:
    """Return a template that reads the same on every page in one language (the header, the
    footer), rendered once per process, language, view (with the interpreter's Swedish or
    not), mount point and ``values``, instead of on every page. Only for templates whose
    words depend on nothing else."""
    rendered = current_app.extensions.setdefault("fragments", {})
    key = (name, current_locale(), interpreter_view(), request.script_root,
           *sorted(values.items()))
    if key not in rendered:
        rendered[key] = Markup(render_template(name, **values))  # noqa: S704 — autoescaped
    return rendered[key]


# A page's CSRF token is the session's own token signed with the time (Flask-WTF), which is
# a twentieth of a step when done on every page. One signed in the last ten minutes is used
# again: it stops working ten minutes sooner than a new one would, out of the draft's
# lifetime (WTF_CSRF_TIME_LIMIT, days). Kept per process, for the sessions seen last.
SIGNED_TOKEN_REUSE_SECONDS = 600
SIGNED_TOKENS_KEPT = 4096
_signed_tokens_lock = threading.Lock()


def csrf_token() -> str:
    """Return this page's CSRF token: Flask-WTF's, signed again at most every ten minutes."""
    name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    if name in g:  # this request's, which Flask-WTF's own forms use too
        return g.get(name)
    kept: dict[str, tuple[str, float]] = current_app.extensions.setdefault("signed_tokens", {})
    limit = current_app.config.get("WTF_CSRF_TIME_LIMIT")
    reuse = SIGNED_TOKEN_REUSE_SECONDS if limit is None else min(SIGNED_TOKEN_REUSE_SECONDS,
                                                                 limit / 10)
    now = time.monotonic()
    found = kept.get(session.get(name, ""))
    if found is not None and now - found[1] < reuse:
        setattr(g, name, found[0])
        return found[0]
    signed = generate_csrf()
    with _signed_tokens_lock:
        kept[session[name]] = (signed, now)
        while len(kept) > SIGNED_TOKENS_KEPT:
            kept.pop(next(iter(kept)))
    return signed


def macro(template: str, name: str) -> Any:
    """Return a macro of a template that uses no page's context, made once per process.

    For the pages asked for most (the steps): ``{% from … import … %}`` compares every global
    name of the page with the imported template's on each page, a tenth of a step's drawing.
    """
    return getattr(current_app.jinja_env.get_template(template).module, name)


def _globals() -> dict[str, Any]:
    return {
        "ltr": ltr,
        "current_locale": current_locale,
        "t": t,
        "counted_text": counted_text,
        "language_name": language_name,
        "interpreter_view": interpreter_view,
        "switch_language_url": switch_language_url,
        "switch_interpreter_url": switch_interpreter_url,
        "text_direction": text_direction,
        "languages": languages,
        "escape_labels": ESCAPE_LABELS,
        "status_labels": STATUS_LABELS,
        "reveal_condition": reveal_condition,
        "csrf_token": csrf_token,
        "swedish_time": swedish_time,
        "swedish_clock": swedish_clock,
        "url_rules": _endpoints,
        "once_per_language": once_per_language,
        "question_field": question_field,
        "macro": macro,
    }


def _gettext(msgid: str) -> str:
    return translated_markup(msgid, escaped=False)


def _ngettext(singular: str, plural: str, number: int) -> str:
    return marked_translation(get_translations().ungettext(singular, plural, number),
                              singular if number == 1 else plural)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(_globals())
    app.jinja_env.filters["isolated"] = isolated
    # Babel's own template gettext, with the Swedish terms a translation keeps marked.
    app.jinja_env.install_gettext_callables(gettext=_gettext, ngettext=_ngettext,
                                            newstyle=True)
    app.jinja_env.filters["join_list"] = join_list
