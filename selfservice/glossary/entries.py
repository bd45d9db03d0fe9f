"""The glossary and FAQ (``forms/glossary.yaml``): entries people can look up or be shown.

KNUT asked for "a glossary for the client explaining every term"; the chat answers typed
questions from the same entries (:mod:`selfservice.glossary.search`), and question help texts
link to the terms they use (:mod:`selfservice.glossary.terms`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app

from selfservice.i18n import Text, counted_text
from selfservice.questionnaire.files import describe_item, read_forms_file, schema_problems

KINDS = ("term", "faq")

_IDENT = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_TEXT = {"type": "string", "minLength": 1}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["id", "entries"],
    "additionalProperties": False,
    "properties": {
        "id": _IDENT,
        "entries": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["id", "kind", "title", "text"],
            "additionalProperties": False,
            "properties": {"id": _IDENT, "kind": {"enum": list(KINDS)}, "title": _TEXT,
                           "text": _TEXT, "text_plural": _TEXT, "aliases": _TEXT,
                           "see_also": {"type": "array", "items": _IDENT, "uniqueItems": True}},
        }},
    },
}


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str  # term | faq
    title: str  # Swedish source text, a msgid: translate where it is shown
    text: str  # likewise; may name %(num)s, how many days a draft is kept
    see_also: tuple[str, ...] = ()
    # The text for more than one day, when ``text`` names them: Arabic has six forms.
    text_plural: str | None = None
    # People's own words for it, comma-separated; translated, never shown, only searched.
    aliases: str | None = None

    def shown_text(self) -> Text:
        """Return the text to show, with the service's own figures filled in."""
        if self.text_plural is None:
            return Text(self.text)
        return counted_text(self.text, self.text_plural,
                            current_app.config["DRAFT_LIFETIME_DAYS"])


@dataclass(frozen=True, eq=False)  # one per app; hashed by identity, as caches key it
class Knowledge:
    entries: tuple[Entry, ...]

    def entry(self, entry_id: str) -> Entry:
        """Return the entry with ``entry_id``; KeyError if there is none."""
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)



def _problems(data: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    errors = list(schema_problems(SCHEMA, data))
    yield from errors
    if errors:
        return
    ids = [entry["id"] for entry in data["entries"]]
    for index, entry in enumerate(data["entries"]):
        if entry["id"] in ids[:index]:
            yield ("entries", index, "id"), f"id {entry['id']!r} is used twice"
        for other in entry.get("see_also", ()):
            if other not in ids or other == entry["id"]:
                yield ("entries", index, "see_also"), f"see_also names unknown entry {other!r}"


def load_knowledge(path: str | Path) -> Knowledge:
    """Read and check the glossary and FAQ in ``path``; raise DefinitionError if invalid."""
    file = read_forms_file(path)
    data = file.data
    file.refuse("Glossary has errors", _problems(data), describe_item(data, ["entries"]))
    return Knowledge(tuple(Entry(id=e["id"], kind=e["kind"], title=e["title"], text=e["text"],
                                 see_also=tuple(e.get("see_also", ())),
                                 text_plural=e.get("text_plural"),
                                 aliases=e.get("aliases"))
                           for e in data["entries"]))
