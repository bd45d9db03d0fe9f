"""Lines of text in WeasyPrint 70: laid out once, drawn from the layout they were measured
with, their height worked out once per style, their glyphs written without a Python object
per glyph."""

from __future__ import annotations

import inspect
import re

from weasyprint.draw import text as draw_text
from weasyprint.layout import inline
from weasyprint.text import line_break
from weasyprint.text.ffi import FROM_UNITS, ffi, pango
from weasyprint.text.line_break import Layout

from .guard import replace_everywhere, written_for


def _recompiled(function, module, edits: dict[str, str]) -> None:
    """Define function again in its own module, from its own source with edits made. Each
    edit keeps its number of lines, so tracebacks point at the right lines of WeasyPrint."""
    source = inspect.getsource(function)
    for old, new in edits.items():
        source = source.replace(old, new)
    above = "\n" * (function.__code__.co_firstlineno - 1)
    code = compile(above + source, inspect.getsourcefile(module), "exec")
    exec(code, vars(module))  # noqa: S102 - WeasyPrint's own source, edited above


# WeasyPrint 70 lays out each line of a right-to-left paragraph twice. After a line is made,
# get_next_linebox asks where the line would go now that its height is known, and makes it
# again unless nothing moved; for right-to-left text it compares the line's right edge with
# that of the empty line it started from, which differ unless the line is empty, so the
# loop always runs a second time, with the same position and width, and makes the same line
# again: 7 % of the render of the Arabic household. The fix adds "or nothing moved", which
# is when that second pass makes the very same line; every other case runs as before.
WEASYPRINT_GET_NEXT_LINEBOX = inline.get_next_linebox
_LINEBOX_SHA256 = "67af458c2545e74f0803072103c6c5d392d5e353dfdaa4f5bac5a96e20ed024d"
_LINE_START = """        original_width = linebox.width
"""
_RIGHT_TO_LEFT_CONDITION = """            condition = (position_x + line.width, position_y) == (
                original_position_x + original_width, original_position_y)
"""


def _lay_out_right_to_left_lines_once() -> bool:
    if not written_for(_LINEBOX_SHA256, WEASYPRINT_GET_NEXT_LINEBOX, what="get_next_linebox"):
        return False
    _recompiled(WEASYPRINT_GET_NEXT_LINEBOX, inline, {
        _LINE_START: _LINE_START.replace(
            "original_width = linebox.width",
            "original_width, original_available_width = linebox.width, available_width"),
        _RIGHT_TO_LEFT_CONDITION: _RIGHT_TO_LEFT_CONDITION.replace(
            "original_position_y)\n",
            "original_position_y) or (position_x, position_y, available_width) == ("
            "original_position_x, original_position_y, original_available_width)\n"),
    })
    return True


RIGHT_TO_LEFT_LINES_FIXED = _lay_out_right_to_left_lines_once()


# WeasyPrint 70 measures each line of text with a Pango layout, then lets the layout go
# ("deactivate") and, to draw the line, makes it again from nothing ("reactivate": a Pango
# context, the font, the text, and the shaping of every glyph once more, since drawing asks
# for one paragraph and the layout was made for several). Here the measured layout is kept
# for drawing when drawing would make the same one: same style, no justification spacing
# to add, and it was made as one paragraph, which Pango lays out exactly as several unless
# the text has a paragraph break. Once drawn, or in any other case, WeasyPrint's own code
# runs. Making the lines again took 7 % of the render of the Arabic household.
WEASYPRINT_LAYOUT_METHODS = {name: vars(Layout)[name]
                             for name in ("deactivate", "reactivate", "set_text")}
_LAYOUT_METHODS_SHA256 = "1a132b464180b911cea4f9116b3b87b4bc9608dc78179f57b92ae50bd7f048a9"
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


def _draw_lines_as_measured() -> bool:
    if not written_for(_LAYOUT_METHODS_SHA256, *WEASYPRINT_LAYOUT_METHODS.values(),
                       what="Layout's deactivate, reactivate or set_text"):
        return False
    Layout.deactivate, Layout.reactivate, Layout.set_text = (
        _deactivate, _reactivate, _set_text)
    return True


LINES_DRAWN_AS_MEASURED = _draw_lines_as_measured()


# WeasyPrint 70 works out a line's height from its style (strut) for every line box and
# text, building a text key of fourteen font properties each time to look the answer up. The
# answer depends on the style alone, so it is kept on the style the first time: 2.5 % fewer
# instructions per render. A copy of a style does not carry it (ComputedStyle.copy makes a
# new one), and WeasyPrint changes a style only before it lays anything out with it.
WEASYPRINT_STRUT = line_break.strut
_STRUT_SHA256 = "85f1806d491a7a9b121b9ea54b72bc9f98507245478ed6b9b406cd3a335a65cd"


def _strut(style) -> tuple[float, float]:
    try:
        return style.measured_strut
    except AttributeError:
        style.measured_strut = strut = WEASYPRINT_STRUT(style)
        return strut


def _strut_kept_on_the_style() -> bool:
    if not written_for(_STRUT_SHA256, WEASYPRINT_STRUT, line_break._font_style_cache_key,
                       what="strut"):
        return False
    replace_everywhere("strut", WEASYPRINT_STRUT, _strut)
    return True


