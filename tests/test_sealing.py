import stat

import pytest

from selfservice.keys import KeyFileError, Keyring, load_keyring, load_secret_key, new_key_line
from selfservice.sealing import SealError, key_version, seal_json, unseal, unseal_json

CELL = {"table": "draft", "column": "answers", "row_id": "abc"}


@pytest.fixture
def keyring(tmp_path):
    return load_keyring(tmp_path / "record_keys")


def test_round_trip(keyring):
    sealed = seal_json({"name": "Testa"}, keyring=keyring, **CELL)
    assert b"Testa" not in sealed
    assert unseal_json(sealed, keyring=keyring, **CELL) == {"name": "Testa"}


def test_value_copied_to_another_row_does_not_open(keyring):
    sealed = seal_json({"name": "Testa"}, keyring=keyring, **CELL)
    with pytest.raises(SealError):
        unseal_json(sealed, keyring=keyring, **{**CELL, "row_id": "other"})
    with pytest.raises(SealError):
        unseal_json(sealed, keyring=keyring, **{**CELL, "column": "identity"})


def test_tampered_value_is_an_error_not_garbage(keyring):
    sealed = bytearray(seal_json({"name": "Testa"}, keyring=keyring, **CELL))
    sealed[-1] ^= 1
    with pytest.raises(SealError, match="failed authentication"):
        unseal(bytes(sealed), keyring=keyring, **CELL)


def test_old_key_versions_still_open_after_a_new_key_is_added(tmp_path):
    path = tmp_path / "record_keys"
    old = load_keyring(path)
    sealed = seal_json([1, 2], keyring=old, **CELL)
    path.write_text(path.read_text() + new_key_line(2))
    new = load_keyring(path)
    assert new.current == 2 and key_version(sealed) == 1
    assert unseal_json(sealed, keyring=new, **CELL) == [1, 2]
    with pytest.raises(SealError):
        unseal_json(sealed, keyring=Keyring({2: new.key(2)}), **CELL)


def test_generated_key_files_are_private(tmp_path):
    load_keyring(tmp_path / "record_keys")
    load_secret_key(tmp_path / "secret_key")
    for name in ("record_keys", "secret_key"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


def test_malformed_key_file_stops_start_up(tmp_path):
    path = tmp_path / "record_keys"
    path.write_text("1:not-base64-of-32-bytes\n")
    with pytest.raises(KeyFileError, match="line 1"):
        load_keyring(path)
    with pytest.raises(KeyFileError, match="missing"):
        load_keyring(tmp_path / "absent", create=False)
