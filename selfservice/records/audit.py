"""The append-only audit log of acts on personal data.

Every entry names action, unit, time, user and the person concerned by pseudonym (the model
of HSLF-FS 2016:40 4 kap. 9 §) and carries a hash over itself and the entry before, so that a
changed or removed entry breaks the chain. The database refuses updates to the table.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import false, or_, select

from selfservice import database
from selfservice.clock import SWEDEN
from selfservice.database import utcnow
from selfservice.i18n import N_
from selfservice.records.models import AuditEntry

GENESIS = "0" * 64
# What each action code means, for staff reading the log (the code itself is stored).
ACTION_LABELS = {
    "view_record": N_("Öppnade ansökan"),
    "reveal_identity": N_("Visade identitet"),
    "reveal_limit_reached": N_("Nådde gränsen för att visa identiteter"),
    "lookup_identity_number": N_("Sökte på personnummer"),
    "rating_change": N_("Bedömde kategori"),
    "status_change": N_("Ändrade status"),
    "assign": N_("Ändrade ansvarig handläggare"),
    "meeting_arranged": N_("Planerade första mötet"),
    "obstacle_change": N_("Angav försörjningshinder"),
    "follow_up_code": N_("Gav uppföljningskod"),
    "export_pdf": N_("Laddade ner PDF"),
    "export_agenda": N_("Laddade ner dagordningen som PDF"),
    "export_statistics": N_("Exporterade statistik"),
    "audit_export": N_("Exporterade granskningsloggen"),
    "purge": N_("Gallrade uppgifter"),
}


def action_label(action: str) -> str:
    """Return the Swedish msgid that says what an action code means (the code if unknown)."""
    return ACTION_LABELS.get(action, action)


def _entry_hash(entry: AuditEntry) -> str:
    fields = [entry.previous_hash, entry.at.isoformat(), entry.user, entry.unit, entry.action,
              entry.subject, entry.reason]
    if entry.reference_code:
        # Entries from before the column (migration 0020) keep the hash they were written with.
        fields.append(entry.reference_code)
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


def record_event(*, user: str, action: str, subject: str, reason: str = "",
                 reference_code: str | None = None) -> AuditEntry:
    """Add one audit entry in the current transaction (the caller commits); an act on one
    application names its ``reference_code``, so its applicant can see it."""
    session = database.session()
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)
                           .with_for_update()).first()
    entry = AuditEntry(at=utcnow().replace(microsecond=0), user=user,
                       unit=current_app.config["UNIT_NAME"], action=action, subject=subject,
                       reason=reason, reference_code=reference_code,
                       previous_hash=last.entry_hash if last else GENESIS)
    entry.entry_hash = _entry_hash(entry)
    session.add(entry)
    return entry


def broken_entries() -> list[int]:
    """Return the ids of entries whose hash or link to the entry before does not hold."""
    broken = []
    previous = None
    for entry in database.session().scalars(select(AuditEntry).order_by(AuditEntry.id)):
        linked = previous is None or entry.previous_hash == previous.entry_hash
        if not linked or entry.entry_hash != _entry_hash(entry):
            broken.append(entry.id)
        previous = entry
    return broken


AUDIT_PAGE = 100


def search_entries(*, subjects: list[str] | None = None, text: str | None = None,
                   user: str | None = None, day: date | None = None,
                   page: int = 1) -> list[AuditEntry]:
    """Return a page of entries, newest first: about any of ``subjects`` (pseudonyms) or
    mentioning ``text`` (a reference code), by ``user``, on ``day`` (a Swedish date)."""
    query = select(AuditEntry)
    about = [AuditEntry.subject.contains(subject) for subject in subjects or ()]
    if text:
        about.append(AuditEntry.reason.contains(text))
        about.append(AuditEntry.subject.contains(text))
    if subjects is not None or text:
        query = query.where(or_(*about) if about else false())
    if user:
        query = query.where(AuditEntry.user == user)
    if day is not None:
        start = datetime.combine(day, time.min, tzinfo=SWEDEN).astimezone(UTC) \
            .replace(tzinfo=None)
        query = query.where(AuditEntry.at >= start, AuditEntry.at < start + timedelta(days=1))
    return list(database.session().scalars(query.order_by(AuditEntry.id.desc())
                                           .limit(AUDIT_PAGE)
                                           .offset((max(page, 1) - 1) * AUDIT_PAGE)))
