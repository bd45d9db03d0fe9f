"""HTML to PDF with WeasyPrint, in the render worker: shared fonts and stylesheet, a fetcher
that fetches nothing but the app's own bundled files, and the loop that serves renders.

The web process starts this file as a script (``renderer.py`` says why a worker); it can also
lay out a document in the calling process (``write_pdf``), as the tests and benchmarks do.
It imports nothing from Flask, so the worker starts quickly and holds no app state.
"""

from __future__ import annotations

import gc
import inspect
import logging
import re
import resource
import signal
import sys
import zlib
from functools import cache
from importlib.resources import files
from multiprocessing.connection import Connection
from pathlib import Path
from xml.etree import ElementTree

import cssselect2
import pydyf
import weasyprint.css
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA_FORM_STYLESHEET, UA_STYLESHEET
from weasyprint.layout import inline
from weasyprint.text.ffi import pango
from weasyprint.text.fonts import FontConfiguration
from weasyprint.text.line_break import Layout
from weasyprint.urls import URLFetcher, URLFetcherResponse

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


# WeasyPrint 70 lays out each line of a right-to-left paragraph twice. After a line is made,
# get_next_linebox asks where the line would go now that its height is known, and makes it
# again unless nothing moved; for right-to-left text it compares the line's right edge with
# that of the empty line it started from, which differ unless the line is empty, so the
# loop always runs a second time, with the same position and width, and makes the same line
# again: 7 % of the render of the Arabic household. The fix adds "or nothing moved", which
# is when that second pass makes the very same line; every other case runs as before. It
# is applied to the function it was written for only; otherwise WeasyPrint runs as it is
# (tests/documents/test_pdf.py checks both that it applies and that the PDF is the same).
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
# the same byte for byte (tests/documents/test_pdf.py).
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


# CPython keeps its frames in 16 KB chunks of memory. It gives a chunk back to the system as
# soon as the frame that began it returns, and maps a new one at the next call: a loop whose
# calls cross the edge of a chunk maps and unmaps 16 KB at every call (python/cpython#142183,
# fixed in 2026 for 3.13 and newer, not in the 3.11 of Debian 12). Where WeasyPrint's deep
# layout recursion meets those edges depends on how deep its caller is: in the worker one
# render of the Arabic household mapped and unmapped 16 KB some 13,000 times (strace), and
# faulted every page in again, an eighth of the render. A render therefore starts in a frame
# that asks for STACK_SLOTS slots of stack it never uses: CPython gives that frame a chunk
# of its own, twice as large, and every frame of the layout fits in the rest of it, so no
# edge is crossed while it runs (tests/documents/test_pdf.py counts the pages faulted in).
STACK_SLOTS = 1 << 17  # a megabyte; the deepest the household's layout goes is 66 frames, 25 KB


def _with_stack_room(function, *args):
    return function(*args)


_with_stack_room.__code__ = _with_stack_room.__code__.replace(co_stacksize=STACK_SLOTS)


def _write_pdf(html: str) -> bytes:
    return Document(html).write_pdf(stylesheets=[stylesheet()], font_config=font_config(),
                                    attachments=[], pdf_tags=True)


def write_pdf(html: str) -> bytes:
    """Lay out one HTML document as PDF bytes in this process, with no time limit."""
    return _with_stack_room(_write_pdf, html)


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
