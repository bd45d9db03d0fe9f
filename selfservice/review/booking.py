"""The interpreter booking as the caseworker's queue shows it: the coded answers a record
keeps in clear (``interpreter_booking`` in forms/record.yaml), by their Swedish labels."""

from __future__ import annotations

import json

from flask import current_app

from selfservice.records.models import Submission


def interpreter_booking(record: Submission) -> list[tuple[str, str]]:
    """Return (what, answer) message ids: ("Dialekt", "Levantinsk arabiska"), in the order
    of the record layout; a code the questionnaire no longer has is left out."""
    if not record.interpreter_booking:
        return []
    labels = {detail.question: detail.label
              for detail in current_app.extensions["record_layout"].interpreter_booking}
    questionnaire = current_app.extensions["questionnaire"]
    shown = []
    for ref, code in json.loads(record.interpreter_booking):
        question = questionnaire.question(ref)
        answer = question.choice_label(code) if question is not None else None
        if ref in labels and answer:
            shown.append((labels[ref], answer))
    return shown
