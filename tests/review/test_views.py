"""The caseworker area through the test client: access, audit, reveal, ratings."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from selfservice import database
from selfservice.records.models import AuditEntry
from tests.builders import ADULTS, household_inputs
from tests.conftest import location, page, without_lang
from tests.journey import complete_household, start, submit

CASEWORKER_PAGES = ["/caseworker/", "/caseworker/records/{ref}", "/caseworker/audit",
                    "/caseworker/audit.csv", "/caseworker/session"]


@pytest.fixture
def reference(app) -> str:
    inputs = household_inputs(adults=2, children=1)
    inputs["rating.1"] = {name: "level_1" for name in (
        "education", "swedish", "work_experience", "health_physical", "health_mental",
        "health_social", "motivation", "job_seeking")}
    inputs["rating_choice.1"] = {"category": "am1", "rehab_obstacles": []}
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=2, children=1, inputs=inputs)
    return submit(client)


def actions(app) -> list[str]:
    with app.app_context():
        return [e.action for e in database.session().scalars(select(AuditEntry))]


def test_anonymous_visitors_and_applicants_reach_no_caseworker_page(app, reference):
    applicant = app.test_client()
    start(applicant)
    for client in (app.test_client(), applicant):
        for url in CASEWORKER_PAGES:
            response = client.get(url.format(ref=reference))
            assert response.status_code == 302, url
            assert location(response).startswith("/caseworker/sign-in")


def test_a_caseworker_cannot_read_the_audit_log(login, reference):
    caseworker = login("caseworker")
    assert caseworker.get("/caseworker/audit").status_code == 403
    assert caseworker.get("/caseworker/audit.csv").status_code == 403
    admin = login("admin")
    assert admin.get("/caseworker/audit").status_code == 200


def test_a_wrong_password_is_refused_with_a_message(app, login):
    login("caseworker", username="anna")  # creates the account
    client = app.test_client()
    token = page(client.get("/caseworker/sign-in")).csrf_token
    response = client.post("/caseworker/sign-in", data={
        "username": "anna", "password": "fel", "csrf_token": token})
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord" in response.get_data(as_text=True)
    # Repeated failures make the next attempt wait: tests/accounts/test_throttle.py.


def test_sign_out_ends_the_session_on_the_server(app, login):
    client = login("caseworker")
    cookie = client.get_cookie("caseworker_session").value
    token = page(client.get("/caseworker/")).csrf_token
    client.post("/caseworker/sign-out", data={"csrf_token": token})
    replay = app.test_client()
    replay.set_cookie("caseworker_session", cookie)
    assert replay.get("/caseworker/").status_code == 302


def test_idle_timeout_signs_out(app, login):
    from datetime import timedelta

    from selfservice.accounts.models import UserSession

    client = login("caseworker")
    with app.app_context():
        session = database.session()
        for held in session.scalars(select(UserSession)):
            held.last_seen_at -= timedelta(minutes=app.config["CASEWORKER_IDLE_MINUTES"] + 1)
        session.commit()
    assert client.get("/caseworker/").status_code == 302


def test_queue_lists_the_submission_with_its_coarse_facts(login, reference):
    queue = page(login("caseworker").get("/caseworker/?status=new"))
    row = next(tr for tr in queue.soup.select("tbody tr") if reference in tr.get_text())
    assert "2 vuxna, 1 barn" in row.get_text() and "AM1" in row.get_text()


def test_record_view_is_audited_and_hides_identity_until_revealed(app, login, reference):
    client = login("caseworker")
    record = page(client.get(f"/caseworker/records/{reference}"))
    text = record.soup.get_text()
    assert ADULTS[0]["first_name"] not in text and ADULTS[0]["last_name"] not in text
    assert "Skyddad uppgift" in text and record.soup.select("[data-pseudonym]")
    assert actions(app).count("view_record") == 1
    refused = client.post(f"/caseworker/records/{reference}/reveal",
                          data={"reason": "", "csrf_token": record.csrf_token})
    assert refused.status_code == 400 and "reveal_identity" not in actions(app)
    revealed = page(client.post(f"/caseworker/records/{reference}/reveal",
                                data={"reason": "Förbereder nybesök",
                                      "csrf_token": record.csrf_token}))
    assert ADULTS[0]["last_name"] in revealed.soup.select_one("[data-identity]").get_text()
    assert actions(app).count("reveal_identity") == 1


def test_rating_differently_is_kept_with_history_and_shows_the_difference(app, login, reference):
    client = login("caseworker")
    token = page(client.get(f"/caseworker/records/{reference}")).csrf_token
    url = f"/caseworker/records/{reference}/ratings/1"
    assert client.post(url, data={"category": "am3", "justification": "",
                                  "csrf_token": token}).status_code == 400
    for category in ("am2", "am3"):
        response = client.post(url, data={"category": category, "justification": "Samtal 1",
                                          "csrf_token": token})
        assert response.status_code == 302
    record = page(client.get(f"/caseworker/records/{reference}"))
    assert record.soup.select_one("#person-1 [data-caseworker-rated]").get_text(strip=True) \
        == "AM3"
    assert record.soup.select_one("#person-1 [data-self-rated]").get_text(strip=True) == "AM1"
    assert record.soup.select_one("#person-1 [data-ratings-differ]")
    assert len(record.soup.select("#person-1 [data-rating-history] li")) == 2
    assert actions(app).count("rating_change") == 2


def test_find_by_identity_number_goes_through_the_pseudonym(app, login, reference):
    client = login("caseworker")
    token = page(client.get("/caseworker/")).csrf_token
    response = client.post("/caseworker/find", data={
        "identity_number": ADULTS[1]["identity_number"], "csrf_token": token})
    assert location(response) == f"/caseworker/records/{reference}"
    response = client.post("/caseworker/find", data={"reference": reference.lower(),
                                                      "csrf_token": token})
    assert location(response) == f"/caseworker/records/{reference}"
    assert "lookup_identity_number" in actions(app)


def test_audit_export_is_itself_audited(app, login, reference):
    admin = login("admin")
    response = admin.get("/caseworker/audit.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "audit_export" in actions(app)


def test_create_user_command(runner, app):
    result = runner.invoke(args=["create-user", "berit", "--role", "admin", "--name", "Berit",
                                 "--password", "ett långt lösenord"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["create-user", "kort", "--password", "kort"])
    assert result.exit_code != 0 and "12 characters" in result.output


def test_prompts_for_differing_ratings_appear_and_ticks_are_kept(app, login, reference):
    client = login("caseworker")
    record = page(client.get(f"/caseworker/records/{reference}"))
    before = {li["data-prompt"] for li in record.soup.select("[data-prompt]")}
    assert before, "MI prompts are shown next to the answers"
    client.post(f"/caseworker/records/{reference}/ratings/1",
                data={"category": "am3", "justification": "Samtal",
                      "csrf_token": record.csrf_token})
    after = page(client.get(f"/caseworker/records/{reference}"))
    shown = {li["data-prompt"] for li in after.soup.select("[data-prompt]")}
    guide = app.extensions["mi_guide"]
    differ = {p.id for p in guide.prompts if p.when == {"fact": "ratings_differ"}}
    assert differ and differ <= shown and not differ & before
    chosen = sorted(differ)[:1]
    # The ratings differ for person 1: the prompt is ticked for that adult.
    client.post(f"/caseworker/records/{reference}/prompts",
                data={"prompt": [f"{chosen[0]}:1"], "csrf_token": after.csrf_token})
    ticked = page(client.get(f"/caseworker/records/{reference}"))
    assert ticked.soup.select_one(f"#prompt-{chosen[0]}-1").has_attr("checked")


def test_queue_pages_through_many_submissions(app, login, reference, monkeypatch):
    from selfservice.review import services

    monkeypatch.setattr(services, "PAGE_SIZE", 1)
    client = login("caseworker")
    applicant = app.test_client()
    start(applicant)
    complete_household(applicant, app, adults=1, children=0)
    submit(applicant)
    first = page(client.get("/caseworker/"))
    following = first.soup.select_one(".pagination a")
    assert following is not None and "page=2" in following["href"]
    assert client.get(following["href"]).status_code == 200


def test_the_applicants_pdf_downloads_without_identity_and_is_audited(app, login, reference):
    client = login("caseworker")
    response = client.get(f"/caseworker/records/{reference}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "no-store" in response.headers["Cache-Control"]
    assert "export_pdf" in actions(app) and "reveal_identity" not in actions(app)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert reference in text and ADULTS[0]["last_name"] not in text


def test_the_audit_log_reads_in_swedish_with_every_pseudonym_and_exports_inert(
        app, login, reference):
    client = login("caseworker")
    token = page(client.get(f"/caseworker/records/{reference}")).csrf_token
    client.post(f"/caseworker/records/{reference}/reveal",
                data={"reason": '=HYPERLINK("http://evil.example","klicka")',
                      "csrf_token": token})
    admin = login("admin")
    log = page(admin.get("/caseworker/audit")).soup
    row = log.select_one("[data-audit-action=reveal_identity]")
    assert "Visade identitet" in row.get_text()
    assert len(row.select("code.pseudonym")) == 2
    assert all(len(code.get_text()) > 40 for code in row.select("code.pseudonym"))
    assert "svensk tid" in log.select_one("thead").get_text()
    exported = admin.get("/caseworker/audit.csv").get_data(as_text=True)
    assert exported.startswith("\ufeff")
    line = next(line for line in exported.splitlines() if "reveal_identity" in line)
    assert "\"'=HYPERLINK(" in line and "Visade identitet" in line


@pytest.mark.parametrize("url", ["/caseworker/sign-in", "/caseworker/", "/caseworker/records/{ref}",
                                 "/caseworker/statistics", "/caseworker/statistics/assessments",
                                 "/caseworker/audit"])
def test_every_staff_page_links_to_the_accessibility_statement(app, login, reference, url):
    client = app.test_client() if url.endswith("sign-in") else login("admin")
    staff_page = page(client.get(url.format(ref=reference)))
    links = [without_lang(a["href"]) for a in staff_page.soup.select("footer a")]
    assert "/accessibility" in links
    assert page(client.get("/accessibility")).h1 == "Tillgänglighetsredogörelse"
