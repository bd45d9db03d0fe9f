"""Friendly error pages: a person never sees a stack trace or a bare status code."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request
from werkzeug.exceptions import HTTPException

from selfservice.inputs import RefusedInput
from selfservice.site import is_staff_path

logger = logging.getLogger(__name__)


def _template() -> str:
    """Staff get their own layout (no quick exit, no "your saved answers are kept")."""
    return "errors/staff_error.html" if is_staff_path(request.path) else "errors/error.html"


def _rolled_back() -> None:
    # A failed write leaves the request's session unusable, and the page about the failure
    # reads the database too (who is signed in).
    session = g.get("db_session")
    if session is not None:
        session.rollback()


def _render_http_error(error: HTTPException):
    _rolled_back()
    if error.response is not None:  # a page of its own, e.g. a rate limit's on_breach
        return error.response
    return render_template(_template(), status=error.code), error.code


def _render_refused(error: RefusedInput):
    _rolled_back()
    return render_template(_template(), status=400, message=error.text), 400


def _render_unexpected(error: Exception):
    _rolled_back()
    # Log the type and place only: the exception text may carry what the person typed.
    logger.error("Unhandled %s", type(error).__name__, exc_info=False)
    return render_template(_template(), status=500), 500


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _render_http_error)
    app.register_error_handler(RefusedInput, _render_refused)
    app.register_error_handler(Exception, _render_unexpected)
