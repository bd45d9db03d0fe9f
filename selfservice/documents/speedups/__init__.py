"""WeasyPrint 70, pydyf 0.13 and CPython 3.11 made faster where they work twice or the slow
way, each change checked to leave the PDF byte for byte as it was (tests/documents/
test_speedups.py). A change to WeasyPrint's or pydyf's code is made only while the functions
it touches have the source it was written for (``guard.written_for``); otherwise their own
code runs, slower but right, and a warning is logged.

Imported by ``pdf.py``, in the web process and in the render worker alike, before anything
is laid out; importing it makes the changes. Like ``pdf.py`` it imports nothing of the app,
and only relative imports, so that the worker can import it as a top-level package.
"""

from .layout import NORMAL_FLOW_IN_ONE_LOOK, PERCENTAGES_RESOLVED_ONCE
from .pdf_file import PAGE_REFERENCES_MADE_ONCE
from .stack import with_stack_room
from .text import (
    GLYPHS_WRITTEN_AT_ONCE,
    LINES_DRAWN_AS_MEASURED,
    RIGHT_TO_LEFT_LINES_FIXED,
    STRUT_KEPT_ON_THE_STYLE,
)

IN_FORCE = {
    "right-to-left lines laid out once": RIGHT_TO_LEFT_LINES_FIXED,
    "lines drawn as measured": LINES_DRAWN_AS_MEASURED,
    "line height kept on the style": STRUT_KEPT_ON_THE_STYLE,
    "glyphs written at once": GLYPHS_WRITTEN_AT_ONCE,
    "percentages resolved once per style and size": PERCENTAGES_RESOLVED_ONCE,
    "normal flow in one look": NORMAL_FLOW_IN_ONE_LOOK,
    "page references made once": PAGE_REFERENCES_MADE_ONCE,
}

__all__ = ["IN_FORCE", "with_stack_room"]
