"""The renderer: it fetches nothing but the allow-listed bundled files, and overruns stop."""

from __future__ import annotations

import io
import logging

import pytest
import tinyhtml5
from pypdf import PdfReader
from weasyprint import HTML

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
