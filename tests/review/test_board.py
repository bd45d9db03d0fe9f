"""The caseload board: clients by the caseworker's category, who has no self-rating, and the
movements since a date, checked by hand against ratings made through the record page."""

from __future__ import annotations

from datetime import date, timedelta

from tests.builders import household_inputs, personnummer
from tests.conftest import page
from tests.journey import complete_household, start, submit

BORN = iter(f"1970{month:02d}{day:02d}" for month in range(1, 13) for day in range(1, 29))


def submitted(app, *, self_rated: str | None, born: str | None = None) -> str:
    """A one-adult household; each call a different person unless ``born`` repeats one."""
    inputs = household_inputs(adults=1, children=0)
    inputs["personal.1"]["identity_number"] = personnummer(born or next(BORN), "983")
    if self_rated is None:
        inputs["rating_choice.1"] = {"category": "dont_know", "rehab_obstacles": ["none"]}
    else:
        inputs["rating_choice.1"] = {"category": self_rated, "rehab_obstacles": ["none"]}
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=1, children=0, inputs=inputs)
    return submit(client)


def rate(client, code: str, category: str, on: date) -> None:
    token = page(client.get(f"/caseworker/records/{code}")).csrf_token
    response = client.post(f"/caseworker/records/{code}/ratings/1", data={
        "category": category, "justification": "Samtal", "assessed_on": on.isoformat(),
        "csrf_token": token})
    assert response.status_code == 302


def test_the_board_puts_each_client_in_the_category_in_force_and_shows_movements(app, login):
    client = login("caseworker", username="anna")
    today = date.today()
    moved, stayed, unrated = (submitted(app, self_rated="am3"), submitted(app, self_rated="am2"),
                              submitted(app, self_rated="am1"))
    for code in (moved, stayed, unrated):
        token = page(client.get(f"/caseworker/records/{code}")).csrf_token
        client.post(f"/caseworker/records/{code}/assign", data={"csrf_token": token})
    rate(client, moved, "am3", today - timedelta(days=60))
    rate(client, moved, "am2", today - timedelta(days=5))
    rate(client, stayed, "am2", today - timedelta(days=60))
    since = (today - timedelta(days=30)).isoformat()
    board = page(client.get(f"/caseworker/board?since={since}")).soup
    column = {c["data-column"]: c for c in board.select("[data-column]")}
    assert moved in column["am2"].get_text() and stayed in column["am2"].get_text()
    assert unrated in column["none"].get_text()
    assert column["am2"].select_one("[data-count]").get_text() == "2"
    assert column["am3"].select_one("[data-count]").get_text() == "0"
    movements = [li.get_text(" ", strip=True) for li in board.select("[data-movement]")]
    assert len(movements) == 1 and moved in movements[0]
    assert "AM3 → AM2" in movements[0]
    # Another caseworker's board is empty; the unit's has all three.
    other = login("caseworker", username="berit")
    assert not page(other.get("/caseworker/board")).soup.select("[data-column] li")
    unit = page(other.get("/caseworker/board?who=unit")).soup
    assert len(unit.select("[data-column] li")) == 3


def test_the_board_lists_who_has_not_done_a_self_rating(app, login):
    code = submitted(app, self_rated=None)
    board = page(login("caseworker").get("/caseworker/board?who=unit")).soup
    assert code in board.select_one("[data-without-self-rating]").get_text()


def test_a_person_who_applies_again_is_one_client_shown_with_the_latest_application(
        app, login):
    first = submitted(app, self_rated="am3", born="19660606")
    again = submitted(app, self_rated="am2", born="19660606")
    client = login("caseworker")
    rate(client, first, "am3", date.today() - timedelta(days=90))
    board = page(client.get("/caseworker/board?who=unit")).soup
    column = {c["data-column"]: c for c in board.select("[data-column]")}
    assert column["am3"].select_one("[data-count]").get_text() == "1"
    assert again in column["am3"].get_text() and first not in board.get_text()
    assert "Egen skattning: AM2" in column["am3"].get_text()  # from the latest application


def test_a_date_that_is_no_date_is_explained_and_an_empty_board_says_why(app, login):
    client = login("caseworker", username="cecilia")
    board = page(client.get("/caseworker/board?since=14/12")).soup
    assert "ÅÅÅÅ-MM-DD" in board.select_one("[data-since-error]").get_text()
    assert board.select_one("#since")["aria-invalid"] == "true"
    assert "Du är inte ansvarig för någon klient än" in board.select_one(
        "[data-empty-board]").get_text()
