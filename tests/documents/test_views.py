"""Where the applicant gets their PDF, and that no one else gets it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from selfservice import database
from selfservice.database import utcnow
from selfservice.documents import renderer
from selfservice.intake.models import Draft
from tests.builders import household_inputs
from tests.conftest import location, page
from tests.documents.conftest import pdf_text, send_household
from tests.journey import fill_step, start


def assert_private_pdf(response, filename: str) -> bytes:
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'
    cache_control = {part.strip() for part in response.headers["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control
    assert response.data.startswith(b"%PDF-")
    return response.data


def test_confirmation_page_offers_the_sent_application_as_pdf(client, app):
    reference = send_household(client, app, "sv")
    confirmation = page(client.get("/confirmation"))
    link = confirmation.soup.select_one("[data-pdf-link]")
    assert location_of(link["href"]) == "/documents/application.pdf"
    checklist = [li.get_text(strip=True) for li in confirmation.soup.select(".checklist li")]
    assert "Pass, id-kort eller annan legitimation för alla vuxna i hushållet" in checklist

    text = pdf_text(assert_private_pdf(client.get(link["href"]),
                                       f"ansokan-{reference}.pdf"))
    assert reference in text
    assert "Testa" in text and "Exempelsson" in text  # the applicant's own copy has names


def test_task_list_offers_what_is_answered_so_far(client, app):
    start(client)
    fill_step(client, app, "/apply/household", household_inputs()["household"])
    link = page(client.get("/tasks")).soup.select_one("[data-pdf-link]")
    assert location_of(link["href"]) == "/documents/draft.pdf"

    text = pdf_text(assert_private_pdf(client.get(link["href"]), "ansokan-utkast.pdf"))
    assert "Utkast – ansökan är inte skickad" in text
    assert "Söker du ensam eller tillsammans med en annan vuxen?" in text
    assert "Förnamn" not in text  # not answered yet, so not printed


def test_resume_code_brings_a_person_back_to_their_draft_pdf(app):
    first = app.test_client()
    code = start(first)
    fill_step(first, app, "/apply/household", household_inputs()["household"])
    later = app.test_client()  # another phone
    assert location(later.get("/documents/draft.pdf")) == "/"
    resume = page(later.get("/resume"))
    later.post("/resume", data={"code": code, "csrf_token": resume.csrf_token})
    text = pdf_text(assert_private_pdf(later.get("/documents/draft.pdf"), "ansokan-utkast.pdf"))
    assert "Söker du ensam eller tillsammans med en annan vuxen?" in text


@pytest.mark.parametrize("url", ["/documents/application.pdf", "/documents/draft.pdf"])
def test_without_a_draft_there_is_no_pdf(client, url):
    assert location(client.get(url)) == "/"


def test_a_session_never_gets_someone_elses_application(app):
    applicant = app.test_client()
    reference = send_household(applicant, app, "sv")
    stranger = app.test_client()
    start(stranger)
    assert location(stranger.get("/documents/application.pdf")) == "/tasks"
    text = pdf_text(stranger.get("/documents/draft.pdf").data)
    assert reference not in text and "Exempelsson" not in text
    assert stranger.get(f"/documents/{reference}.pdf").status_code == 404


def test_a_sent_draft_gives_the_application_instead(client, app):
    send_household(client, app, "sv")
    assert location(client.get("/documents/draft.pdf")) == "/documents/application.pdf"


def test_an_expired_draft_gives_no_pdf(client, app):
    start(client)
    with app.app_context():
        session = database.session()
        for draft in session.query(Draft):
            draft.expires_at = utcnow() - timedelta(minutes=1)
        session.commit()
    assert location(client.get("/documents/draft.pdf")) == "/expired"


def test_a_pdf_that_cannot_be_made_gives_a_friendly_page(client, app):
    start(client)
    app.extensions["pdf_renderer"] = impatient = renderer.Renderer(timeout=0.001)  # always overruns
    try:
        response = client.get("/documents/draft.pdf")
    finally:
        impatient.stop()
    assert response.status_code == 503
    assert "Försök igen om en stund" in page(response).soup.get_text()


def location_of(href: str) -> str:
    return href.split("?")[0]
