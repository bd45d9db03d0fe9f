"""Codes people read aloud and type: resume and follow-up codes, reference codes,
access-log secrets and pairing codes.

All but pairing codes use Crockford's base-32 alphabet (no I, L, O or U), so a code read
over the phone or copied from paper survives the usual confusions; input is normalised the
same way. A pairing code is digits only, read aloud in any language.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import secrets
import unicodedata

import segno
from markupsafe import Markup

from selfservice.bidi import western_digits

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
RESUME_CODE_LENGTH = 16  # 80 bits: out of reach of guessing even without rate limits
REFERENCE_BODY_LENGTH = 7
# 60 bits: with the reference code it opens only the list of who opened an application, and
# guesses are rate-limited per reference code, so twelve characters are plenty to type.
ACCESS_SECRET_LENGTH = 12


def normalise(code: str) -> str:
    """Upper-case, drop separators and map look-alike letters to their digits; digits typed
    on an Arabic keyboard ("٧KQ٤") are the same digits."""
    kept = "".join(ch for ch in western_digits(code).upper() if ch.isalnum())
    return kept.translate(_CONFUSABLE)


def _group(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def new_resume_code() -> str:
    """Return a fresh resume code, grouped in fours for reading."""
    return _group("".join(secrets.choice(ALPHABET) for _ in range(RESUME_CODE_LENGTH)))


def hash_resume_code(code: str, *, secret: bytes) -> str:
    """Return the keyed hash under which a resume code is stored."""
    return hmac.new(secret, b"resume:" + normalise(code).encode(), hashlib.sha256).hexdigest()


def new_follow_up_code() -> str:
    """Return a fresh follow-up code: a resume code's length and alphabet, read the same way."""
    return new_resume_code()


def hash_follow_up_code(code: str, *, secret: bytes) -> str:
    """Return the keyed hash under which a follow-up code is stored (apart from resume codes,
    so that neither kind of code can ever open the other)."""
    return hmac.new(secret, b"follow-up:" + normalise(code).encode(),
                    hashlib.sha256).hexdigest()


def derive_access_secret(*, holder: str, submission_id: str, secret: bytes) -> str:
    """Return the access-log secret of a sent application, grouped in fours for reading.

    Drawn from the sending session's holder token (32 random bytes that only that phone's
    session has) under the app's secret key: the confirmation page and the PDF show the same
    secret to that session, a double submit gives the same one, and once the phone forgets
    the token nobody, not even the server, can show it again. Only its hash is stored.
    """
    digest = hmac.new(secret, f"access-secret:{submission_id}:{holder}".encode(),
                      hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big") >> (64 - 5 * ACCESS_SECRET_LENGTH)
    chars = [ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(ACCESS_SECRET_LENGTH))]
    return _group("".join(chars))


def hash_access_secret(code: str, *, reference_code: str, secret: bytes) -> str:
    """Return the keyed hash under which an access-log secret is stored, bound to its
    reference code (a hash copied to another application opens nothing)."""
    message = f"access:{normalise(reference_code)}:{normalise(code)}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def new_holder_token() -> str:
    """Return a new token for the one session that holds a draft or a reading (never shown)."""
    return secrets.token_urlsafe(32)


def hash_holder_token(holder: str) -> str:
    # The token is 32 random bytes: a plain hash is enough to keep a copy of the database
    # from opening anyone's session.
    return hashlib.sha256(holder.encode()).hexdigest()


def hash_held_by_no_one() -> str:
    """Return a holder hash that no token has: a draft or reading let go by every session (no
    hash at all marks one from before holders)."""
    return hash_holder_token(new_holder_token())


def holds(holder_hash: str | None, holder: str | None) -> bool:
    """Tell whether ``holder`` is the token whose hash is ``holder_hash``."""
    return bool(holder) and holder_hash is not None \
        and hmac.compare_digest(holder_hash, hash_holder_token(holder))


def secret_bytes(secret: str | bytes) -> bytes:
    """Return the app's secret key as bytes, the key every code hash here is made under."""
    return secret.encode() if isinstance(secret, str) else secret


def check_character(body: str) -> str:
    """Return the Luhn mod 32 check character, which catches every single-character error."""
    factor, total = 2, 0
    for char in reversed(body):
        addend = factor * ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // 32 + addend % 32
    return ALPHABET[(32 - total % 32) % 32]


def new_reference_code() -> str:
    """Return a short reference code with a check character, such as ``7KQ4-MP9X``."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(REFERENCE_BODY_LENGTH))
    return _group(body + check_character(body))


def is_valid_reference_code(code: str) -> bool:
    """Tell whether a typed reference code is well formed with a matching check character."""
    plain = normalise(code)
    return (len(plain) == REFERENCE_BODY_LENGTH + 1 and all(c in ALPHABET for c in plain)
            and check_character(plain[:-1]) == plain[-1])


# Eight digits: read aloud over a phone in any language and typed on any keypad. A pairing
# code opens only the follower's view of one applicant's current question, for minutes, and
# guesses are rate-limited per address, so eight digits (10^8) keep guessing hopeless.
PAIRING_CODE_LENGTH = 8


def new_pairing_code() -> str:
    """Return a fresh pairing code, grouped in fours for reading ("4821 0937")."""
    digits = "".join(secrets.choice("0123456789") for _ in range(PAIRING_CODE_LENGTH))
    return f"{digits[:4]} {digits[4:]}"


def pairing_digits(code: str) -> str:
    """Return the digits of a typed pairing code, also from an Arabic or Persian keypad."""
    return "".join(str(unicodedata.digit(ch)) for ch in code if unicodedata.digit(ch, None)
                   is not None)


def hash_pairing_code(code: str, *, secret: bytes) -> str:
    """Return the keyed hash under which a pairing code is stored (apart from other codes)."""
    return hmac.new(secret, b"pairing:" + pairing_digits(code).encode(),
                    hashlib.sha256).hexdigest()


def qr_svg(text: str) -> Markup:
    """Return ``text`` as an inline SVG QR code, made here: nothing is fetched."""
    code = segno.make_qr(text, error="m")  # a full QR code; phones rarely read micro QR
    svg = io.BytesIO()
    # With its namespace declared, as the PDF's renderer reads the document as XML (pdf.py).
    code.save(svg, kind="svg", xmldecl=False, svgns=True, nl=False, scale=1, border=0,
              omitsize=True, dark="#000")
    # Safe as markup: segno writes only a path of modules, no text from anyone.
    return Markup(svg.getvalue().decode())  # noqa: S704
