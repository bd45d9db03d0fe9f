"""The applicant's own PDF: of the sent application, or of a draft so far.

Only the session that holds the draft gets a PDF: there is no address with a code or an id in
it, so there is nothing to guess and no one else's document to ask for.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, redirect, session, url_for

from selfservice.documents import pdf, services
from selfservice.documents.pdf import RenderError
from selfservice.i18n import current_locale
from selfservice.intake import services as intake

logger = logging.getLogger(__name__)

bp = Blueprint("documents", __name__, url_prefix="/documents")


@bp.record_once
def _set_render_time_limit(state) -> None:
    pdf.renderer.timeout = state.app.config["PDF_RENDER_SECONDS"]


class PrivateDownload(Response):
    """A PDF download that no cache keeps, shared or private.

    ``security.py`` sets ``Cache-Control: no-store`` on every page after the view has run;
    ``private`` is added here, as the response is sent, for caches that ignore no-store.
    """

    def get_wsgi_headers(self, environ):
        headers = super().get_wsgi_headers(environ)
        headers["Cache-Control"] = "no-store, private"
        return headers


@bp.app_context_processor
def _checklist() -> dict:
    return {"meeting_checklist": services.MEETING_CHECKLIST}


def pdf_download(render, filename: str) -> Response:
    """Send a rendered PDF as a private attachment; a render that fails or hangs is a 503."""
    try:
        pdf = render()
    except RenderError as error:
        logger.error("PDF not made: %s", type(error).__name__)
        abort(503)
    response = PrivateDownload(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _no_draft() -> Response:
    expired = "draft_id" in session
    return redirect(url_for("intake.expired" if expired else "intake.start"))


@bp.get("/application.pdf")
def application():
    draft = intake.find_draft(session.get("draft_id"))
    if draft is None:
        return _no_draft()
    if not draft.reference_code:
        return redirect(url_for("intake.tasks"))
    record = services.submission_of(draft)
    if record is None:
        abort(404)
    return pdf_download(lambda: services.submission_pdf(record=record, language=current_locale()),
                     services.application_filename(record.reference_code))


@bp.get("/draft.pdf")
def draft():
    draft = intake.find_draft(session.get("draft_id"))
    if draft is None:
        return _no_draft()
    if draft.reference_code:
        return redirect(url_for(".application"))
    return pdf_download(lambda: services.draft_pdf(draft=draft, language=current_locale()),
                     services.application_filename(None))
