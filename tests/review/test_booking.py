"""The interpreter booking (language, dialect, phone or on site, gender, knowing
interpreters) from the household's answers to the caseworker's queue and record, in Swedish."""

from __future__ import annotations

import pytest

from selfservice.questionnaire.files import DefinitionError
from selfservice.records import services as records
from selfservice.records.layout import load_record_layout
from tests.builders import ADULTS, household_inputs
from tests.conftest import page
from tests.journey import complete_household, start, submit

BOOKING = {"interpreter_needed": "yes", "interpreter_speaks": "arabic",
           "interpreter_dialect_arabic": "other", "interpreter_dialect": "لهجة حلبية",
           "interpreter_mode": "phone", "interpreter_gender": "woman",
           "interpreter_known": "yes"}


def send(app, household: dict, lang: str = "ar") -> str:
    inputs = household_inputs(adults=1, children=0)
    inputs["household"].update(household)
    client = app.test_client()
    client.get(f"/?lang={lang}")
    start(client)
    complete_household(client, app, adults=1, children=0, inputs=inputs)
    return submit(client)


def _queue_booking(client, reference: str) -> list[str]:
    queue = page(client.get("/caseworker/"))
    row = next(tr for tr in queue.soup.select("tbody tr") if reference in tr.get_text())
    return [span.get_text(" ", strip=True) for span in row.select("[data-booking]")]


def test_the_queue_shows_the_booking_in_swedish_with_the_typed_dialects_language(app, login):
    reference = send(app, BOOKING)
    client = login("caseworker")
    assert _queue_booking(client, reference) == [
        "Språk: Arabiska", "Dialekt: لهجة حلبية (skrivet på arabiska)", "Hur: I telefon",
        "Tolkens kön: Jag vill ha en kvinna som tolk", "Kan känna tolkar: Ja"]
    typed = page(client.get("/caseworker/")).soup.select_one("[data-booking] bdi[lang=ar]")
    assert typed.get_text() == "لهجة حلبية"
    with app.app_context():
        kept = records.find_by_reference(reference)
        assert "حلبية" not in kept.interpreter_booking, "the coded answers only, in clear"
        assert "household.interpreter_dialect_arabic" in kept.interpreter_booking
        assert "حلبية".encode() not in kept.interpreter_typed, "typed text is sealed"


def test_a_typed_language_and_dialect_reach_the_queue_masked(app, login):
    reference = send(app, {"interpreter_needed": "yes", "interpreter_speaks": "other",
                           "interpreter_language": "Tigrinja, ring mig 070-123 45 67",
                           "interpreter_dialect": f"Asmara {ADULTS[0]['identity_number']}",
                           "interpreter_mode": "on_site",
                           "interpreter_gender": "no_preference", "interpreter_known": "no"},
                     lang="sv")
    client = login("caseworker")
    shown = _queue_booking(client, reference)
    assert shown == ["Språk: Tigrinja, ring mig [telefonnummer dolt] (skrivet på svenska)",
                     "Dialekt: Asmara [personnummer dolt] (skrivet på svenska)",
                     "Hur: På plats vid mötet", "Tolkens kön: Det spelar ingen roll",
                     "Kan känna tolkar: Nej"]
    # The record masks them as it masks free text, until the identity is revealed.
    record = page(client.get(f"/caseworker/records/{reference}")).soup.get_text()
    assert "Asmara [personnummer dolt]" in record and "[telefonnummer dolt]" in record
    for number in (ADULTS[0]["identity_number"], "070-123 45 67"):
        assert number not in record


