"""Logs never contain personal data, whatever happens in a journey."""

import logging

from tests.builders import ADULTS, household_inputs
from tests.conftest import page
from tests.journey import complete_household, fill_step, start, submit

FREE_TEXT = "Hemlig fritext om min hälsa"


def test_full_journeys_leave_no_personal_data_in_the_logs(app, login, caplog):
    caplog.set_level(logging.DEBUG)
    inputs = household_inputs(adults=2, children=1)
    inputs["occupation.1"] = {"work_goal": FREE_TEXT}
    client = app.test_client()
    start(client)
    fill_step(client, app, "/apply/household", {"applying": "x", "child_count": "-1"})
    fill_step(client, app, "/apply/household", {"interpreter_language": "\x00" + FREE_TEXT})
    complete_household(client, app, adults=2, children=1, inputs=inputs)
    reference = submit(client)
    caseworker = login("caseworker")
    record = page(caseworker.get(f"/caseworker/records/{reference}"))
    caseworker.post(f"/caseworker/records/{reference}/reveal",
                    data={"reason": "Nybesök", "csrf_token": record.csrf_token})
    caseworker.post("/caseworker/find", data={"identity_number": ADULTS[0]["identity_number"],
                                              "csrf_token": record.csrf_token})
    logged = "\n".join(r.getMessage() + str(r.args or "") + str(r.exc_info or "")
                       for r in caplog.records)
    for adult in ADULTS:
        for value in (adult["first_name"], adult["last_name"], adult["email"],
                      adult["identity_number"], adult["identity_number"].replace("-", ""),
                      adult["phone"].replace(" ", "").replace("-", "")[1:]):
            assert value not in logged, value
    assert FREE_TEXT not in logged and "Barnetta" not in logged
