"""WeasyPrint, pydyf and CPython made faster (speedups/): each change is in force, and each
PDF is the one WeasyPrint makes without it, byte for byte."""

from __future__ import annotations

import io
import resource
import sys
import zlib

import pydyf
import pytest
from pypdf import PdfReader
from weasyprint.draw import text as draw_text
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline, percent
from weasyprint.text.line_break import Layout

from selfservice.documents import pdf, speedups
from selfservice.documents.speedups import guard, layout, pdf_file, text
from tests.documents.conftest import send_household

RIGHT_TO_LEFT = """<html lang="ar" dir="rtl"><body style="width: 120mm">
<div style="float: left; width: 30mm; height: 25mm"></div>
<div style="float: right; width: 20mm; height: 40mm"></div>
<p style="text-indent: 5mm">{text}</p>
<p style="text-align: justify">{text} {text}</p>
<p>{text} <span style="display: inline-block; width: 25mm">ABC 123</span> {text}<br/>{text}</p>
<p dir="ltr">Svensk text, <bdi dir="rtl">{text}</bdi> och mer: {text}</p>
<ul><li>{text}</li><li style="white-space: pre-wrap">{text}
  {text}</li></ul>
<table style="width: 100%"><tr><th>{text}</th><td dir="ltr">4 500 kr</td></tr></table>
</body></html>""".format(text="هذا نص عربي طويل بعض الشيء لكي ينقسم على عدة أسطر (med svensk text)")


def test_right_to_left_lines_are_laid_out_once_into_the_same_pdf(app, rendered, monkeypatch):
    """WeasyPrint's get_next_linebox made each right-to-left line twice (speedups/text.py): the
    fixed one makes it once, and every PDF is the one WeasyPrint makes, byte for byte."""
    for language, adults in [("ar", 2), ("sv", 1)]:
        client = app.test_client()
        send_household(client, app, language, adults=adults)
        client.get("/documents/application.pdf")
    lines: list[None] = []
    split = inline.split_inline_box
    monkeypatch.setattr(inline, "split_inline_box",
                        lambda *args: lines.append(None) or split(*args))

    def made(html: str, get_next_linebox) -> tuple[bytes, int]:
        monkeypatch.setattr(inline, "get_next_linebox", get_next_linebox)
        lines.clear()
        return pdf.write_pdf(html), len(lines)

    fixed = inline.get_next_linebox
    for html in [RIGHT_TO_LEFT, rendered[0], rendered[1]]:
        once, fewer = made(html, fixed)
        twice, more = made(html, text.WEASYPRINT_GET_NEXT_LINEBOX)
        assert once == twice
        assert fewer < more if ' dir="rtl"' in html[:100] else fewer == more


TEXT_FEATURES = """<html lang="sv"><head><style>
p { width: 60mm }
.spaced { letter-spacing: 0.1em; word-spacing: 3px }
.justified { text-align: justify }
.cut { white-space: nowrap; overflow: hidden; text-overflow: ellipsis }
.clamped { line-clamp: 2; overflow: hidden }
.pre { white-space: pre-wrap; tab-size: 4 }
.hyphenated { hyphens: auto }
.first::first-line { font-weight: bold; letter-spacing: 2px }
</style></head><body>
<p class="spaced">{text}</p><p class="justified">{text} {text}</p><p class="cut">{text}</p>
<p class="clamped">{text} {text} {text}</p><p class="pre">{text}\n\tindrag\r\nny rad</p>
<p class="hyphenated">Arbetslöshetsersättningsförsäkringskassan {text}</p>
<p class="first">{text} {text}</p><p>Arabiska: هذا نص عربي (med svenska) 4 500 kr</p>
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="5" y="20"
  letter-spacing="1">SVG-text med ord</text></svg>
</body></html>""".replace("{text}", "Ansökan om ekonomiskt bistånd för hela hushållet, med svar")


