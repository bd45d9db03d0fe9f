"""The first meeting's agenda, from the record's flags, the prompts the caseworker chose and
the frame in forms/checklists.yaml.

Household topics are named: the flags that concern the household and the areas of the
household prompts the caseworker ticked. An adult with flags of their own gets "a talk with
Person N alone" instead, so that the agenda, which the interpreter and the whole household
read, never names one adult's health or substance use in front of the other.
"""

from __future__ import annotations

from flask import current_app

from selfservice.documents.services import Agenda
from selfservice.i18n import N_, Text
from selfservice.records.models import Submission
from selfservice.review.meeting import MeetingSummary
from selfservice.review.models import FirstMeeting

INTERPRETER = N_("%(language)s, bokad")
INTERPRETER_NOT_BOOKED = N_("%(language)s, inte bokad ännu")
INTERPRETER_ANY = N_("Behövs, bokad")
INTERPRETER_ANY_NOT_BOOKED = N_("Behövs, inte bokad ännu")


def _interpreter(record: Submission, meeting: MeetingSummary,
                 arranged: FirstMeeting | None) -> Text | None:
    if not record.interpreter_needed:
        return None
    booked = bool(arranged and arranged.interpreter_booked)
    # The language and dialect asked for (the questions marked so): a chosen one in the
    # agenda's two languages, a typed one as written.
    language = [fact.said for fact in meeting.facts if "interpreter_language" in fact.marks]
    if language:
        return Text(INTERPRETER if booked else INTERPRETER_NOT_BOOKED, {"language": language})
    return Text(INTERPRETER_ANY if booked else INTERPRETER_ANY_NOT_BOOKED)


def _chosen_areas(prompts: list | None, ticked: set[tuple[str, int | None]]) -> list[Text]:
    """The titles of the areas of the household prompts the caseworker ticked, in order."""
    questionnaire = current_app.extensions["questionnaire"]
    titles: list[str] = []
    for group in prompts or ():
        if group.number is not None:
            continue
        for chosen in [*group.shown, *group.folded]:
            section = questionnaire.section(chosen.prompt.area)
            if (chosen.id, None) in ticked and section and section.title not in titles:
                titles.append(section.title)
    return [Text(title) for title in titles]


def expected_minutes(record: Submission) -> int:
    """The frame's length for a meeting: longer with an interpreter."""
    frame = current_app.extensions["checklists"].agenda
    return frame.minutes_with_interpreter if record.interpreter_needed else frame.minutes


def first_meeting_agenda(record: Submission, meeting: MeetingSummary,
                         arranged: FirstMeeting | None = None, prompts: list | None = None,
                         ticked: frozenset | set = frozenset(), *,
                         asked_alone: set[int] | frozenset = frozenset()) -> Agenda:
    """Return the agenda; ``prompts`` are the record's prompt groups, ``ticked`` the
    (prompt, adult) pairs the caseworker chose, ``asked_alone`` the adults who asked to meet
    the caseworker alone: they get the same "a while alone" as an adult with topics of their
    own, so the agenda does not tell the household which it was."""
    frame = current_app.extensions["checklists"].agenda
    household = [Text(raised.flag.text) for raised in meeting.flags if raised.number is None]
    areas = [area for area in _chosen_areas(prompts, set(ticked)) if area not in household]
    alone = sorted({raised.number for raised in meeting.flags if raised.number is not None}
                   | set(asked_alone))
    minutes = arranged.minutes if arranged and arranged.minutes else expected_minutes(record)
    return Agenda(
        language=record.locale, reference_code=record.reference_code, minutes=minutes,
        meeting_on=arranged.meeting_on if arranged else None,
        topics=[*(Text(item) for item in frame.opening), *household, *areas,
                *(Text(frame.alone, {"number": number}) for number in alone),
                *(Text(item) for item in frame.closing)],
        bring=meeting.bring_unnamed,
        interpreter=_interpreter(record, meeting, arranged))
