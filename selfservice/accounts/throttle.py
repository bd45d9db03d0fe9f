"""Sign-in throttling: growing delays after failures, never a lockout an outsider can cause.

Failures are counted three ways: for one account from one address, for one account from
anywhere, and from one address to any account. Past a few free failures, each one doubles the
wait before that key may try again, up to a ceiling. The steep rule is the account *and* the
address: someone guessing a colleague's password from their own machine soon waits a quarter
of an hour per guess, while the colleague, at another address, is at most kept waiting a
minute by the gentler rule for the account alone – which still slows guessing from many
addresses. The address rule slows one machine trying many accounts; an office behind one
address gets many free failures first.

An attempt counts as a failure before the password is checked (so parallel guesses cannot
slip through between check and count) and is forgiven when the password is right. The rows
are found by a keyed hash of the normalised account name (spaces trimmed, case-folded) and of
the address, so neither is stored. Every process shares them through the database.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import case, delete, select, update

from selfservice import database
from selfservice.accounts.models import SignInFailures
from selfservice.database import insert_for, utcnow


@dataclass(frozen=True)
class Rule:
    scope: str  # "account+address", "account" or "address"
    free: int  # failures before the first wait
    longest: int  # seconds: the wait doubles up to this


RULES = (Rule("account+address", free=5, longest=15 * 60),
         Rule("account", free=10, longest=60),
         Rule("address", free=30, longest=60))
# A key that has not failed for this long starts again from nothing.
FORGET_AFTER = timedelta(hours=24)
_TABLE = SignInFailures.__table__


def wait_after(rule: Rule, failures: int) -> int:
    """Seconds to wait after ``failures`` failures: none for the free ones, then 1, 2, 4, …"""
    if failures < rule.free:
        return 0
    return min(2 ** min(failures - rule.free, 30), rule.longest)


def normalised_account(username: str) -> str:
    """The account name as counted: " Kim " and "kim" are one account."""
    return unicodedata.normalize("NFC", username).strip().casefold()


def _hash(text: str) -> str:
    secret = current_app.secret_key
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, text.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class _Key:
    rule: Rule
    key_hash: str
    account_hash: str | None


def _keys(username: str, address: str) -> list[_Key]:
    account = _hash("account:" + normalised_account(username))
    values = {"account+address": (f"pair:{account}:{address}", account),
              "account": (f"account:{account}", account),
              "address": (f"address:{address}", None)}
    return [_Key(rule, _hash(values[rule.scope][0]), values[rule.scope][1]) for rule in RULES]


def _current(row: SignInFailures | None, now: datetime) -> SignInFailures | None:
    return row if row is not None and now - row.last_failure_at < FORGET_AFTER else None


def begin_attempt(*, username: str, address: str) -> int:
    """Count a sign-in attempt as failed and return 0 – or, if a key must still wait, count
    nothing and return the seconds left. Call :func:`succeeded` when the password is right."""
    session = database.session()
    now = utcnow()
    keys = _keys(username, address)
    rows = {row.key_hash: row for row in session.scalars(select(SignInFailures).where(
        SignInFailures.key_hash.in_([key.key_hash for key in keys])))}
    waits = [(row.next_attempt_at - now).total_seconds() for key in keys
             if (row := _current(rows.get(key.key_hash), now)) is not None]
    if any(wait > 0 for wait in waits):
        session.rollback()
        return math.ceil(max(waits))
    for key in keys:
        if not _counted(key, rows.get(key.key_hash), now):
            session.rollback()
            return 1  # another attempt on the same key was counted at the same moment
    session.commit()
    return 0


def _counted(key: _Key, row: SignInFailures | None, now: datetime) -> bool:
    """Add one failure to a key, unless another process changed it since it was read."""
    failures = (_current(row, now).failures if _current(row, now) else 0) + 1
    values = {"failures": failures, "last_failure_at": now,
              "next_attempt_at": now + timedelta(seconds=wait_after(key.rule, failures))}
    session = database.session()
    if row is None:
        return session.execute(insert_for(session)(_TABLE).values(
            key_hash=key.key_hash, account_hash=key.account_hash, **values)
            .on_conflict_do_nothing().returning(_TABLE.c.key_hash)).first() is not None
    return session.execute(update(_TABLE).where(
        _TABLE.c.key_hash == key.key_hash, _TABLE.c.failures == row.failures,
        _TABLE.c.last_failure_at == row.last_failure_at).values(**values)).rowcount == 1


def succeeded(*, username: str, address: str) -> None:
    """Forgive the account its failures, and the address the attempt just counted."""
    session = database.session()
    both, account, by_address = _keys(username, address)
    session.execute(delete(_TABLE).where(
        _TABLE.c.key_hash.in_([both.key_hash, account.key_hash])))
    session.execute(update(_TABLE).where(_TABLE.c.key_hash == by_address.key_hash).values(
        failures=case((_TABLE.c.failures > 0, _TABLE.c.failures - 1), else_=0),
        next_attempt_at=utcnow()))
    session.commit()


def unlock(username: str) -> int:
    """Clear every count kept for an account (from any address); return how many."""
    session = database.session()
    account = _hash("account:" + normalised_account(username))
    cleared = session.execute(delete(_TABLE).where(_TABLE.c.account_hash == account)).rowcount
    session.commit()
    return cleared
