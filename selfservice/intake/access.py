"""Which draft a request works on: the one whose id the applicant's session holds."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import redirect, request, session, url_for

from selfservice.intake import services


def draft_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Load the applicant's draft into ``draft``, or send them to start, resume or receipt.

    Used by every blueprint that works on the applicant's draft (the form and the chat).
    """
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        draft = services.find_draft(session.get("draft_id"))
        if draft is None:
            expired = "draft_id" in session
            session.pop("draft_id", None)
            return redirect(url_for("intake.expired" if expired else "intake.start"))
        if draft.reference_code and request.endpoint != "intake.confirmation":
            return redirect(url_for("intake.confirmation"))
        return view(draft, *args, **kwargs)
    return wrapper
