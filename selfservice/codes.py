"""Codes people read aloud and type: resume codes and reference codes.

Both use Crockford's base-32 alphabet (no I, L, O or U), so a code read over the phone or
copied from paper survives the usual confusions; input is normalised the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
RESUME_CODE_LENGTH = 16  # 80 bits: out of reach of guessing even without rate limits
REFERENCE_BODY_LENGTH = 7


def normalise(code: str) -> str:
    """Upper-case, drop separators and map look-alike letters to their digits."""
    kept = "".join(ch for ch in code.upper() if ch.isalnum())
    return kept.translate(_CONFUSABLE)


def _group(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def new_resume_code() -> str:
    """Return a fresh resume code, grouped in fours for reading."""
    return _group("".join(secrets.choice(ALPHABET) for _ in range(RESUME_CODE_LENGTH)))


def hash_resume_code(code: str, *, secret: bytes) -> str:
    """Return the keyed hash under which a resume code is stored."""
    return hmac.new(secret, b"resume:" + normalise(code).encode(), hashlib.sha256).hexdigest()


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
