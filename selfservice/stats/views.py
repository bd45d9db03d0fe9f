"""Follow-up statistics for caseworkers and administrators: tables and CSV downloads."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import DateField

from selfservice import database, spreadsheet
from selfservice.accounts.auth import role_required
from selfservice.bidi import left_to_right
from selfservice.clock import swedish_date
from selfservice.database import utcnow
from selfservice.i18n import N_, Text, language_name
from selfservice.records.audit import record_event
from selfservice.spreadsheet import csv_download
from selfservice.stats import export, services, socialstyrelsen
from selfservice.stats.agreement import (
    GROUPING_LABELS,
    HOUSEHOLD_LABELS,
    NO_REHABILITATION,
    Agreement,
    agreements_by_group,
)
from selfservice.stats.board import caseload_board
from selfservice.stats.follow_up import days_to_first_assessment, prompts_used_by_kind
from selfservice.stats.persons import person_counts
from selfservice.stats.transitions import CASEWORKER, GROUPINGS, KINDS, transition_tables

bp = Blueprint("stats", __name__, url_prefix="/caseworker/statistics")
board_bp = Blueprint("board", __name__, url_prefix="/caseworker/board")
STAFF = ("caseworker", "admin")
NOT_A_DATE = N_("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel %(example)s.")
START_AFTER_END = N_("Startdatumet kan inte vara efter slutdatumet.")


class PeriodForm(FlaskForm):
    """The period filter; a GET form that changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    start = DateField(format="%Y-%m-%d")
    end = DateField(format="%Y-%m-%d")


def _period() -> tuple[PeriodForm, date, date, dict[str, Text]]:
    """Read the period from the query string; the last twelve months unless one is given.
    Today is the Swedish day, the day the counters are kept by: between midnight in Sweden
    and midnight UTC, a UTC "today" left the new day's counts out of the default period."""
    today = swedish_date(utcnow())
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
            errors[name] = Text(NOT_A_DATE, {"example": left_to_right("2025-01-31")})
    if not errors and period["start"] > period["end"]:
        errors["start"] = Text(START_AFTER_END)
    if errors:
        period = default
    form.start.data, form.end.data = period["start"], period["end"]
    return form, period["start"], period["end"], errors


@bp.get("")
@role_required(*STAFF)
def index():
    """KNUT's transitions, the wait for a first assessment, prompts used and the reports."""
    form, start, end, errors = _period()
    by = request.args.get("by") if request.args.get("by") in GROUPINGS else None
    whose = request.args.get("whose") if request.args.get("whose") in KINDS else CASEWORKER
    return render_template("stats/index.html", **_shared(form, start, end, errors),
                           knut=transition_tables(start=start, end=end, by=by, kind=whose),
                           by=by, whose=whose, groupings=GROUPINGS,
                           waiting=days_to_first_assessment(start=start, end=end),
                           prompts_used=prompts_used_by_kind(start=start, end=end))


@bp.get("/assessments")
@role_required(*STAFF)
def assessments():
    """Persons per category, and how far their own ratings agree with the caseworkers'."""
    form, start, end, errors = _period()
    # Staff may open every record anyway: the page shows the true counts.
    persons = person_counts(start=start, end=end)
    terms = current_app.extensions["caseworker_terms"]
    return render_template("stats/assessments.html", **_shared(form, start, end, errors),
                           tables=services.all_tables(start=start, end=end, persons=persons),
                           agreement=agreements_by_group(persons, {
                               "am": terms.category_codes,
                               "rh": (*terms.rehabilitation_codes, NO_REHABILITATION)}),
                           grouping_labels=GROUPING_LABELS, percent=export.percent,
                           with_share=_with_share)


def _with_share(row: Agreement, count: int) -> Markup:
    """A count with its share of the row's rated persons, or a dash when none are rated.
    (A function, not a template macro: a macro call per cell costs more than the counting.)"""
    share = row.share(count)
    if share is None:
        return Markup("–")
    return Markup('{} <span class="share">({} %)</span>').format(count, export.percent(share))


