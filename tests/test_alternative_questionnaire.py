"""A questionnaire with other ids still gets the safety route, self-rating, caseworker view,
statistics and PDF: what a question means is declared in forms/, never matched by id in code.

The forms in tests/forms_alternative/ stand for a municipality's licensed Instrument X
wording: every page, question and choice has ids of its own (``hem.skyddad``, ``skatta``,
``val.grupp``, gender codes ``k``/``m``/``x``), and declare the same meanings.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.builders import personnummer
from tests.chat.test_views import asked_now, send
from tests.conftest import location, make_app, page, sign_in
from tests.documents.conftest import pdf_text, printed
from tests.journey import complete_household, fill_step, start, submit

FORMS = Path(__file__).parent / "forms_alternative"


@pytest.fixture
def alt_app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path, FORMS_PATH=str(FORMS), QUESTIONNAIRE="alt_form")
    yield app
    app.extensions["db_engine"].dispose()


def household(*, protected: str = "no") -> dict[str, dict[str, Any]]:
    return {
        "hem": {"vem_soker": "ensam", "antal_barn": "1", "skyddad": protected,
                "tolkbehov": "yes"},
        "bostad": {"gatuadress": "Exempelvägen 3"},
        "person.1": {"fornamn": "Testa", "pnr": personnummer("19850423", "998"), "kon": "k",
                     "drom": "Jag vill arbeta inom vården."},
        "barnet.1": {"barnets_namn": "Lillan"},
        "skatta.1": {"utbildning": "level_3", "halsa": "level_4"},
        "val.1": {"grupp": "am3", "rehab": "rh2"},
    }


def test_the_forms_load_with_their_own_ids(alt_app):
    questionnaire = alt_app.extensions["questionnaire"]
    assert questionnaire.id == "alt_form"
    assert [q.id for q in questionnaire.page("hem").questions if "safety" in q.marks] == \
        ["skyddad"]
    assert alt_app.extensions["self_rating"].page == "skatta"


def test_the_web_form_sends_a_protected_household_to_the_safety_page(alt_app):
    client = alt_app.test_client()
    start(client)
    response = fill_step(client, alt_app, "/apply/hem", household(protected="yes")["hem"])
    assert location(response) == "/safety"
    # The address page declares that it is not asked then; the task list no longer has it.
    tasks = page(client.get("/tasks")).soup
    assert "/apply/bostad" not in [a["href"].split("?")[0] for a in tasks.select("a[href]")]


def test_the_chat_tells_a_protected_household_how_to_apply_safely(alt_app):
    client = alt_app.test_client()
    start(client)
    soup = page(client.get("/chat")).soup
    assert asked_now(soup) == "hem:vem_soker"
    soup = send(client, soup, {"choice": "ensam"})
    soup = send(client, soup, {"text": "0"})
    assert asked_now(soup) == "hem:skyddad"
    soup = send(client, soup, {"choice": "yes"})
    said = soup.select(".chat__message")[-2].get_text(" ", strip=True)
    assert "frågar vi inte efter din adress" in said
    assert soup.select_one("a[href^='/safety']") is not None


def test_a_household_reaches_the_caseworker_statistics_and_the_pdf(alt_app):
    client = alt_app.test_client()
    start(client)
    complete_household(client, alt_app, inputs=household())
    choice = page(client.get("/apply/val/1")).soup
    assert choice.select_one(".suggestion__category").get_text(strip=True) == "AM3"
    reference = submit(client)

    pdf = client.get("/documents/application.pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.data)
    assert printed("Vad skulle du vilja arbeta med?", text)
    assert printed("Jag vill arbeta inom vården.", text)
    assert printed("Legitimation för alla vuxna i hushållet", text)  # its own checklist

    caseworker = sign_in(alt_app)
    record = page(caseworker.get(f"/caseworker/records/{reference}")).soup
    assert record.select_one("[data-self-rated]").get_text(strip=True) == "AM3"
    own = record.select_one("#person-1").get_text(" ", strip=True)
    assert "Din utbildning" in own and "Hindrar mycket" in own
    assert "Tjänstens förslag: AM3" in own
    assert "Testa" not in record.get_text(" ")  # the name stays behind "Visa identitet"
    assert record.select_one("[data-prompt=folk_far]") is not None  # self-rated furthest

    rated = caseworker.post(f"/caseworker/records/{reference}/ratings/1", data={
        "csrf_token": record.select_one("input[name=csrf_token]")["value"],
        "category": "am2", "rehabilitation": "rh1", "justification": "Nära utbildning."})
    assert rated.status_code == 302

    table = caseworker.get("/caseworker/statistics/self-by-gender.csv")
    assert table.status_code == 200
    header = next(csv.reader(io.StringIO(table.get_data(as_text=True).lstrip("\ufeff")),
                             delimiter=";"))
    assert header == ["Egen bedömning", "Kvinna", "Man", "Annat", "Uppgift saknas", "Totalt"]
    stats = page(caseworker.get("/caseworker/statistics/assessments")).soup
    titles = [t.get_text(strip=True) for t in stats.select(".stats-table__title")]
    assert "Egen bedömning jämfört med handläggarens: Kvinna" in titles
