"""Sending a PDF: privately, and with a clear "try again" when the renderer fails.

The applicant's own PDF and the caseworker's export both send documents this way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Response, abort

from selfservice.documents.renderer import RenderError

logger = logging.getLogger(__name__)


class PrivateDownload(Response):
    """A PDF download that no cache keeps, shared or private.

    ``security.py`` sets ``Cache-Control: no-store`` on every page after the view has run;
    ``private`` is added here, as the response is sent, for caches that ignore no-store.
    """

    def get_wsgi_headers(self, environ):
        headers = super().get_wsgi_headers(environ)
        headers["Cache-Control"] = "no-store, private"
        return headers



def pdf_download(render: Callable[[], bytes], filename: str) -> Response:
    """Send a rendered PDF as a private attachment; a render that fails or hangs is a 503."""
    try:
        pdf = render()
    except RenderError as error:
        logger.error("PDF not made: %s", type(error).__name__)
        abort(503)
    response = PrivateDownload(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
