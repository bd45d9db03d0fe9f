"""Keyed pseudonyms: the same person links over time; nobody without the key can link back.

The pseudonym is HMAC-SHA256 of the normalised 12-digit identity number under the
pseudonymisation key. A person without a personnummer or samordningsnummer gets no pseudonym
at all: a hash of name and birth date would be a weak link that could join strangers.
"""

from __future__ import annotations

import hashlib
import hmac

from personnummer.personnummer import Personnummer, PersonnummerException

from selfservice.keys import Keyring


def normalise_identity_number(raw: str) -> str | None:
    """Return the 12-digit form of a valid personnummer or samordningsnummer, else None."""
    try:
        return Personnummer("".join(raw.split())).format(long_format=True)
    except (PersonnummerException, ValueError, TypeError):
        return None


def pseudonym(number: str, *, keyring: Keyring, version: int | None = None) -> tuple[str, int]:
    """Return the pseudonym of a normalised identity number and the key version used."""
    version = keyring.current if version is None else version
    digest = hmac.new(keyring.key(version), b"personnummer:" + number.encode(), hashlib.sha256)
    return digest.hexdigest(), version


def all_pseudonyms(number: str, *, keyring: Keyring) -> list[tuple[str, int]]:
    """Return the pseudonym under every key version, to find records not yet re-keyed."""
    return [pseudonym(number, keyring=keyring, version=v) for v in sorted(keyring.keys)]
