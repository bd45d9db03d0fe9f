"""Refuse to run with a wrong or missing key instead of writing data nobody can read back.

For each key version a known value is sealed (or, for the HMAC key, hashed) into the
``key_check`` table the first time the key is used. At start-up each stored check must open
with the key of the same version; a missing version or a mismatch stops the service.
"""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session

from selfservice import storage
from selfservice.keys import KEY_PURPOSES, KeyFileError, Keyring, Keys
from selfservice.records.models import KeyCheck

CANARY = b"Instrument X self-service key check"


def _hashed(keyring: Keyring, version: int) -> bytes:
    return hmac.new(keyring.key(version), CANARY, hashlib.sha256).digest()


def _check_value(purpose: str, keyring: Keyring, version: int) -> bytes:
    if purpose == "pseudonym":
        return _hashed(keyring, version)
    return storage.seal_key_check(purpose, keyring, version, CANARY)


def _matches(purpose: str, keyring: Keyring, row: KeyCheck) -> bool:
    if row.version not in keyring.keys:
        return False
    if purpose == "pseudonym":
        return hmac.compare_digest(row.check_value, _hashed(keyring, row.version))
    return storage.opens_key_check(purpose, keyring, row.version, row.check_value, CANARY)


def verify_keys(engine: Engine, keys: Keys) -> None:
    """Check every stored key check against the loaded keys and add checks for new versions."""
    if not inspect(engine).has_table("key_check"):
        return  # a database not yet initialised; init-db calls this again afterwards
    with Session(engine) as session:
        stored = {(row.purpose, row.version): row for row in session.scalars(select(KeyCheck))}
        for purpose in KEY_PURPOSES:
            keyring: Keyring = getattr(keys, purpose)
            for (row_purpose, version), row in stored.items():
                if row_purpose == purpose and not _matches(purpose, keyring, row):
                    raise KeyFileError(
                        f"The {purpose} key version {version} is missing or is not the key the "
                        "database was written with. Restore the right key file; refusing to "
                        "start rather than write data that cannot be read back.")
            for version in keyring.keys:
                if (purpose, version) not in stored:
                    session.add(KeyCheck(purpose=purpose, version=version,
                                         check_value=_check_value(purpose, keyring, version)))
        session.commit()
