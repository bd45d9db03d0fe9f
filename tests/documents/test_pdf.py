"""The renderer: it fetches nothing but the allow-listed bundled files, and overruns stop."""

from __future__ import annotations

import io
import logging
import resource
import zlib

import pydyf
import pytest
import tinyhtml5
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.layout import inline
from weasyprint.text.line_break import Layout

from selfservice.documents import pdf
from selfservice.documents import renderer as renderer_module
from tests.conftest import make_app
from tests.documents.conftest import pdf_text, send_household
from tests.journey import complete_household, start

REFUSED = [
    "http://127.0.0.1:9/x.png",
    "https://example.org/style.css",
    "HTTP://127.0.0.1:9/x",
    "ftp://127.0.0.1:9/x",
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    (pdf.STATIC / "app.css").as_uri(),  # bundled, but not for the PDF
    pdf.STYLESHEET.as_uri() + "?x=1",
    pdf.STYLESHEET.as_uri() + "#x",
    pdf.BASE_URL + "../../../etc/passwd",
    pdf.BASE_URL + "%2e%2e/%2e%2e/etc/passwd",
    "data:text/css,body{background:url(http://127.0.0.1:9/x)}",
    "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
    "http://127.0.0.1:9/redirect?to=" + pdf.STYLESHEET.as_uri(),
    "https://httpbin.invalid/redirect-to?url=file:///etc/passwd",
    "//127.0.0.1:9/x",
    "pdf.css",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("url", REFUSED)
def test_fetcher_refuses_everything_outside_the_allow_list(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.SafeURLFetcher().fetch(url)


def test_fetcher_serves_the_allow_listed_stylesheet():
    response = pdf.SafeURLFetcher().fetch(pdf.STYLESHEET.as_uri())
    assert response.content_type == "text/css"
    assert response.read() == pdf.STYLESHEET.read_bytes()


def test_markup_that_slipped_through_fetches_and_embeds_nothing(listener, caplog):
    """Even raw HTML (as if a template forgot to escape) cannot reach the network or disk."""
    port, connected = listener
    html = f"""<html><head>
      <link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">
      <link rel="attachment" href="file:///etc/passwd">
      <style>@import url(http://127.0.0.1:{port}/import.css);
             @font-face {{ font-family: X; src: url(http://127.0.0.1:{port}/f.woff); }}
             p {{ background: url(file:///etc/passwd); font-family: X; }}</style></head>
      <body><p>Hej</p><img src="http://127.0.0.1:{port}/x.png">
      <a rel="attachment" href="file:///etc/hostname">bilaga</a>
      <object data="file:///etc/passwd"></object><svg><image href="file:///etc/passwd"/></svg>
      </body></html>"""
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = pdf.write_pdf(html)
    assert not connected()
    reader = PdfReader(io.BytesIO(document))
    assert reader.attachments == {}
    assert b"/EmbeddedFile" not in document and b"/FileAttachment" not in document
    assert "root:" not in pdf_text(document)
    assert "refused" in caplog.text  # WeasyPrint asked, and the fetcher said no


def test_markup_that_slipped_through_as_xml_fetches_and_embeds_nothing(listener, caplog):
    """The same, written so that it takes the XML parser's way in."""
    port, connected = listener
    html = (f'<!DOCTYPE html><html><head><link rel="stylesheet" href="http://127.0.0.1:{port}/x.css"/>'
            f'<style>@import url(http://127.0.0.1:{port}/import.css);</style></head>'
            f'<body><p>Hej</p><img src="http://127.0.0.1:{port}/x.png"/>'
            '<a rel="attachment" href="file:///etc/hostname">bilaga</a>'
            '<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>'
            '</body></html>')
    assert pdf.parsed_as_xml(html) is not None
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = pdf.write_pdf(html)
    assert not connected()
    assert PdfReader(io.BytesIO(document)).attachments == {}
    assert b"/EmbeddedFile" not in document and b"/FileAttachment" not in document
    assert "refused" in caplog.text


@pytest.mark.parametrize("html", [
    # An entity from an internal DTD subset, external or not: the HTML parser prints it as text.
    '<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body>&x;</body></html>',
    '<!DOCTYPE html><html><body>&nbsp;</body></html>',  # not one of XML's five entities
    "<!DOCTYPE html><html><body>a\x0cb</body></html>",  # not a character XML allows
    '<!DOCTYPE html><html><body><p title="a\nb">x</p></body></html>',  # XML: "a b"
    '<!DOCTYPE html><html><head><base href="https://example.org/"/></head></html>',
    "<!doctype html><html><body><p>Hej</body></html>",
])
def test_what_is_not_plain_xml_is_parsed_as_html(html):
    assert pdf.parsed_as_xml(html) is None
    assert "root:" not in pdf_text(pdf.write_pdf(html))


def canonical(element) -> tuple:
    """Return an element as its tag, attributes, text and children. Namespace declarations
    are left out: the HTML parser keeps the SVG's xmlns as an attribute, expat does not."""
    attributes = {name: value for name, value in element.attrib.items()
                  if not name.startswith("{http://www.w3.org/2000/xmlns/}")}
    return element.tag, attributes, element.text, element.tail, [*map(canonical, element)]


@pytest.fixture
def rendered(app, monkeypatch) -> list[str]:
    """Every HTML document the app sends to its renderer."""
    documents: list[str] = []
    renderer = app.extensions["pdf_renderer"]
    render = renderer.render
    monkeypatch.setattr(renderer, "render", lambda html: render(documents.append(html) or html))
    return documents


def test_the_application_is_read_as_xml_into_the_tree_the_html_parser_builds(app, rendered):
    """Sent and draft, bilingual and Swedish, with free text, a self-rating and a checklist."""
    ratings = {"rating.1": dict.fromkeys(["education", "swedish", "work_experience",
                                          "health_physical", "health_mental", "health_social",
                                          "motivation", "job_seeking"], "level_2"),
               "rating_choice.1": {"category": "am3"},
               "occupation.1": {"status": ["unemployed"],
                                "work_goal": "أريد أن أعمل\n<b>19880921-4623</b> & \"x\""}}
    for language in ["ar", "fi"]:
        client = app.test_client()
        send_household(client, app, language, steps=ratings)
        client.get("/documents/application.pdf")
    client = app.test_client()
    client.get("/?lang=sv")
    start(client)
    complete_household(client, app, adults=1, children=1)
    client.get("/documents/draft.pdf")
    assert len(rendered) == 3
    for html in rendered:
        root = pdf.parsed_as_xml(html)
        assert root is not None
        assert canonical(root) == canonical(tinyhtml5.parse(html, namespace_html_elements=False))
    # Parsed so and with the trimmed stylesheet, the PDF is WeasyPrint's own, byte for byte.
    plain = HTML(string=rendered[0], base_url=pdf.BASE_URL, url_fetcher=pdf.SafeURLFetcher())
    assert pdf.write_pdf(rendered[0]) == plain.write_pdf(
        stylesheets=[pdf.stylesheet()], font_config=pdf.font_config(), attachments=[],
        pdf_tags=True)


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
    """WeasyPrint's get_next_linebox made each right-to-left line twice (pdf.py): the fixed
    one makes it once, and every PDF is the one WeasyPrint makes, byte for byte."""
    assert pdf.RIGHT_TO_LEFT_LINES_FIXED, "WeasyPrint changed: see pdf.py, get_next_linebox"
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
        twice, more = made(html, pdf.WEASYPRINT_GET_NEXT_LINEBOX)
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
    """Each line is drawn from the Pango layout it was measured with (pdf.py, _reactivate),
    and the PDF is the one WeasyPrint makes, drawing every line anew, byte for byte; so is
    the PDF of a document drawn a second time, when no layout is kept any more."""
    assert pdf.LINES_DRAWN_AS_MEASURED, "WeasyPrint changed: see pdf.py, _draw_lines_as_measured"
    made: list[None] = []
    setup = Layout.setup
    monkeypatch.setattr(Layout, "setup", lambda *args: made.append(None) or setup(*args))

    def drawn_twice(html: str) -> tuple[bytes, bytes, int]:
        made.clear()
        document = pdf.Document(html).render(
            stylesheets=[pdf.stylesheet()], font_config=pdf.font_config(), pdf_tags=True)
        return document.write_pdf(), document.write_pdf(), len(made)

    kept = [drawn_twice(html) for html in documents]
    for name, method in pdf.WEASYPRINT_LAYOUT_METHODS.items():
        monkeypatch.setattr(Layout, name, method)
    for html, (first, second, layouts) in zip(documents, kept, strict=True):
        first_anew, second_anew, layouts_anew = drawn_twice(html)
        assert (first, second) == (first_anew, second_anew)
        assert layouts < layouts_anew


def test_streams_are_deflated_at_zlib_default_level_into_the_same_pages(monkeypatch):
    """pydyf's level 9 takes three times as long as level 6 (pdf.py, _Deflate)."""
    assert isinstance(pydyf.zlib, pdf._Deflate)
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
    chunk's edge (pdf.py, STACK_SLOTS). How often WeasyPrint's layout does that depends on
    how deep the render is called from: without the room write_pdf makes, one of these
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


def test_the_pdf_title_is_text_without_markup(app):
    client = app.test_client()
    reference = send_household(client, app, "ar")
    title = PdfReader(io.BytesIO(client.get("/documents/application.pdf").data)).metadata.title
    assert title.endswith(reference) and "ekonomiskt bistånd" in title
    assert "<" not in title and "bdi" not in title


def test_a_render_that_overruns_is_stopped_and_the_next_one_works():
    pathological = "<p>" + "Mycket text. " * 40 + "</p>"
    renderer = renderer_module.Renderer(timeout=0.2)
    try:
        with pytest.raises(renderer_module.RenderTimeout):
            renderer.render("<html><body>" + pathological * 3000 + "</body></html>")
        assert renderer.pid is None  # the worker was killed
        renderer.timeout = renderer_module.RENDER_TIMEOUT_SECONDS
        assert renderer.render("<p>Hej</p>").startswith(b"%PDF")
    finally:
        renderer.stop()


def test_render_time_limit_is_a_setting(tmp_path):
    app = make_app(tmp_path, PDF_RENDER_SECONDS=3.5)
    try:
        assert app.extensions["pdf_renderer"].timeout == 3.5
    finally:
        app.extensions["db_engine"].dispose()
