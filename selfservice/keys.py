"""Secret keys kept in files apart from the database, generated on first start.

Keys never enter the database or the logs. A key file that exists but cannot be parsed stops
start-up: writing data under a key nobody can find again is worse than not starting.
"""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path


class KeyFileError(RuntimeError):
    """A key file is missing, unreadable or malformed."""


def _create_private_file(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # O_EXCL so two workers starting together never overwrite each other's fresh key.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(content)


def load_secret_key(path: str | Path, *, create: bool = True) -> bytes:
    """Return the Flask secret key from ``path``, generating it with mode 0600 if allowed."""
    path = Path(path)
    if not path.exists():
        if not create:
            raise KeyFileError(f"Secret key file {path} is missing.")
        with contextlib.suppress(FileExistsError):
            _create_private_file(path, secrets.token_urlsafe(48) + "\n")
    value = path.read_text().strip()
    if len(value) < 32:
        raise KeyFileError(f"Secret key file {path} holds fewer than 32 characters.")
    return value.encode()


@dataclass(frozen=True)
class Keyring:
    """Versioned 256-bit keys; new data is sealed under ``current``, old versions still open."""

    keys: dict[int, bytes]

    @property
    def current(self) -> int:
        return max(self.keys)

    def key(self, version: int) -> bytes:
        try:
            return self.keys[version]
        except KeyError:
            raise KeyFileError(f"No key with version {version} in the keyring.") from None


def _parse_keyring(path: Path) -> Keyring:
    return parse_keyring_text(path.read_text(), source=str(path))


def new_key_line(version: int) -> str:
    """Return one keyring line with a fresh random key."""
    return f"{version}:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}\n"


def load_keyring(path: str | Path, *, create: bool = True) -> Keyring:
    """Return the keyring in ``path``, generating a first key with mode 0600 if allowed."""
    path = Path(path)
    if not path.exists():
        if not create:
            raise KeyFileError(f"Key file {path} is missing.")
        with contextlib.suppress(FileExistsError):
            _create_private_file(path, "# version:key, one per line; newest version seals\n"
                                 + new_key_line(1))
    return _parse_keyring(path)


def parse_keyring_text(text: str, *, source: str) -> Keyring:
    """Parse keys given as text (an environment variable): ``1:KEY;2:KEY`` or one per line."""
    keys: dict[int, bytes] = {}
    items = [item for line in text.splitlines() if not line.lstrip().startswith("#")
             for item in line.split(";")]
    for number, item in enumerate(items, start=1):
        item = item.strip()
        if not item:
            continue
        try:
            version_text, encoded = item.split(":", 1)
            version, key = int(version_text), base64.urlsafe_b64decode(encoded.strip())
        except ValueError:
            raise KeyFileError(f"{source}, line {number}: expected 'VERSION:BASE64KEY'.") from None
        if len(key) != 32 or version < 1:
            raise KeyFileError(f"{source}, line {number}: key must be 32 bytes, version >= 1.")
        keys[version] = key
    if not keys:
        raise KeyFileError(f"{source} holds no keys.")
    return Keyring(keys)


@dataclass(frozen=True)
class Keys:
    """The three keys, kept apart: who holds one learns nothing the others protect."""

    pseudonym: Keyring  # HMAC key: identity number -> pseudonym
    identity: Keyring   # seals names, identity numbers, contact details, addresses
    record: Keyring     # seals answers of drafts and submissions


KEY_PURPOSES = ("pseudonym", "identity", "record")


def load_keys(config: dict) -> Keys:
    """Load the three keyrings from environment text or files, generating files if allowed."""
    rings = {}
    for purpose in KEY_PURPOSES:
        text = config.get(f"{purpose.upper()}_KEYS")
        if text:
            rings[purpose] = parse_keyring_text(text, source=f"SELFSERVICE_{purpose.upper()}_KEYS")
        else:
            rings[purpose] = load_keyring(config[f"{purpose.upper()}_KEY_FILE"])
    return Keys(**rings)


def add_key_version(path: str | Path) -> int:
    """Append a new, higher key version to a key file and return it; old versions stay."""
    path = Path(path)
    ring = _parse_keyring(path)
    version = ring.current + 1
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    with os.fdopen(fd, "a") as handle:
        handle.write(new_key_line(version))
        handle.flush()
        os.fsync(handle.fileno())
    return version
