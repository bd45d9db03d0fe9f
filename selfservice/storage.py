"""Every encrypted column of the database, sealed and opened here and nowhere else.

Each sealed column is declared once below with the key it uses (record or identity key) and
how its cell is named in the associated data, so a value can never be sealed for one column
and opened as another, and key rotation can re-seal every column from this one list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app

from selfservice import sealing
from selfservice.keys import Keyring, Keys


@dataclass(frozen=True)
class SealedColumn:
    """A database column whose values are sealed, and which of the three keys seals them."""

    table: str
    column: str
    key: str  # "record" or "identity" (the pseudonym key only hashes)

    def keyring(self, keys: Keys | None = None) -> Keyring:
        return getattr(keys or current_app.extensions["keys"], self.key)


DRAFT_ANSWERS = SealedColumn("draft", "answers", "record")
DRAFT_CONVERSATION = SealedColumn("draft", "conversation", "record")
RECORD_ANSWERS = SealedColumn("submission", "answers", "record")
RECORD_IDENTITY = SealedColumn("submission", "identity", "identity")
# The interpreter booking answers typed, not chosen (a dialect, another language), masked:
# the queue opens this small cell instead of the whole answers.
RECORD_BOOKING = SealedColumn("submission", "interpreter_typed", "record")
JUSTIFICATION = SealedColumn("caseworker_rating", "justification", "record")
READING_ANSWERS = SealedColumn("follow_up_reading", "answers", "record")
# A staff member's TOTP secret: with it anyone can make their codes.
STAFF_TOTP = SealedColumn("user_account", "totp_sealed", "identity")
# Not a database column: the secret a staff member is setting up, kept in their (signed,
# not encrypted) Flask session for the few minutes of enrolment, sealed so that the cookie
# does not carry it readable. Not in COLUMNS: a key rotation has no rows of it to re-seal.
STAFF_TOTP_ENROLMENT = SealedColumn("flask_session", "second_factor_enrolment", "identity")
COLUMNS = (DRAFT_ANSWERS, DRAFT_CONVERSATION, RECORD_ANSWERS, RECORD_IDENTITY, RECORD_BOOKING,
           JUSTIFICATION, READING_ANSWERS, STAFF_TOTP)


def justification_row(submission_pk: int, position: int, created_at: datetime) -> str:
    """Name a justification's cell: its row id is not known before insert, so the cell is
    bound to record, person and time of rating (unique per person, to the second)."""
    return f"{submission_pk}:{position}:{created_at.isoformat()}"


def seal(column: SealedColumn, row_id: str, value: Any, *, keys: Keys | None = None) -> bytes:
    """Seal a JSON value for one cell under the column's current key."""
    return sealing.seal_json(value, keyring=column.keyring(keys), table=column.table,
                             column=column.column, row_id=row_id)


def open_sealed(column: SealedColumn, row_id: str, sealed: bytes, *,
                keys: Keys | None = None) -> Any:
    """Open one cell's value; a value sealed for another cell fails (SealError)."""
    return sealing.unseal_json(sealed, keyring=column.keyring(keys), table=column.table,
                               column=column.column, row_id=row_id)


def open_sealed_or_none(column: SealedColumn, row_id: str, sealed: bytes) -> Any:
    """Open one cell's value, or return None if it was sealed for another cell or under a key
    this service no longer has: for a value a client brought back (a session), not a row."""
    try:
        return open_sealed(column, row_id, sealed)
    except sealing.SealError:
        return None


def is_current(column: SealedColumn, sealed: bytes | None, *, keys: Keys | None = None) -> bool:
    """Tell whether a value is sealed under the column's current key (None counts as current)."""
    return sealed is None or sealing.key_version(sealed) == column.keyring(keys).current


# The key check: a known value per key version, so a wrong key stops start-up.
KEY_CHECK_TABLE = "key_check"


def seal_key_check(purpose: str, keyring: Keyring, version: int, canary: bytes) -> bytes:
    return sealing.seal(canary, keyring=keyring, table=KEY_CHECK_TABLE, column=purpose,
                        row_id=str(version), version=version)


def opens_key_check(purpose: str, keyring: Keyring, version: int, sealed: bytes,
                    canary: bytes) -> bool:
    try:
        return sealing.unseal(sealed, keyring=keyring, table=KEY_CHECK_TABLE, column=purpose,
                              row_id=str(version)) == canary
    except sealing.SealError:
        return False
