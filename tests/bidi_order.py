"""The order a right-to-left page shows text in, by the Unicode bidi algorithm (UAX #9).

FriBidi lays the text out: it is the implementation Pango (and so the PDF) uses, and it is on
every machine that renders the PDF. A page's markup is read as the browser reads it:
``<bdi dir="ltr">`` and ``dir="ltr"`` isolate left to right (LRI … PDI), ``<bdi>`` isolates
in its own direction (FSI … PDI), and each block (paragraph, list item, hint, label, error,
cell) is a paragraph of its own in the page's direction.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
from functools import cache

from bs4 import BeautifulSoup, NavigableString, Tag

# The parts of a number people read as one: "1985-04-23", "070-123 45 67", "9 800", "30–45".
MULTI_PART_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f.,:/\u2013-]+\d+)+")
BLOCKS = ("p", "li", "label", "legend", "h1", "h2", "h3", "dt", "dd", "td", "th", "caption",
          "summary", "button", "a", "div")
_PAR_RTL, _PAR_LTR = 0x111, 0x110  # FRIBIDI_PAR_RTL, FRIBIDI_PAR_LTR
_LRI, _RLI, _FSI, _PDI = "\u2066", "\u2067", "\u2068", "\u2069"


@cache
def _fribidi() -> ctypes.CDLL:
    library = ctypes.CDLL(ctypes.util.find_library("fribidi") or "libfribidi.so.0")
    library.fribidi_log2vis.restype = ctypes.c_int8
    return library


def visual_positions(text: str, *, right_to_left: bool = True) -> list[int]:
    """Return where each character of ``text`` is shown, counted from the left."""
    length = len(text)
    logical = (ctypes.c_uint32 * length)(*map(ord, text))
    visual = (ctypes.c_uint32 * length)()
    positions = (ctypes.c_int * length)()
    direction = ctypes.c_uint32(_PAR_RTL if right_to_left else _PAR_LTR)
    if length and not _fribidi().fribidi_log2vis(logical, length, ctypes.byref(direction),
                                                 visual, positions, None, None):
        raise RuntimeError("fribidi could not lay the text out")
    return list(positions)


def reversed_numbers(text: str, *, right_to_left: bool = True) -> list[str]:
    """Return the numbers of several parts whose digits do not read left to right as written.

    Each line is a paragraph of its own, as a line break (type B) ends one in UAX #9.
    """
    return [number for line in re.split("[\n\r\u0085\u2029\u001c-\u001e]", text)
            for number in _reversed_in_line(line, right_to_left=right_to_left)]


def _reversed_in_line(text: str, *, right_to_left: bool) -> list[str]:
    positions = visual_positions(text, right_to_left=right_to_left)
    wrong = []
    for found in MULTI_PART_NUMBER.finditer(_without_isolates(text)):
        indexes = _logical_indexes(text, found.start(), found.end())
        shown = [positions[i] for i in indexes if text[i].isdigit()]
        if shown != sorted(shown):
            wrong.append(found.group())
    return wrong


def _without_isolates(text: str) -> str:
    return re.sub(f"[{_LRI}{_RLI}{_FSI}{_PDI}\u200e\u200f]", "", text)


def _logical_indexes(text: str, start: int, end: int) -> list[int]:
    """Map a span of the text without its isolates back to indexes of the text itself."""
    kept = [i for i, char in enumerate(text) if _without_isolates(char)]
    return kept[start:end]


def paragraphs(html: str, *, scope: str = "main") -> list[str]:
    """Return the page's blocks as plain text with the isolates its markup stands for."""
    soup = BeautifulSoup(html, "html.parser")
    root = soup.select_one(scope) or soup
    for hidden in root.select(".visually-hidden, script, style, template"):
        hidden.decompose()
    return [text for block in root.find_all(BLOCKS)
            if (text := _plain(block).strip()) and any(c.isdigit() for c in text)]


def _plain(node: Tag) -> str:
    parts = []
    for child in node.children:
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag):
            inner = _plain(child)
            direction = child.get("dir")
            if direction == "ltr":
                inner = f"{_LRI}{inner}{_PDI}"
            elif direction == "rtl":
                inner = f"{_RLI}{inner}{_PDI}"
            elif child.name == "bdi" or direction == "auto":
                inner = f"{_FSI}{inner}{_PDI}"
            parts.append(inner)
    return "".join(parts)


def reversed_on_page(html: str, *, scope: str = "main") -> list[tuple[str, str]]:
    """Return (number, paragraph) for every number an Arabic page shows the wrong way round."""
    return [(number, text) for text in paragraphs(html, scope=scope)
            for number in reversed_numbers(text)]
