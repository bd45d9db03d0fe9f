"""The first meeting's agenda, from the record's flags and the frame in forms/checklists.yaml.

Household topics are named; an adult with topics of their own gets "a talk with Person N
alone" instead, so that the agenda, which the interpreter and the whole household read, never
names one adult's health or substance use in front of the other.
"""

from __future__ import annotations

from flask import current_app

from selfservice.documents.services import Agenda
from selfservice.i18n import N_, Text
from selfservice.records.models import Submission
from selfservice.review.meeting import MeetingSummary

INTERPRETER = N_("Behövs: %(language)s")
INTERPRETER_ANY = N_("Behövs")


def first_meeting_agenda(record: Submission, meeting: MeetingSummary) -> Agenda:
    frame = current_app.extensions["checklists"].agenda
    household = [Text(raised.flag.text) for raised in meeting.flags if raised.number is None]
    alone = sorted({raised.number for raised in meeting.flags if raised.number is not None})
    typed = [fact.text for fact in meeting.facts if fact.typed]
    interpreter = None
    if record.interpreter_needed:
        interpreter = Text(INTERPRETER, {"language": typed[0]}) if typed \
            else Text(INTERPRETER_ANY)
    return Agenda(
        language=record.locale, reference_code=record.reference_code, minutes=frame.minutes,
        topics=[*(Text(item) for item in frame.opening), *household,
                *(Text(frame.alone, {"number": number}) for number in alone),
                *(Text(item) for item in frame.closing)],
        bring=current_app.extensions["checklists"].meeting, interpreter=interpreter)