STRUT_KEPT_ON_THE_STYLE = _strut_kept_on_the_style()


# WeasyPrint 70 writes each glyph of a line by reading four fields of a Pango struct through
# cffi, an object each, and working out and formatting its width and kerning: 4 % of the
# render of the Arabic household. Here a run's glyphs are read at once as a block of integers;
# what a glyph adds to the line (its piece of the string, its advance) depends on the font,
# the size, the glyph and its width and offset alone, so it is worked out once per render and
# kept on the font (a font of the PDF being written). That is done when the run has nothing
# that needs WeasyPrint's own loop: no glyph raised or lowered (Arabic marks can be), none
# missing from the font, and an outline font without emoji tables. Otherwise its loop runs.
WEASYPRINT_DRAW_FIRST_LINE = draw_text.draw_first_line
_DRAW_FIRST_LINE_SHA256 = "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b"
_GLYPH_INFO = ffi.sizeof("PangoGlyphInfo")  # glyph, width, x and y offsets, attributes
_EMPTY = pango.PANGO_GLYPH_EMPTY  # a zero-width glyph, such as a bidi isolate
_GLYPH_LOOP = """        string += '<'
        for i, glyph_info in enumerate(glyphs_info[0:num_glyphs]):
"""
_BLOCK_THEN_LOOP = """        string, x_advance, glyphs = _glyphs_at_once(string, x_advance, stream, font, font_size, pango_font, glyph_item, glyphs_info, num_glyphs, textbox)
        for i, glyph_info in glyphs:
"""  # noqa: E501 - one line, so that the lines below keep their numbers


def _glyphs_at_once(string, x_advance, stream, font, font_size, pango_font, glyph_item,
                    glyphs_info, num_glyphs, textbox):
    """Return the line's string and advance with the run's glyphs written, and no glyphs
    left for WeasyPrint's loop; or, for a run that needs that loop, all of them."""
    string += "<"
    if not num_glyphs:
        return string, x_advance, ()
    fields = memoryview(ffi.buffer(glyphs_info, _GLYPH_INFO * num_glyphs)).cast("i")
    glyph_ids = fields[0::5]
    if (font.bitmap or font.svg or font.png or font.colr or any(fields[3::5])
            or max(glyph_ids) > _EMPTY):  # missing: its id has the unknown flag
        return string, x_advance, enumerate(glyphs_info[0:num_glyphs])
    try:
        written = font.glyphs_written.setdefault(font_size, {})
    except AttributeError:
        written = {}
        font.glyphs_written = {font_size: written}
    pieces = [string]
    for i, glyph in enumerate(zip(glyph_ids, fields[1::5], fields[2::5], strict=True)):
        if glyph in written:
            piece, advance = written[glyph]
        elif glyph[0] == _EMPTY:
            pieces.append(f">{-glyph[1] / font_size}<")
            continue
        else:
            piece, advance = written[glyph] = _glyph_written(
                glyph, i, stream, font, font_size, pango_font, glyph_item, textbox)
        pieces.append(piece)
        x_advance += advance
    return "".join(pieces), x_advance, ()


def _glyph_written(glyph, i, stream, font, font_size, pango_font, glyph_item, textbox):
    """Return what WeasyPrint's loop writes for a glyph, and its advance; map it to its text
    and measure it if the font has not had it yet, as that loop does."""
    glyph_id, width, x_offset = glyph
    if glyph_id not in font.to_unicode:  # the text this glyph stands for, for copying
        item, clusters = glyph_item.item, glyph_item.glyphs.log_clusters
        last = glyph_item.glyphs.num_glyphs - 1
        t1 = clusters[i]
        if item.analysis.level % 2:  # right to left
            t2 = item.length if i == 0 else clusters[i - 1]
        else:
            t2 = item.length if i == last else clusters[i + 1]
        utf8_text = textbox.pango_layout.text.encode()
        font.to_unicode[glyph_id] = utf8_text[item.offset + t1:item.offset + t2].decode()
    offset = x_offset / font_size
    piece = f">{-offset}<{glyph_id:04x}" if offset else f"{glyph_id:04x}"
    if glyph_id not in font.widths:
        pango.pango_font_get_glyph_extents(
            pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
        font.widths[glyph_id] = round(stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
    logical_width = font.widths[glyph_id]
    kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
    if kerning:
        piece += f">{int(kerning)}<"
    return piece, (logical_width + offset - kerning) / 1000


def _write_glyphs_at_once() -> bool:
    five_integers = 5 * ffi.sizeof("int") == _GLYPH_INFO
    missing_above_empty = pango.PANGO_GLYPH_UNKNOWN_FLAG > _EMPTY
    if not (written_for(_DRAW_FIRST_LINE_SHA256, WEASYPRINT_DRAW_FIRST_LINE,
                        what="draw_first_line") and five_integers and missing_above_empty):
        return False
    draw_text._glyphs_at_once = _glyphs_at_once
    _recompiled(WEASYPRINT_DRAW_FIRST_LINE, draw_text, {_GLYPH_LOOP: _BLOCK_THEN_LOOP})
    return True


GLYPHS_WRITTEN_AT_ONCE = _write_glyphs_at_once()
