"""From one person's spans to the rows the period tables read in one pass (no joins).

Pure functions over plain dicts, so the rules are readable and testable on their own; the
tallies write what they return. What a table groups by is kept as one ``profile`` string,
the values joined by "|" (an empty part: no value), in the order of ``PAIR_PARTS`` and
``STATE_PARTS``.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

Row = dict[str, Any]
PAIR_PARTS = ("am_from", "am_to", "rh_from", "rh_to", "once", "gender", "age_band", "locale")
STATE_PARTS = ("self_am", "am", "self_rh", "rh", "gender", "age_band", "locale",
               "interpreter", "household")


def profile(values: Row, parts: tuple[str, ...]) -> str:
    def text(value: Any) -> str:
        if isinstance(value, bool):
            return "1" if value else "0"
        return "" if value is None else str(value)
    return "|".join(text(values[part]) for part in parts)


@lru_cache(maxsize=1 << 16)
def read_profile(text: str, parts: tuple[str, ...]) -> tuple[Any, ...]:
    """The values back from a profile, in the order of ``parts`` (booleans as True/False,
    no value as None). Remembered: a table reads the same few thousand profiles each time."""
    values = []
    for part, raw in zip(parts, text.split("|"), strict=True):
        value: Any = raw or None
        if part in ("once", "interpreter") and raw:
            value = raw == "1"
        values.append(value)
    return tuple(values)


def transition_pairs(key: str, spans: list[Row], groups: Row, *, kind: str = "caseworker",
                     first_number: int = 1) -> list[Row]:
    """Every (start, end) pair of a person's spans of one ``kind`` (the caseworker's
    assessments, or the person's own ratings), start not after end, numbered on from
    ``first_number`` (one person's pairs of both kinds share the numbers)."""
    pairs: list[Row] = []
    for end in spans:
        for start in spans[:end["number"]]:
            grouped = {"am_from": start["category"], "am_to": end["category"],
                       "rh_from": start["rehabilitation"], "rh_to": end["rehabilitation"],
                       "once": end["number"] == 1, **groups}
            pairs.append({
                "person_key": key, "kind": kind, "number": first_number + len(pairs),
                "start_from": None if start["number"] == 1 else start["valid_from"],
                "start_to": start["valid_to"], "end_from": end["valid_from"],
                "end_to": end["valid_to"], "profile": profile(grouped, PAIR_PARTS),
                "first_from": spans[0]["valid_from"], "am_from": start["category"],
                "am_to": end["category"]})
    return pairs


def _in_force(spans: list[Row], day: date) -> Row | None:
    return next((span for span in reversed(spans) if span["valid_from"] <= day), None)


def _latest_by(days: list[date], day: date) -> date | None:
    return next((d for d in reversed(days) if d <= day), None)


def rating_states(key: str, own: list[Row], assessed: list[Row], groups: Row,
                  applied: list[date] | None = None) -> list[Row]:
    """The stretches from the person's first application on over which their own span and
    the caseworker's span in force both stay the same.

    ``own`` holds the person's own ratings, from their applications and from their later
    readings alike, so a period compares the self-rating in force at its end, whichever it
    came from. ``applied`` are the days the person's applications were sent (default: the
    days of ``own``): a stretch's ``applied_on`` is the latest of them by then, so a reading
    does not make a person who applied before a period one of the period's applicants.
    """
    if not own:
        return []
    sent = sorted(applied) if applied else [span["valid_from"] for span in own]
    first = own[0]["valid_from"]
    days = sorted({first, *(s["valid_from"] for s in own),
                   *(s["valid_from"] for s in assessed if s["valid_from"] > first)})
    states = []
    for number, day in enumerate(days, start=1):
        mine, theirs = _in_force(own, day), _in_force(assessed, day)
        grouped = {"self_am": mine["category"], "self_rh": mine["rehabilitation"],
                   "am": theirs["category"] if theirs else None,
                   "rh": theirs["rehabilitation"] if theirs else None, **groups}
        states.append({
            "person_key": key, "number": number, "valid_from": day,
            "valid_to": days[number] if number < len(days) else None,
            "applied_on": _latest_by(sent, day) or mine["valid_from"],
            "profile": profile(grouped, STATE_PARTS)})
    return states
