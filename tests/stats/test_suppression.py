"""Small-cell suppression on hand-made tables where every hidden count can be worked out."""

from __future__ import annotations

from selfservice.stats.suppression import MARKER, is_small, suppress


def grid(rows: list[list[int]]) -> tuple[dict, list, list]:
    """Return counts, lines and shown keys of a table with row, column and grand totals."""
    counts = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            counts[(r, c)] = value
        counts[(r, "T")] = sum(row)
    for c in range(len(rows[0])):
        counts[("T", c)] = sum(row[c] for row in rows)
    counts[("T", "T")] = sum(map(sum, rows))
    row_keys = [*range(len(rows)), "T"]
    column_keys = [*range(len(rows[0])), "T"]
    lines = [((r, "T"), tuple((r, c) for c in range(len(rows[0])))) for r in row_keys]
    lines += [(("T", c), tuple((r, c) for r in range(len(rows)))) for c in column_keys]
    return counts, lines, [(r, c) for r in row_keys for c in column_keys]


def hidden(result: dict) -> set:
    return {key for key, value in result.items() if value is None}


def test_counts_from_one_to_four_are_hidden_and_zero_and_five_are_shown():
    assert [is_small(n) for n in (0, 1, 4, 5)] == [False, True, True, False]
    assert MARKER == ".."  # the same mark whatever the hidden count is
    assert [is_small(n, threshold=10) for n in (4, 9, 10)] == [True, True, False]


def test_a_lone_hidden_count_in_a_row_and_column_hides_the_next_smallest_too():
    counts, lines, shown = grid([[3, 10, 20],
                                 [7, 8, 9],
                                 [12, 0, 15]])
    result = suppress(counts, lines, shown)
    # 3 is too small; 10 (row) and 7 (column) go with it, then 8 so that neither of those
    # is alone in its column or row. The zero stays visible and is never picked.
    assert hidden(result) == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert result[(2, 1)] == 0
    assert result[(0, "T")] == 33 and result[("T", "T")] == 84


def test_a_total_is_hidden_when_no_other_count_in_its_line_can_be():
    counts, lines, shown = grid([[5, 0, 0],
                                 [0, 5, 0],
                                 [3, 0, 0]])
    result = suppress(counts, lines, shown)
    # The 3 and its row total are small; the 5 above it goes with them in the column, and
    # that 5's row has nothing else but zeros, so its total goes too.
    assert hidden(result) == {(2, 0), (2, "T"), (0, 0), (0, "T")}
    assert result[("T", 0)] == 8 and result[(1, 1)] == 5 and result[(2, 2)] == 0


def test_a_count_derived_through_a_chain_of_tables_is_protected():
    # Two tables share the total 12 (A = a1 + a2, B = b1 + b2, A == B via one total), and a
    # third count (u) is never shown but follows from shown ones: u = total - shown part.
    counts = {"total": 12, "a1": 2, "a2": 10, "b1": 6, "b2": 6, "u": 3, "v": 9}
    lines = [("total", ("a1", "a2")), ("total", ("b1", "b2")), ("total", ("u", "v"))]
    result = suppress(counts, lines, ["total", "a1", "a2", "b1", "b2", "v"])
    assert result["a1"] is None and result["a2"] is None  # a1 small, a2 would give it away
    # u (3) is never shown, but total - v would reveal it: one of them is hidden as well.
    assert result["v"] is None or result["total"] is None


def test_nothing_is_hidden_when_every_count_is_zero_or_large():
    counts, lines, shown = grid([[0, 10], [25, 0]])
    assert hidden(suppress(counts, lines, shown)) == set()
