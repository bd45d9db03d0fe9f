"""The administrator's page of the funnel and the answers after sending: who may see it, the
median time, the answers' distribution hidden where small, the comments, the chart."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from selfservice import database
from selfservice.clock import swedish_date
from selfservice.database import utcnow
from selfservice.funnel import feedback
from selfservice.funnel import services as funnel
from selfservice.funnel.models import DurationCount, Feedback, StepCount
from selfservice.operations.retention import purge
from selfservice.stats.suppression import MARKER
from selfservice.stats.usage import _median_band, band_text
from tests.bidi_order import reversed_numbers
from tests.conftest import location, page


def counted(app, rows: list[tuple[str, str, str, int, int]]) -> None:
    """Counters of today: (language, channel, step, reached, completed)."""
    with app.app_context():
        today = utcnow().date()
        database.session().add_all(StepCount(day=today, locale=locale, channel=channel,
                                             step=step, reached=reached, completed=done)
                                   for locale, channel, step, reached, done in rows)
        database.session().commit()


def timed(app, bands: dict[tuple[str, int], int]) -> None:
    """Applications sent today by (language, band in minutes) through the form."""
    with app.app_context():
        today = utcnow().date()
        database.session().add_all(DurationCount(day=today, locale=locale, channel="form",
                                                 minutes=minutes, count=count)
                                   for (locale, minutes), count in bands.items())
        database.session().commit()


def answered(app, language: str, channel: str, count: int, **values) -> None:
    with app.test_request_context():
        for _ in range(count):
            feedback.store(values=values, locale=language, channel=channel)


def test_only_administrators_see_the_page(app, login, client):
    assert location(client.get("/caseworker/usage")).startswith("/caseworker/sign-in")
    assert login("caseworker").get("/caseworker/usage").status_code == 403
    caseworker_menu = page(login("caseworker").get("/caseworker/")).soup
    assert not caseworker_menu.select("a[href^='/caseworker/usage']")
    admin = login("admin")
    shown = page(admin.get("/caseworker/usage"))
    assert shown.h1 == "Användning av e-tjänsten"
    assert page(admin.get("/caseworker/")).soup.select("nav a[href^='/caseworker/usage']")


@pytest.mark.parametrize(("histogram", "band"), [
    ({0: 1}, (0, 5)),
    ({20: 3, 30: 2}, (20, 30)),
    ({20: 2, 30: 2}, (20, 45)),  # the middle two in different bands: both
    ({60: 1, 90: 5, 120: 1}, (90, 120)),
    ({20160: 7}, (20160, None)),
    ({}, None),
])
def test_the_median_is_the_band_the_middle_application_falls_in(histogram, band):
    assert _median_band(histogram) == band


@pytest.mark.parametrize(("band", "text"), [
    ((20, 30), "20–30 minuter"), ((60, 90), "1–1,5 timmar"), ((1440, 2880), "1–2 dygn"),
    ((45, 60), "45–60 minuter"), ((20160, None), "14 dygn eller mer"),
])
def test_a_band_reads_in_the_unit_that_fits(app, band, text):
    with app.test_request_context("/?lang=sv"):
        assert without_isolates(str(band_text(band))) == text


def test_a_band_reads_left_to_right_among_arabic_words(app):
    with app.test_request_context("/?lang=ar"):
        written = str(band_text((20, 30)))
    assert "\u2066" in written and reversed_numbers(written) == []
    assert reversed_numbers(without_isolates(written))  # what the isolate prevents


def without_isolates(text: str) -> str:
    return text.replace("\u2066", "").replace("\u2069", "")


def test_the_median_shows_once_enough_were_sent(app, login):
    timed(app, {("sv", 20): 2, ("sv", 30): 2, ("ar", 90): 2})
    admin = login("admin")
    overall = page(admin.get("/caseworker/usage")).soup.select_one("[data-median]")
    assert without_isolates(overall.get_text(" ", strip=True)) == \
        "Mediantid från första steget till att ansökan skickades: 30–45 minuter."
    swedish = page(admin.get("/caseworker/usage?language=sv")).soup.select_one("[data-median]")
    assert "minst 5" in swedish.get_text()


def test_the_answers_are_shown_per_language_and_channel_with_small_counts_hidden(app, login):
    answered(app, "sv", "form", 6, ease="easy", helped="no")
    answered(app, "sv", "form", 9, ease="neutral", helped="no")
    answered(app, "ar", "chat", 2, ease="hard", helped="interpreter", comment="صعب قليلاً")
    admin = login("admin")
    true = {("sv", "form"): {"Ganska lätt": 6, "Varken lätt eller svårt": 9},
            ("ar", "chat"): {"Ganska svårt": 2}}

    def table(language: str, channel: str) -> dict[str, str]:
        soup = page(admin.get(f"/caseworker/usage?language={language}&channel={channel}")).soup
        return {row.th.get_text(strip=True): row.td.get_text(strip=True)
                for row in soup.select("[data-feedback-table=ease] tbody tr")}

    for (language, channel), counts in true.items():
        shown = table(language, channel)
        for label, text in shown.items():
            count = counts.get(label, 0)
            assert text == (MARKER if 0 < count < 5 else text), (language, label)
            assert text in {MARKER, str(count)}, (language, label)
    assert table("ar", "chat")["Ganska svårt"] == MARKER
    # Of the Swedish row one count must hide with the Arabic two (all answers are a sum of
    # them), the smaller one; the other stays.
    assert table("sv", "form")["Varken lätt eller svårt"] == "9"
    assert table("", "")["Ganska svårt"] == MARKER
    comments = page(admin.get("/caseworker/usage?language=sv")).soup
    # Comments are of all languages, whatever is chosen, once enough answered.
    assert [q.get_text() for q in comments.select("[data-comments] q")] == ["صعب قليلاً"] * 2
    assert comments.select_one("[data-comments] q")["lang"] == "ar"


def test_comments_wait_for_enough_answers(app, login):
    answered(app, "fi", "form", 2, comment="Kiitos")
    shown = page(login("admin").get("/caseworker/usage")).soup
    assert "Kiitos" not in shown.get_text()
    assert "minst 5" in shown.select_one("[data-comments]").get_text()


def test_the_chart_has_a_bar_per_shown_count_and_the_marker_for_hidden_ones(app, login):
    counted(app, [("sv", "form", "urgent", 40, 38), ("sv", "form", "household", 30, 2),
                  ("en", "form", "urgent", 10, 10), ("en", "form", "household", 10, 10)])
    chart = page(login("admin").get("/caseworker/usage?language=sv&channel=form")).soup \
        .select_one("svg[data-funnel-chart]")
    assert chart["aria-hidden"] == "true"
    texts = [t.get_text() for t in chart.select("text.funnel-chart__count")]
    assert texts[:4] == ["40", "38", "30", MARKER]
    widths = [float(r["width"]) for r in chart.select("rect.funnel-chart__bar")][:3]
    assert widths[0] > widths[1] > widths[2] > 0
    labels = [t.get_text() for t in chart.select("text.funnel-chart__label")]
    assert labels[:2] == ["Behöver du hjälp redan i dag?", "Om hushållet"]
    assert labels[-2:] == ["Kontrollera dina svar", "Ansökan skickades"]


def test_a_step_no_longer_in_the_questionnaire_keeps_its_counts(app, login):
    counted(app, [("sv", "form", "old_page", 12, 9)])
    row = page(login("admin").get("/caseworker/usage")).soup.select_one("tr[data-step=old_page]")
    assert row.th.get_text(strip=True) == "old_page"
    assert row.select_one("[data-reached]").get_text() == "12"


@pytest.mark.parametrize("query", ["start=2025-13-01", "start=2026-05-01&end=2026-01-01",
                                   "language=xx&channel=fax", "start=<script>"])
def test_bad_filters_are_said_or_ignored_never_a_crash(app, login, query):
    admin = login("admin")
    response = admin.get(f"/caseworker/usage?{query}")
    assert response.status_code == 200
    if query.startswith("start"):
        assert page(response).soup.select_one(".error-summary")
        assert admin.get(f"/caseworker/usage/funnel.csv?{query}").status_code == 404


def test_the_csv_download_is_audited(app, login):
    admin = login("admin", username="admin-usage")
    admin.get("/caseworker/usage/funnel.csv")
    log = page(admin.get("/caseworker/audit")).soup.get_text(" ")
    assert "admin-usage" in log and "funnel" in log


def test_purge_blanks_old_comments_and_keeps_their_answers(app):
    with app.test_request_context():
        old = utcnow() - timedelta(days=app.config["RECORD_RETENTION_DAYS"] + 40)
        feedback.store(values={"ease": "easy", "comment": "gammal"}, locale="sv",
                       channel="form", now=old)
        feedback.store(values={"comment": "bara en kommentar"}, locale="sv", channel="form",
                       now=old)
        feedback.store(values={"comment": "ny"}, locale="sv", channel="form")
        report = purge()
        left = database.session().scalars(select(Feedback).order_by(Feedback.month)).all()
    assert report.feedback_comments == 2
    assert [(f.ease, f.comment) for f in left] == [("easy", None), (None, "ny")]


def test_counting_twice_the_same_step_adds_nothing(app):
    with app.test_request_context():
        marks = funnel.count_progress(None, locale="sv", channel="form", completed=["urgent"])
        assert funnel.count_progress(marks, locale="sv", channel="form",
                                     reached=["urgent"], completed=["urgent"]) is None
        database.session().commit()
        today = swedish_date(utcnow())  # count_progress keeps the Swedish day
        assert funnel.step_totals(start=today, end=today) == {("sv", "form", "urgent"): (1, 1)}
