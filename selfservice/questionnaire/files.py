"""Reading a file of forms/: parsed once per process, checked, errors naming file and line.

Every file in forms/ (questionnaire, self-rating, MI prompts, glossary, record layout) is read
here, so they are parsed alike (libyaml's C loader where it is installed), validated alike
against a JSON Schema plus checks of meaning, and report problems alike:
``forms/x.yaml:12: sections[0].pages[1].id: message``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn

import jsonschema
import yaml

PathParts = tuple[str | int, ...]
Problem = tuple[PathParts, str]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DefinitionError(ValueError):
    """A file in forms/ is malformed; the message names file, line and path."""


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per read
class FormsFile:
    """One parsed file: its data (shared: never change it) and where each part stands."""

    path: Path
    text: str
    data: Any

    def line_of(self, parts: PathParts) -> int:
        """Return the 1-based line of the deepest node along ``parts``."""
        node = yaml.compose(self.text, Loader=_LOADER)
        if node is None:
            return 1
        for part in parts:
            if isinstance(node, yaml.MappingNode):
                child = next((v for k, v in node.value if k.value == part), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                child = node.value[part] if part < len(node.value) else None
            else:
                child = None
            if child is None:
                break
            node = child
        return node.start_mark.line + 1

    def refuse(self, heading: str, problems: Iterable[Problem],
               describe: Callable[[PathParts], str] | None = None) -> None:
        """Raise DefinitionError listing every problem with file and line; no problems: return."""
        problems = list(problems)
        if not problems:
            return
        describe = describe or format_path
        lines = [f"{self.path}:{self.line_of(p)}: {describe(p)}: {m}" for p, m in problems]
        raise DefinitionError(f"{heading}:\n" + "\n".join(lines))


def format_path(parts: PathParts) -> str:
    """Return ``sections[0].pages[1].id`` for a path into the data."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts).lstrip(".") \
        or "(top)"


def describe_item(data: Any, list_names: Iterable[str]) -> Callable[[PathParts], str]:
    """Return a describer that adds the item's id: ``entries[3] (id 'tolk').title``."""
    names = set(list_names)

    def describe(parts: PathParts) -> str:
        text = format_path(parts)
        if len(parts) >= 2 and parts[0] in names and isinstance(parts[1], int):
            items = data.get(parts[0]) if isinstance(data, dict) else None
            item = items[parts[1]] if isinstance(items, list) and parts[1] < len(items) else None
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                text += f" (id {item['id']!r})"
        return text
    return describe


def repeated_ids(items: list[dict[str, Any]], list_name: str,
                 key: str = "id") -> Iterator[Problem]:
    """A problem for each item whose ``key`` an earlier item of the list already has: ids
    are stored (a ticked prompt, a recorded code), so each names one thing only."""
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item[key] in seen:
            yield (list_name, index, key), f"{key} {item[key]!r} is used twice"
        seen.add(item[key])


def schema_problems(schema: dict[str, Any], data: Any) -> Iterator[Problem]:
    """Yield every place where ``data`` breaks ``schema``, in file order."""
    validator = jsonschema.Draft202012Validator(schema)
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        message = error.message
        if isinstance(error.instance, bool):
            message += ' (YAML reads bare yes/no as true/false: write "yes" in quotes)'
        yield tuple(error.path), message


def read_forms_file(path: str | Path) -> FormsFile:
    """Return the parsed file; the same file unchanged on disk is parsed only once."""
    path = Path(path)
    try:
        stat = os.stat(path)
    except OSError as error:
        _cannot_read(path, error)
    return _read(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read(path: Path, _mtime_ns: int, _size: int) -> FormsFile:
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 -- a safe loader
    except (OSError, UnicodeDecodeError) as error:
        _cannot_read(path, error)
    except yaml.YAMLError as error:
        raise DefinitionError(f"{path}: cannot read: not valid YAML: {error}") from None
    return FormsFile(path=path, text=text, data=data)


def _cannot_read(path: Path, error: Exception) -> NoReturn:
    raise DefinitionError(f"{path}: cannot read: {error}") from None
