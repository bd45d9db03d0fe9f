"""How many identities one caseworker may reveal, and the sign administrators get when one
caseworker reaches that many.

Revealing who an applicant is is the most sensitive act in the service. A caseworker at work
reveals a few an hour; ``REVEALS_PER_HOUR`` (20) more are refused, counted per caseworker
through the rate-limit counters every process shares, and the first refusal in an hour is
written to the audit log as ``reveal_limit_reached``, which administrators see at the top of
the queue and of the audit log for a week.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from selfservice import database
from selfservice.database import utcnow
from selfservice.i18n import Counted, counted_text
from selfservice.records.audit import record_event
from selfservice.records.models import AuditEntry

FLAGGED = "reveal_limit_reached"
SHOWN_FOR = timedelta(days=7)


def per_hour() -> str:
    """The limit as Flask-Limiter reads it (a function, so each app's setting counts)."""
    return f"{limit()} per hour"


def limit() -> int:
    return current_app.config["REVEALS_PER_HOUR"]


def limit_reached() -> Counted:
    """Say why the reveal is refused, and that administrators are told."""
    return counted_text("Du har redan visat %(num)s identitet den senaste timmen, så många som "
                        "en handläggare får. Vänta en stund innan du visar fler. "
                        "Administratören får veta det.",
                        "Du har redan visat %(num)s identiteter den senaste timmen, så många "
                        "som en handläggare får. Vänta en stund innan du visar fler. "
                        "Administratören får veta det.", limit())


def made(response: Response) -> bool:
    """Count a reveal only when the identity was shown (not a missing reason)."""
    return response.status_code == 200


def flag_unusual() -> None:
    """Tell administrators, once an hour per caseworker, that the limit was reached."""
    session = database.session()
    already = session.scalars(select(AuditEntry.id).where(
        AuditEntry.action == FLAGGED, AuditEntry.user == current_user.username,
        AuditEntry.at >= utcnow() - timedelta(hours=1)).limit(1)).first()
    if already is None:
        record_event(user=current_user.username, action=FLAGGED, subject="-",
                     reason=f"{limit()} per hour")
        session.commit()


def recent_flags() -> list[AuditEntry]:
    """The times caseworkers reached the limit in the last week, newest first."""
    return list(database.session().scalars(select(AuditEntry).where(
        AuditEntry.action == FLAGGED, AuditEntry.at >= utcnow() - SHOWN_FOR)
        .order_by(AuditEntry.id.desc())))
