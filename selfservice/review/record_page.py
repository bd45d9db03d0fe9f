"""What the caseworker's record page shows, prepared before the template sees it.

The template only lays this out: everything that opens sealed data (justifications, the
revealed identity), queries (who rated) or computes (the service's suggestion) is done here,
once, so a page cannot quietly decrypt or query per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import select

from selfservice import database
from selfservice.accounts.models import User
from selfservice.clock import swedish_clock, swedish_time
from selfservice.current import current_questionnaire, current_self_rating, suggestion_for
from selfservice.i18n import N_, Text
from selfservice.intake import pairing
from selfservice.questionnaire.answers import display
from selfservice.questionnaire.engine import Answers, Step, find_step, plan
from selfservice.questionnaire.goals import PrivateAnswer, private_answers
from selfservice.questionnaire.summary import SectionSummary, household_summary
from selfservice.records import services as records
from selfservice.records.models import Submission
from selfservice.review import services
from selfservice.review.flags import answer_anchor
from selfservice.review.goals import GoalView, goal_views
from selfservice.review.journey import Journey, journeys
from selfservice.review.meeting import MeetingSummary, meeting_summary
from selfservice.review.models import CaseworkerRating
from selfservice.review.obstacles import suggested_obstacle

PERSON = N_("Person %(number)s")
PERSON_NAMED = N_("Person %(number)s, %(name)s")


@dataclass(frozen=True)
class RatingLine:
    """One caseworker rating as the page reads it."""

    when: str
    assessed_on: str  # the meeting's date the rating was made at
    category: str  # label (a msgid)
    rehabilitation: str | None
    by: str
    justification: str


@dataclass(frozen=True)
class PersonRatings:
    """One adult's own rating beside the caseworker's."""

    position: int
    self_rated: str | None  # label of the category the person chose (a msgid)
    suggested: str | None  # label of the service's suggestion
    own_answers: list[tuple[str, str]]  # (question label msgid, answer as shown)
    own_choice: list[tuple[str, str]]  # the rest of the person's choice: RH level, obstacles
    latest: RatingLine | None
    differ: bool
    history: list[RatingLine] = field(default_factory=list)
    obstacle: str | None = None  # the försörjningshinder recorded (a code)
    suggested_obstacle: str | None = None  # the one the person's answers point to (a code)


@dataclass(frozen=True)
class IdentityLine:
    where: str  # "Personuppgifter 2"
    label: str  # question label msgid
    text: str


# How an interpreter's view of the applicant's screen ended, as the record says it.
PAIRING_ENDINGS = {
    pairing.BY_APPLICANT: N_("den sökande avslutade"),
    pairing.BY_FOLLOWER: N_("tolken avslutade"),
    pairing.BY_TIME: N_("tiden gick ut"),
    pairing.BY_SENDING: N_("ansökan skickades"),
    pairing.BY_NEW_CODE: N_("en ny kod visades"),
    pairing.BY_CLEARING: N_("telefonen rensades"),
}


@dataclass(frozen=True)
class PairingLine:
    """An interpreter followed the applicant's screen: when and in which language, no more."""

    started: str  # Swedish time the code was shown
    followed: str | None  # when a device began following; None if none did
    ended: str
    locale: str
    ended_by: str  # a msgid


def _pairing_lines(record: Submission) -> list[PairingLine]:
    lines = []
    for row in pairing.record_pairings(record.id):
        began = row.joined_at or row.started_at
        # "2026-12-05 14:05–14:40": the end's date only when it is another day.
        same_day = swedish_time(row.ended_at)[:10] == swedish_time(began)[:10]
        lines.append(PairingLine(
            started=swedish_time(row.started_at),
            followed=swedish_time(row.joined_at) if row.joined_at else None,
            ended=swedish_clock(row.ended_at) if same_day else swedish_time(row.ended_at),
            locale=row.locale,
            ended_by=PAIRING_ENDINGS.get(row.ended_by or "", row.ended_by or "")))
    return lines


@dataclass(frozen=True)
class RecordPage:
    record: Submission
    summary: list[SectionSummary]
    people: list[PersonRatings]
    identity: list[IdentityLine] | None
    prompts: list | None  # PromptGroup: the household's, then each adult's
    used: set[tuple[str, int | None]]
    meeting: MeetingSummary
    names: dict[int, str] = field(default_factory=dict)  # first names, only once revealed
    # Each adult's own categories and the caseworker's over time, by position.
    journeys: dict[int, Journey] = field(default_factory=dict)
    goals: dict[int, list[GoalView]] = field(default_factory=dict)  # each adult's own goals
    private: list[PrivateAnswer] = field(default_factory=list)  # for staff only
    pairings: list[PairingLine] = field(default_factory=list)  # interpreters who followed

    @property
    def asked_alone(self) -> set[int]:
        """The adults who asked for something only staff read (a meeting of their own)."""
        return {answer.step.number for answer in self.private
                if answer.raised and answer.step.number is not None}

    def who(self, number: int) -> Text:
        """Name an adult: "Person 2", and "Person 2, Layla" once the identity is revealed,
        so a prompt or flag is raised with the right person in the room."""
        name = self.names.get(number)
        return Text(PERSON_NAMED, {"number": number, "name": name}) if name \
            else Text(PERSON, {"number": number})


