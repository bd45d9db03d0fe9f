"""Small-cell protection for published counts: primary and secondary suppression.

A count of 1–4 people (below the threshold, 5 unless the unit sets another) could point out
someone, so it is not published (the marker ".."); zero is shown. Totals are sums of cells
and the same totals recur in several tables, so a hidden count could be worked out by
subtraction. The counts of one report are therefore treated
together, as cells tied by *lines* (a total and the parts it is the sum of), shown or not:

1. primary: every count from 1 to 4 is protected, whether it is shown or could only be
   derived (the difference of two shown counts is as telling as a shown count);
2. secondary: while a protected or suppressed count can be worked out from the shown ones,
   by solving lines that have a single unknown, one after another, the smallest non-zero
   shown count on the line that gave it away is suppressed as well (the line's total only
   when no part is left).

This covers the classic rule (exactly one hidden cell in a row or column means the next
smallest is hidden too) and chains of subtraction across tables. It does not hide that a
suppressed count lies between 1 and 4; with five as the threshold that is accepted practice.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

Key = Hashable
Line = tuple[Key, tuple[Key, ...]]  # (total, parts): total == sum(parts)

THRESHOLD = 5  # the default; a unit sets its own (STATS_PUBLICATION_THRESHOLD)
MARKER = ".."  # hidden: the same mark whatever the count, so it says nothing of its size


def is_small(count: int, threshold: int = THRESHOLD) -> bool:
    """Tell whether a count is too small to publish (1 to threshold − 1; zero is shown)."""
    return 0 < count < threshold


def suppress(counts: Mapping[Key, int], lines: Sequence[Line],
             shown: Iterable[Key], threshold: int = THRESHOLD) -> dict[Key, int | None]:
    """Return the shown counts with every count that must not be published set to None."""
    shown = list(dict.fromkeys(shown))
    order = {key: index for index, key in enumerate(shown)}
    hidden = {key for key in shown if is_small(counts[key], threshold)}
    small = {key for key, count in counts.items() if is_small(count, threshold)}
    web = _Web(lines)
    _hide_single_gaps(counts, [line for line in web.members if set(line) <= set(order)],
                      hidden, order)
    for _ in range(len(shown) + 1):
        visible = set(shown) - hidden
        leak = web.first_leak(visible, small | hidden)
        if leak is None:
            break
        cover = _cover(leak[0], leak[1], counts, visible, order)
        if cover is None:  # cannot happen with consistent lines; fail closed all the same
            hidden.update(key for key in shown if counts[key])
            break
        hidden.add(cover)
    return {key: None if key in hidden else counts[key] for key in shown}


def _hide_single_gaps(counts: Mapping[Key, int], lines: list[tuple[Key, ...]],
                      hidden: set[Key], order: dict[Key, int]) -> None:
    """The classic rule, on lines that are wholly shown: no line keeps a single hidden count.

    A quick first pass; the search for chains of subtraction below catches the rest.
    """
    changed = True
    while changed:
        changed = False
        for total, *parts in lines:
            members = (total, *parts)
            if sum(key in hidden for key in members) != 1:
                continue
            candidates = [k for k in members if k not in hidden and counts[k] > 0]
            if candidates:
                hidden.add(min(candidates, key=lambda k: (counts[k], k == total, order[k])))
                changed = True


class _Web:
    """The lines, indexed once: which lines each count is on."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.lines = lines
        self.members = [(total, *parts) for total, parts in lines]
        self.lines_of: dict[Key, list[int]] = {}
        for index, keys in enumerate(self.members):
            for key in keys:
                self.lines_of.setdefault(key, []).append(index)

    def first_leak(self, visible: set[Key],
                   protected: set[Key]) -> tuple[Key, dict[Key, Line]] | None:
        """Solve lines with one unknown until nothing more follows; stop at a protected count."""
        unknown = [len(keys) - sum(key in visible for key in keys) for keys in self.members]
        known = set(visible)
        derived_by: dict[Key, Line] = {}
        ready = [index for index, left in enumerate(unknown) if left == 1]
        while ready:
            index = ready.pop()
            missing = [key for key in self.members[index] if key not in known]
            if len(missing) != 1:
                continue
            key = missing[0]
            known.add(key)
            derived_by[key] = self.lines[index]
            if key in protected:
                return key, derived_by
            for other in self.lines_of[key]:
                unknown[other] -= 1
                if unknown[other] == 1:
                    ready.append(other)
        return None


def _cover(key: Key, derived_by: dict[Key, Line], counts: Mapping[Key, int],
           visible: set[Key], order: dict[Key, int], depth: int = 0) -> Key | None:
    """Pick the shown count to hide so that ``key`` no longer follows from its line."""
    total, parts = derived_by[key]
    others = [k for k in (*parts, total) if k != key]
    candidates = [k for k in others if k in visible and counts[k] > 0]
    if candidates:
        return min(candidates, key=lambda k: (counts[k], k == total, order.get(k, 0)))
    if depth > len(derived_by):
        return None
    for other in others:
        if other in derived_by and other not in visible:
            found = _cover(other, derived_by, counts, visible, order, depth + 1)
            if found is not None:
                return found
    return None
