"""The forms bundle: built once while forms/ is unchanged, built anew when a file changes."""

from __future__ import annotations

import shutil

from selfservice.bundle import load_bundle
from selfservice.config import PROJECT_ROOT
from tests.conftest import make_app

QUESTIONNAIRE = "instrument_x_part1"


def test_apps_of_one_process_share_the_bundle_while_the_files_are_unchanged(tmp_path):
    first, second = make_app(tmp_path / "a"), make_app(tmp_path / "b")
    assert first.extensions["forms"] is second.extensions["forms"]


def test_a_changed_file_gives_a_new_bundle_with_the_change(tmp_path):
    forms = tmp_path / "forms"
    shutil.copytree(PROJECT_ROOT / "forms", forms)
    before = load_bundle(forms, QUESTIONNAIRE)
    assert load_bundle(forms, QUESTIONNAIRE) is before
    checklists = forms / "checklists.yaml"
    text = checklists.read_text(encoding="utf-8")
    original = before.checklists.meeting[0].text
    checklists.write_text(text.replace(original, original + " (ändrad)", 1), encoding="utf-8")
    after = load_bundle(forms, QUESTIONNAIRE)
    assert after is not before
    assert after.checklists.meeting[0].text == original + " (ändrad)"
    assert load_bundle(forms, QUESTIONNAIRE) is after
