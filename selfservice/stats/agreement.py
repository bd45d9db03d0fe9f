"""How far the applicants' own ratings agree with the caseworkers', per group and direction.

SUE warns that assessments can become stereotyped by gender and origin; a share agreeing per
group, with Cohen's κ (agreement beyond what chance would give) and which way a disagreement
goes, is what lets a method developer see it. Counted per person over the kept follow-up
state (:mod:`selfservice.stats.persons`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from threading import Lock

from selfservice.i18n import N_
from selfservice.stats.persons import PersonGroup

GROUPINGS = ("gender", "locale", "age_band", "interpreter", "household")
GROUPING_LABELS = {"gender": N_("Kön"), "locale": N_("Språk"), "age_band": N_("Åldersgrupp"),
                   "interpreter": N_("Tolk"), "household": N_("Hushållstyp")}
HOUSEHOLD_LABELS = {"alone": N_("Ensamstående utan barn"),
                    "alone_children": N_("Ensamstående med barn"),
                    "couple": N_("Sammanboende utan barn"),
                    "couple_children": N_("Sammanboende med barn")}
NO_REHABILITATION = "none"


@dataclass(frozen=True)
class Agreement:
    """Agreement for one group (``grouping`` None: everyone)."""

    grouping: str | None
    value: object
    rated: int  # persons with both their own and a caseworker's rating
    agreeing: int
    nearer: int  # own rating nearer to work than the caseworker's (AM only)
    further: int
    kappa: float | None
    unrated: int  # no caseworker assessment by the end
    without_own: int  # no rating of their own

    def share(self, count: int) -> float | None:
        return count / self.rated if self.rated else None


def cohens_kappa(pairs: Counter[tuple[str, str]], codes: tuple[str, ...]) -> float | None:
    """κ = (p_o − p_e) / (1 − p_e) over the categories ``codes``; None when undefined."""
    total = sum(pairs.values())
    if not total:
        return None
    observed = sum(pairs[(code, code)] for code in codes) / total
    expected = sum(sum(pairs[(code, other)] for other in codes)
                   * sum(pairs[(other, code)] for other in codes) for code in codes) / total ** 2
    return None if expected == 1 else (observed - expected) / (1 - expected)


UNRATED, WITHOUT_OWN = "unrated", "without_own"  # the slots of persons not in a pair


@lru_cache(maxsize=1 << 17)
def _tally_keys(group: PersonGroup, scale: str, codes: tuple[str, ...]) -> tuple[tuple, ...]:
    """Where a group counts on a scale: (grouping, value, slot) for everyone and for its
    value in each grouping; the slot is the pair (own, caseworker's) or why there is none.
    Remembered per process: the same few thousand groups come back in every period, so a
    table is one addition per key instead of working each group out again."""
    if scale == "am":
        own = group.self_rated if group.self_rated in codes else None
        rated = group.rated if group.rated in codes else None
    else:
        own = group.self_rehabilitation or NO_REHABILITATION
        rated = group.rehabilitation or NO_REHABILITATION
    slot: object = UNRATED if group.rated is None else WITHOUT_OWN if own is None \
        else (own, rated)
    return ((None, None, slot),
            *((grouping, value, slot)
              for grouping, value in zip(GROUPINGS, _groups_of(group), strict=True)))


_groups_of = attrgetter(*GROUPINGS)


@dataclass
class _Tally:
    pairs: Counter = field(default_factory=Counter)
    unrated: int = 0
    without_own: int = 0
    nearer: int = 0
    further: int = 0


# The keys of every scale's tallies, numbered once per process: adding a count to a number
# is a third of the work of adding it to a tuple key, which is what a table at 100 000
# households spends its time on.
_numbers: dict[tuple, int] = {}
_keys: list[tuple] = []
_numbering = Lock()


def _number(key: tuple) -> int:
    number = _numbers.get(key)
    if number is None:
        with _numbering:
            number = _numbers.get(key)
            if number is None:
                number = _numbers[key] = len(_keys)
                _keys.append(key)
    return number


Scales = tuple[tuple[str, tuple[str, ...]], ...]  # (scale, its codes nearest work first)


@lru_cache(maxsize=1 << 17)
def _tally_numbers(group: PersonGroup, scales: Scales) -> tuple[int, ...]:
    return tuple(_number((scale, codes, *key)) for scale, codes in scales
                 for key in _tally_keys(group, scale, codes))


def agreements_by_group(counts: Counter[PersonGroup],
                        scales: dict[str, tuple[str, ...]]) -> dict[str, list[Agreement]]:
    """:func:`agreement_by_group` for several scales in one pass over the groups."""
    spec = tuple(scales.items())
    summed: defaultdict[int, int] = defaultdict(int)
    for group, count in counts.items():
        for number in _tally_numbers(group, spec):
            summed[number] += count
    by_scale: dict[str, dict[tuple, int]] = {scale: {} for scale in scales}
    for number, count in summed.items():
        scale, codes, *key = _keys[number]
        if scales.get(scale) == codes:
            by_scale[scale][tuple(key)] = count
    return {scale: _agreements(by_scale[scale], scale, codes)
            for scale, codes in scales.items()}


def agreement_by_group(counts: Counter[PersonGroup], *, scale: str,
                       codes: tuple[str, ...]) -> list[Agreement]:
    """Everyone first, then each value of each grouping, in a stable order.

    ``codes`` are the scale's categories nearest work first (for RH, the levels and "none").
    Each group's count adds to its keys (:func:`_tally_keys`); the few hundred sums are then
    sorted into each group's tally.
    """
    return agreements_by_group(counts, {scale: codes})[scale]


def _agreements(summed: dict[tuple, int], scale: str,
                codes: tuple[str, ...]) -> list[Agreement]:
    place = {code: index for index, code in enumerate(codes)}
    tallies: dict[tuple[str | None, object], _Tally] = {(None, None): _Tally()}
    for (grouping, value, slot), count in summed.items():
        tally = tallies.get((grouping, value))
        if tally is None:
            tally = tallies[(grouping, value)] = _Tally()
        if slot == UNRATED:
            tally.unrated += count
        elif slot == WITHOUT_OWN:
            tally.without_own += count
        else:
            tally.pairs[slot] += count
            own, rated = slot
            if scale == "am" and own != rated:
                if place[own] < place[rated]:
                    tally.nearer += count
                else:
                    tally.further += count
    order = sorted(tallies, key=lambda key: (
        -1 if key[0] is None else GROUPINGS.index(key[0]), key[1] is None, str(key[1])))
    return [Agreement(grouping, value, sum(kept.pairs.values()),
                      sum(kept.pairs[(code, code)] for code in codes), kept.nearer,
                      kept.further, cohens_kappa(kept.pairs, codes), kept.unrated,
                      kept.without_own)
            for grouping, value in order for kept in (tallies[(grouping, value)],)]
