"""Authenticated encryption of stored personal data, bound to where each value lives.

Every sealed value carries its key version and is encrypted with AES-256-GCM under associated
data naming table, column, row and key version. A value copied to another row or column, or
altered by one bit, fails to open with :class:`SealError` instead of yielding garbage.
"""

from __future__ import annotations

import json
import os
import struct
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from selfservice.keys import KeyFileError, Keyring

_FORMAT = b"X1"
_HEADER = struct.Struct(">2sI")
_NONCE_BYTES = 12


class SealError(ValueError):
    """A sealed value is tampered, misplaced, or sealed under an unknown key."""


def _associated_data(table: str, column: str, row_id: str, version: int) -> bytes:
    return f"{table}\x1f{column}\x1f{row_id}\x1f{version}".encode()


def seal(plaintext: bytes, *, keyring: Keyring, table: str, column: str, row_id: str,
         version: int | None = None) -> bytes:
    """Encrypt ``plaintext`` for one cell under the keyring's current key (or ``version``)."""
    version = keyring.current if version is None else version
    nonce = os.urandom(_NONCE_BYTES)
    aad = _associated_data(table, column, row_id, version)
    ciphertext = AESGCM(keyring.key(version)).encrypt(nonce, plaintext, aad)
    return _HEADER.pack(_FORMAT, version) + nonce + ciphertext


def key_version(sealed: bytes) -> int:
    """Return the key version a sealed value was written under."""
    if len(sealed) < _HEADER.size + _NONCE_BYTES or sealed[:2] != _FORMAT:
        raise SealError("Not a sealed value.")
    return _HEADER.unpack_from(sealed)[1]


def unseal(sealed: bytes, *, keyring: Keyring, table: str, column: str, row_id: str) -> bytes:
    """Decrypt one cell's value, refusing anything not sealed for exactly this cell."""
    version = key_version(sealed)
    nonce = sealed[_HEADER.size:_HEADER.size + _NONCE_BYTES]
    ciphertext = sealed[_HEADER.size + _NONCE_BYTES:]
    aad = _associated_data(table, column, row_id, version)
    try:
        return AESGCM(keyring.key(version)).decrypt(nonce, ciphertext, aad)
    except InvalidTag:
        raise SealError(f"Sealed value in {table}.{column} failed authentication.") from None
    except KeyFileError as error:
        raise SealError(str(error)) from None


def seal_json(value: Any, **cell: Any) -> bytes:
    """Seal a JSON-serialisable value for one cell."""
    return seal(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), **cell)


def unseal_json(sealed: bytes, **cell: Any) -> Any:
    """Open a value sealed with :func:`seal_json`."""
    return json.loads(unseal(sealed, **cell))
