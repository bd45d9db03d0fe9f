"""The caseworker's work on a record: the queue, the reading, ratings, status and prompts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import selectinload

from selfservice import database, storage
from selfservice.accounts.models import User
from selfservice.clock import swedish_date
from selfservice.database import utcnow
from selfservice.questionnaire.engine import Answers
from selfservice.questionnaire.vocabulary import CaseworkerTerms
from selfservice.records.audit import record_event
from selfservice.records.models import Submission, SubmissionPerson
from selfservice.records.services import subject_of
from selfservice.review.models import CaseworkerRating, FirstMeeting, PromptUse, SupportObstacle

PAGE_SIZE = 50


def caseworker_terms() -> CaseworkerTerms:
    """Return the categories and statuses the app loaded from ``forms/caseworker.yaml``."""
    return current_app.extensions["caseworker_terms"]


@dataclass(frozen=True)
class QueueFilter:
    status: str | None = None
    language: str | None = None
    category: str | None = None
    interpreter: bool | None = None
    responsible: int | None = None  # a caseworker's user id: "mine"


# How the queue can be sorted; new applications are read oldest first, so none waits.
ORDERS = ("oldest", "newest", "status", "responsible", "category")


def default_order(filters: QueueFilter) -> str:
    return "oldest" if filters.status == caseworker_terms().status_codes[0] else "newest"


@dataclass(frozen=True)
class QueuePage:
    rows: list[Submission]
    total: int
    page: int  # the page shown: the one asked for, or the nearest that exists
    pages: int
    order: str


def _filtered(query, filters: QueueFilter):
    if filters.status in caseworker_terms().status_codes:
        query = query.where(Submission.status == filters.status)
    if filters.language:
        query = query.where(Submission.locale == filters.language)
    if filters.interpreter is not None:
        query = query.where(Submission.interpreter_needed.is_(filters.interpreter))
    if filters.responsible is not None:
        query = query.where(Submission.responsible_user_id == filters.responsible)
    if filters.category in caseworker_terms().category_codes:
        # EXISTS rather than IN: the database walks the queue's index in order and stops
        # after a page, instead of fetching every matching record row first.
        query = query.where(select(SubmissionPerson.id).where(
            SubmissionPerson.submission_pk == Submission.id,
            SubmissionPerson.self_rated_category == filters.category).exists())
    return query


def queue(*, filters: QueueFilter, page: int = 1, order: str | None = None) -> QueuePage:
    """Return one page of submissions in the order asked for, and how many match in all.

    A page number out of range (0, -3, 99999999999999999999) gives the nearest real page.
    """
    query = _filtered(select(Submission), filters)
    session = database.session()
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    order = order if order in ORDERS else default_order(filters)
    if order == "category":
        return QueuePage(_by_self_rating(filters, page), total, page, pages, order)
    oldest = (Submission.created_at.asc(), Submission.id.asc())
    by = {"oldest": oldest,
          "newest": (Submission.created_at.desc(), Submission.id.desc()),
          # In the workflow's order (forms/caseworker.yaml), not the codes' alphabet.
          "status": (case({code: place for place, code in
                           enumerate(caseworker_terms().status_codes)},
                          value=Submission.status, else_=99), *oldest),
          # Unassigned first: they are the ones nobody has taken yet.
          "responsible": (Submission.responsible_user_id.is_not(None),
                          Submission.responsible_user_id.asc(), *oldest)}[order]
    rows = session.scalars(query.options(selectinload(Submission.people))
                           .order_by(*by).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return QueuePage(list(rows), total, page, pages, order)


URGENT_SHOWN = 20


def urgent_waiting() -> tuple[list[Submission], int]:
    """Return the oldest households that need help today and still have the first status,
    and how many there are: the queue shows them above everything, whatever its filters,
    so none of them waits on page 496."""
    session = database.session()
    waiting = select(Submission).where(
        Submission.urgent.is_(True),
        Submission.status == caseworker_terms().status_codes[0])
    total = session.scalar(select(func.count()).select_from(waiting.subquery()))
    rows = session.scalars(waiting.options(selectinload(Submission.people))
                           .order_by(Submission.created_at.asc(), Submission.id.asc())
                           .limit(URGENT_SHOWN)) if total else []
    return list(rows), total


def _by_self_rating(filters: QueueFilter, page: int) -> list[Submission]:
    """One page sorted by the household's self-rating nearest work, oldest first within
    each: read category by category (forms/caseworker.yaml's order, none last), each in
    order from its index, skipping whole categories that lie before the page."""
    session = database.session()
    nearest = Submission.nearest_self_rating
    codes = caseworker_terms().category_codes
    sizes: dict[str | None, int] = {}
    for code, count in session.execute(_filtered(select(nearest, func.count()), filters)
                                       .group_by(nearest)):
        key = code if code in codes else None  # none, or a code the forms no longer have
        sizes[key] = sizes.get(key, 0) + count
    skip, wanted, rows = (page - 1) * PAGE_SIZE, PAGE_SIZE, []
    for code in [*codes, None]:
        size = sizes.get(code, 0)
        if skip >= size:
            skip -= size
            continue
        rows += session.scalars(
            _filtered(select(Submission), filters)
            .where(or_(nearest.is_(None), nearest.not_in(codes)) if code is None
                   else nearest == code)
            .options(selectinload(Submission.people))
            .order_by(Submission.created_at.asc(), Submission.id.asc())
            .limit(wanted).offset(skip))
        skip, wanted = 0, PAGE_SIZE - len(rows)
        if not wanted:
            break
    return rows


def responsible_names(records: list[Submission]) -> dict[int, str]:
    """Return the user names of the caseworkers responsible for these records."""
    ids = {r.responsible_user_id for r in records if r.responsible_user_id is not None}
    if not ids:
        return {}
    return dict(database.session().execute(
        select(User.id, User.username).where(User.id.in_(ids))).all())


def open_record(*, record: Submission, user: User) -> None:
    """Note in the audit log that a caseworker opened a record; opening changes nothing."""
    record_event(user=user.username, action="view_record", subject=subject_of(record),
                 reference_code=record.reference_code,
                 reason=record.reference_code)
    database.session().commit()


def agenda_exported(*, record: Submission, user: User) -> None:
    """Note that the first meeting's agenda left the system as a PDF: it names the adults
    and quotes their answers, so its applicant sees it in "who opened my application"."""
    record_event(user=user.username, action="export_agenda", subject=subject_of(record),
                 reference_code=record.reference_code, reason=record.reference_code)
    database.session().commit()


def set_status(*, record: Submission, status: str, user: User) -> None:
    """Change the status by the caseworker's choice, audited with what it was before."""
    if status not in caseworker_terms().status_codes:
        raise ValueError(status)
    before, record.status = record.status, status
    record_event(user=user.username, action="status_change", subject=subject_of(record),
                 reference_code=record.reference_code,
                 reason=f"{record.reference_code}: {before} -> {status}")
    database.session().commit()


def assign(*, record: Submission, user: User, responsible: User | None) -> None:
    """Make a caseworker responsible for the record (or nobody), audited."""
    record.responsible_user_id = responsible.id if responsible else None
    record_event(user=user.username, action="assign", subject=subject_of(record),
                 reference_code=record.reference_code,
                 reason=f"{record.reference_code}: {responsible.username if responsible else '-'}")
    database.session().commit()


def first_meeting(record: Submission) -> FirstMeeting | None:
    return database.session().get(FirstMeeting, record.id)


def arrange_meeting(*, record: Submission, meeting_on: date | None, minutes: int | None,
                    interpreter_booked: bool | None, user: User,
                    separate_meetings: bool | None = None,
                    plan_made_on: date | None = None) -> FirstMeeting:
    """Keep the first meeting's day, length and interpreter booking, whether the adults met
    the caseworker one by one and when a plan for self-support was made; audited."""
    session = database.session()
    meeting = session.get(FirstMeeting, record.id) or FirstMeeting(submission_pk=record.id)
    meeting.meeting_on, meeting.minutes = meeting_on, minutes
    meeting.interpreter_booked, meeting.user_id = interpreter_booked, user.id
    meeting.separate_meetings, meeting.plan_made_on = separate_meetings, plan_made_on
    meeting.updated_at = utcnow()
    session.add(meeting)
    record_event(user=user.username, action="meeting_arranged", subject=subject_of(record),
                 reference_code=record.reference_code,
                 reason=f"{record.reference_code}: {meeting_on or '-'}, {minutes or '-'} min, "
                        f"tolk {'bokad' if interpreter_booked else 'ej bokad'}")
    session.commit()
    return meeting


def obstacles_of(record: Submission) -> dict[int, str]:
    """The försörjningshinder recorded per adult (position -> code)."""
    return dict(database.session().execute(
        select(SupportObstacle.position, SupportObstacle.code)
        .where(SupportObstacle.submission_pk == record.id)).all())


def set_obstacle(*, record: Submission, position: int, code: str, user: User) -> None:
    """Record one adult's försörjningshinder (a code of forms/follow_up.yaml), audited."""
    if code not in {item.value for item in current_app.extensions["obstacles"]}:
        raise ValueError(code)
    session = database.session()
    row = session.get(SupportObstacle, (record.id, position)) or SupportObstacle(
        submission_pk=record.id, position=position)
    row.code, row.user_id, row.updated_at = code, user.id, utcnow()
    session.add(row)
    record_event(user=user.username, action="obstacle_change", subject=subject_of(record),
                 reference_code=record.reference_code,
                 reason=f"{record.reference_code} person {position}: {code}")
    session.commit()


def _justification_row(rating: CaseworkerRating) -> str:
    return storage.justification_row(rating.submission_pk, rating.position, rating.created_at)


def add_rating(*, record: Submission, position: int, category: str, rehabilitation: str | None,
               justification: str, user: User, assessed_on: date | None = None,
               ) -> CaseworkerRating:
    """Store the caseworker's rating of one adult as a new row; earlier ones stay as history."""
    terms = caseworker_terms()
    if category not in terms.category_codes or \
            (rehabilitation and rehabilitation not in terms.rehabilitation_codes):
        raise ValueError("unknown category")
    rating = CaseworkerRating(submission_pk=record.id, position=position, category=category,
                              rehabilitation=rehabilitation or None, user_id=user.id,
                              created_at=utcnow().replace(microsecond=0))
    rating.assessed_on = assessed_on or swedish_date(rating.created_at)
    rating.justification = storage.seal(storage.JUSTIFICATION, _justification_row(rating),
                                        justification)
    database.session().add(rating)
    record_event(user=user.username, action="rating_change", subject=subject_of(record),
                 reference_code=record.reference_code,
                 reason=f"{record.reference_code} person {position}: {category} "
                        f"({rating.assessed_on.isoformat()})")
    database.session().commit()
    return rating


def justification_of(rating: CaseworkerRating) -> str:
    return storage.open_sealed(storage.JUSTIFICATION, _justification_row(rating),
                               rating.justification)


def rating_history(record: Submission) -> dict[int, list[CaseworkerRating]]:
    """Return each adult's caseworker ratings, newest first."""
    history: dict[int, list[CaseworkerRating]] = {}
    for rating in database.session().scalars(
            select(CaseworkerRating).where(CaseworkerRating.submission_pk == record.id)
            .order_by(CaseworkerRating.created_at.desc(), CaseworkerRating.id.desc())):
        history.setdefault(rating.position, []).append(rating)
    return history


def mi_facts(record: Submission, history: dict[int, list[CaseworkerRating]]) -> dict[str, bool]:
    """Return the facts MI prompts may depend on besides the answers themselves."""
    differ = any(history.get(p.position) and p.self_rated_category
                 and history[p.position][0].category != p.self_rated_category
                 for p in record.people)
    return {"ratings_differ": bool(differ),
            # The fact keeps its KNUT name; it means the category furthest from work.
            "self_rated_am3": any(p.self_rated_category == caseworker_terms().category_codes[-1]
                                  for p in record.people),
            "no_caseworker_rating": not history}


def adult_facts(record: Submission,
                history: dict[int, list[CaseworkerRating]]) -> dict[int, dict[str, bool]]:
    """Return the review's facts about each adult, for the prompts about that adult."""
    furthest = caseworker_terms().category_codes[-1]
    return {p.position: {
        "ratings_differ": bool(history.get(p.position) and p.self_rated_category
                               and history[p.position][0].category != p.self_rated_category),
        "self_rated_am3": p.self_rated_category == furthest,
        "no_caseworker_rating": not history.get(p.position)} for p in record.people}


def set_prompts_used(*, record: Submission, used: set[tuple[str, int | None]],
                     user: User) -> None:
    """Keep which MI prompts the caseworker used, for whom: ticks can be undone."""
    session = database.session()
    rows = {(row.prompt_id, row.position): row for row in session.scalars(
        select(PromptUse).where(PromptUse.submission_pk == record.id))}
    for key in set(rows) - used:
        session.delete(rows[key])
    session.add_all(PromptUse(submission_pk=record.id, prompt_id=prompt_id, position=position,
                              user_id=user.id) for prompt_id, position in used - set(rows))
    session.commit()


def prompts_used(record: Submission) -> set[tuple[str, int | None]]:
    return set(database.session().execute(select(PromptUse.prompt_id, PromptUse.position)
                                          .where(PromptUse.submission_pk == record.id)).all())


def mi_prompts(record: Submission, steps: list, answers: Answers, history) -> list | None:
    """Return the MI prompts for the household and for each adult, if prompts are installed."""
    guide = current_app.extensions.get("mi_guide")
    if guide is None:
        return None
    from selfservice.review.prompt_choice import choose_prompts

    group = current_app.extensions["record_layout"].adults
    adults = list({step.number: step for step in reversed(steps)
                   if step.page.repeat == group and step.number is not None}.values())
    adults.sort(key=lambda step: step.number)
    risks = frozenset(ref for flag in current_app.extensions["flags"] for ref in flag.answers)
    return choose_prompts(guide, current_app.extensions["questionnaire"], answers, adults,
                          adult_facts(record, history), mi_facts(record, history), group,
                          risks)
