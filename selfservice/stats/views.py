"""Follow-up statistics for caseworkers and administrators: tables and CSV downloads."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField

from selfservice import database
from selfservice.accounts.auth import role_required
from selfservice.database import utcnow
from selfservice.i18n import N_, Text, language_name
from selfservice.records.audit import record_event
from selfservice.spreadsheet import csv_download
from selfservice.stats import export, services
from selfservice.stats.transitions import GROUPINGS, transition_tables

bp = Blueprint("stats", __name__, url_prefix="/caseworker/statistics")
STAFF = ("caseworker", "admin")
NOT_A_DATE = N_("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2025-01-31.")
START_AFTER_END = N_("Startdatumet kan inte vara efter slutdatumet.")


class PeriodForm(FlaskForm):
    """The period filter; a GET form that changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    start = DateField(format="%Y-%m-%d")
    end = DateField(format="%Y-%m-%d")


def _period() -> tuple[PeriodForm, date, date, dict[str, Text]]:
    """Read the period from the query string; the last twelve months unless one is given."""
    today = utcnow().date()
    form = PeriodForm(request.args)
    errors: dict[str, Text] = {}
    default = {"start": today - timedelta(days=364), "end": today}
    period = dict(default)
    for name in period:
        if not request.args.get(name):
            continue
        if form[name].validate(form) and form[name].data:
            period[name] = form[name].data
        else:
            errors[name] = Text(NOT_A_DATE)
    if not errors and period["start"] > period["end"]:
        errors["start"] = Text(START_AFTER_END)
    if errors:
        period = default
    form.start.data, form.end.data = period["start"], period["end"]
    return form, period["start"], period["end"], errors


@bp.get("")
@role_required(*STAFF)
def index():
    form, start, end, errors = _period()
    tables = services.all_tables(start=start, end=end)
    by = request.args.get("by") if request.args.get("by") in GROUPINGS else None
    return render_template("stats/index.html", form=form, errors=errors, start=start, end=end,
                           tables=tables, marker=export.MARKER, percent=export.percent,
                           knut=transition_tables(start=start, end=end, by=by), by=by,
                           groupings=GROUPINGS, group_label=_group_label)


def _group_label(by: str, value: str) -> str:
    """A group's name as the page shows it: a gender's label, an age band, a language."""
    if by == "locale":
        return language_name(value) if value else str(Text(services.MISSING_LABEL))
    if by == "gender":
        label = dict(services.current_dimensions().genders).get(value, services.MISSING_LABEL)
    else:
        label = services.AGE_LABELS.get(value, services.MISSING_LABEL)
    return str(Text(label))


@bp.get("/<name>.csv")
@role_required(*STAFF)
def download(name: str):
    _form, start, end, errors = _period()
    table = next((t for t in services.all_tables(start=start, end=end) if t.name == name), None)
    if table is None or errors:
        abort(404)
    record_event(user=current_user.username, action="export_statistics", subject="-",
                 reason=f"{name} {start.isoformat()}..{end.isoformat()}")
    database.session().commit()
    filename = f"statistik-{name}-{start.isoformat()}-{end.isoformat()}.csv"
    return csv_download(export.to_csv(table), filename)
