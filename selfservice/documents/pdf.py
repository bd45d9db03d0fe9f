"""HTML to PDF with WeasyPrint, in the render worker: shared fonts and stylesheet, a fetcher
that fetches nothing but the app's own bundled files, and the loop that serves renders.

The web process starts this file as a script (``renderer.py`` says why a worker); it can also
lay out a document in the calling process (``write_pdf``), as the tests and benchmarks do.
It imports nothing from Flask, so the worker starts quickly and holds no app state.
"""

from __future__ import annotations

import gc
import logging
import re
import resource
import signal
import sys
from functools import cache
from importlib.resources import files
from multiprocessing.connection import Connection
from pathlib import Path
from xml.etree import ElementTree

import cssselect2
import weasyprint.css
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA_FORM_STYLESHEET, UA_STYLESHEET
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

if __spec__ is not None:  # imported: by the app, the tests and the benchmarks
    from selfservice.documents import speedups
else:  # the worker (renderer.py) runs this file as a script, without the app's package
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import speedups  # the one package of this folder the worker needs
    del sys.path[0]

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent.parent / "static"
STYLESHEET = STATIC / "pdf.css"
# Relative addresses in the document resolve here. Only the exact addresses below are served:
# anything else, however it is spelled, is refused.
BASE_URL = STATIC.as_uri() + "/"
ALLOWED_ASSETS: dict[str, tuple[Path, str]] = {
    STYLESHEET.as_uri(): (STYLESHEET, "text/css"),
}

# Address space of the worker; a document that needs more fails instead of starving the host.
WORKER_MEMORY_LIMIT = 2 * 1024**3
IDLE_BEFORE_COLLECTING_SECONDS = 0.05
COLLECT_AFTER_RENDERS = 4  # each leaves some 10 MB of garbage behind until collected


class RefusedURL(ValueError):
    """The document asked for something outside the allow-list of bundled files."""


class SafeURLFetcher(URLFetcher):
    """Serve only the allow-listed bundled files; refuse every other address by raising.

    http, https, ftp, file outside the allow-list and data: all raise, so WeasyPrint leaves
    the image or stylesheet out. No request ever leaves the process, so there is nothing to
    redirect. (WeasyPrint >= 70.0 sends every fetch, fonts and attachments included, here.)
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        asset = ALLOWED_ASSETS.get(url)
        if asset is None:
            scheme = url.partition(":")[0][:10].lower() if ":" in url else "relative"
            raise RefusedURL(f"not a bundled asset ({scheme} address refused)")
        path, media_type = asset
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})




@cache
def font_config() -> FontConfiguration:
    """Return the one font configuration of this process (system fonts through fontconfig)."""
    return FontConfiguration()


@cache
def stylesheet() -> CSS:
    """Return the PDF stylesheet, parsed once per process."""
    return CSS(filename=str(STYLESHEET), url_fetcher=SafeURLFetcher(), font_config=font_config())


# WeasyPrint's own stylesheet for HTML gives every element of a document a ::marker and five
# footnote and note pseudo-elements, and computes their styles whether or not any box uses
# them: half the time of the cascade. Only list items have markers, and no document of ours
# has footnotes or notes (float: footnote, position: note()), so those rules go.
_EVERY_ELEMENTS_MARKER = "\n::marker {"
_FOOTNOTES_AND_NOTES = re.compile(r"\n::(?:footnote|note)-[a-z]+ \{[^}]*\}")


@cache
def user_agent_stylesheet() -> CSS:
    """Return WeasyPrint's stylesheet for HTML without the pseudo-elements no box here uses."""
    text = (files(weasyprint.css) / "html5_ua.css").read_text("utf-8")
    trimmed, footnote_rules = _FOOTNOTES_AND_NOTES.subn("", text)
    trimmed = trimmed.replace(_EVERY_ELEMENTS_MARKER, "\nli::marker {")
    if footnote_rules != 5 or trimmed.count("::marker") != 1:  # pragma: no cover
        logger.warning("WeasyPrint's stylesheet for HTML changed; it is used as it is")
        return UA_STYLESHEET
    return CSS(string=trimmed, counter_style=CounterStyle())


