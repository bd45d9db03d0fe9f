"""A conversation's messages: typed while a turn builds them, compact JSON when stored.

Bot texts are kept as message ids and values (:class:`~selfservice.i18n.Text`), never as
rendered text, so a transcript shows in the page's language and, for an interpreter, in
Swedish beside it. The stored form is short (``{"n": 3, "by": "bot", "parts": [{"k": "p",
"t": {"m": msgid, "v": {}}}]}``) because the whole sealed transcript is written again on every
turn; the short keys live only in :func:`dump` and :func:`load`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Any, ClassVar

from selfservice.i18n import Counted, Number, Text

# Field name -> stored key, where they differ.
_KEYS = {"text": "t", "style": "c", "answer": "a", "number": "n"}


def pack(value: Any) -> Any:
    """Turn a Text (and Texts and Numbers inside lists and values) into JSON."""
    if isinstance(value, Counted):  # a text about a number keeps its plural
        return {"m": value.msgid, "pl": value.plural,
                "v": {k: pack(v) for k, v in value.values.items()}}
    if isinstance(value, Text):
        return {"m": value.msgid, "v": {k: pack(v) for k, v in value.values.items()}}
    if isinstance(value, Number):
        return {"d": value.value}
    if isinstance(value, list | tuple):
        return [pack(v) for v in value]
    return value


def unpack(data: Any) -> Any:
    """Turn stored JSON back into Texts, to be shown in the page's language."""
    if isinstance(data, dict) and "pl" in data:
        return Counted(data["m"], {k: unpack(v) for k, v in data["v"].items()},
                       plural=data["pl"])
    if isinstance(data, dict) and "m" in data:
        return Text(data["m"], {k: unpack(v) for k, v in data.get("v", {}).items()})
    if isinstance(data, dict) and "d" in data:
        return Number(data["d"])
    if isinstance(data, list):
        return [unpack(v) for v in data]
    return data


@dataclass(frozen=True)
class Paragraph:
    text: Text
    style: str | None = None  # "error", "hint", "help", "why", "lead"
    kind: ClassVar[str] = "p"


@dataclass(frozen=True)
class Link:
    endpoint: str
    text: Text
    kind: ClassVar[str] = "link"


@dataclass(frozen=True)
class Heading:
    """A page's title when the chat reaches a new page (with the member it is about)."""

    text: Text
    section: Text | None = None
    member: Text | None = None
    name: str | None = None
    kind: ClassVar[str] = "heading"


@dataclass(frozen=True)
class QuestionPart:
    ref: str  # "step:question"
    text: Text
    hint: Text | None = None
    optional: bool = False
    member: Text | None = None
    name: str | None = None
    kind: ClassVar[str] = "question"


@dataclass(frozen=True)
class SuggestionPart:
    category: str | None = None
    reasons: tuple[Text, ...] = ()
    kind: ClassVar[str] = "suggestion"


@dataclass(frozen=True)
class EntryPart:
    """A glossary entry, shown in full."""

    id: str
    title: Text
    text: Text
    kind: ClassVar[str] = "entry"


@dataclass(frozen=True)
class EntryChoice:
    id: str
    title: Text


@dataclass(frozen=True)
class EntryChoices:
    """The closest glossary entries, to tap."""

    items: tuple[EntryChoice, ...]
    kind: ClassVar[str] = "entries"
    nested: ClassVar[dict[str, type]] = {"items": EntryChoice}


@dataclass(frozen=True)
class ChangeChoice:
    ref: str
    text: Text  # the question
    member: Text | None = None
    name: str | None = None
    answer: Any = None  # the answer now: a Text, a list of Texts, or text as written
    area: Text | None = None  # the area of the form it belongs to


@dataclass(frozen=True)
class ChangeChoices:
    """The answered questions, to pick the one to change."""

    items: tuple[ChangeChoice, ...]
    kind: ClassVar[str] = "change"
    nested: ClassVar[dict[str, type]] = {"items": ChangeChoice}


@dataclass(frozen=True)
class SummaryRow:
    text: Text  # the question
    answer: Any  # a Text, a list of Texts, or text as written


@dataclass(frozen=True)
class SummaryGroup:
    text: Text  # the page
    rows: tuple[SummaryRow, ...]
    member: Text | None = None
    name: str | None = None
    nested: ClassVar[dict[str, type]] = {"rows": SummaryRow}


@dataclass(frozen=True)
class Summary:
    groups: tuple[SummaryGroup, ...]
    kind: ClassVar[str] = "summary"
    nested: ClassVar[dict[str, type]] = {"groups": SummaryGroup}


Part = (Paragraph | Link | Heading | QuestionPart | SuggestionPart | EntryPart | EntryChoices
        | ChangeChoices | Summary)
PARTS: dict[str, type] = {kind.kind: kind for kind in (
    Paragraph, Link, Heading, QuestionPart, SuggestionPart, EntryPart, EntryChoices,
    ChangeChoices, Summary)}


@dataclass(frozen=True)
class Message:
    """One message: the bot's parts, or what the person typed (``text``) or tapped (``said``)."""

    number: int
    by: str  # "bot" or "person"
    parts: tuple[Part, ...] = ()
    text: str | None = None  # typed, kept as written
    lang: str | None = None  # the language the page was in when it was typed
    said: tuple[Any, ...] = ()  # tapped: labels (Texts), or lists of them
    rows: tuple[SummaryRow, ...] = ()  # several questions answered at once
    nested: ClassVar[dict[str, type]] = {"rows": SummaryRow}


def dump(value: Any) -> Any:
    """Return a message (or part, or Text) as the compact JSON that is stored."""
    if isinstance(value, Text):
        return pack(value)
    if is_dataclass(value) and not isinstance(value, type):
        data: dict[str, Any] = {"k": value.kind} if hasattr(type(value), "kind") else {}
        for field in fields(value):
            item = getattr(value, field.name)
            if item is None or item == () or (field.name == "optional" and not item):
                continue
            data[_KEYS.get(field.name, field.name)] = dump(item)
        return data
    if isinstance(value, list | tuple):
        return [dump(v) for v in value]
    return value


def _load_as(cls: type, data: dict[str, Any]) -> Any:
    nested = getattr(cls, "nested", {})
    values = {}
    for field in fields(cls):
        key = _KEYS.get(field.name, field.name)
        if key not in data:
            continue
        raw = data[key]
        if field.name in nested:
            values[field.name] = tuple(_load_as(nested[field.name], item) for item in raw or ())
        elif field.name in {"reasons", "said"}:
            values[field.name] = tuple(unpack(raw or []))
        else:
            values[field.name] = unpack(raw)
    return cls(**values)


def load(data: dict[str, Any]) -> Message:
    """Return a stored message as a typed one."""
    parts = tuple(_load_as(PARTS[part["k"]], part) for part in data.get("parts") or ()
                  if part.get("k") in PARTS)
    message = _load_as(Message, {key: value for key, value in data.items() if key != "parts"})
    return Message(number=message.number, by=message.by, parts=parts, text=message.text,
                   lang=message.lang, said=message.said, rows=message.rows)
