"""Server-side caseworker sessions: revocable, with an idle and an absolute timeout.

Flask's own session cookie is signed, not encrypted, and cannot be ended from the server, so
the caseworker's cookie holds only a random token; the session itself lives in the database.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, g
from flask import session as browser_session

from selfservice import database
from selfservice.accounts.models import User, UserSession
from selfservice.database import utcnow

COOKIE = "caseworker_session"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def idle_timeout() -> timedelta:
    return timedelta(minutes=current_app.config["CASEWORKER_IDLE_MINUTES"])


def start_session(user: User) -> str:
    """Open a new session (a new id at every sign-in) and return its token for the cookie."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    hours = current_app.config["CASEWORKER_SESSION_HOURS"]
    database.session().add(UserSession(token_hash=_hash(token), user_id=user.id,
                                       created_at=now, last_seen_at=now,
                                       ends_at=now + timedelta(hours=hours)))
    database.session().commit()
    return token


def find_session(token: str | None) -> UserSession | None:
    """Return the live session for a token, ending it if it has timed out."""
    if not token:
        return None
    held = database.session().get(UserSession, _hash(token))
    if held is None or held.ended_at is not None:
        return None
    now = utcnow()
    if now >= held.ends_at or now - held.last_seen_at >= idle_timeout():
        held.ended_at = now
        database.session().commit()
        return None
    return held


def touch(held: UserSession) -> None:
    """Record activity, which postpones the idle timeout."""
    held.last_seen_at = utcnow()
    database.session().commit()


def end_session(token: str | None) -> None:
    """End a session on the server; the cookie alone can no longer sign anyone in."""
    held = database.session().get(UserSession, _hash(token)) if token else None
    if held is not None and held.ended_at is None:
        held.ended_at = utcnow()
        database.session().commit()


# What a browser's Flask session may carry from before sign-in: only the language chosen.
KEPT_AT_SIGN_IN = ("lang",)


def renew_browser_session() -> None:
    """Give the browser a Flask session of its own at sign-in and sign-out: a new CSRF token,
    and nothing an earlier visitor (or someone who planted the cookie) put in the old one."""
    kept = {name: browser_session[name] for name in KEPT_AT_SIGN_IN if name in browser_session}
    browser_session.clear()
    browser_session.update(kept)
    # Flask-WTF keeps this request's token in g as well; the next form must get a new one.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
