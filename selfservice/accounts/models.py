"""Caseworker and administrator accounts and their server-side sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from selfservice.database import Base, utcnow

ROLES = ("caseworker", "admin")


class User(Base):
    """A person at the social office who signs in; passwords are stored as argon2id hashes."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The second factor (accounts/second_factor.py): the TOTP secret the user's app shares,
    # sealed (storage.STAFF_TOTP), the last 30-second step a code was taken for (no code
    # works twice), and keyed hashes of the recovery codes not used yet. No secret: not
    # enrolled (enrolment at next sign-in). ``totp_secret`` holds a secret set up before
    # secrets were sealed (migration 0029) until its next use seals it.
    totp_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    recovery_hashes: Mapped[list[str] | None] = mapped_column(JSON)

    @property
    def enrolled(self) -> bool:
        """Whether a second factor is set up (sealed, or from before sealing)."""
        return self.totp_sealed is not None or self.totp_secret is not None

    # flask-login's user protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)


class UserSession(Base):
    """A signed-in session held on the server, so that it can time out and be ended."""

    __tablename__ = "user_session"

    # Only a hash of the session token is stored; the token itself lives in the cookie.
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ends_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)


class SignInFailures(Base):
    """Failed sign-ins counted for one account, one address, or one account from one address;
    each failure past a free few makes the next attempt wait longer (accounts/throttle.py).

    Only hashes of the account name and address are kept: neither is needed in clear.
    """

    __tablename__ = "sign_in_failures"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The account's hash on its own rows and on its rows per address, so that an
    # administrator can clear them all (``flask --app wsgi unlock-user``).
    account_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failure_at: Mapped[datetime] = mapped_column(DateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime)
