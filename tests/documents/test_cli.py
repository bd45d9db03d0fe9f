"""flask --app wsgi export-pdf REFERENCE OUT.pdf"""

from __future__ import annotations

import getpass
import stat

from sqlalchemy import select

from selfservice import database
from selfservice.records.models import AuditEntry
from tests.documents.conftest import pdf_text, send_household


def audit_actions(app) -> list[tuple[str, str, str]]:
    with app.app_context():
        return [(e.action, e.user, e.reason)
                for e in database.session().scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_export_writes_the_pdf_privately_and_audits_the_identity(client, app, runner, tmp_path):
    reference = send_household(client, app, "ar")
    out = tmp_path / "ansokan.pdf"
    result = runner.invoke(args=["export-pdf", reference.lower(), str(out), "--user", "anna",
                                 "--reason", "ny utskrift till sökande"])
    assert result.exit_code == 0, result.output
    assert "personal data" in result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = pdf_text(out.read_bytes())
    assert reference in text and "Exempelsson" in text
    assert "هذا ما سيحدث الآن" in text  # the language the application was written in
    assert audit_actions(app)[-2:] == [("reveal_identity", "anna", "ny utskrift till sökande"),
                                       ("export_pdf", "anna", "ny utskrift till sökande")]


def test_export_without_identity_leaves_names_out(client, app, runner, tmp_path):
    reference = send_household(client, app, "sv")
    before = audit_actions(app)
    out = tmp_path / "utan-namn.pdf"
    result = runner.invoke(args=["export-pdf", reference, str(out), "--without-identity",
                                 "--lang", "fi"])
    assert result.exit_code == 0, result.output
    text = pdf_text(out.read_bytes())
    assert reference in text and "Exempelsson" not in text
    assert "Näin asia etenee nyt" in text
    assert audit_actions(app)[len(before):] == [("export_pdf", getpass.getuser(), "export-pdf")]


def test_export_of_an_unknown_reference_fails_clearly(runner, tmp_path):
    out = tmp_path / "x.pdf"
    result = runner.invoke(args=["export-pdf", "7KQ4-MP9X", str(out)])
    assert result.exit_code == 1
    assert "No application has that reference code." in result.output
    assert not out.exists()


def test_export_refuses_a_language_the_service_does_not_offer(client, app, runner, tmp_path):
    reference = send_household(client, app, "sv")
    result = runner.invoke(args=["export-pdf", reference, str(tmp_path / "x.pdf"),
                                 "--lang", "de"])
    assert result.exit_code == 2
    assert "not an offered language" in result.output
