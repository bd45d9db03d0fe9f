"""``flask --app wsgi export-pdf REFERENCE OUT.pdf``: a sent application's PDF, for operators."""

from __future__ import annotations

import getpass
import os

import click
from flask import current_app
from flask.cli import with_appcontext

from selfservice.database import needs_database
from selfservice.documents import services
from selfservice.documents.renderer import RenderError
from selfservice.records.services import find_by_reference


def _write_private(path: str, data: bytes) -> None:
    # The PDF holds personal data: readable by its owner only, like the key files.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


@click.command("export-pdf")
@click.argument("reference")
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
@click.option("--lang", "language", default=None,
              help="Language beside Swedish (sv, en, ar, fi); default: the application's.")
@click.option("--without-identity", is_flag=True,
              help="Leave out names, identity numbers, contact details and address.")
@click.option("--user", default=None, help="Who exports, for the audit log; default: login name.")
@click.option("--reason", default="export-pdf", show_default=True,
              help="Why the PDF is exported, for the audit log.")
@with_appcontext
@needs_database
def export_pdf_command(reference: str, out: str, language: str | None, without_identity: bool,
                       user: str | None, reason: str) -> None:
    """Write the PDF of the application with reference code REFERENCE to OUT.

    The export, and the names and identity numbers it shows, are written to the audit log
    with the user and the reason.
    """
    record = find_by_reference(reference)
    if record is None:
        raise click.ClickException("No application has that reference code.")
    if language is not None and language not in current_app.extensions["languages"]:
        raise click.BadParameter(f"not an offered language: {language}", param_hint="--lang")
    try:
        pdf = services.exported_pdf(record=record, language=language or record.locale,
                                    user=user or getpass.getuser(), reason=reason,
                                    with_identity=not without_identity)
    except RenderError as error:
        raise click.ClickException(f"The PDF could not be made ({error}).") from None
    _write_private(out, pdf)
    click.echo(f"Wrote {out} ({len(pdf) // 1024} KB). It contains personal data.")
