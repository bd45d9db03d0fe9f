"""A second factor for staff: a code from an authenticator app (TOTP), or a recovery code.

Why: a caseworker's password opens every household's answers, and passwords are phished and
reused. The secret is made at the user's first sign-in and shown once as a QR code (segno,
drawn here, nothing leaves the server) with its text beside it; it is kept only when the
user has typed a code their app made from it. Ten recovery codes are shown once and stored
only as keyed hashes, each good for one sign-in. A code is accepted for its 30-second step
and the one on each side (phones' clocks drift), and never twice.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
import segno
from flask import current_app
from markupsafe import Markup

from selfservice import codes, database, storage
from selfservice.accounts.models import User

ISSUER = "Instrument X"
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L: read off paper
RESET_ACTION = "reset_2fa"


def required() -> bool:
    """Tell whether staff must give a second factor (STAFF_SECOND_FACTOR, on by default)."""
    return bool(current_app.config["STAFF_SECOND_FACTOR"])


def new_secret() -> str:
    return pyotp.random_base32()


def sealed_for_enrolment(user: User, secret: str) -> bytes:
    """Seal a new secret for the session of ``user`` while they set it up: the session is
    only signed, and a cookie is copied, logged and kept in more places than the database."""
    return storage.seal(storage.STAFF_TOTP_ENROLMENT, str(user.id), secret)


def opened_for_enrolment(user: User, sealed: object) -> str | None:
    """Return the secret being set up, or None if there is none for this user (or it was
    sealed for another user, or under a key this service no longer has)."""
    if not isinstance(sealed, bytes):
        return None
    return storage.open_sealed_or_none(storage.STAFF_TOTP_ENROLMENT, str(user.id), sealed)


def qr_svg(user: User, secret: str) -> Markup:
    """The enrolment QR code as inline SVG: the authenticator app reads the secret from it."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)
    return Markup(segno.make(uri, error="m").svg_inline(  # noqa: S704 -- segno's own SVG
        scale=4, dark="#0b0c0c", light="#ffffff", omitsize=True))


def _accepted_step(secret: str, code: str, last_step: int | None) -> int | None:
    """Return the 30-second step a code belongs to, if it is right and not used before."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(datetime.now())  # the step of this moment (pyotp's own clock)
    for step in (now - 1, now, now + 1):
        if (last_step is None or step > last_step) and hmac.compare_digest(
                totp.generate_otp(step), code):
            return step
    return None


def enrol(user: User, secret: str, code: str) -> list[str] | None:
    """Keep the secret if ``code`` was made from it; return the new recovery codes (shown
    once), or None for a wrong code."""
    step = _accepted_step(secret, code, None)
    if step is None:
        return None
    recovery = [_recovery_code() for _ in range(RECOVERY_CODES)]
    keep_secret(user, secret)
    user.totp_last_step = step
    user.recovery_hashes = [_hash(code) for code in recovery]
    database.session().commit()
    return recovery


def verify(user: User, code: str) -> bool:
    """Check a code from the app or a recovery code (used up); True signs the user in."""
    secret = secret_of(user)
    if secret is None:
        return False
    step = _accepted_step(secret, code, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        if user.totp_secret is not None:
            keep_secret(user, secret)  # set up before secrets were sealed: sealed now
        database.session().commit()
        return True
    hashed = _hash(code)
    left = list(user.recovery_hashes or [])
    found = next((h for h in left if hmac.compare_digest(h, hashed)), None)
    if found is None:
        return False
    left.remove(found)
    user.recovery_hashes = left
    database.session().commit()
    return True


def reset(user: User) -> None:
    """Forget a user's second factor: they enrol again at their next sign-in. The caller
    audits it and commits (``flask reset-2fa``)."""
    user.totp_sealed = user.totp_secret = user.totp_last_step = user.recovery_hashes = None


def secret_of(user: User) -> str | None:
    """Return the user's TOTP secret, opened; None when no second factor is set up."""
    if user.totp_sealed is not None:
        return storage.open_sealed(storage.STAFF_TOTP, str(user.id), user.totp_sealed)
    return user.totp_secret


def keep_secret(user: User, secret: str) -> None:
    """Store the secret sealed for this user's row (and no longer in clear)."""
    user.totp_sealed = storage.seal(storage.STAFF_TOTP, str(user.id), secret)
    user.totp_secret = None


def recovery_left(user: User) -> int:
    return len(user.recovery_hashes or [])


def _recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _hash(code: str) -> str:
    normal = "".join(ch for ch in code.upper() if ch.isalnum())
    return hmac.new(codes.secret_bytes(current_app.secret_key), b"recovery:" + normal.encode(),
                    hashlib.sha256).hexdigest()
