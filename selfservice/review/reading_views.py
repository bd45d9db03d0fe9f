"""Giving a person a follow-up code at a later meeting, from their record.

The code is shown on this one page, once (a POST answer, not stored, not in any address), for
the caseworker to read out or write down; it is audit-logged who gave a code to whom.
"""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from selfservice.accounts.auth import role_required
from selfservice.clock import swedish_time
from selfservice.records import readings
from selfservice.review.record_page import PERSON
from selfservice.review.views import STAFF, ActionForm, _record_or_404, bp


@bp.post("/records/<reference>/follow-up-code/<int:position>")
@role_required(*STAFF)
def follow_up_code(reference: str, position: int):
    """Give one adult of the record a new follow-up code and show it once."""
    found = _record_or_404(reference)
    if position not in {person.position for person in found.people}:
        abort(404)
    if not ActionForm().validate():
        return redirect(url_for(".record", reference=reference, _anchor=f"person-{position}"))
    code, expires_at = readings.issue_code(record=found, position=position, user=current_user)
    return render_template("review/follow_up_code.html", record=found, code=code,
                           position=position, person=PERSON, expires=swedish_time(expires_at))
