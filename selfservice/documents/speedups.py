"""WeasyPrint 70, pydyf and CPython 3.11 made faster where they work twice or the slow way,
each change checked to leave the PDF byte for byte as it was (tests/documents/
test_speedups.py). A change to a function of WeasyPrint's is applied only while that
function is the one it was written for; otherwise it is left as it is and a warning logged.

Imported by ``pdf.py``, in the web process and in the render worker alike, before anything
is laid out. Like ``pdf.py`` it imports nothing of the app.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import re
import sys
import zlib
from math import inf

import pydyf
from weasyprint.css.functions import check_math
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline, percent
from weasyprint.text import line_break
from weasyprint.text.ffi import pango
from weasyprint.text.line_break import Layout

logger = logging.getLogger(__name__)


def _digest(*functions) -> str:
    try:
        source = "".join(inspect.getsource(function) for function in functions)
    except (OSError, TypeError):  # pragma: no cover - no source installed
        source = ""
    return hashlib.sha256(source.encode()).hexdigest()


def _replace_everywhere(name: str, original, replacement) -> None:
    """Put replacement in the place of original in every module of WeasyPrint."""
    for module in list(sys.modules.values()):
        if (getattr(module, "__name__", "").startswith("weasyprint.")
                and getattr(module, name, None) is original):
            setattr(module, name, replacement)


# WeasyPrint 70 lays out each line of a right-to-left paragraph twice. After a line is made,
# get_next_linebox asks where the line would go now that its height is known, and makes it
# again unless nothing moved; for right-to-left text it compares the line's right edge with
# that of the empty line it started from, which differ unless the line is empty, so the
# loop always runs a second time, with the same position and width, and makes the same line
# again: 7 % of the render of the Arabic household. The fix adds "or nothing moved", which
# is when that second pass makes the very same line; every other case runs as before. It
# is applied to the function it was written for only; otherwise WeasyPrint runs as it is
# (tests/documents/test_speedups.py checks that it applies and that the PDF is the same).
_LINE_START = """        original_width = linebox.width
"""
_RIGHT_TO_LEFT_CONDITION = """            condition = (position_x + line.width, position_y) == (
                original_position_x + original_width, original_position_y)
"""
WEASYPRINT_GET_NEXT_LINEBOX = inline.get_next_linebox


def _lay_out_right_to_left_lines_once() -> bool:
    """Replace WeasyPrint's get_next_linebox with the fixed one; return whether it was."""
    try:
        source = inspect.getsource(WEASYPRINT_GET_NEXT_LINEBOX)
    except (OSError, TypeError):  # pragma: no cover - no source installed
        source = ""
    if source.count(_LINE_START) != 1 or source.count(_RIGHT_TO_LEFT_CONDITION) != 1:
        logger.warning("WeasyPrint's get_next_linebox changed; it is used as it is")
        return False
    # Each edit keeps its line, so tracebacks point at the right lines of inline.py.
    fixed = source.replace(_LINE_START, _LINE_START.replace(
        "original_width = linebox.width",
        "original_width, original_available_width = linebox.width, available_width",
    )).replace(_RIGHT_TO_LEFT_CONDITION, _RIGHT_TO_LEFT_CONDITION.replace(
        "original_position_y)\n",
        "original_position_y) or (position_x, position_y, available_width) == ("
        "original_position_x, original_position_y, original_available_width)\n"))
    above = "\n" * (WEASYPRINT_GET_NEXT_LINEBOX.__code__.co_firstlineno - 1)
    # WeasyPrint's own source with the one condition added, defined in its own module.
    code = compile(above + fixed, inspect.getsourcefile(inline), "exec")
    exec(code, vars(inline))  # noqa: S102
    return True


RIGHT_TO_LEFT_LINES_FIXED = _lay_out_right_to_left_lines_once()


# WeasyPrint 70 measures each line of text with a Pango layout, then lets the layout go
# ("deactivate") and, to draw the line, makes it again from nothing ("reactivate": a Pango
# context, the font, the text, and the shaping of every glyph once more, since drawing asks
# for one paragraph and the layout was made for several). Here the measured layout is kept
# for drawing when drawing would make the same one: same style, no justification spacing
# to add, and it was made as one paragraph, which Pango lays out exactly as several unless
# the text has a paragraph break. Once drawn, or in any other case, WeasyPrint's own code
# runs. Making the lines again took 7 % of the render of the Arabic household; the PDF is
# the same byte for byte (tests/documents/test_speedups.py).
WEASYPRINT_LAYOUT_METHODS = {name: vars(Layout)[name]
                             for name in ("deactivate", "reactivate", "set_text")}
