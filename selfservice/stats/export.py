"""Statistics tables as CSV, with Swedish headings and the suppressed counts marked."""

from __future__ import annotations

from collections.abc import Iterable

from selfservice import spreadsheet
from selfservice.i18n import N_
from selfservice.stats.services import Table
from selfservice.stats.suppression import MARKER

SHARE_LABEL = N_("Andel där bedömningarna stämmer överens (%)")


def _shown(count: int | None) -> str:
    return MARKER if count is None else str(count)


def percent(share: float) -> str:
    """Return a share as a Swedish percentage figure with one decimal, e.g. ``62,5``."""
    return f"{share * 100:.1f}".replace(".", ",")


def csv_rows(table: Table) -> Iterable[list[str]]:
    """Yield the table as rows of text, header first, with suppressed counts as "<5"."""
    yield [table.row_heading, *(label for _, label in table.columns)]
    for (_, label), cells in zip(table.rows, table.cells, strict=True):
        yield [label, *(_shown(count) for count in cells)]
    if table.has_share:
        yield [SHARE_LABEL, "–" if table.share_agreeing is None
               else percent(table.share_agreeing)]


def to_csv(table: Table) -> str:
    """Return the table as semicolon-separated text with Swedish headings (suppressed)."""
    return spreadsheet.to_csv(csv_rows(table))