@pytest.fixture
def documents(app, rendered) -> list[str]:
    """Application PDFs in Arabic, Finnish and Swedish, and the documents above."""
    for language, adults in [("ar", 2), ("fi", 1), ("sv", 1)]:
        client = app.test_client()
        send_household(client, app, language, adults=adults)
        client.get("/documents/application.pdf")
    return [*rendered, RIGHT_TO_LEFT, TEXT_FEATURES]


def test_drawing_reuses_the_measured_lines_into_the_same_pdf(documents, monkeypatch):
    """Each line is drawn from the Pango layout it was measured with (speedups/text.py,
    _reactivate), and the PDF is the one WeasyPrint makes, drawing every line anew, byte for
    byte; so is the PDF of a document drawn a second time, when no layout is kept any more."""
    made: list[None] = []
    setup = Layout.setup
    monkeypatch.setattr(Layout, "setup", lambda *args: made.append(None) or setup(*args))

    def drawn_twice(html: str) -> tuple[bytes, bytes, int]:
        made.clear()
        document = pdf.Document(html).render(
            stylesheets=[pdf.stylesheet()], font_config=pdf.font_config(), pdf_tags=True)
        return document.write_pdf(), document.write_pdf(), len(made)

    kept = [drawn_twice(html) for html in documents]
    for name, method in text.WEASYPRINT_LAYOUT_METHODS.items():
        monkeypatch.setattr(Layout, name, method)
    for html, (first, second, layouts) in zip(documents, kept, strict=True):
        first_anew, second_anew, layouts_anew = drawn_twice(html)
        assert (first, second) == (first_anew, second_anew)
        assert layouts < layouts_anew


def test_streams_are_deflated_at_zlib_default_level_into_the_same_pages(monkeypatch):
    """pydyf's level 9 takes three times as long as level 6 (speedups/pdf_file.py, _Deflate)."""
    assert isinstance(pydyf.zlib, pdf_file._Deflate)
    fast = pdf.write_pdf(RIGHT_TO_LEFT)
    monkeypatch.setattr(pydyf, "zlib", zlib)
    slow = pdf.write_pdf(RIGHT_TO_LEFT)
    assert fast != slow
    pages = [PdfReader(io.BytesIO(data)).pages for data in (fast, slow)]
    assert [page.get_contents().get_data() for page in pages[0]] == [
        page.get_contents().get_data() for page in pages[1]]


def _called_deeper(depth: int, function, *args):
    return _called_deeper(depth - 1, function, *args) if depth else function(*args)


def test_a_render_maps_no_stack_memory_afresh_however_deep_it_is_called(app, rendered):
    """CPython 3.11 maps and unmaps a 16 KB chunk of frame stack whenever a call crosses a
    chunk's edge (speedups/stack.py). How often WeasyPrint's layout does that depends on
    how deep the render is called from: without the room with_stack_room makes, one of these
    depths cost this Arabic household 2,000 to 10,000 pages mapped afresh per render."""
    client = app.test_client()
    send_household(client, app, "ar", adults=2)
    client.get("/documents/application.pdf")
    html = rendered[0]
    pdf.write_pdf(html)  # the fonts' and the stylesheet's memory, once

    def pages_mapped(depth: int) -> int:
        before = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
        _called_deeper(depth, pdf.write_pdf, html)
        return resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - before

    mapped = [pages_mapped(depth) for depth in (0, 7, 23, 41)]
    assert max(mapped) < 1000, mapped


def test_percentages_are_resolved_once_per_style_and_size_into_the_same_pdf(
        documents, monkeypatch):
    """Every module of WeasyPrint that resolves percentages uses the faster function
    (speedups/layout.py, _resolve_percentages), which works a style's values out once per
    containing block's size, and every PDF is the one WeasyPrint's own makes."""
    holders = [module for name, module in sys.modules.items() if name.startswith("weasyprint.")
               and hasattr(module, "resolve_percentages")]
    assert len(holders) >= 9  # percent and the eight layout modules that import it
    assert all(module.resolve_percentages is layout._resolve_percentages
               for module in holders)
    asked, worked_out = [], []
    resolve, resolved = layout._resolve_percentages, layout._resolved
    monkeypatch.setattr(layout, "_resolved",
                        lambda *args: worked_out.append(None) or resolved(*args))
    for module in holders:
        monkeypatch.setattr(module, "resolve_percentages",
                            lambda *args, **kwargs: asked.append(None) or resolve(*args, **kwargs))
    fast = [pdf.write_pdf(html) for html in documents]
    assert len(worked_out) < len(asked) / 3, (len(worked_out), len(asked))
    for module in holders:
        monkeypatch.setattr(module, "resolve_percentages",
                            layout.WEASYPRINT_RESOLVE_PERCENTAGES)
    assert fast == [pdf.write_pdf(html) for html in documents]
    assert percent.resolve_percentages is layout.WEASYPRINT_RESOLVE_PERCENTAGES


