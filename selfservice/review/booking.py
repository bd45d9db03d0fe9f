"""The interpreter booking as the caseworker's queue shows it, in the order of
``interpreter_booking`` in forms/record.yaml: the coded answers a record keeps in clear by
their Swedish labels, and what was typed (a dialect, another language) from its small sealed
cell, masked and marked with the language it was written in."""

from __future__ import annotations

import json
from dataclasses import dataclass

from flask import current_app

from selfservice import storage
from selfservice.records.models import Submission


@dataclass(frozen=True)
class BookingShown:
    what: str  # the short name, a msgid: "Dialekt"
    answer: str  # a choice's label (a msgid), or the typed text when ``lang`` is set
    lang: str | None = None  # the language typed text was written in


def interpreter_booking(record: Submission) -> list[BookingShown]:
    """Return the booking's details; a typed answer takes the place of the choice with the
    same short name ("En annan dialekt"), and a code the questionnaire no longer has is left
    out."""
    if not record.interpreter_booking and not record.interpreter_typed:
        return []
    layout = current_app.extensions["record_layout"]
    labels = {detail.question: detail.label for detail in layout.interpreter_booking}
    questionnaire = current_app.extensions["questionnaire"]
    found: dict[str, BookingShown] = {}
    for ref, code in json.loads(record.interpreter_booking or "[]"):
        question = questionnaire.question(ref)
        answer = question.choice_label(code) if question is not None else None
        if ref in labels and answer:
            found[ref] = BookingShown(labels[ref], answer)
    typed = storage.open_sealed(storage.RECORD_BOOKING, record.submission_id,
                                record.interpreter_typed) if record.interpreter_typed else []
    for ref, text, lang in typed:
        if ref in labels:
            for chosen in [r for r, shown in found.items() if shown.what == labels[ref]]:
                del found[chosen]
            found[ref] = BookingShown(labels[ref], text, lang)
    order = [detail.question for detail in layout.interpreter_booking]
    return [found[ref] for ref in sorted(found, key=order.index)]
