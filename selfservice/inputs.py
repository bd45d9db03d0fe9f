"""One place that reads what people send: text, page numbers, addresses to return to.

Every text a person types – an applicant's answer, a caseworker's reason, a user name – is
cleaned the same way: line breaks normalised, NFC, spaces trimmed; control characters refused
(nobody types them, and PostgreSQL cannot store NUL), and in words – names, user names,
reasons, free text – also the bidirectional embedding, override and isolate controls
(U+202A–202E, U+2066–2069), which can make a name read differently from what it is. A text
is checked against the column it is stored in, whose length is read from the model rather
than written again here.

Behind the forms, :func:`init_app` guards the database itself: a value the database cannot
hold (NUL, a lone surrogate, an integer beyond 64 bits, a string longer than its column)
refuses the request with a message instead of failing it with a server error, on SQLite as on
PostgreSQL, whichever route it came through.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import Engine, String, event
from sqlalchemy.orm import InstrumentedAttribute, Mapper
from wtforms import Field, ValidationError
from wtforms.form import BaseForm

from selfservice.database import Base
from selfservice.i18n import N_, Number, Text

CONTROL_CHARACTERS = N_("Texten innehåller tecken som inte kan tas emot, till exempel osynliga "
                        "styrtecken. Skriv den igen.")
TOO_LONG = N_("Texten är för lång. Skriv högst %(max)s tecken (nu %(length)s).")
UNSTORABLE = N_("Det du skickade innehåller tecken eller tal som inte kan tas emot. Gå "
                "tillbaka och skriv det igen.")
TOO_LONG_TO_STORE = N_("Något av det du skickade är för långt. Gå tillbaka och korta ner det.")

# C0 and C1 controls; a line of text also refuses line breaks.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_CONTROL_OR_NEWLINE = "\x00-\x1f\x7f-\x9f"
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_REFUSED = {(multiline, words): re.compile(
    f"[{_CONTROL if multiline else _CONTROL_OR_NEWLINE}{BIDI_CONTROLS if words else ''}]")
    for multiline in (False, True) for words in (False, True)}
# What no database column holds: NUL (PostgreSQL refuses it) and lone surrogates.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_BIGINT = range(-2**63, 2**63)
LARGEST_PAGE = 10**9


class RefusedInput(ValueError):
    """Input that cannot be taken as it is; ``text`` says why, in the reader's language."""

    def __init__(self, msgid: str, **values: Any) -> None:
        super().__init__(msgid)
        self.text = Text(msgid, values)

    def __str__(self) -> str:
        return str(self.text)


def clean(raw: str, *, multiline: bool = False, words: bool = True, limit: int | None = None,
          refused: str = CONTROL_CHARACTERS, too_long: str = TOO_LONG) -> str:
    """Return typed text normalised, or raise :class:`RefusedInput` saying what is wrong.

    ``words`` also refuses bidirectional controls; ``limit`` is the most characters kept.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = unicodedata.normalize("NFC", text).strip()
    if _REFUSED[multiline, words].search(text):
        raise RefusedInput(refused)
    if limit is not None and len(text) > limit:
        raise RefusedInput(too_long, max=Number(limit), length=Number(len(text)))
    return text


def column_length(attribute: InstrumentedAttribute) -> int:
    """Return how many characters the column behind a mapped attribute holds."""
    return attribute.property.columns[0].type.length


class Typed:
    """WTForms validator: clean the field's text in place and check it against its column."""

    def __init__(self, column: InstrumentedAttribute | None = None, *,
                 limit: int | None = None, multiline: bool = False, words: bool = True) -> None:
        self.limit = limit if limit is not None else (column_length(column) if column else None)
        self.multiline = multiline
        self.words = words
        # Read by templates as ``field.flags.maxlength``: the page says the same limit.
        self.field_flags = {"maxlength": self.limit} if self.limit else {}

    def __call__(self, _form: BaseForm, field: Field) -> None:
        try:
            field.data = clean(field.data or "", multiline=self.multiline, words=self.words,
                               limit=self.limit)
        except RefusedInput as refused:
            field.refusal = refused.text
            raise ValidationError(str(refused.text)) from None


def refusal(field: Field) -> Text | None:
    """Return why :class:`Typed` refused a field's text, if it did."""
    return getattr(field, "refusal", None)


def page_number(raw: str | None) -> int:
    """Read ?page= as people and link checkers send it: 1 unless a number, at most 10⁹ (a
    view clamps it to the pages there are)."""
    try:
        return max(1, min(int(raw or 1), LARGEST_PAGE))
    except ValueError:
        return 1


def local_path(target: str | None, *, under: str) -> str | None:
    """Return ``target`` if it is a plain path of this site below ``under``, else None:
    never another site, never a header broken by a line break, never a backslash that some
    browsers read as a slash."""
    if not target or len(target) > 2000 or not target.isascii() or not target.isprintable():
        return None
    if " " in target or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return None
    if parts.path != under and not parts.path.startswith(under.rstrip("/") + "/"):
        return None
    return target


def _unstorable(value: Any) -> bool:
    if isinstance(value, str):
        return _UNSTORABLE.search(value) is not None
    return isinstance(value, int) and not isinstance(value, bool) and value not in _BIGINT


def _check_parameters(_conn, _cursor, _statement, parameters, _context, _executemany) -> None:
    rows = parameters if isinstance(parameters, list) else [parameters]
    for row in rows:
        values = row.values() if isinstance(row, dict) else (row or ())
        if any(_unstorable(value) for value in values):
            raise RefusedInput(UNSTORABLE)


def _check_columns(mapper: Mapper, _connection, target: Base) -> None:
    for attribute in mapper.column_attrs:
        kind = attribute.columns[0].type
        value = target.__dict__.get(attribute.key)
        if isinstance(value, str) and isinstance(kind, String) and kind.length is not None \
                and len(value) > kind.length:
            raise RefusedInput(TOO_LONG_TO_STORE)


def guard_database(engine: Engine) -> None:
    """Refuse, before the database sees it, any value it could not hold."""
    event.listen(engine, "before_cursor_execute", _check_parameters)


def init_app(app: Flask) -> None:
    guard_database(app.extensions["db_engine"])
    if not event.contains(Base, "before_insert", _check_columns):
        event.listen(Base, "before_insert", _check_columns, propagate=True)
        event.listen(Base, "before_update", _check_columns, propagate=True)
