"""Two figures a unit follows besides the tables: how long a first assessment takes, and
which kinds of MI prompts caseworkers use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import func, select

from selfservice import database
from selfservice.review.models import PromptUse
from selfservice.stats.models import PersonState


@dataclass(frozen=True)
class Waiting:
    persons: int  # first application sent in the period and assessed by its end
    median_days: float | None


def days_to_first_assessment(*, start: date, end: date) -> Waiting:
    """The median days from a person's first application (sent in the period) to their
    first caseworker assessment (made by the period's end)."""
    by_days = sorted(database.session().execute(
        select(PersonState.days_to_assessment, func.count())
        .where(PersonState.first_submitted_on >= start, PersonState.first_submitted_on <= end,
               PersonState.first_assessed_on <= end)
        .group_by(PersonState.days_to_assessment)).all())
    persons = sum(count for _days, count in by_days)
    if not persons:
        return Waiting(0, None)
    middle = [(persons - 1) // 2, persons // 2]  # the one or two middle places
    values, seen = [], 0
    for days, count in by_days:
        values += [days for place in middle if seen <= place < seen + count]
        seen += count
    return Waiting(persons, sum(values) / 2)


def prompts_used_by_kind(*, start: date, end: date) -> list[tuple[str, int]]:
    """How many prompt ticks of each kind (OARS) were saved in the period, in the guide's
    order; (kind's label msgid, count)."""
    guide = current_app.extensions.get("mi_guide")
    if guide is None:
        return []
    kind_of = {prompt.id: prompt.kind for prompt in guide.prompts}
    until = datetime.max if end == date.max else datetime.combine(end + timedelta(days=1),
                                                                   time.min)
    used = dict.fromkeys(guide.kinds, 0)
    for prompt_id, count in database.session().execute(
            select(PromptUse.prompt_id, func.count())
            .where(PromptUse.created_at >= datetime.combine(start, time.min),
                   PromptUse.created_at < until)
            .group_by(PromptUse.prompt_id)):
        if prompt_id in kind_of:
            used[kind_of[prompt_id]] += count
    return [(guide.kinds[kind], count) for kind, count in used.items()]