def _shared(form: PeriodForm, start: date, end: date, errors: dict[str, Text]) -> dict:
    """What both statistics pages show: the period, its errors and the suppression rule."""
    return {"form": form, "errors": errors, "start": start, "end": end,
            "marker": export.MARKER, "publication": _publication_threshold(),
            "group_label": _group_label}


def _publication_threshold() -> int | None:
    """Exports are for publication unless the unit says otherwise: then small counts hide."""
    config = current_app.config
    return config["STATS_PUBLICATION_THRESHOLD"] if config["STATS_PUBLICATION_EXPORTS"] \
        else None


def _group_label(by: str, value: object) -> str:
    """A group's name as the page shows it: a gender's label, an age band, a language, …"""
    if value is None:
        return str(Text(services.MISSING_LABEL))
    if by == "interpreter":
        return str(Text(N_("Tolk behövs") if value else N_("Ingen tolk")))
    if by == "household":
        return str(Text(HOUSEHOLD_LABELS.get(str(value), services.MISSING_LABEL)))
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
    table = next((t for t in services.all_tables(start=start, end=end,
                                                  threshold=_publication_threshold())
                  if t.name == name), None)
    if table is None or errors:
        abort(404)
    record_event(user=current_user.username, action="export_statistics", subject="-",
                 reason=f"{name} {start.isoformat()}..{end.isoformat()}")
    database.session().commit()
    filename = f"statistik-{name}-{start.isoformat()}-{end.isoformat()}.csv"
    return csv_download(export.to_csv(table), filename)


def _socialstyrelsen_rows(kind: str):
    _form, start, end, errors = _period()
    if errors:
        abort(404)
    record_event(user=current_user.username, action="export_statistics", subject="-",
                 reason=f"socialstyrelsen-{kind} {start.isoformat()}..{end.isoformat()}")
    database.session().commit()
    rows = socialstyrelsen.adult_rows(start=start, end=end, today=swedish_date(utcnow()))
    return rows, f"socialstyrelsen-{kind}-{start.isoformat()}-{end.isoformat()}"


@bp.get("/socialstyrelsen/persons.<any(csv, json):fmt>")
@role_required(*STAFF)
def socialstyrelsen_persons(fmt: str):
    """Per adult and pseudonym, with the field names the README documents; audited."""
    rows, filename = _socialstyrelsen_rows("persons")
    records = [row.as_dict() for row in rows]
    if fmt == "json":
        return jsonify(fields=[{"name": name, "meaning": meaning}
                               for name, meaning in socialstyrelsen.FIELDS.items()],
                       rows=records)
    fields = list(socialstyrelsen.FIELDS)
    text = spreadsheet.to_csv([fields, *([("" if r[f] is None else str(r[f])) for f in fields]
                                         for r in records)])
    return csv_download(text, f"{filename}.csv")


@bp.get("/socialstyrelsen/counts.csv")
@role_required(*STAFF)
def socialstyrelsen_counts():
    """Counts by sex, age band and household type, for publication unless the unit says."""
    rows, filename = _socialstyrelsen_rows("counts")
    obstacles = [item.value for item in current_app.extensions["obstacles"]]
    header, body = socialstyrelsen.counts_table(socialstyrelsen.group_counts(rows), obstacles,
                                                _publication_threshold())
    return csv_download(spreadsheet.to_csv([header, *body]), f"{filename}.csv")


@board_bp.get("")
@role_required(*STAFF)
def board():
    """The caseload board: mine by default, or the unit's."""
    mine = request.args.get("who", "me") != "unit"
    since, errors = None, {}
    if request.args.get("since"):
        try:
            since = date.fromisoformat(request.args["since"])
        except ValueError:
            errors["since"] = Text(NOT_A_DATE, {"example": left_to_right("2025-01-31")})
    found = caseload_board(responsible=current_user.id if mine else None, since=since,
                           categories=current_app.extensions["caseworker_terms"].category_codes,
                           today=swedish_date(utcnow()))
    return render_template("stats/board.html", board=found, mine=mine, since=since,
                           errors=errors, typed_since=request.args.get("since", ""),
                           caseworker_terms=current_app.extensions["caseworker_terms"])
