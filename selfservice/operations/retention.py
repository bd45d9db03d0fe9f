"""Retention: delete expired drafts, old records and old audit entries, and their bytes.

Safe to run from cron: it only deletes what is past its configured time, prints counts and
can run again at any moment. On SQLite, deleted pages are overwritten (secure_delete), the
write-ahead log is truncated and the file is vacuumed so the bytes really leave the disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select, text

from selfservice import database
from selfservice.clock import swedish
from selfservice.database import utcnow
from selfservice.funnel.feedback import forget_old_comments
from selfservice.intake.models import Draft
from selfservice.records.audit import record_event
from selfservice.records.models import (
    AccessLogSecret,
    AuditEntry,
    Submission,
    SubmissionPerson,
)
from selfservice.stats import tallies

DEFAULT_AUDIT_RETENTION_DAYS = 1826


@dataclass
class PurgeReport:
    drafts: int
    records: int
    audit_entries: int
    audit_retention_days: int
    feedback_comments: int = 0


def purge(*, now: datetime | None = None) -> PurgeReport:
    """Delete everything past its retention time; return how much went."""
    now = now or utcnow()
    config = current_app.config
    session = database.session()
    drafts = session.execute(delete(Draft).where(Draft.expires_at <= now)).rowcount
    record_cutoff = (now - timedelta(days=config["RECORD_RETENTION_DAYS"])).date()
    old = select(Submission.id).where(Submission.submitted_on < record_cutoff)
    # The persons whose records go: their follow-up is counted again without them.
    leaving = {tallies.person_key(*row) for row in session.execute(
        select(SubmissionPerson.pseudonym, SubmissionPerson.submission_pk,
               SubmissionPerson.position).where(SubmissionPerson.submission_pk.in_(old)))}
    session.execute(delete(SubmissionPerson).where(SubmissionPerson.submission_pk.in_(old)))
    records = session.execute(delete(Submission).where(Submission.id.in_(old))).rowcount
    tallies.refresh(session.connection(), leaving)
    audit_days = config["AUDIT_RETENTION_DAYS"]
    audit_cutoff = now - timedelta(days=audit_days)
    audit = session.execute(delete(AuditEntry).where(AuditEntry.at < audit_cutoff)).rowcount
    # The secrets that show applicants who opened their applications open audit entries: they
    # go with the entries, not with the (shorter-lived) records.
    session.execute(delete(AccessLogSecret).where(AccessLogSecret.created_at < audit_cutoff))
    # Comments after sending are free text: kept by whole months, as long as records are.
    comments = forget_old_comments(before_month=swedish(
        now - timedelta(days=config["RECORD_RETENTION_DAYS"])).strftime("%Y-%m"))
    record_event(user="system", action="purge", subject="-",
                 reason=f"drafts={drafts} records={records} audit={audit} comments={comments}")
    session.commit()
    _reclaim_space()
    return PurgeReport(drafts, records, audit, audit_days, comments)


def _reclaim_space() -> None:
    engine = current_app.extensions["db_engine"]
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL: autovacuum reuses the space; see SECURITY.md for VACUUM FULL
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        connection.exec_driver_sql("VACUUM")
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