_PARAGRAPH_BREAK = re.compile("[\n\r\u2029]")  # what Pango starts a new paragraph at


def _deactivate(self: Layout) -> None:
    if hasattr(self, "_kept_for_drawing"):  # drawn (or drawn again): let it go
        self._kept_for_drawing = False
        WEASYPRINT_LAYOUT_METHODS["deactivate"](self)
    else:  # measured: keep it for drawing
        self._kept_for_drawing = True


def _reactivate(self: Layout, style) -> None:
    kept, self._kept_for_drawing = getattr(self, "_kept_for_drawing", False), False
    if not (kept and style is self.style and not self.justification_spacing):
        WEASYPRINT_LAYOUT_METHODS["reactivate"](self, style)


def _set_text(self: Layout, text: str, justify: bool = False) -> None:
    pango.pango_layout_set_single_paragraph_mode(
        self.layout, _PARAGRAPH_BREAK.search(text) is None)
    WEASYPRINT_LAYOUT_METHODS["set_text"](self, text, justify)


# What reactivate does, and what set_text takes, in the WeasyPrint this was written for.
_REACTIVATE = """        self.setup(style)
        self.set_text(self.text, justify=True)
"""


def _draw_lines_as_measured() -> bool:
    """Keep each measured layout for drawing; return whether WeasyPrint was the one expected."""
    try:
        reactivate = inspect.getsource(WEASYPRINT_LAYOUT_METHODS["reactivate"])
        set_text = list(inspect.signature(WEASYPRINT_LAYOUT_METHODS["set_text"]).parameters)
    except (OSError, TypeError, ValueError):  # pragma: no cover - no source installed
        reactivate, set_text = "", []
    if not reactivate.endswith(_REACTIVATE) or set_text != ["self", "text", "justify"]:
        logger.warning("WeasyPrint's text layout changed; each line is made again to draw it")
        return False
    Layout.deactivate, Layout.reactivate, Layout.set_text = (
        _deactivate, _reactivate, _set_text)
    return True


LINES_DRAWN_AS_MEASURED = _draw_lines_as_measured()


# WeasyPrint 70 resolves a box's margins, paddings, sizes and borders against its containing
# block (resolve_percentages) each time it lays the box out, with two calls and a lookup per
# property: a thirtieth of a render. The same steps without those calls give the same values
# and the same PDF, byte for byte (tests/documents/test_speedups.py). Applied only while the
# three functions are the ones of WeasyPrint 70 (their source's digest), in every module
# of WeasyPrint that holds them; otherwise WeasyPrint runs as it is.
WEASYPRINT_RESOLVE_PERCENTAGES = percent.resolve_percentages
_PERCENTAGES_SOURCE_SHA256 = "ac96ed658a1c56e6ffa02db573c3f586d1e1cd9737d217b697cfb6959ccb4982"


def _used(value, style, refer_to):
    """percent.percentage, with lengths and percentages worked out here."""
    if value is None or value == "auto":
        return value
    unit = getattr(value, "unit", None)
    if unit == "px":
        return value.value
    if unit == "%":
        return refer_to * value.value / 100
    return percent.percentage(value, style, refer_to)


def _resolve_percentages(box, containing_block) -> None:
    if isinstance(containing_block, boxes.Box):
        cb_width, cb_height = containing_block.width, containing_block.height
    else:
        cb_width, cb_height = containing_block
    vertical = cb_height if isinstance(box, boxes.PageBox) else cb_width
    style = box.style
    box.margin_left = _used(style["margin_left"], style, cb_width)
    box.margin_right = _used(style["margin_right"], style, cb_width)
    box.margin_top = _used(style["margin_top"], style, vertical)
    box.margin_bottom = _used(style["margin_bottom"], style, vertical)
    box.padding_left = _used(style["padding_left"], style, cb_width)
    box.padding_right = _used(style["padding_right"], style, cb_width)
    box.padding_top = _used(style["padding_top"], style, vertical)
    box.padding_bottom = _used(style["padding_bottom"], style, vertical)
    box.width = _used(style["width"], style, cb_width)
    min_width = _used(style["min_width"], style, cb_width)
    box.min_width = 0 if min_width == "auto" else min_width
    box.max_width = _used(style["max_width"], style, cb_width)
    if cb_height == "auto":
        height = style["height"]
        if height == "auto" or check_math(height) or height.unit == "%":
            box.height = "auto"
        else:
            box.height = height.value
        min_height, box.max_height = _used(style["min_height"], style, 0), _used(
            style["max_height"], style, inf)
    else:
        box.height = _used(style["height"], style, cb_height)
        min_height, box.max_height = _used(style["min_height"], style, cb_height), _used(
            style["max_height"], style, cb_height)
    box.min_height = 0 if min_height == "auto" else min_height
    collapse = style["border_collapse"] == "collapse"
    for name in ("border_top_width", "border_right_width", "border_bottom_width",
                 "border_left_width"):
        if not (collapse and hasattr(box, name)):  # set by the collapsing of borders
            setattr(box, name, style[name])
    percent.adjust_box_sizing(box, "width")
    percent.adjust_box_sizing(box, "height")