def _first_names(identity: Answers) -> dict[int, str]:
    page_id, _, question_id = current_app.extensions["record_layout"].person.first_name \
        .partition(".")
    names = {}
    for step_key, values in identity.items():
        page, _, number = step_key.partition(".")
        if page == page_id and number.isdigit() and isinstance(values.get(question_id), str):
            names[int(number)] = values[question_id]
    return names


def _names_of(ratings: list[CaseworkerRating]) -> dict[int, str]:
    ids = {rating.user_id for rating in ratings}
    if not ids:
        return {}
    users = database.session().scalars(select(User).where(User.id.in_(ids)))
    return {user.id: user.display_name for user in users}


def _line(rating: CaseworkerRating, names: dict[int, str]) -> RatingLine:
    terms = services.caseworker_terms()
    return RatingLine(when=swedish_time(rating.created_at),
                      assessed_on=(rating.assessed_on or rating.created_at.date()).isoformat(),
                      category=terms.label(rating.category),
                      rehabilitation=terms.label(rating.rehabilitation)
                      if rating.rehabilitation else None,
                      by=names.get(rating.user_id, "?"),
                      justification=services.justification_of(rating))


def _people(record: Submission, steps: list[Step], answers: Answers,
            history: dict[int, list[CaseworkerRating]]) -> list[PersonRatings]:
    terms = services.caseworker_terms()
    rule = current_self_rating()
    choice_page, _, category_id = current_app.extensions["record_layout"].person \
        .self_rated_category.partition(".")
    choice_questions = [q for q in current_questionnaire().page(choice_page).questions
                        if q.id != category_id]
    rating_page = current_questionnaire().page(rule.page)
    names = _names_of([r for ratings in history.values() for r in ratings])
    obstacles = services.obstacles_of(record)
    listed = current_app.extensions["obstacles"]
    people = []
    for person in record.people:
        own = answers.get(f"{rule.page}.{person.position}", {})
        chosen = answers.get(f"{choice_page}.{person.position}", {})
        step = find_step(steps, choice_page, person.position)
        suggestion = suggestion_for(step, answers) if step else None
        pointed = suggested_obstacle(listed, current_questionnaire(), answers, step) \
            if step and listed else None
        lines = [_line(r, names) for r in history.get(person.position, [])]
        latest = history.get(person.position, [None])[0]
        people.append(PersonRatings(
            position=person.position,
            self_rated=terms.label(person.self_rated_category)
            if person.self_rated_category else None,
            suggested=terms.label(suggestion.category)
            if suggestion and suggestion.category else None,
            own_answers=[(q.label, display(q, own.get(q.id)) or "–")
                         for q in (rating_page.questions if rating_page else ())],
            own_choice=[(q.label, display(q, chosen.get(q.id)) or "–")
                        for q in choice_questions],
            latest=lines[0] if lines else None,
            obstacle=obstacles.get(person.position),
            suggested_obstacle=pointed.value if pointed else None,
            differ=bool(latest and person.self_rated_category
                        and latest.category != person.self_rated_category),
            history=lines))
    return people


def _identity(identity: Answers) -> list[IdentityLine]:
    questionnaire = current_questionnaire()
    lines = []
    for step_key, values in identity.items():
        page_id, _, number = step_key.partition(".")
        page = questionnaire.page(page_id)
        if page is None:
            continue
        where = str(Text(page.title)) + (f" {number}" if number else "")
        for question_id, value in values.items():
            question = next((q for q in page.questions if q.id == question_id), None)
            if question is not None:
                lines.append(IdentityLine(where, question.label, display(question, value)))
    return lines


def record_page(record: Submission, identity: Answers | None = None) -> RecordPage:
    """Return everything the record page shows, the identity only when it was revealed."""
    questionnaire = current_questionnaire()
    # Free text as written only once the identity was revealed (audit-logged), else masked.
    shown = records.revealed_answers(record) if identity is not None \
        else records.non_identifying_answers(record)
    steps, answers = plan(questionnaire, shown)
    history = services.rating_history(record)
    return RecordPage(
        record=record, summary=household_summary(questionnaire, steps, answers, for_staff=True),
        people=_people(record, steps, answers, history),
        identity=_identity(identity) if identity is not None else None,
        prompts=services.mi_prompts(record, steps, answers, history),
        used=services.prompts_used(record),
        meeting=meeting_summary(questionnaire, steps, answers),
        names=_first_names(identity) if identity is not None else {},
        journeys=journeys(record),
        goals=goal_views(current_app.extensions.get("mi_guide"), steps, answers),
        private=private_answers(steps, answers),
        pairings=_pairing_lines(record))


def template_values(page: RecordPage) -> dict[str, Any]:
    return {"page": page, "record": page.record, "summary": page.summary,
            "prompts": page.prompts, "used": page.used, "meeting": page.meeting,
            "answer_anchor": answer_anchor, "who": page.who,
            "follow_up_days": current_app.config["FOLLOW_UP_CODE_DAYS"],
            "obstacles": current_app.extensions["obstacles"],
            "obstacle_labels": {item.value: item.text
                                for item in current_app.extensions["obstacles"]}}
