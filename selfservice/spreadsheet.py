"""CSV files that open right in a spreadsheet and cannot run anything there.

Swedish staff open exports in Excel: without a byte-order mark it reads UTF-8 as Latin-1 and
"Förbereder" turns into "FÃ¶rbereder". A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is read as a formula ("CSV injection"), and a reveal reason or a name is
typed by people: such cells get a leading apostrophe, which the spreadsheet shows as text.
Plain numbers ("-3") are left as numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from flask import Response

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d+([.,]\d+)?")


def safe_cell(value: Any) -> str:
    """Return a cell as text that a spreadsheet shows as it is, never as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def to_csv(rows: Iterable[Iterable[Any]]) -> str:
    """Return rows as semicolon-separated text (Swedish Excel's separator), cells made safe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def csv_download(text: str, filename: str) -> Response:
    """Return CSV text as a download, with the byte-order mark that Excel needs."""
    return Response(BOM + text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})
