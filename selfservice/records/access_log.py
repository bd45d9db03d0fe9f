"""What an applicant may read of the audit log: when their application was opened, by which
unit and for what, never by whom.

The person gets a secret with the reference code when they send the application (shown on
the confirmation page and printed in the PDF); only a keyed hash of it is stored, for as long
as the audit entries it opens. A wrong pair and an unknown reference code look the same.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from selfservice import codes, database
from selfservice.database import utcnow
from selfservice.i18n import N_
from selfservice.records.models import AccessLogSecret, AuditEntry

# The acts on an application that its applicant is shown, in the applicant's words. Staff
# acts on no one application (sign-ins, statistics, searches, purges) are never shown, nor
# the caseworker's reason, user name or the pseudonyms.
APPLICANT_ACTIONS = {
    "view_record": N_("Öppnade och läste ansökan"),
    "reveal_identity": N_("Visade namn, personnummer och kontaktuppgifter"),
    "export_pdf": N_("Skrev ut eller sparade ansökan som PDF"),
    "export_agenda": N_("Skrev ut eller sparade dagordningen för ert första möte"),
    "status_change": N_("Ändrade hur långt handläggningen har kommit"),
    "assign": N_("Bestämde vilken handläggare som ansvarar"),
    "rating_change": N_("Gjorde en bedömning av stödbehovet"),
    "meeting_arranged": N_("Planerade ert första möte"),
    "obstacle_change": N_("Antecknade vad som hindrar försörjning"),
    "follow_up_code": N_("Gav en kod för att göra en ny egen bedömning"),
}
# Enough for years of an ordinary case; a page never grows without bound.
MOST_SHOWN = 500


@dataclass(frozen=True)
class AccessLogEntry:
    at: datetime  # UTC, as stored
    unit: str
    action: str  # a Swedish msgid of APPLICANT_ACTIONS


def _key() -> bytes:
    return codes.secret_bytes(current_app.secret_key)


def secret_for(*, holder: str, submission_id: str) -> str:
    """Return the secret of the application this session sent (see codes.py for why it is
    derived from the session's holder token rather than kept anywhere)."""
    return codes.derive_access_secret(holder=holder, submission_id=submission_id, secret=_key())


def new_secret_row(*, reference_code: str, secret: str) -> AccessLogSecret:
    """Build (not yet add) the stored hash of a sent application's access-log secret."""
    return AccessLogSecret(reference_code=reference_code, created_at=utcnow(),
                           secret_hash=codes.hash_access_secret(
                               secret, reference_code=reference_code, secret=_key()))


def reference_of(typed: str) -> str | None:
    """Return a typed reference code as it is stored ("7KQ4-MP9X"), or None if malformed."""
    if not codes.is_valid_reference_code(typed):
        return None
    plain = codes.normalise(typed)
    return f"{plain[:4]}-{plain[4:]}"


def opens(*, reference_code: str, secret: str) -> str | None:
    """Return the stored reference code if ``secret`` opens its log, else None."""
    reference = reference_of(reference_code)
    wanted = codes.hash_access_secret(secret, reference_code=reference or "-", secret=_key())
    stored = database.session().get(AccessLogSecret, reference) if reference else None
    # Compared even without a row, so an unknown reference answers as slowly as a wrong secret.
    matches = hmac.compare_digest(stored.secret_hash if stored else "-" * 64, wanted)
    return reference if stored is not None and matches else None


def open_access_log(*, reference_code: str, secret: str) -> list[AccessLogEntry] | None:
    """Return the acts on this application, newest first, or None if the pair does not match.

    Nothing is written: the look-up is not itself logged, so no secret reaches a log.
    """
    reference = opens(reference_code=reference_code, secret=secret)
    if reference is None:
        return None
    rows = database.session().execute(
        select(AuditEntry.at, AuditEntry.unit, AuditEntry.action)
        .where(AuditEntry.reference_code == reference,
               AuditEntry.action.in_(list(APPLICANT_ACTIONS)))
        .order_by(AuditEntry.id.desc()).limit(MOST_SHOWN))
    return [AccessLogEntry(at=at, unit=unit, action=APPLICANT_ACTIONS[action])
            for at, unit, action in rows]
