"""The renderer: it fetches nothing but the allow-listed bundled files, and overruns stop."""

from __future__ import annotations

import io
import logging

import pytest
from pypdf import PdfReader

from selfservice.documents import pdf
from tests.conftest import make_app
from tests.documents.conftest import pdf_text, send_household

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


def test_a_render_that_overruns_is_stopped_and_the_next_one_works():
    pathological = "<p>" + "Mycket text. " * 40 + "</p>"
    renderer = pdf.Renderer(timeout=0.2)
    try:
        with pytest.raises(pdf.RenderTimeout):
            renderer.render("<html><body>" + pathological * 3000 + "</body></html>")
        assert renderer.pid is None  # the worker was killed
        renderer.timeout = pdf.RENDER_TIMEOUT_SECONDS
        assert renderer.render("<p>Hej</p>").startswith(b"%PDF")
    finally:
        renderer.stop()


def test_render_time_limit_is_a_setting(tmp_path):
    app = make_app(tmp_path, PDF_RENDER_SECONDS=3.5)
    try:
        assert app.extensions["pdf_renderer"].timeout == 3.5
    finally:
        app.extensions["db_engine"].dispose()


def test_the_pdf_title_is_text_without_markup(app):
    client = app.test_client()
    reference = send_household(client, app, "ar")
    title = PdfReader(io.BytesIO(client.get("/documents/application.pdf").data)).metadata.title
    assert title.endswith(reference) and "ekonomiskt bistånd" in title
    assert "<" not in title and "bdi" not in title
