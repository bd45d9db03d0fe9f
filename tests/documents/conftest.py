"""Helpers for the PDF tests: a sent household, the text of a PDF, a loopback listener."""

from __future__ import annotations

import io
import re
import shutil
import socket
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask_babel import force_locale, gettext
from pypdf import PdfReader

from tests.builders import household_inputs
from tests.journey import complete_household, start, submit

# Arabic vowel marks and bidi controls: extraction may move or drop them, readers do not.
_MARKS = re.compile("[\u064b-\u065f\u0670\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def normalise(text: str) -> str:
    """Fold ligatures and presentation forms, drop vowel marks, collapse white space."""
    return " ".join(_MARKS.sub("", unicodedata.normalize("NFKC", text)).split())


def runs(text: str) -> list[str]:
    """Split mixed Arabic and Latin text into its runs of one script.

    A PDF keeps a line's mixed-direction runs in visual order, and extraction does not undo
    that; each run on its own reads in logical order.
    """
    pattern = r"[\u0600-\u06ff][\u0600-\u06ff ]*|[^\W\d_][^\u0600-\u06ff()]*[^\W\d_]"
    return [run.strip() for run in re.findall(pattern, normalise(text))]


def printed(text: str, pdf_text: str) -> bool:
    """Tell whether a text is printed, run by run when it mixes directions."""
    text = normalise(text)
    return text in pdf_text or all(run in pdf_text for run in runs(text))


def pdf_text(data: bytes) -> str:
    """Return the normalised text of every page, in the order a reader extracts it."""
    reader = PdfReader(io.BytesIO(data))
    return normalise("\n".join(page.extract_text() for page in reader.pages))


@dataclass(frozen=True)
class Word:
    """A word as printed: its box on the page in points from the top left, and its letters."""

    left: float
    top: float
    right: float
    bottom: float
    text: str


@dataclass(frozen=True)
class PrintedPage:
    width: float
    height: float
    words: list[Word]


def printed_pages(data: bytes) -> list[PrintedPage]:
    """Return every page's words with their boxes, as poppler's pdftotext -bbox finds them."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext is missing: scripts/test.sh installs poppler-utils")
    found = subprocess.run([pdftotext, "-bbox", "-", "-"], input=data, capture_output=True,
                           check=True, timeout=60).stdout.decode()
    return [PrintedPage(float(page["width"]), float(page["height"]),
                        [Word(*(float(word[edge]) for edge in ("xmin", "ymin", "xmax", "ymax")),
                              word.get_text()) for word in page.find_all("word")])
            for page in BeautifulSoup(found, "html.parser").find_all("page")]


def read_line(words: list[Word], direction: str) -> str:
    """Return a printed line as its reader reads it: word by word in the page's direction.

    pdftotext gives each word's letters in the order they are drawn, left to right, so an
    Arabic word comes reversed; reversed again, it reads as written.
    """
    ordered = sorted(words, key=lambda word: word.left, reverse=direction == "rtl")
    return normalise(" ".join(word.text[::-1] if re.search("[\u0600-\u06ff]", word.text)
                              else word.text for word in ordered))


def translated(app: Flask, locale: str, msgid: str, **values: Any) -> str:
    """Return a message as the catalogue of ``locale`` has it."""
    with app.app_context(), force_locale(locale):
        return gettext(msgid, **values)


def send_household(client, app: Flask, language: str, *, adults: int = 1, children: int = 1,
                   steps: dict[str, dict[str, Any]] | None = None) -> str:
    """Fill in and send a household in ``language``; ``steps`` add to the sample input."""
    client.get(f"/?lang={language}")
    start(client)
    inputs = household_inputs(adults, children)
    for key, values in (steps or {}).items():
        inputs.setdefault(key, {}).update(values)
    complete_household(client, app, adults=adults, children=children, inputs=inputs)
    return submit(client)


@pytest.fixture
def listener() -> Iterator[tuple[int, Callable[[], bool]]]:
    """A TCP port on loopback and a function that says whether anything connected to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)

    def connected() -> bool:
        try:
            connection, _address = server.accept()
        except BlockingIOError:
            return False
        connection.close()
        return True

    yield server.getsockname()[1], connected
    server.close()


@pytest.fixture
def rendered(app, monkeypatch) -> list[str]:
    """Every HTML document the app sends to its renderer."""
    documents: list[str] = []
    renderer = app.extensions["pdf_renderer"]
    render = renderer.render
    monkeypatch.setattr(renderer, "render", lambda html: render(documents.append(html) or html))
    return documents
