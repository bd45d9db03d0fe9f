"""The interpreter booking (language, dialect, phone or on site, gender, knowing
interpreters) from the household's answers to the caseworker's queue and record, in Swedish."""

from __future__ import annotations

import pytest

from selfservice.questionnaire.files import DefinitionError
from selfservice.records.layout import load_record_layout
from tests.builders import household_inputs
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


def test_the_queue_shows_the_booking_in_swedish(app, login):
    reference = send(app, BOOKING)
    queue = page(login("caseworker").get("/caseworker/"))
    row = next(tr for tr in queue.soup.select("tbody tr") if reference in tr.get_text())
    details = [span.get_text(" ", strip=True) for span in row.select("[data-booking]")]
    assert details == ["Språk: Arabiska", "Dialekt: En annan dialekt", "Hur: I telefon",
                       "Tolkens kön: Jag vill ha en kvinna som tolk",
                       "Kan känna tolkar: Ja"]
    assert "حلبية" not in queue.soup.get_text(), "typed text stays sealed, out of the queue"


def test_the_record_summary_shows_the_booking_with_the_typed_dialects_language(app, login):
    reference = send(app, BOOKING)
    summary = page(login("caseworker").get(f"/caseworker/records/{reference}")).soup \
        .select_one("[data-meeting-summary]")
    facts = [li.get_text(" ", strip=True) for li in summary.select(".meeting-summary__facts li")]
    for fact in ("Vilket språk ska tolken tala? Arabiska",
                 "Vilken arabisk dialekt förstår du bäst? En annan dialekt",
                 "Vilken dialekt ska tolken tala? لهجة حلبية (skrivet på arabiska)",
                 "Hur vill du ha tolken? I telefon",
                 "Spelar det roll för dig om tolken är en kvinna eller en man? "
                 "Jag vill ha en kvinna som tolk",
                 "Kan det hända att du känner tolkar i ditt språk, till exempel där du bor? Ja"):
        assert fact in facts, (fact, facts)
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


def test_a_booking_detail_must_be_a_question_with_choices(app, tmp_path):
    layout = tmp_path / "record.yaml"
    layout.write_text(
        "interpreter_needed: household.interpreter_needed\nadults: adults\n"
        "children: children\ninterpreter_booking:\n"
        "  - {question: household.interpreter_dialect, label: Dialekt}\n"
        "person:\n  first_name: personal.first_name\n"
        "  identity_number: personal.identity_number\n"
        "  date_of_birth: personal.date_of_birth\n  gender: personal.gender\n"
        "  self_rated_category: rating_choice.category\n"
        "  self_rated_rehabilitation: rating_choice.rehab_level\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="not a question with choices"):
        load_record_layout(layout, app.extensions["questionnaire"])