def test_key_rotation_reseals_the_typed_booking_and_fills_it_for_older_records(app, login):
    from sqlalchemy import update

    from selfservice import database, sealing
    from selfservice.operations.rotation import rotate_keys
    from selfservice.records.models import Submission

    newer, older = send(app, BOOKING), send(app, BOOKING)
    with app.app_context():  # sent before the typed booking had its own cell
        database.session().execute(update(Submission).values(interpreter_typed=None)
                                   .where(Submission.reference_code == older))
        database.session().commit()
    client = login("caseworker")
    assert "Dialekt: En annan dialekt" in _queue_booking(client, older)
    with app.app_context():
        assert rotate_keys().remaining == 0
        assert sealing.key_version(records.find_by_reference(newer).interpreter_typed) == 2
    for reference in (newer, older):
        assert "Dialekt: لهجة حلبية (skrivet på arabiska)" in _queue_booking(client, reference)


def test_the_record_summary_shows_the_booking_with_the_typed_dialects_language(app, login):
    reference = send(app, BOOKING)
    summary = page(login("caseworker").get(f"/caseworker/records/{reference}")).soup \
        .select_one("[data-meeting-summary]")
    line = next(li for li in summary.select(".meeting-summary__facts li")
                if "Behöver du tolk" in li.get_text())
    facts = [fact.get_text(" ", strip=True) for fact in line.select("[data-fact]")]
    # On the interpreter answer's own line, by the booking's short names where it has them.
    assert facts == ["Behöver du tolk när du träffar socialtjänsten? Ja",
                     "Språk : Arabiska", "Dialekt : En annan dialekt",
                     "Dialekt : لهجة حلبية (skrivet på arabiska)",
                     "Hur : I telefon", "Tolkens kön : Jag vill ha en kvinna som tolk",
                     "Kan känna tolkar : Ja"]
    for link in line.select("a"):
        assert summary.find_parent("html").select_one(link["href"]) is not None
    typed = summary.select_one("[data-written-in]")
    assert typed["data-written-in"] == "ar"


def test_a_language_without_a_list_is_typed_and_named_on_the_agenda(app, login):
    reference = send(app, {"interpreter_needed": "yes", "interpreter_speaks": "other",
                           "interpreter_language": "Tigrinja (Eritrea)",
                           "interpreter_dialect": "", "interpreter_mode": "on_site",
                           "interpreter_gender": "no_preference", "interpreter_known": "no"},
                     lang="sv")
    client = login("caseworker")
    record = page(client.get(f"/caseworker/records/{reference}")).soup
    agenda = page(client.get(record.select_one("[data-agenda-link]")["href"])).soup
    assert agenda.select_one("[data-interpreter]").get_text(" ", strip=True) == \
        "Ett annat språk, Tigrinja (Eritrea), inte bokad ännu"


def test_a_dialect_list_is_asked_only_for_its_language(app):
    from tests.journey import fill_step

    client = app.test_client()
    start(client)
    fill_step(client, app, "/apply/household",
              {**household_inputs(1, 0)["household"], **BOOKING, "interpreter_speaks": "somali",
               "interpreter_dialect": "af-Maay"})
    step = page(client.get("/apply/household"))
    chosen = step.soup.select_one("input[name=interpreter_dialect_arabic][checked]")
    assert chosen is None, "an Arabic dialect is not kept for a Somali interpreter"
    assert step.soup.select_one("#interpreter_dialect")["value"] == "af-Maay"


def test_a_booking_detail_must_be_a_question_of_the_form(app, tmp_path):
    layout = tmp_path / "record.yaml"
    layout.write_text(
        "interpreter_needed: household.interpreter_needed\nadults: adults\n"
        "children: children\ninterpreter_booking:\n"
        "  - {question: household.interpreter_dialekt, label: Dialekt}\n"
        "person:\n  first_name: personal.first_name\n"
        "  identity_number: personal.identity_number\n"
        "  date_of_birth: personal.date_of_birth\n  gender: personal.gender\n"
        "  self_rated_category: rating_choice.category\n"
        "  self_rated_rehabilitation: rating_choice.rehab_level\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"unknown question 'household\.interpreter_dialekt'"):
        load_record_layout(layout, app.extensions["questionnaire"])
