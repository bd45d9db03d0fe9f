"""Babel extraction for questionnaire files, so form texts share the interface's catalogues.

Registered as the ``questionnaire`` extraction method (see ``babel.cfg``); each message gets
a translator comment naming where it sits (``household.applying.help``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

TRANSLATABLE_KEYS = ("title", "intro", "label", "hint", "help", "why", "text", "aliases", "low",
                     "high")


def _walk(node: yaml.Node, where: str) -> Iterator[tuple[int, str, str | tuple[str, str]]]:
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from _walk(child, where)
    elif isinstance(node, yaml.MappingNode):
        fields = {key.value: value for key, value in node.value}
        name = fields["id"].value if isinstance(fields.get("id"), yaml.ScalarNode) else None
        if name is None and isinstance(fields.get("value"), yaml.ScalarNode):
            name = fields["value"].value
        here = f"{where}.{name}" if name and where else (name or where)
        for key, value in node.value:
            if key.value == "text" and isinstance(fields.get("text_plural"), yaml.ScalarNode):
                # A text about a number: its singular and plural, like ngettext's.
                yield (value.start_mark.line + 1, f"{here}.text".lstrip("."),
                       (value.value, fields["text_plural"].value))
            elif key.value in TRANSLATABLE_KEYS and isinstance(value, yaml.ScalarNode):
                yield value.start_mark.line + 1, f"{here}.{key.value}".lstrip("."), value.value
            elif key.value in ("sections", "pages", "questions", "choices"):
                yield from _walk(value, here)
            else:
                yield from _walk(value, f"{here}.{key.value}")


def extract_questionnaire(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                          options: dict[str, Any]) -> Iterator[tuple[int, str | None, Any,
                                                                     list[str]]]:
    """Yield every user-facing text of a questionnaire file for ``pybabel extract``."""
    root = yaml.compose(fileobj.read().decode("utf-8"))
    if root is None:
        return
    for line, where, text in _walk(root, ""):
        yield line, "ngettext" if isinstance(text, tuple) else None, text, [where]