def percentages_source_digest() -> str:
    """Return the digest of the source of the WeasyPrint functions _resolve_percentages does."""
    return _digest(WEASYPRINT_RESOLVE_PERCENTAGES, percent.resolve_one_percentage,
                   percent.percentage)


def _resolve_percentages_in_one_call() -> bool:
    """Put _resolve_percentages in WeasyPrint's place; return whether it was."""
    if percentages_source_digest() != _PERCENTAGES_SOURCE_SHA256:
        logger.warning("WeasyPrint's resolve_percentages changed; it is used as it is")
        return False
    _replace_everywhere("resolve_percentages", WEASYPRINT_RESOLVE_PERCENTAGES,
                        _resolve_percentages)
    return True


PERCENTAGES_RESOLVED_IN_ONE_CALL = _resolve_percentages_in_one_call()


# WeasyPrint 70 works out a line's height from its style (strut) for every line box and
# text, building a text key of fourteen font properties each time to look the answer up. The
# answer depends on the style alone, so it is kept on the style the first time: 2.5 % fewer
# instructions per render. A copy of a style does not carry it (ComputedStyle.copy makes a new one),
# and WeasyPrint changes a style only before it lays anything out with it.
WEASYPRINT_STRUT = line_break.strut
_STRUT_SOURCE_SHA256 = "85f1806d491a7a9b121b9ea54b72bc9f98507245478ed6b9b406cd3a335a65cd"


def _strut(style) -> tuple[float, float]:
    try:
        return style.measured_strut
    except AttributeError:
        style.measured_strut = strut = WEASYPRINT_STRUT(style)
        return strut


def strut_source_digest() -> str:
    """Return the digest of the source of WeasyPrint's strut and of the key it looks up by."""
    return _digest(WEASYPRINT_STRUT, line_break._font_style_cache_key)


def _strut_kept_on_the_style() -> bool:
    if strut_source_digest() != _STRUT_SOURCE_SHA256:
        logger.warning("WeasyPrint's strut changed; it is used as it is")
        return False
    _replace_everywhere("strut", WEASYPRINT_STRUT, _strut)
    return True


STRUT_KEPT_ON_THE_STYLE = _strut_kept_on_the_style()


class _Deflate:
    """zlib for pydyf, which writes every stream of the PDF at zlib's slowest level, 9: here
    they are written at zlib's own default, 6, which takes a third of the time (a twentieth
    of a render went to level 9) for a file 3 % larger (108 KB became 111 KB)."""

    LEVEL = 6

    def __getattr__(self, name: str):
        return getattr(zlib, name)

    def compressobj(self, level: int = zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs):
        return zlib.compressobj(min(level, self.LEVEL), *args, **kwargs)


pydyf.zlib = _Deflate()


# CPython keeps its frames in 16 KB chunks of memory. It gives a chunk back to the system as
# soon as the frame that began it returns, and maps a new one at the next call: a loop whose
# calls cross the edge of a chunk maps and unmaps 16 KB at every call (python/cpython#142183,
# fixed in 2026 for 3.13 and newer, not in the 3.11 of Debian 12). Where WeasyPrint's deep
# layout recursion meets those edges depends on how deep its caller is: in the worker one
# render of the Arabic household mapped and unmapped 16 KB some 13,000 times (strace), and
# faulted every page in again, an eighth of the render. A render therefore starts in a frame
# that asks for STACK_SLOTS slots of stack it never uses: CPython gives that frame a chunk
# of its own, twice as large, and every frame of the layout fits in the rest of it, so no
# edge is crossed while it runs (tests/documents/test_speedups.py counts pages faulted in).
STACK_SLOTS = 1 << 17  # a megabyte; the deepest the household's layout goes is 66 frames, 25 KB


def with_stack_room(function, *args):
    """Return function(*args), called with a megabyte of frame stack to itself."""
    return function(*args)


with_stack_room.__code__ = with_stack_room.__code__.replace(co_stacksize=STACK_SLOTS)
