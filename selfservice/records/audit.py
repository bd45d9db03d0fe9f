"""The append-only audit log of acts on personal data.

Every entry names action, unit, time, user and the person concerned by pseudonym (the model
of HSLF-FS 2016:40 4 kap. 9 §) and carries a hash over itself and the entry before, so that a
changed or removed entry breaks the chain. The database refuses updates to the table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import false, func, or_, select, update

from selfservice import database
from selfservice.clock import SWEDEN
from selfservice.database import utcnow
from selfservice.i18n import N_
from selfservice.records.models import AuditChainHead, AuditEntry

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


# PostgreSQL advisory lock that appends take (any number the service uses for nothing else).
CHAIN_LOCK = 0x5E1F_A0D1
HEAD = 1


def _held_chain_head() -> AuditChainHead:
    """Lock the chain head for this transaction and return it as the last append left it."""
    session = database.session()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(CHAIN_LOCK)))
    # Written before it is read: on SQLite, which has no FOR UPDATE, this takes the database's
    # write lock (a read first could see a head another writer is about to move); on
    # PostgreSQL it locks the row, and the read after it sees the newest committed head.
    moved = session.execute(update(AuditChainHead).where(AuditChainHead.id == HEAD)
                            .values(entry_hash=AuditChainHead.entry_hash)
                            .execution_options(synchronize_session=False)).rowcount
    if not moved:  # a log emptied by hand (or a test's): the chain goes on from its newest entry
        newest = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())
                                 .limit(1)).first()
        head = AuditChainHead(id=HEAD, entry_id=newest.id if newest else None,
                              entry_hash=newest.entry_hash if newest else GENESIS)
        session.add(head)
        return head
    return session.scalars(select(AuditChainHead).where(AuditChainHead.id == HEAD)
                           .execution_options(populate_existing=True)).one()


def record_event(*, user: str, action: str, subject: str, reason: str = "",
                 reference_code: str | None = None) -> AuditEntry:
    """Add one audit entry in the current transaction (the caller commits); an act on one
    application names its ``reference_code``, so its applicant can see it.

    Appends wait for one another from here until the caller's commit, so take no other lock
    after calling this.
    """
    session = database.session()
    head = _held_chain_head()
    entry = AuditEntry(at=utcnow().replace(microsecond=0), user=user,
                       unit=current_app.config["UNIT_NAME"], action=action, subject=subject,
                       reason=reason, reference_code=reference_code,
                       previous_hash=head.entry_hash)
    entry.entry_hash = _entry_hash(entry)
    session.add(entry)
    session.flush()
    head.entry_id, head.entry_hash = entry.id, entry.entry_hash
    return entry


@dataclass(frozen=True)
class ChainBreak:
    """Where the chain first fails to hold, and why (in English, for operators)."""

    entry_id: int | None
    why: str


@dataclass(frozen=True)
class ChainReport:
    entries: int
    first_break: ChainBreak | None
    newest_hash: str = GENESIS


def _link_break(entry: AuditEntry, previous: AuditEntry) -> ChainBreak:
    session = database.session()
    earlier = session.scalars(select(AuditEntry.id).where(
        AuditEntry.entry_hash == entry.previous_hash, AuditEntry.id < previous.id)).first()
    if earlier is not None:
        return ChainBreak(entry.id, f"it links to entry {earlier}, not to entry {previous.id} "
                                    "before it: two entries were linked to the same one (a "
                                    "fork, as appends made at the same moment could before "
                                    "migration 0024), or entries were moved")
    return ChainBreak(entry.id, f"it does not link to entry {previous.id} before it: that "
                                "entry was changed, or entries between them were removed")


def _breaks() -> Iterator[ChainBreak]:
    previous = None
    query = select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=1000)
    with database.session().scalars(query) as entries:
        for entry in entries:
            if entry.entry_hash != _entry_hash(entry):
                yield ChainBreak(entry.id, "its contents do not match its hash: it was changed")
            elif previous is not None and entry.previous_hash != previous.entry_hash:
                yield _link_break(entry, previous)
            previous = entry


def broken_entries() -> list[int]:
    """Return the ids of entries whose hash or link to the entry before does not hold."""
    return [found.entry_id for found in _breaks() if found.entry_id is not None]


def verify_chain() -> ChainReport:
    """Check every entry's hash and link, and that the newest is the chain's head.

    Entries purged for age leave from the oldest end, so the oldest entry kept may link to
    one that is gone.
    """
    session = database.session()
    count = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    breaks = _breaks()
    first = next(breaks, None)
    breaks.close()
    if first is not None:
        return ChainReport(count, first)
    newest = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    head = session.get(AuditChainHead, HEAD)
    if newest is not None and (head is None or head.entry_hash != newest.entry_hash):
        return ChainReport(count, ChainBreak(
            newest.id, "the newest entry is not the one the chain head names "
                       f"(entry {head.entry_id if head else '-'}): entries were removed from "
                       "the end, or added around the log"))
    return ChainReport(count, None, newest.entry_hash if newest else GENESIS)


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
