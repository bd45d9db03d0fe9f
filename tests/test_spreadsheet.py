"""CSV exports open right in Excel and run nothing; times are Swedish for staff."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from selfservice.clock import swedish_date, swedish_time
from selfservice.spreadsheet import safe_cell, to_csv


@pytest.mark.parametrize(("value", "cell"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+46 70 123", "'+46 70 123"), ("-sum(A1)", "'-sum(A1)"), ("@cmd", "'@cmd"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("-3", "-3"), ("12,5", "12,5"), (7, "7"),
    ("Förbereder nybesök", "Förbereder nybesök"), (None, ""),
])
def test_a_cell_that_would_be_a_formula_is_text(value, cell):
    assert safe_cell(value) == cell


def test_a_csv_uses_semicolons_and_makes_cells_safe():
    assert to_csv([["skäl", "antal"], ["=1+1", -3]]).splitlines() == ["skäl;antal", "'=1+1;-3"]


def test_staff_read_swedish_time_in_winter_and_in_summer():
    assert swedish_time(datetime(2026, 12, 4, 20, 30)) == "2026-12-04 21:30"
    assert swedish_time(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)) == "2026-07-02 00:30"
    assert swedish_date(datetime(2026, 2, 28, 23, 30)) == date(2026, 3, 1)