def test_a_style_resolved_against_other_sizes_gets_their_own_values():
    """What is kept is kept per containing block's size: a box whose style has percentages
    of both width and height gets WeasyPrint's values for each size, in any order."""
    document = pdf.Document(
        '<html><body><div style="height: 50%; min-height: 10%; max-height: 90%; width: 50%;'
        ' min-width: 5%; padding: 2% 1%; margin: 1% 3%; box-sizing: border-box;'
        ' border: 2px solid">Höjd</div></body></html>').render(
            stylesheets=[pdf.stylesheet()], font_config=pdf.font_config())
    div = next(box for box in document.pages[0]._page_box.descendants()
               if box.element_tag == "div")
    sizes = [(400, 300), (400, 600), (400, "auto"), (200, 300), (400, 300)]
    for size in sizes:
        ours, weasyprints = div.copy(), div.copy()
        layout._resolve_percentages(ours, size)
        layout.WEASYPRINT_RESOLVE_PERCENTAGES(weasyprints, size)
        assert vars(ours) == vars(weasyprints), size
    assert {(*size, False) for size in sizes} <= set(div.style.resolved_percentages)


def test_a_styles_line_height_is_worked_out_once_into_the_same_pdf(documents, monkeypatch):
    """strut's answer is kept on the style (speedups/text.py, _strut), in every module of
    WeasyPrint that asks for it, and every PDF is the one WeasyPrint's own strut makes."""
    holders = [module for name, module in sys.modules.items() if name.startswith("weasyprint.")
               and hasattr(module, "strut")]
    assert len(holders) >= 4  # line_break, where it is, and inline, units, computed_values
    assert all(module.strut is text._strut for module in holders)
    asked: list[None] = []
    strut = text.WEASYPRINT_STRUT

    def counted(style):
        asked.append(None)
        return strut(style)

    monkeypatch.setattr(text, "WEASYPRINT_STRUT", counted)
    kept = [pdf.write_pdf(html) for html in documents]
    worked_out_when_kept = len(asked)
    asked.clear()
    for module in holders:
        monkeypatch.setattr(module, "strut", counted)
    assert kept == [pdf.write_pdf(html) for html in documents]
    assert worked_out_when_kept < len(asked) / 2


@pytest.mark.parametrize("speedup", sorted(speedups.IN_FORCE))
def test_each_speedup_is_in_force(speedup):
    """Each one is made, in this WeasyPrint and pydyf: if one of them changed, the guard left
    the speedup out (slower, still right), and this says which to write again."""
    assert speedups.IN_FORCE[speedup]


def test_a_changed_function_is_left_as_it_is_and_the_change_logged(caplog):
    def percentage(value, style, refer_to):  # a WeasyPrint of another version
        return refer_to

    pinned = guard.source_digest(percent.percentage)
    assert guard.written_for(pinned, percent.percentage, what="percentage")
    assert not guard.written_for(pinned, percentage, what="percentage")
    assert "percentage changed in WeasyPrint or pydyf" in caplog.text


# Arabic with its vowel marks, which Pango places raised and lowered over the letters, and a
# character no font has: those runs are written by WeasyPrint's own loop, the others at once,
# with the empty glyphs of bidi isolates among them.
VOWELLED = """<html lang="ar" dir="rtl"><body><p>مُحَمَّدٌ يَكْتُبُ رِسَالَةً إِلَى
البَلَدِيَّةِ (kommunen) عن 4 500 kr</p><p>بدون تشكيل: ⁦199001012384⁩ طلب</p>
<p dir="ltr">Ett tecken som ingen font har: .</p></body></html>"""


