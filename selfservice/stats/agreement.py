"""How far the applicants' own ratings agree with the caseworkers', per group and direction.

SUE warns that assessments can become stereotyped by gender and origin; a share agreeing per
group, with Cohen's κ (agreement beyond what chance would give) and which way a disagreement
goes, is what lets a method developer see it. Counted per person over the kept follow-up
state (:mod:`selfservice.stats.persons`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

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


@lru_cache(maxsize=1 << 17)
def _reduced(group: PersonGroup, scale: str, codes: tuple[str, ...]) -> tuple:
    """What a scale reads of a group, with the group's values: (own, rated, assessed,
    groupings). Remembered per process: the same groups come back in every period."""
    if scale == "am":
        own = group.self_rated if group.self_rated in codes else None
        rated = group.rated if group.rated in codes else None
    else:
        own = group.self_rehabilitation or NO_REHABILITATION
        rated = group.rehabilitation or NO_REHABILITATION
    return own, rated, group.rated is not None, _groups_of(group)


_groups_of = attrgetter(*GROUPINGS)


@dataclass
class _Tally:
    pairs: Counter = field(default_factory=Counter)
    unrated: int = 0
    without_own: int = 0
    nearer: int = 0
    further: int = 0


def agreement_by_group(counts: Counter[PersonGroup], *, scale: str,
                       codes: tuple[str, ...]) -> list[Agreement]:
    """Everyone first, then each value of each grouping, in a stable order.

    ``codes`` are the scale's categories nearest work first (for RH, the levels and "none").
    The counts are first reduced to what this scale reads, then each reduced count adds to
    everyone's row and to its group in each grouping.
    """
    reduced: Counter[tuple] = Counter()
    for group, count in counts.items():
        reduced[_reduced(group, scale, codes)] += count
    place = {code: index for index, code in enumerate(codes)}
    tallies: dict[tuple[str | None, object], _Tally] = {(None, None): _Tally()}
    for (own, rated, assessed, values), count in reduced.items():
        for key in ((None, None), *zip(GROUPINGS, values, strict=True)):
            tally = tallies.get(key)
            if tally is None:
                tally = tallies[key] = _Tally()
            if not assessed:
                tally.unrated += count
            elif own is None:
                tally.without_own += count
            else:
                tally.pairs[(own, rated)] += count
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
