"""Counting a draft's progress, once per step, into counters that cannot point back to it.

A draft keeps which steps it has counted in a short text of its own (``Draft.funnel_marks``:
``"via:form r:urgent c:urgent r:household"``), deleted with the draft, so that a reload, the
language switch or a second phone does not count a step twice. The counters themselves hold
sums per day, language, channel and step, and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from selfservice import database
from selfservice.clock import swedish_date
from selfservice.database import utcnow
from selfservice.funnel.models import DurationCount, StepCount

FORM, CHAT = "form", "chat"
CHANNELS = (FORM, CHAT)
CHECK, SENT = "check", "sent"  # the steps after the questionnaire's pages
# Lower bounds, in minutes, of the bands a time from the first step to sending is counted in:
# five minutes apart at first, then wider, up to "two weeks or more".
DURATION_BANDS = (0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 360, 720, 1440, 2880, 4320,
                  10080, 20160)


@dataclass
class Marks:
    """Which steps a draft has counted as reached and as completed, and the channel it last
    showed a step in (the check page and sending count under that one)."""

    reached: set[str] = field(default_factory=set)
    completed: set[str] = field(default_factory=set)
    via: str = FORM

    @classmethod
    def parse(cls, text: str | None) -> Marks:
        marks = cls()
        for token in (text or "").split():
            kind, _, value = token.partition(":")
            if kind == "r":
                marks.reached.add(value)
            elif kind == "c":
                marks.completed.add(value)
            elif kind == "via" and value in CHANNELS:
                marks.via = value
        return marks

    def __str__(self) -> str:
        return " ".join([f"via:{self.via}", *(f"r:{s}" for s in sorted(self.reached)),
                         *(f"c:{s}" for s in sorted(self.completed))])


def _add(model: Any, keys: dict[str, Any], increments: dict[str, int]) -> None:
    """Add to one counter row, creating it at zero first; safe with several processes."""
    session = database.session()
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model).values(**keys, **increments)
    session.execute(statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: getattr(model, name) + statement.excluded[name] for name in increments}))


def count_progress(marks_text: str | None, *, locale: str, channel: str | None = None,
                   reached: Iterable[str] = (), completed: Iterable[str] = (),
                   now: datetime | None = None) -> str | None:
    """Count the steps this draft reached or completed for the first time, in the caller's
    transaction; return the draft's new marks, or None when there is nothing to write.

    ``channel`` None counts under the channel the draft last showed a step in. A step
    completed before it was counted as reached (a draft from before counting began) counts
    as reached too, so that no step is completed by more drafts than reached it.
    """
    marks = Marks.parse(marks_text)
    via = channel or marks.via
    new_completed = [s for s in dict.fromkeys(completed) if s not in marks.completed]
    new_reached = [s for s in dict.fromkeys([*reached, *new_completed])
                   if s not in marks.reached]
    if not new_reached and not new_completed and via == marks.via:
        return None
    day = swedish_date(now or utcnow())
    for step in sorted({*new_reached, *new_completed}):  # one order: no two writers deadlock
        _add(StepCount, {"day": day, "locale": locale, "channel": via, "step": step},
             {"reached": int(step in new_reached), "completed": int(step in new_completed)})
    marks.reached.update(new_reached)
    marks.completed.update(new_completed)
    marks.via = via
    return str(marks)


def duration_band(minutes: float) -> int:
    """Return the lower bound of the band a time in minutes is counted in."""
    return max(band for band in DURATION_BANDS if band <= max(minutes, 0))


def count_sent(marks_text: str | None, *, locale: str, started: datetime,
               now: datetime | None = None) -> str:
    """Count an application sent, and how long it took from its first step, in the caller's
    transaction; return the marks the sent draft keeps (only its channel)."""
    now = now or utcnow()
    marks = Marks.parse(count_progress(marks_text, locale=locale, reached=[SENT],
                                       completed=[CHECK, SENT], now=now) or marks_text)
    _add(DurationCount, {"day": swedish_date(now), "locale": locale, "channel": marks.via,
                         "minutes": duration_band((now - started).total_seconds() / 60)},
         {"count": 1})
    return str(Marks(via=marks.via))


def step_totals(*, start: date, end: date) -> dict[tuple[str, str, str], tuple[int, int]]:
    """Return (reached, completed) per (language, channel, step), summed over the days."""
    rows = database.session().execute(
        select(StepCount.locale, StepCount.channel, StepCount.step,
               func.sum(StepCount.reached), func.sum(StepCount.completed))
        .where(StepCount.day.between(start, end))
        .group_by(StepCount.locale, StepCount.channel, StepCount.step))
    return {(locale, channel, step): (int(reached), int(done))
            for locale, channel, step, reached, done in rows}


def duration_totals(*, start: date, end: date) -> dict[tuple[str, str, int], int]:
    """Return how many applications were sent per (language, channel, band)."""
    rows = database.session().execute(
        select(DurationCount.locale, DurationCount.channel, DurationCount.minutes,
               func.sum(DurationCount.count))
        .where(DurationCount.day.between(start, end))
        .group_by(DurationCount.locale, DurationCount.channel, DurationCount.minutes))
    return {(locale, channel, minutes): int(count) for locale, channel, minutes, count in rows}


def channel_of(marks_text: str | None) -> str:
    """Return the channel a draft last showed a step in (the form unless it was the chat)."""
    return Marks.parse(marks_text).via
