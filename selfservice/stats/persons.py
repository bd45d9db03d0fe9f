"""The persons a period's agreement and count tables are about, counted by everything they
group by, in one pass over the kept follow-up state.

A person counts in a period when they sent an application in it. Their own rating is the one
of their latest application sent by the period's end; the caseworker's is the assessment in
force on the end day (none: not yet assessed). The groups are the person's latest ones.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import func, select

from selfservice import database
from selfservice.stats.models import RatingState
from selfservice.stats.timeline import STATE_PARTS, read_profile


class PersonGroup(NamedTuple):
    """One combination of ratings and groups, and how many persons have it."""

    self_rated: str | None
    rated: str | None  # the caseworker's category in force at the end; None: not assessed
    self_rehabilitation: str | None
    rehabilitation: str | None
    gender: str | None
    age_band: str | None
    locale: str | None
    interpreter: bool | None
    household: str | None


def person_counts(*, start: date | None, end: date | None) -> Counter[PersonGroup]:
    """Count the period's persons by :class:`PersonGroup` (no bound: no limit that side):
    one pass over the stretches (:class:`~selfservice.stats.models.RatingState`) in force
    on the end day whose application was sent in the period."""
    state = RatingState
    last_day = end or date.max
    counts: Counter[PersonGroup] = Counter()
    # Through the Core connection: the ORM's row handling costs a fifth of the query here.
    connection = database.session().connection()
    # In force on the end day: still open, or ended after it; two ranges of one index.
    for ends in (state.valid_to.is_(None), state.valid_to > last_day):
        rows = connection.execute(
            select(state.profile, func.count())
            .where(ends, state.applied_on >= (start or date.min), state.valid_from <= last_day)
            .group_by(state.profile)).all()
        if not counts:  # a profile's rows are one group: a plain dict of the first range
            counts.update({_group(text): count for text, count in rows})
            continue
        for text, count in rows:
            counts[_group(text)] += count
    return counts


@lru_cache(maxsize=1 << 16)
def _group(profile: str) -> PersonGroup:
    """A profile's group, made once per process (a table reads the same few thousand)."""
    return PersonGroup(*read_profile(profile, STATE_PARTS))
