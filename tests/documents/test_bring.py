"""What to bring, for this household: the documents of forms/checklists.yaml whose conditions
hold for the sent answers, and what happens next with the unit's time promises, on the
confirmation page and in the PDF."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import force_locale, ngettext

from selfservice.questionnaire.files import DefinitionError
from selfservice.questionnaire.vocabulary import documents_to_bring, load_checklists
from tests.conftest import make_app, page
from tests.documents.conftest import pdf_text, printed, send_household

FORMS = Path(__file__).resolve().parents[2] / "forms"
LEASE = "Hyreskontraktet eller andrahandskontraktet, eller avtalet om att du hyr ett rum"
KRONOFOGDEN = "Papper från Kronofogden om vad du är skyldig, till exempel ett beslut eller en lista"
MEDICAL = "Läkarintyg för sjukskrivningen"
JOBS_APPLIED_FOR = "Lista över jobb du har sökt"
CONTACT = ("En handläggare läser dina svar och ringer eller skriver till dig inom %(num)s "
           "arbetsdag för att boka ert första möte.",
           "En handläggare läser dina svar och ringer eller skriver till dig inom %(num)s "
           "arbetsdagar för att boka ert första möte.")
DECISION = ("När vi har fått alla papper som behövs får du ett beslut inom %(num)s dag.",
            "När vi har fått alla papper som behövs får du ett beslut inom %(num)s dagar.")
RENTER_IN_DEBT = {
    "housing": {"housing_kind": "second_hand"},
    "debts": {"has_debts": "yes", "debt_kinds": ["kronofogden", "unpaid_bills"],
              "debt_total": "48 000"},
    "occupation.1": {"status": ["unemployed"], "registered_af": "yes"},
}


def to_bring(client) -> list[str]:
    confirmation = page(client.get("/confirmation"))
    return [li.get_text(" ", strip=True) for li in confirmation.soup.select("[data-bring] li")]


def test_a_renter_with_debts_at_kronofogden_brings_the_lease_and_their_papers(client, app):
    send_household(client, app, "sv", steps=RENTER_IN_DEBT)

    listed = to_bring(client)
    assert LEASE in listed and KRONOFOGDEN in listed and JOBS_APPLIED_FOR in listed
    assert MEDICAL not in listed
    text = pdf_text(client.get("/documents/application.pdf").data)
    assert printed(LEASE, text) and printed(KRONOFOGDEN, text)
    assert not printed(MEDICAL, text)


def test_a_person_on_sick_leave_brings_the_medical_certificate(client, app):
    send_household(client, app, "sv", steps={"occupation.1": {"status": ["sick_leave"]},
                                            "housing": {"housing_kind": "own_house"}})

    listed = to_bring(client)
    assert MEDICAL in listed
    assert LEASE not in listed and KRONOFOGDEN not in listed and JOBS_APPLIED_FOR not in listed
    assert printed(MEDICAL, pdf_text(client.get("/documents/application.pdf").data))


def test_a_document_for_one_of_two_adults_names_that_adult(client, app):
    send_household(client, app, "sv", adults=2,
                   steps={"occupation.1": {"status": ["employed_full_time"]},
                          "occupation.2": {"status": ["sick_leave"]}})

    assert f"{MEDICAL} (Person 2)" in to_bring(client)


def test_the_agenda_names_no_one_beside_a_document(shared_app):
    answers = {"household": {"applying": "together", "child_count": 0},
               "occupation.1": {"status": ["employed_full_time"]},
               "occupation.2": {"status": ["sick_leave"]}}
    with shared_app.test_request_context():
        checklists = shared_app.extensions["checklists"]
        questionnaire = shared_app.extensions["questionnaire"]
        named = [str(text) for text in documents_to_bring(checklists, questionnaire, answers)]
        unnamed = [str(text) for text in documents_to_bring(checklists, questionnaire, answers,
                                                              name_members=False)]
    assert f"{MEDICAL} (Person 2)" in named and MEDICAL not in named
    assert MEDICAL in unnamed and f"{MEDICAL} (Person 2)" not in unnamed


@pytest.fixture
def promising_app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path, CONTACT_WITHIN_WORKING_DAYS=3, DECISION_WITHIN_DAYS=11)
    yield app
    app.extensions["db_engine"].dispose()


def _next_steps(client) -> tuple[str, str]:
    confirmation = page(client.get("/confirmation"))
    section = confirmation.soup.select_one("[data-next-steps]")
    shown = section.select("p")
    for span in section.select(".source-text"):
        span.extract()
    return " ".join(p.get_text(" ", strip=True) for p in shown), confirmation.h1


@pytest.mark.parametrize(("language", "contact", "decision"), [
    ("sv", "inom 3 arbetsdagar för att boka", "ett beslut inom 11 dagar."),
    ("ar", "خلال 3 أيام عمل لتحديد", "على قرار خلال 11 يوماً."),
])
def test_what_happens_next_promises_the_configured_days(promising_app, language, contact,
                                                         decision):
    client = promising_app.test_client()
    send_household(client, promising_app, language)

    said, _heading = _next_steps(client)
    with promising_app.app_context(), force_locale(language):
        assert ngettext(*CONTACT, 3) in said and ngettext(*DECISION, 11) in said
    assert contact in said and decision in said
    text = pdf_text(client.get("/documents/application.pdf").data)
    if language == "sv":
        assert "inom 3 arbetsdagar" in text and "inom 11 dagar" in text
    else:
        assert printed(contact, text) and printed(decision, text)
        assert "inom 3 arbetsdagar" in text  # the Swedish beneath, for the interpreter


def test_one_working_day_is_said_in_the_singular(tmp_path):
    app = make_app(tmp_path, CONTACT_WITHIN_WORKING_DAYS=1)
    client = app.test_client()
    send_household(client, app, "sv")
    said, _heading = _next_steps(client)
    app.extensions["db_engine"].dispose()
    assert "inom 1 arbetsdag för att boka" in said


def test_the_interpreter_view_shows_the_promise_in_swedish_too(promising_app):
    client = promising_app.test_client()
    send_household(client, promising_app, "ar")
    confirmation = page(client.get("/confirmation?interpreter=1"))
    swedish = [span.get_text(strip=True)
               for span in confirmation.soup.select("[data-next-steps] .source-text")]
    assert CONTACT[1] % {"num": 3} in swedish and DECISION[1] % {"num": 11} in swedish


def _checklists_with(tmp_path: Path, condition: str) -> Path:
    folder = tmp_path / "forms"
    shutil.copytree(FORMS, folder)
    checklists = folder / "checklists.yaml"
    checklists.write_text(checklists.read_text(encoding="utf-8").replace(
        "meeting:\n", f"meeting:\n  - text: Något papper\n    when: {condition}\n", 1),
        encoding="utf-8")
    return folder


def test_a_checklist_naming_an_unknown_question_stops_start_up(tmp_path):
    forms = _checklists_with(tmp_path, '{question: housing.lease_kind, equals: "yes"}')
    with pytest.raises(DefinitionError) as refused:
        make_app(tmp_path, FORMS_PATH=str(forms))
    assert "checklists.yaml" in str(refused.value)
    assert "housing.lease_kind" in str(refused.value)


def test_a_checklist_naming_a_code_its_question_never_holds_is_refused(tmp_path, shared_app):
    forms = _checklists_with(tmp_path, "{question: debts.debt_kinds, includes: bailiff}")
    with pytest.raises(DefinitionError) as refused:
        load_checklists(forms / "checklists.yaml", shared_app.extensions["questionnaire"])
    assert "bailiff" in str(refused.value) and "kronofogden" in str(refused.value)


def test_a_checklist_may_not_depend_on_an_answer_only_staff_read(tmp_path, shared_app):
    forms = _checklists_with(tmp_path, '{question: own_meeting.meet_alone, equals: "yes"}')
    with pytest.raises(DefinitionError) as refused:
        load_checklists(forms / "checklists.yaml", shared_app.extensions["questionnaire"])
    assert "own_meeting.meet_alone is marked private" in str(refused.value)