# A document that starts so and is well-formed XML is read by expat, which takes a fiftieth
# of the time WeasyPrint's HTML parser does (that parser is a twentieth of a render). The
# templates write the XML-compatible HTML for that: <tbody> written out, void elements
# closed, attributes with values, the SVG namespace declared. With no internal DTD subset
# there are no entities but XML's five, and the tree is the one the HTML parser builds
# (tests/documents/test_pdf.py compares them). Anything else, or a tag with a line break in
# it (XML would turn it into a space in an attribute), goes to the HTML parser.
_XML_COMPATIBLE = "<!DOCTYPE html><html"
_LINE_BREAK_IN_TAG = re.compile(r"<[^>]*[\t\n\r]")


def parsed_as_xml(html: str) -> ElementTree.Element | None:
    """Return the tree of an XML-compatible document, or None to parse it as HTML."""
    if not html.startswith(_XML_COMPATIBLE) or _LINE_BREAK_IN_TAG.search(html):
        return None
    try:
        # The DOCTYPE above has no internal subset, so the document declares no entity to
        # expand or fetch: none of the XML attacks defusedxml guards against can happen.
        root = ElementTree.fromstring(html)  # noqa: S314
    except ElementTree.ParseError:
        return None
    if root.find(".//base") is not None:
        return None  # resolved by WeasyPrint's own parsing, as it should be
    return root


class Document(HTML):
    """A document to lay out: parsed as XML when it can be, with the trimmed UA stylesheet."""

    def __init__(self, html: str) -> None:
        root = parsed_as_xml(html)
        if root is None:
            super().__init__(string=html, base_url=BASE_URL, url_fetcher=SafeURLFetcher())
            return
        # What HTML.__init__ sets once its parser has made the tree (WeasyPrint 70).
        self.base_url = BASE_URL
        self.url_fetcher = SafeURLFetcher()
        self.media_type = "print"
        self.wrapper_element = cssselect2.ElementWrapper.from_html_root(
            root, content_language=None)
        self.etree_element = self.wrapper_element.etree_element

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        return [user_agent_stylesheet(), UA_FORM_STYLESHEET] if forms else [
            user_agent_stylesheet()]




def _write_pdf(html: str) -> bytes:
    return Document(html).write_pdf(stylesheets=[stylesheet()], font_config=font_config(),
                                    attachments=[], pdf_tags=True)


def write_pdf(html: str) -> bytes:
    """Lay out one HTML document as PDF bytes in this process, with no time limit."""
    return speedups.with_stack_room(_write_pdf, html)


_WARM_UP = ('<html lang="sv"><body><p>Å ä ö <span lang="ar" dir="rtl">نص عربي</span>'
            '<span lang="fi">Hyvä</span></p></body></html>')
# Each message is one frame: the HTML one way; a status byte and the PDF (or the name of the
# error) the other. Bytes, not pickles, so a worker cannot hand the web process code to run.
DONE, FAILED, READY = b"\x00", b"\x01", b"\x02"


def _serve(requests: Connection, replies: Connection) -> None:
    """Lay out every document sent over the pipe until the web process goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the web process to handle
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_LIMIT, WORKER_MEMORY_LIMIT))
    write_pdf(_WARM_UP)
    # A layout makes many short-lived objects; collecting while it runs costs a tenth of its
    # time. Collect between renders instead, after the reply has gone.
    gc.collect()
    gc.freeze()
    gc.disable()
    replies.send_bytes(READY)
    uncollected = 0
    while True:
        # A render leaves some 50 000 objects in reference cycles, and collecting them takes a
        # few hundredths of a second: do it while no render waits, or after a few renders in
        # a row at the latest, which bounds the memory they hold.
        if uncollected and (uncollected >= COLLECT_AFTER_RENDERS
                            or not requests.poll(IDLE_BEFORE_COLLECTING_SECONDS)):
            gc.collect()
            uncollected = 0
        try:
            html = requests.recv_bytes().decode("utf-8")
        except (EOFError, OSError):
            return
        try:
            replies.send_bytes(DONE + write_pdf(html))
        except Exception as error:
            # Only the type: the message could quote what the applicant wrote.
            replies.send_bytes(FAILED + type(error).__name__.encode())
        uncollected += 1


if __name__ == "__main__":  # the worker: python -I pdf.py REQUESTS_FD REPLIES_FD
    _serve(Connection(int(sys.argv[1]), writable=False),
           Connection(int(sys.argv[2]), readable=False))
