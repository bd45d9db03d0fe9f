"""The statistics page and its CSV downloads, for signed-in caseworkers and administrators."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from sqlalchemy import select

from selfservice import database
from selfservice.records.models import AuditEntry
from tests.conftest import Page, location, page, without_lang
from tests.stats.test_services import GROUPS, add_groups

FIRST_HALF = "start=2024-11-01&end=2025-06-30"


@pytest.fixture
def adults(app):
    with app.app_context():
        add_groups(GROUPS)


def checked(response) -> Page:
    """Parse a caseworker page and check what every page must pass (no quick exit here)."""
    assert response.status_code == 200
    page = Page(response)
    assert len(page.soup.select("h1")) == 1
    assert page.soup.html["lang"] == "sv"
    ids = [tag["id"] for tag in page.soup.select("[id]")]
    assert len(ids) == len(set(ids))
    for field in page.soup.select("input:not([type=hidden]), select, textarea"):
        assert page.soup.select_one(f"label[for='{field['id']}']"), field
    return page


def test_anonymous_visitors_are_sent_to_sign_in(app):
    for url in ("/caseworker/statistics", "/caseworker/statistics/agreement.csv"):
        response = app.test_client().get(url)
        assert response.status_code == 302
        assert location(response).startswith("/caseworker/sign-in")


@pytest.mark.parametrize("role", ["caseworker", "admin"])
def test_caseworkers_and_admins_see_every_table_for_the_period(login, adults, role):
    client = login(role)
    knut = checked(client.get(f"/caseworker/statistics?{FIRST_HALF}"))
    assert knut.h1 == "Statistik för uppföljning"
    assert [c.get_text(" ", strip=True) for c in knut.soup.select("caption")] == \
        ["Arbetsmarknadskategori", "Arbetsinriktad rehabilitering"]
    assert knut.soup.select_one("[data-transitions=am]") is not None
    # The two pages of one period link to each other with the period kept.
    pages = {a.get_text(strip=True): (without_lang(a["href"]), a.get("aria-current"))
             for a in knut.soup.select("[data-statistics-pages] a")}
    assert pages == {
        "Förflyttning, väntetid och rapporter": (
            "/caseworker/statistics?start=2024-11-01&end=2025-06-30", "page"),
        "Antal och överensstämmelse": (
            "/caseworker/statistics/assessments?start=2024-11-01&end=2025-06-30", None)}
    page = checked(client.get(pages["Antal och överensstämmelse"][0]))
    captions = [c.get_text(" ", strip=True) for c in page.soup.select("caption")]
    assert captions[:4] == ["Egen bedömning per kön", "Egen bedömning per åldersgrupp",
                            "Handläggarens bedömning per kön",
                            "Handläggarens bedömning per åldersgrupp"]
    assert captions[-2:] == ["Arbetsmarknadskategori", "Arbetsinriktad rehabilitering"]
    assert page.soup.select_one("#start")["value"] == "2024-11-01"
    table = page.soup.select_one("#table-agreement table")
    first_row = [td.get_text(strip=True) for td in table.select("tbody tr")[0].select("th, td")]
    assert first_row == ["AM1", "10", "5", "0", "15"]  # G counts as AM2 at the end of June
    # 10 of 32 agree at the end of June: C's AM2 and G's AM1 came later.
    assert "31,2 %" in page.soup.select_one("#table-agreement").get_text(" ", strip=True)
    links = [without_lang(a["href"]) for a in page.soup.select("a[download]")]
    assert len(links) == len(captions) - 2 == 9  # per group: no export yet


def test_staff_see_small_counts_and_the_publication_export_hides_them(login, app):
    with app.app_context():
        add_groups({"few": (3, "am2", "woman", "30-39", date(2025, 1, 1),
                            [("am2", datetime(2025, 2, 1))]),
                    "more": (13, "am1", "man", "30-39", date(2025, 1, 1), [])})
    client = login()
    page = checked(client.get(f"/caseworker/statistics/assessments?{FIRST_HALF}"))
    row = page.soup.select_one("#table-self-by-gender tbody tr:nth-of-type(2)")
    assert [c.get_text(strip=True) for c in row.select("td")] == ["3", "0", "0", "0", "3"]
    rule = page.soup.select_one("[data-suppression-rule]").get_text(" ", strip=True)
    assert "antal från 1 till 4, markerade med .." in rule
    exported = client.get(f"/caseworker/statistics/self-by-gender.csv?{FIRST_HALF}")
    lines = exported.get_data(as_text=True).lstrip("\ufeff").splitlines()
    # The 3 is hidden and so is the woman column's total it would be read from; the 13
    # beside them is hidden too (it would give the 3 away from the row's total), as "..",
    # never as "<5".
    assert lines[1] == "AM1;0;..;0;0;.."
    assert lines[2] == "AM2;..;0;0;0;.."
    assert "<5" not in exported.get_data(as_text=True)


def test_a_unit_can_choose_true_counts_in_its_exports(login, app):
    app.config["STATS_PUBLICATION_EXPORTS"] = False
    with app.app_context():
        add_groups({"few": (3, "am2", "woman", "30-39", date(2025, 1, 1), [])})
    exported = login().get(f"/caseworker/statistics/self-by-gender.csv?{FIRST_HALF}")
    assert exported.get_data(as_text=True).lstrip("\ufeff").splitlines()[2] == \
        "AM2;3;0;0;0;3"


def test_an_empty_period_says_nobody_is_rated_not_that_a_count_is_hidden(login, app):
    page = checked(login().get(
        "/caseworker/statistics/assessments?start=1900-01-01&end=1900-12-31"))
    share = page.soup.select_one("#table-agreement").get_text(" ", strip=True)
    assert "ingen är bedömd av både sig själv och handläggaren" in share
    assert "dolt" not in share
    for query in ("end=9999-12-31", "start=1900-01-01&end=9999-12-31"):
        assert login().get(f"/caseworker/statistics/agreement.csv?{query}").status_code == 200
        assert login().get(
            f"/caseworker/statistics/socialstyrelsen/counts.csv?{query}").status_code == 200


def test_a_wrong_date_is_explained_and_the_default_period_shown(login, adults):
    page = checked(login().get("/caseworker/statistics?start=31%2F13%2F2025&end=2025-06-30"))
    assert page.errors == ["Skriv datumet som ÅÅÅÅ-MM-DD, till exempel \u20662025-01-31\u2069."]
    assert page.soup.select_one("#start")["aria-invalid"] == "true"
    assert page.soup.select_one("#end")["value"] != "2025-06-30"  # the default period instead
    page = checked(login().get("/caseworker/statistics?start=2025-06-01&end=2025-01-01"))
    assert page.errors == ["Startdatumet kan inte vara efter slutdatumet."]


def test_a_table_downloads_as_csv_and_the_export_is_audited(login, app, adults):
    response = login("caseworker", username="karin").get(
        f"/caseworker/statistics/self-by-gender.csv?{FIRST_HALF}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="statistik-self-by-gender-2024-11-01-2025-06-30.csv"')
    text = response.get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Egen bedömning", "Kvinna", "Man", "Annat", "Uppgift saknas", "Totalt"]
    assert rows[-1] == ["Totalt", "22", "21", "0", "0", "43"]
    with app.app_context():
        entry = database.session().scalars(select(AuditEntry).where(
            AuditEntry.action == "export_statistics")).one()
    assert entry.user == "karin"
    assert entry.reason == "self-by-gender 2024-11-01..2025-06-30"


def test_an_unknown_table_is_not_found(login):
    assert login().get("/caseworker/statistics/nothing.csv").status_code == 404


def test_a_swedish_term_inside_a_label_stays_words_in_english(login, adults):
    """The English title keeps KNUT marked as Swedish on the page, and as plain words in
    the table's accessible name (markup there broke the attribute and spilled on screen)."""
    knut = page(login().get(f"/caseworker/statistics?{FIRST_HALF}&lang=en"))
    region = knut.soup.select_one("[data-transitions=am]").find_parent("div")
    assert region["aria-label"] == "Movement between categories (KNUT): Labour-market category"
    assert knut.soup.select_one("#transitions span[lang=sv]").get_text() == "KNUT"
