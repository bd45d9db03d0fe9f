"""Rate-limit counters in the service's own database, shared by every process that uses it.

Flask-Limiter keeps its counters where ``RATELIMIT_STORAGE_URI`` says. ``database://`` (the
default) keeps them here, in one table of the database the service already has, so the limits
hold across the workers of the documented run command and across hosts on PostgreSQL, with
nothing more to run; ``redis://…`` keeps them in Redis instead, and ``memory://`` in each
process (only for trying things out: every worker then counts its own share).

A counter is one row per limit and client: a fixed window that starts with the first hit and
is counted up in one statement (an upsert), so two workers hitting at once both count. Keys
are stored as hashes: they hold addresses and user names, and the row needs neither.
"""

from __future__ import annotations

import hashlib
import random
import time
from typing import ClassVar

from flask import current_app, has_app_context
from limits.storage import Storage
from sqlalchemy import Engine, Float, Integer, String, case, delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from selfservice.database import Base, insert_for

SCHEME = "database"
# Expired counters are deleted now and then by whoever counts next, not by a timer.
CLEAN_UP_ONE_IN = 100


class RateLimitCounter(Base):
    """How many times one client has done one limited thing in the current window."""

    __tablename__ = "rate_limit_counter"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
    # Seconds since the epoch, as the limits library counts them.
    expires_at: Mapped[float] = mapped_column(Float, index=True)


_TABLE = RateLimitCounter.__table__


def _hashed(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class DatabaseStorage(Storage):
    """A ``limits`` storage over the app's SQLAlchemy engine (``database://``)."""

    STORAGE_SCHEME: ClassVar[list[str]] = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **_: object):
        super().__init__(uri, wrap_exceptions=wrap_exceptions)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    @staticmethod
    def _engine() -> Engine:
        # The app's own engine, looked up per call: one process may serve several apps
        # (tests do), and the limiter is one object for all of them.
        return current_app.extensions["db_engine"]

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        engine = self._engine()
        ended = _TABLE.c.expires_at <= now
        upsert = insert_for(engine)(_TABLE).values(
            key_hash=_hashed(key), hits=amount, expires_at=now + expiry)
        upsert = upsert.on_conflict_do_update(index_elements=[_TABLE.c.key_hash], set_={
            "hits": case((ended, amount), else_=_TABLE.c.hits + amount),
            "expires_at": case((ended, now + expiry), else_=_TABLE.c.expires_at),
        }).returning(_TABLE.c.hits)
        with engine.begin() as connection:
            hits = connection.execute(upsert).scalar_one()
            if random.randrange(CLEAN_UP_ONE_IN) == 0:  # noqa: S311 - not a secret
                connection.execute(delete(_TABLE).where(_TABLE.c.expires_at <= now))
        return hits

    def _row(self, key: str):
        with self._engine().connect() as connection:
            return connection.execute(select(_TABLE.c.hits, _TABLE.c.expires_at).where(
                _TABLE.c.key_hash == _hashed(key), _TABLE.c.expires_at > time.time())).first()

    def get(self, key: str) -> int:
        row = self._row(key)
        return row.hits if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        if not has_app_context():
            return True
        with self._engine().connect() as connection:
            connection.execute(select(1))
        return True

    def reset(self) -> int | None:
        with self._engine().begin() as connection:
            return connection.execute(delete(_TABLE)).rowcount

    def clear(self, key: str) -> None:
        with self._engine().begin() as connection:
            connection.execute(delete(_TABLE).where(_TABLE.c.key_hash == _hashed(key)))
