"""The one question after sending: how it was, whether anyone helped, and a comment.

Optional and anonymous: an answer is stored with its month, language and channel only, never
with the draft, the record or the session it came from; identity numbers, e-mail addresses
and phone numbers typed into the comment are masked before it is stored.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale
from sqlalchemy import delete, func, select, update

from selfservice import database
from selfservice.clock import swedish
from selfservice.database import utcnow
from selfservice.funnel.models import Feedback
from selfservice.i18n import N_, Text
from selfservice.inputs import RefusedInput, clean
from selfservice.questionnaire import messages
from selfservice.records.masking import mask


@dataclass(frozen=True)
class Choice:
    value: str
    label: str  # msgid


# From hardest to easiest; the template draws each face from its place in this order.
EASE = (Choice("very_hard", N_("Mycket svårt")), Choice("hard", N_("Ganska svårt")),
        Choice("neutral", N_("Varken lätt eller svårt")), Choice("easy", N_("Ganska lätt")),
        Choice("very_easy", N_("Mycket lätt")))
HELPED = (Choice("no", N_("Nej, jag fyllde i själv")),
          Choice("family_friend", N_("Ja, någon i familjen eller en vän")),
          Choice("interpreter", N_("Ja, en tolk")),
          Choice("staff", N_("Ja, någon som arbetar på socialtjänsten eller en annan myndighet")))
QUESTIONS = {"ease": EASE, "helped": HELPED}
COMMENT_LENGTH = 1000
NOTHING_CHOSEN = N_("Du har inte valt något svar. Välj ett svar eller skriv en kommentar, "
                    "eller hoppa över frågorna.")


def read(form: Mapping[str, str]) -> tuple[dict[str, str | None], dict[str, Text]]:
    """Read a posted answer; return its values and an error per field that is wrong."""
    values: dict[str, str | None] = {}
    errors: dict[str, Text] = {}
    for name, choices in QUESTIONS.items():
        value = form.get(name) or None
        if value is not None and value not in {choice.value for choice in choices}:
            errors[name] = Text(messages.REQUIRED_CHOICE)
        values[name] = value
    values["comment"] = form.get("comment") or None  # shown again as typed if refused
    try:
        # Words as people type them; the controls that reorder how a text reads are refused.
        values["comment"] = clean(values["comment"] or "", multiline=True, words=True,
                                  limit=COMMENT_LENGTH) or None
    except RefusedInput as refused:
        errors["comment"] = refused.text
    if not errors and not any(values.values()):
        errors["ease"] = Text(NOTHING_CHOSEN)
    return values, errors


def store(*, values: Mapping[str, str | None], locale: str, channel: str,
          now: datetime | None = None) -> None:
    """Keep one answer with its month, language and channel, and nothing that leads back."""
    comment = values.get("comment")
    if comment:
        # The markers in Swedish, as staff read every other masked text.
        with force_locale("sv"):
            comment = mask(comment)
    session = database.session()
    session.add(Feedback(id=secrets.token_hex(16),
                         month=swedish(now or utcnow()).strftime("%Y-%m"), locale=locale,
                         channel=channel, ease=values.get("ease"), helped=values.get("helped"),
                         comment=comment))
    session.commit()


def answer_totals(*, first_month: str, last_month: str) -> dict[tuple[str, str, str, str], int]:
    """Return how many chose each answer per (language, channel, question, answer code);
    a question left unanswered counts as the answer ``""``."""
    totals: dict[tuple[str, str, str, str], int] = {}
    for name in QUESTIONS:
        column = getattr(Feedback, name)
        rows = database.session().execute(
            select(Feedback.locale, Feedback.channel, column, func.count())
            .where(Feedback.month.between(first_month, last_month))
            .group_by(Feedback.locale, Feedback.channel, column))
        for locale, channel, value, count in rows:
            totals[(locale, channel, name, value or "")] = int(count)
    return totals


def comments(*, first_month: str, last_month: str, limit: int = 200) -> list[Feedback]:
    """Return the comments of the months, newest month first (in no order within a month)."""
    return list(database.session().scalars(
        select(Feedback).where(Feedback.month.between(first_month, last_month),
                               Feedback.comment.is_not(None))
        .order_by(Feedback.month.desc(), Feedback.id).limit(limit)))


def forget_old_comments(*, before_month: str) -> int:
    """Blank the comments of months before ``before_month`` (in the caller's transaction),
    delete answers left with nothing, and return how many comments went; the choices of
    answers that had them stay, as counts do."""
    session = database.session()
    forgotten = session.execute(update(Feedback).where(
        Feedback.month < before_month, Feedback.comment.is_not(None))
        .values(comment=None)).rowcount
    session.execute(delete(Feedback).where(Feedback.ease.is_(None), Feedback.helped.is_(None),
                                           Feedback.comment.is_(None)))
    return forgotten
