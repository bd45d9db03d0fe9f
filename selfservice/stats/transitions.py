"""KNUT's table (004, p. 58): each person's category at the start of a period against the end.

Per person, through the pseudonym across applications, on assessment dates:

- at the start, the category in force on the start day (the latest assessment dated on or
  before it); for a person first assessed inside the period, that first assessment;
- at the end, the category in force on the end day;
- persons not assessed by the end are not in the table; a person assessed only once (by the
  end) counts as staying where they were, and a line says how many they are.

Staff see every count: they may open the records anyway. Shares are per origin (row), to one
decimal, rounded so that each row sums to exactly 100.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from functools import lru_cache

from flask import current_app
from sqlalchemy import func, or_, select

from selfservice import database
from selfservice.i18n import N_
from selfservice.stats.models import TransitionPair
from selfservice.stats.timeline import PAIR_PARTS, read_profile

NO_REHABILITATION = "none"
GROUPINGS = ("gender", "age_band", "locale")  # what a table can be split by
CASEWORKER, SELF = "caseworker", "self"
KINDS = (CASEWORKER, SELF)  # whose categories a table follows
Key = tuple[str, str, str, str, bool, str | None, str | None, str | None]


@dataclass(frozen=True)
class TransitionTable:
    """Counts from origin (rows) to destination (columns), with shares per origin."""

    scale: str  # "am" or "rh"
    group: str | None  # the group value this table is for (None: everyone)
    codes: tuple[str, ...]
    labels: tuple[str, ...]  # msgids, for the codes
    counts: dict[tuple[str, str], int]
    assessed_once: int

    def row_total(self, origin: str) -> int:
        return sum(self.counts.get((origin, to), 0) for to in self.codes)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def shares(self, origin: str) -> list[Decimal | None]:
        """The row's shares in per cent, one decimal, summing to exactly 100."""
        return shares_of([self.counts.get((origin, to), 0) for to in self.codes])

    def column_total(self, destination: str) -> int:
        return sum(self.counts.get((origin, destination), 0) for origin in self.codes)


def shares_of(counts: list[int]) -> list[Decimal | None]:
    """Per cent to one decimal by the largest remainder, so that the row sums to 100.0."""
    total = sum(counts)
    if not total:
        return [None] * len(counts)
    exact = [Decimal(count * 1000) / total for count in counts]  # in tenths of a per cent
    tenths = [value.to_integral_value(rounding=ROUND_FLOOR) for value in exact]
    by_remainder = sorted(range(len(counts)), key=lambda i: exact[i] - tenths[i], reverse=True)
    for index in by_remainder[:1000 - int(sum(tenths))]:
        tenths[index] += 1
    return [value / 10 for value in tenths]


def transition_counts(*, start: date, end: date, kind: str = CASEWORKER) -> Counter[Key]:
    """Count persons by (AM from, AM to, RH from, RH to, assessed once, sex, age, language):
    one pass over the pairs (:class:`~selfservice.stats.models.TransitionPair`) of ``kind``
    that hold."""
    pair = TransitionPair
    counts: Counter[Key] = Counter()
    connection = database.session().connection()  # Core: no ORM row handling
    # The end span in force on the end day: still open, or ended after it; two ranges of one
    # index (an OR of the two would read every pair).
    for ends in (pair.end_to.is_(None), pair.end_to > end):
        for text, count in connection.execute(
                select(pair.profile, func.count())
                .where(pair.kind == kind, ends, pair.end_from <= end,
                       or_(pair.start_from.is_(None), pair.start_from <= start),
                       or_(pair.start_to.is_(None), pair.start_to > start))
                .group_by(pair.profile)):
            counts[_key(text)] += count
    return counts


@lru_cache(maxsize=1 << 16)
def _key(profile: str) -> Key:
    am_from, am_to, rh_from, rh_to, once, *groups = read_profile(profile, PAIR_PARTS)
    return (am_from, am_to, rh_from or NO_REHABILITATION, rh_to or NO_REHABILITATION,
            bool(once), *groups)


def transition_tables(*, start: date, end: date, by: str | None = None,
                      kind: str = CASEWORKER) -> list[TransitionTable]:
    """Return the AM and the RH table for everyone, or one pair per value of ``by``: of the
    caseworker's assessments, or (``kind="self"``) of the persons' own ratings, where a
    person who chose no category at the start or the end is not in the AM table."""
    if by is not None and by not in GROUPINGS:
        raise ValueError(f"cannot split by {by!r}")
    if kind not in KINDS:
        raise ValueError(f"no transitions of kind {kind!r}")
    terms = current_app.extensions["caseworker_terms"]
    scales = {
        "am": (terms.category_codes, tuple(terms.label(c) for c in terms.category_codes)),
        "rh": ((*terms.rehabilitation_codes, NO_REHABILITATION),
               (*(terms.label(c) for c in terms.rehabilitation_codes),
                N_("Ingen arbetsinriktad rehabilitering")))}
    counts = transition_counts(start=start, end=end, kind=kind)
    place = 5 + GROUPINGS.index(by) if by else None
    groups = sorted({key[place] or "" for key in counts}) if place else [None]
    tables = []
    for group in groups:
        for scale, (codes, labels) in scales.items():
            offset = 0 if scale == "am" else 2
            cells: Counter[tuple[str, str]] = Counter()
            once = 0
            for key, count in counts.items():
                if place is not None and (key[place] or "") != group:
                    continue
                if key[offset] not in codes or key[offset + 1] not in codes:
                    continue  # no own category chosen (a caseworker's always is one)
                cells[(key[offset], key[offset + 1])] += count
                once += count if key[4] else 0
            tables.append(TransitionTable(scale, group, codes, labels, dict(cells), once))
    return tables
