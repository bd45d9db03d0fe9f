from sqlalchemy import func, select

from selfservice import database
from selfservice.records.models import Submission
from selfservice.records.services import find_by_reference, full_answers_for_applicant
from tests.builders import ADULTS
from tests.conftest import location, page
from tests.journey import complete_household, start, submit


def test_household_of_two_adults_and_two_children_gets_a_reference_code(any_db_app):
    client = any_db_app.test_client()
    start(client)
    complete_household(client, any_db_app, adults=2, children=2)
    reference = submit(client)
    with any_db_app.app_context():
        answers = full_answers_for_applicant(find_by_reference(reference))
    assert answers["personal.1"]["first_name"] == "Testa"
    assert answers["personal.2"]["first_name"] == "Provia"
    assert answers["personal.2"]["identity_number"] == ADULTS[1]["identity_number"].replace("-", "")
    assert {"child.1", "child.2"} <= answers.keys()


def test_check_answers_lists_both_adults_and_every_child(client, app):
    start(client)
    complete_household(client, app, adults=2, children=2)
    check = page(client.get("/check"))
    headings = [h.get_text(" ", strip=True) for h in check.soup.select("h3")]
    assert any("Person 1 – Testa" in h for h in headings)
    assert any("Person 2 – Provia" in h for h in headings)
    assert any("Barn 2 – Barnilla" in h for h in headings)
    assert check.soup.select_one("form[action^='/submit']")


def test_submit_twice_keeps_one_record(any_db_app):
    client = any_db_app.test_client()
    start(client)
    complete_household(client, any_db_app, adults=1, children=0)
    check = page(client.get("/check"))
    first = client.post("/submit", data={"csrf_token": check.csrf_token})
    second = client.post("/submit", data={"csrf_token": check.csrf_token})
    assert first.status_code == second.status_code == 302
    confirmation = page(client.get("/confirmation"))
    with any_db_app.app_context():
        count = database.session().scalar(select(func.count()).select_from(Submission))
    assert count == 1
    assert confirmation.soup.select_one("[data-reference-code]")


def test_check_page_refuses_to_submit_an_unfinished_household(client, app):
    start(client)
    check = page(client.get("/check"))
    assert check.soup.select(".error-summary li")
    token = page(client.get("/tasks")).csrf_token
    response = client.post("/submit", data={"csrf_token": token})
    assert location(response) == "/check"
    with app.app_context():
        assert database.session().scalar(select(func.count()).select_from(Submission)) == 0
