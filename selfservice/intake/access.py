"""Which draft a request works on: the one the applicant's session holds, and only that session.

A session keeps the draft's id and a holder token. Starting or resuming a draft gives it a new
token, so a phone that started a draft loses it (its pages, chat, PDF and confirmation) once
the draft is resumed on another phone; and the phone that sent it keeps the confirmation and
PDF only for ``CONFIRMATION_MINUTES``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import redirect, request, session, url_for
from werkzeug.wrappers import Response

from selfservice.i18n import current_locale
from selfservice.intake import pairing, services
from selfservice.intake.models import Draft, Pairing
from selfservice.records import readings
from selfservice.records.models import FollowUpReading

HOLDER = "draft_holder"
# Set while an interpreter's device may follow this session's draft. Without it a page does
# not look for a pairing (a query on every page for the few who pair): a pairing is opened
# only from this session (``opened_pairing``) or was opened before this session took the
# draft (``hold``); the first page that finds none clears it.
MAY_BE_FOLLOWED = "may_be_followed"


def hold(draft: Draft, holder: str, *, resumed: bool) -> None:
    """Make this session the one that holds ``draft``.

    Only a draft ``resumed`` here may have a pairing open: a new one has none yet.
    """
    session["draft_id"] = draft.id
    session[HOLDER] = holder
    if resumed:
        session[MAY_BE_FOLLOWED] = True


def opened_pairing() -> None:
    """Note that this session opened a pairing for its draft."""
    session[MAY_BE_FOLLOWED] = True


def note_position(draft: Draft, position: str) -> Pairing | None:
    """Tell the draft's open pairing, if any, where the applicant is now; return it."""
    if not session.get(MAY_BE_FOLLOWED):
        return None
    found = pairing.note_position(draft=draft, position=position, locale=current_locale())
    if found is None:
        session.pop(MAY_BE_FOLLOWED, None)
    return found


def end_session() -> None:
    """Forget everything this session holds; this response's links keep the page's language."""
    # The language is settled (and kept for the request) before the session that names it goes.
    current_locale()
    session.clear()


def session_draft() -> tuple[Draft | None, str]:
    """Return the draft this session may see, or None and the page that says why it may not.

    A session that may no longer see its draft is cleared.
    """
    draft = services.find_draft(session.get("draft_id"))
    if draft is not None and draft.holder_hash is None and HOLDER not in session:
        # A session from before drafts had holders (migration 0018) takes its draft, once.
        session[HOLDER] = services.take_draft(draft=draft)
    if "draft_id" not in session:
        return None, "intake.start"
    if draft is None:
        why = "intake.expired"
    elif not services.is_held_by(draft, session.get(HOLDER)):
        why = "intake.elsewhere"
    elif draft.reference_code and not services.confirmation_open(draft):
        why = "intake.closed"
    else:
        return draft, ""
    end_session()
    return None, why


def hold_reading(reading: FollowUpReading, holder: str) -> None:
    """Make this session the one that holds a follow-up reading (``readings.redeem``)."""
    session[readings.SESSION_KEY], session[readings.HOLDER_KEY] = reading.reading_id, holder


def held_reading() -> FollowUpReading | None:
    """Return the unfinished follow-up reading this session holds, if it still holds it."""
    return readings.open_reading(session.get(readings.SESSION_KEY),
                                 session.get(readings.HOLDER_KEY))


def forget_reading() -> None:
    """Forget the follow-up reading once it is finished: its code no longer opens it."""
    session.pop(readings.SESSION_KEY, None)
    session.pop(readings.HOLDER_KEY, None)


def let_go() -> None:
    """End this session's hold on its draft or follow-up reading and forget the session; a
    draft not yet sent stays, and its resume code still opens it, on this phone or another (a
    reading not finished, its follow-up code)."""
    draft, _why = session_draft()
    if draft is not None:
        # An interpreter following this phone stops seeing it too.
        pairing.end_for_draft(draft=draft, by=pairing.BY_CLEARING)
        services.release_draft(draft=draft)
    reading = held_reading()
    if reading is not None:  # a follow-up: its code opens it again, where the person left it
        readings.release(reading=reading)
    end_session()


def refused(why: str) -> Response:
    """Send a session without a draft to the page that says why: the start or a neutral page."""
    return redirect(url_for(why))


def draft_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Load the applicant's draft into ``draft``, or send them to start, resume or receipt.

    Used by every blueprint that works on the applicant's draft (the form and the chat).
    """
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        draft, why = session_draft()
        if draft is None:
            return refused(why)
        if draft.reference_code and request.endpoint != "intake.confirmation":
            return redirect(url_for("intake.confirmation"))
        return view(draft, *args, **kwargs)
    return wrapper
