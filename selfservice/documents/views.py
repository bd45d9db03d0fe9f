"""The applicant's own PDF: of the sent application, or of a draft so far.

Only the session that holds the draft gets a PDF: there is no address with a code or an id in
it, so there is nothing to guess and no one else's document to ask for. A phone that no longer
holds the draft (it was resumed or sent elsewhere), or that sent it longer ago than the
confirmation stays open, is sent to the page that says so instead.
"""

from __future__ import annotations

import logging

from flask import Blueprint, abort, redirect, session, url_for

from selfservice.documents import renderer, services
from selfservice.documents.download import pdf_download
from selfservice.i18n import current_locale
from selfservice.intake import services as intake
from selfservice.intake.access import HOLDER, refused, session_draft

logger = logging.getLogger(__name__)

bp = Blueprint("documents", __name__, url_prefix="/documents")


@bp.record_once
def _add_renderer(state) -> None:
    # One renderer (and its worker process, started on the first PDF) per app.
    state.app.extensions["pdf_renderer"] = renderer.Renderer(state.app.config["PDF_RENDER_SECONDS"])




@bp.get("/application.pdf")
def application():
    draft, why = session_draft()
    if draft is None:
        return refused(why)
    if not draft.reference_code:
        return redirect(url_for("intake.tasks"))
    record = services.submission_of(draft)
    if record is None:
        abort(404)
    secret = intake.access_secret_of(draft, session.get(HOLDER, ""))
    return pdf_download(lambda: services.submission_pdf(record=record, language=current_locale(),
                                                        access_secret=secret),
                        services.application_filename(record.reference_code))


@bp.get("/draft.pdf")
def draft():
    draft, why = session_draft()
    if draft is None:
        return refused(why)
    if draft.reference_code:
        return redirect(url_for(".application"))
    return pdf_download(lambda: services.draft_pdf(draft=draft, language=current_locale()),
                     services.application_filename(None))