def test_glyphs_written_at_once_make_the_same_pdf(documents, monkeypatch):
    """A run's glyphs are read from Pango as one block of integers and each is worked out once
    (speedups/text.py, _glyphs_at_once); runs with raised or lowered glyphs go through
    WeasyPrint's loop."""
    at_once, one_by_one = [], []
    write = text._glyphs_at_once

    def counted(*args):
        string, x_advance, glyphs = write(*args)
        (one_by_one if glyphs else at_once).append(None)
        return string, x_advance, glyphs

    monkeypatch.setattr(draw_text, "_glyphs_at_once", counted)
    worked_out: list[None] = []
    glyph_written = text._glyph_written
    monkeypatch.setattr(text, "_glyph_written",
                        lambda *args: worked_out.append(None) or glyph_written(*args))
    written = [pdf.write_pdf(html) for html in [*documents, VOWELLED]]
    assert at_once and one_by_one, (len(at_once), len(one_by_one))
    assert len(at_once) > 20 * len(one_by_one)  # the household's text has few vowel marks
    # A glyph is worked out once per font and size in a render, not for every line.
    assert len(worked_out) < len(at_once), (len(worked_out), len(at_once))
    monkeypatch.setattr(draw_text, "draw_first_line", text.WEASYPRINT_DRAW_FIRST_LINE)
    assert written == [pdf.write_pdf(html) for html in [*documents, VOWELLED]]


@pytest.mark.parametrize("position", ["static", "relative", "absolute", "fixed",
                                      ("running()", "page-footer"), ("note()", "aside")])
@pytest.mark.parametrize("float_value",
                         ["none", "left", "right", "inline-start", "inline-end", "footnote"])
@pytest.mark.parametrize("flex_item", [False, True])
def test_normal_flow_in_one_look_answers_as_weasyprint_does(position, float_value, flex_item):
    """Every value validation lets float and position take, for a box and a flex item (whose
    is_floated WeasyPrint makes answer False) (speedups/layout.py, _is_in_normal_flow)."""
    box = boxes.BlockBox("div", {"position": position, "float": float_value}, None, [])
    if flex_item:
        box.is_floated = lambda: False
    assert boxes.Box.is_in_normal_flow is layout._is_in_normal_flow
    assert box.is_in_normal_flow() is layout.WEASYPRINT_IS_IN_NORMAL_FLOW(box)


def test_normal_flow_in_one_look_makes_the_same_pdf(documents, monkeypatch):
    fast = [pdf.write_pdf(html) for html in documents]
    monkeypatch.setattr(boxes.Box, "is_in_normal_flow", layout.WEASYPRINT_IS_IN_NORMAL_FLOW)
    assert fast == [pdf.write_pdf(html) for html in documents]


def test_page_references_are_made_once_per_page_into_the_same_pdf(documents, monkeypatch):
    """The tagged PDF asks for its page's reference once per element; pydyf made all pages'
    references each time (speedups/pdf_file.py, _page_references)."""
    made: list[None] = []
    references = pdf_file.WEASYPRINT_PAGE_REFERENCES

    def counted(self):
        made.append(None)
        return references.fget(self)

    monkeypatch.setattr(pdf_file, "WEASYPRINT_PAGE_REFERENCES", property(counted))
    household = documents[0]
    kept = pdf.write_pdf(household)
    pages = len(PdfReader(io.BytesIO(kept)).pages)
    assert 0 < len(made) <= pages
    kept_others = [pdf.write_pdf(html) for html in documents[1:]]
    made.clear()
    monkeypatch.setattr(pydyf.PDF, "page_references", property(counted))
    assert kept == pdf.write_pdf(household)
    assert len(made) > 10 * pages  # once per tagged element
    assert kept_others == [pdf.write_pdf(html) for html in documents[1:]]
