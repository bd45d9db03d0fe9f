""""Lämna sidan snabbt" ends the application's session on the server and in the browser, in one
plain link; the draft stays, opened again only by its resume code."""

from __future__ import annotations

from flask import Flask

from tests.builders import ADULTS, household_inputs
from tests.conftest import location, page
from tests.journey import complete_household, fill_step, start, submit

APPLICATION_PAGES = ("/tasks", "/check", "/apply/household", "/chat", "/documents/draft.pdf",
                     "/confirmation", "/documents/application.pdf")


def _started(app: Flask):
    client = app.test_client()
    code = start(client)
    fill_step(client, app, "/apply/household", household_inputs(adults=1, children=0)["household"])
    return client, code


def test_the_quick_exit_is_a_plain_link_on_every_applicant_page(client):
    for url in ("/", "/safety", "/privacy", "/resume", "/glossary", "/cleared"):
        link = page(client.get(url)).soup.select_one("a[data-quick-exit]")
        assert link["href"].split("?")[0] == "/leave", url


def test_leaving_ends_the_session_and_goes_to_the_neutral_site(app):
    client, _code = _started(app)
    cookie = client.get_cookie("session").value
    response = client.get("/leave", headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 303
    assert response.headers["Location"] == app.config["QUICK_EXIT_URL"]
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Clear-Site-Data"] == '"cache"'
    assert client.get_cookie("session") is None, "the cookie is deleted in the browser"
    for url in APPLICATION_PAGES:
        back = client.get(url)
        assert back.status_code == 302 and location(back) == "/", url
    # The cookie as it was (a copy, or a browser that kept it) holds nothing any more.
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    for url in APPLICATION_PAGES:
        refused = replay.get(url)
        assert refused.status_code == 302 and location(refused) in {"/", "/elsewhere"}, url


def test_the_draft_opens_again_with_its_resume_code(app):
    client, code = _started(app)
    client.get("/leave")
    resume = page(client.get("/resume"))
    response = client.post("/resume", data={"code": code, "csrf_token": resume.csrf_token})
    assert response.status_code == 302
    household = page(client.get("/apply/household"))
    assert household.soup.select_one("input[name=applying][checked]")["value"] == "alone"


def test_leaving_after_sending_closes_the_confirmation_and_its_pdf(app):
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=1, children=0,
                       inputs=household_inputs(adults=1, children=0))
    reference = submit(client)
    client.get("/leave")
    for url in ("/confirmation", "/documents/application.pdf"):
        shown = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert reference not in shown and ADULTS[0]["last_name"] not in shown
        assert not shown.startswith("%PDF")


def test_a_link_from_another_site_or_a_prefetch_ends_nothing(app):
    client, _code = _started(app)
    from_elsewhere = client.get("/leave", headers={"Sec-Fetch-Site": "cross-site"})
    assert from_elsewhere.status_code == 303
    prefetched = client.get("/leave", headers={"Sec-Purpose": "prefetch",
                                               "Sec-Fetch-Site": "same-origin"})
    assert prefetched.status_code == 400 and "Location" not in prefetched.headers
    assert client.get("/tasks").status_code == 200, "the applicant is still where they were"


def test_a_follow_up_reading_is_left_too(client):
    with client.session_transaction() as held:
        held["follow_up_reading"] = "a reading id"
        held["lang"] = "ar"
    client.get("/leave")
    with client.session_transaction() as held:
        assert dict(held) == {}
