"""What a unit reports to Socialstyrelsen, recorded on the record and the agenda page."""

from __future__ import annotations

import pytest

from selfservice import database
from selfservice.clock import swedish_date
from selfservice.database import utcnow
from selfservice.questionnaire.files import DefinitionError
from selfservice.review.models import FirstMeeting, SupportObstacle
from selfservice.review.obstacles import load_obstacles
from tests.builders import household_inputs
from tests.conftest import page
from tests.journey import complete_household, start, submit
from tests.review.test_views import actions


def two_adults(app) -> str:
    inputs = household_inputs(adults=2, children=0)
    inputs["occupation.1"] = {"status": ["unemployed"], "time_without_work": "over_2_years"}
    inputs["income.1"] = {"income_types": ["none"], "pending_application": "yes",
                          "pending_which": "A-kassa"}
    inputs["occupation.2"] = {"status": ["employed_part_time"]}
    inputs["income.2"] = {"income_types": ["salary"], "salary_amount": "5 400",
                          "pending_application": "no"}
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=2, children=0, inputs=inputs)
    return submit(client)


def test_the_answers_suggest_each_adults_obstacle_and_the_caseworker_records_it(app, login):
    code = two_adults(app)
    client = login("caseworker")
    soup = page(client.get(f"/caseworker/records/{code}")).soup
    first = soup.select_one("[data-obstacle='1']")
    assert "Arbetslös – väntar på ersättning" in first.select_one(
        "[data-suggested-obstacle]").get_text()
    assert "Arbetar deltid – otillräcklig inkomst" in soup.select_one(
        "[data-obstacle='2'] [data-suggested-obstacle]").get_text()
    token = page(client.get(f"/caseworker/records/{code}")).csrf_token
    saved = client.post(f"/caseworker/records/{code}/obstacles/1",
                        data={"code": "unemployed_none", "csrf_token": token},
                        follow_redirects=True)
    assert "Försörjningshindret för person 1 är sparat." in page(saved).soup.get_text()
    chosen = page(saved).soup.select_one("#obstacle-1 option[selected]")["value"]
    assert chosen == "unemployed_none"
    # Nonsense changes nothing.
    client.post(f"/caseworker/records/{code}/obstacles/1",
                data={"code": "<script>", "csrf_token": token})
    client.post(f"/caseworker/records/{code}/obstacles/7",
                data={"code": "no_childcare", "csrf_token": token})
    with app.app_context():
        rows = database.session().query(SupportObstacle).all()
        assert [(row.position, row.code) for row in rows] == [(1, "unemployed_none")]
    assert "obstacle_change" in actions(app)


def test_separate_meetings_and_the_plan_are_kept_with_the_meeting(app, login):
    code = two_adults(app)
    client = login("caseworker")
    form = page(client.get(f"/caseworker/records/{code}/agenda"))
    assert form.soup.select_one("#separate_meetings") is not None  # two adults
    planned = swedish_date(utcnow()).isoformat()  # the day the application was sent
    client.post(f"/caseworker/records/{code}/agenda", data={
        "meeting_on": "2026-11-20", "separate_meetings": "yes", "plan_made_on": planned,
        "interpreter_booked": "no", "csrf_token": form.csrf_token})
    with app.app_context():
        meeting = database.session().query(FirstMeeting).one()
        assert (meeting.separate_meetings, meeting.plan_made_on.isoformat()) == (True, planned)
    again = page(client.get(f"/caseworker/records/{code}/agenda")).soup
    assert again.select_one("#separate_meetings-yes").has_attr("checked")
    assert again.select_one("#plan_made_on")["value"] == planned


@pytest.mark.parametrize(("items", "complaint"), [
    ('  - {value: a, text: A}\n  - {value: a, text: B}\n', "value 'a' is used twice"),
    ('  - value: a\n    text: A\n    suggest_when: {question: occupation.nothing, equals: x}\n',
     "occupation.nothing"),
])
def test_a_follow_up_list_with_errors_is_refused(tmp_path, app, items, complaint):
    bad = tmp_path / "follow_up.yaml"
    bad.write_text(f"id: follow_up\nsupport_obstacles:\n{items}", encoding="utf-8")
    with pytest.raises(DefinitionError) as refused:
        load_obstacles(bad, app.extensions["questionnaire"])
    assert complaint in str(refused.value)


def test_a_forms_folder_without_the_list_offers_no_follow_up(tmp_path, app):
    assert load_obstacles(tmp_path / "missing.yaml", app.extensions["questionnaire"]) == ()


def test_the_suggestion_is_offered_not_saved_and_a_plan_before_the_application_is_refused(
        app, login):
    code = two_adults(app)
    client = login("caseworker")
    soup = page(client.get(f"/caseworker/records/{code}")).soup
    select = soup.select_one("#obstacle-1")
    assert select.select_one("option[selected]") is None  # nothing looks saved
    suggested = select.select_one("option[value=unemployed_waiting]").get_text()
    assert suggested.endswith("(förslag)")
    form = page(client.get(f"/caseworker/records/{code}/agenda"))
    refused = client.post(f"/caseworker/records/{code}/agenda", data={
        "plan_made_on": "2020-01-01", "csrf_token": form.csrf_token})
    assert refused.status_code == 400
    soup = page(refused).soup
    assert "Planen kan inte vara gjord före ansökan" in soup.select_one(
        "[data-error-summary]").get_text()
    assert soup.select_one("#plan_made_on")["aria-invalid"] == "true"
    assert soup.select_one("h1").get_text(" ", strip=True).startswith("Första mötet")
