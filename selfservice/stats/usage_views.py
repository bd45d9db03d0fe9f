"""The administrator's view of how the e-service is used: where applicants stop, how long
sending takes, and what they answered after sending."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from selfservice import database
from selfservice.accounts.auth import role_required
from selfservice.funnel import feedback
from selfservice.funnel.services import CHANNELS, FORM
from selfservice.i18n import N_, Text, language_name
from selfservice.records.audit import record_event
from selfservice.spreadsheet import csv_download, to_csv
from selfservice.stats.suppression import MARKER
from selfservice.stats.usage import ALL, band_text, usage
from selfservice.stats.usage_chart import funnel_chart
from selfservice.stats.views import _period

bp = Blueprint("usage", __name__, url_prefix="/caseworker/usage")
CHANNEL_LABELS = {FORM: N_("Formuläret"), "chat": N_("Chatten"), ALL: N_("Båda kanalerna")}


def _choice(name: str, allowed: list[str]) -> str:
    value = request.args.get(name, ALL)
    return value if value in allowed else ALL


def _language_label(locale: str) -> str:
    return str(Text(N_("Alla språk"))) if locale == ALL else language_name(locale)


@bp.get("")
@role_required("admin")
def index():
    """The funnel of the chosen language and channel, as a chart and a table; the overview
    of every language and channel; the answers after sending and the period's comments."""
    form, start, end, errors = _period()
    found = usage(start=start, end=end)
    language = _choice("language", found.locales)
    channel = _choice("channel", list(CHANNELS))
    rows = found.funnel(language, channel)
    months = start.strftime("%Y-%m"), end.strftime("%Y-%m")
    return render_template(
        "stats/usage.html", form=form, errors=errors, start=start, end=end, usage=found,
        language=language, channel=channel, rows=rows, chart=funnel_chart(rows),
        channels=(ALL, *CHANNELS), channel_labels=CHANNEL_LABELS,
        language_label=_language_label, band_text=band_text, marker=MARKER, ALL=ALL,
        # Not by language or channel: a list of few comments would count what the tables hide.
        comments=feedback.comments(first_month=months[0], last_month=months[1])
        if found.answered() is not None else None)


@bp.get("/funnel.csv")
@role_required("admin")
def funnel_csv():
    """Every language, channel and step of the period, hidden where small as on the page."""
    _form, start, end, errors = _period()
    if errors:
        abort(404)
    found = usage(start=start, end=end)
    record_event(user=current_user.username, action="export_statistics", subject="-",
                 reason=f"funnel {start.isoformat()}..{end.isoformat()}")
    database.session().commit()
    lines = [["language", "channel", "step", "reached", "completed"]]
    for locale in (*found.locales, ALL):
        for channel in (*CHANNELS, ALL):
            lines += [[locale or "all", channel or "all", row.step,
                       MARKER if row.reached is None else row.reached,
                       MARKER if row.completed is None else row.completed]
                      for row in found.funnel(locale, channel)]
    return csv_download(to_csv(lines), f"tratt-{start.isoformat()}-{end.isoformat()}.csv")
