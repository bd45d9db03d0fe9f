"""Identity numbers, e-mail, phone numbers and names typed into free text reach staff only
behind the audited reveal: not on the record page, in the PDF or any CSV before it."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.builders import ADULTS, household_inputs
from tests.conftest import page
from tests.journey import complete_household, start, submit
from tests.review.test_views import actions

TYPED = {"email": "rami.haddad@example.com", "identity": "19840312-2388",
         "phone": "070-174 06 99", "name": ADULTS[1]["first_name"]}
WORK_GOAL = (f"Skriv till {TYPED['email']} {TYPED['identity']}, ring {TYPED['phone']}. "
             f"{TYPED['name']} vill också jobba.")


@pytest.fixture
def leaky(app) -> str:
    inputs = household_inputs(adults=2, children=0)
    inputs["occupation.1"] = {"work_goal": WORK_GOAL}
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=2, children=0, inputs=inputs)
    return submit(client)


def test_free_text_identity_is_hidden_until_the_reveal_and_shown_after(app, login, leaky):
    client = login("caseworker")
    record = page(client.get(f"/caseworker/records/{leaky}"))
    text = record.soup.get_text()
    for value in TYPED.values():
        assert value not in text
    assert "[e-post dold]" in text and "[personnummer dolt]" in text
    assert "[telefonnummer dolt]" in text and "[namn dolt] vill också jobba" in text
    pdf = client.get(f"/caseworker/records/{leaky}/pdf").data
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for value in TYPED.values():
        assert value not in pdf_text
    assert "reveal_identity" not in actions(app)
    revealed = page(client.post(f"/caseworker/records/{leaky}/reveal",
                                data={"reason": "Förbereder nybesök",
                                      "csrf_token": record.csrf_token}))
    assert WORK_GOAL in revealed.soup.get_text()
    assert "reveal_identity" in actions(app)
    admin = login("admin")
    exported = admin.get("/caseworker/audit.csv").get_data(as_text=True)
    for value in TYPED.values():
        assert value not in exported


def test_the_applicant_is_told_to_leave_identity_out_of_free_text(app):
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=1, children=0)
    form = page(client.get("/apply/occupation/1")).soup
    assert form.select_one("#work_goal") is not None
    hint = form.select_one("#work_goal-hint [data-privacy-hint]")
    assert hint is not None and "personnummer" in hint.get_text()
    assert form.select_one("#first_name-hint [data-privacy-hint]") is None
