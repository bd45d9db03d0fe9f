"""Swedish time for people, UTC for storage.

Times are stored in UTC (``database.utcnow``); staff read them in Europe/Stockholm, one or two
hours ahead, labelled as Swedish time. A submission's date is the Swedish date: a form sent at
00:30 on 1 March in Sweden was sent on 1 March.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SWEDEN = ZoneInfo("Europe/Stockholm")


def swedish(moment: datetime) -> datetime:
    """Return a stored UTC time (naive or aware) as Swedish time."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return aware.astimezone(SWEDEN)


def swedish_time(moment: datetime | None) -> str:
    """Return a stored time as staff read it: "2026-12-04 21:19" in Swedish time."""
    return "" if moment is None else swedish(moment).strftime("%Y-%m-%d %H:%M")


def swedish_date(moment: datetime) -> date:
    return swedish(moment).date()


def swedish_clock(moment: datetime | None) -> str:
    """Return a stored time as a clock in Sweden reads it: "14:05"."""
    return "" if moment is None else swedish(moment).strftime("%H:%M")
