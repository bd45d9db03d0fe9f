"""The drop-off funnel from scripted drafts that stop at different steps in four languages:
each step counts once per draft (reloads, a language switch and a second phone do not count
again), under the language and channel it happened in, and small counts are hidden."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from selfservice import database
from selfservice.database import utcnow
from selfservice.funnel import services as funnel
from selfservice.funnel.models import DurationCount
from selfservice.intake.models import Draft
from tests.builders import household_inputs
from tests.chat.test_follow_up_chat import chat_reading
from tests.chat.test_views import converse
from tests.conftest import page
from tests.intake.test_follow_up import give_code, send_rated_household
from tests.journey import complete_household, fill_step, start, submit

SENT_ALONE = ("urgent", "household", "personal", "occupation", "income", "household_income",
              "expenses", "assets", "debts", "children_elsewhere", "network", "housing",
              "rating", "rating_choice", "goals", "check", "sent")


def applicant(app, language: str, urgent_needs: list[str] | None = None):
    """A phone of its own with the service in ``language``, its draft started."""
    client = app.test_client()
    client.get(f"/?lang={language}")
    return client, start(client, urgent_needs=urgent_needs)


def totals(app) -> dict[tuple[str, str, str], tuple[int, int]]:
    with app.app_context():
        today = utcnow().date()
        return funnel.step_totals(start=today - timedelta(days=1), end=today + timedelta(days=1))


def household(app, client) -> None:
    fill_step(client, app, "/apply/household", household_inputs(1, 0)["household"])


def script_drafts(app) -> None:
    """Twenty drafts: Swedish ones stopping at the first two pages but one, which is sent,
    Finnish and Arabic ones after the first page, English ones in the chat."""
    swedish = [applicant(app, "sv") for _ in range(7)]
    for client, _code in swedish[:6]:
        client.get("/apply/household")
    reloading, _code = swedish[0]
    for _ in range(3):
        reloading.get("/apply/household")
    reloading.get("/apply/household?lang=en")  # shown again in English: not a new arrival
    reloading.get("/apply/household?lang=sv")
    for client, _code in swedish[1:6]:
        household(app, client)
    # The same draft on a second phone: the household page again counts nothing; the rest
    # of the way to sending does, once.
    second_phone = app.test_client()
    second_phone.get("/?lang=sv")
    form = page(second_phone.get("/resume"))
    second_phone.post("/resume", data={"code": swedish[1][1], "csrf_token": form.csrf_token})
    second_phone.get("/apply/household")
    complete_household(second_phone, app, adults=1, children=0)
    submit(second_phone)
    for _ in range(3):
        applicant(app, "fi")
    for _ in range(5):
        applicant(app, "ar")
    for _ in range(5):
        client, _code = applicant(app, "en", urgent_needs=[])
        converse(client, app, household_inputs(1, 0), until="household")
    client.get("/check")  # from the chat to the check page: counted under the chat


def test_scripted_drafts_give_the_expected_counts(app):
    script_drafts(app)
    expected = {("sv", "form", "urgent"): (7, 7), ("sv", "form", "household"): (6, 5),
                **{("sv", "form", step): (1, 1) for step in SENT_ALONE[2:]},
                ("fi", "form", "urgent"): (3, 3), ("ar", "form", "urgent"): (5, 5),
                ("en", "chat", "urgent"): (5, 5), ("en", "chat", "household"): (5, 0),
                ("en", "chat", "check"): (1, 0)}
    assert totals(app) == expected
    with app.app_context():
        durations = database.session().scalars(select(DurationCount)).all()
        assert [(d.locale, d.channel, d.count) for d in durations] == [("sv", "form", 1)]
        marks = database.session().scalars(select(Draft.funnel_marks)).all()
    # A draft keeps only the names of the steps it counted; a sent one only its channel.
    assert "via:form" in marks
    assert all(token.split(":")[0] in {"via", "r", "c"} for m in marks for token in m.split())


def test_the_administrator_sees_the_counts_with_small_ones_hidden(app, login):
    script_drafts(app)
    true = totals(app)
    admin = login("admin")
    for language, channel in (("sv", "form"), ("fi", "form"), ("ar", "form"), ("en", "chat")):
        shown = page(admin.get(f"/caseworker/usage?language={language}&channel={channel}"))
        for row in shown.soup.select("[data-funnel-table] tbody tr"):
            reached, completed = true.get((language, channel, row["data-step"]), (0, 0))
            for count, cell in ((reached, row.select_one("[data-reached]")),
                                (completed, row.select_one("[data-completed]"))):
                text = cell.get_text(strip=True)
                if 0 < count < 5:
                    assert text == "..", (language, channel, row["data-step"])
                else:
                    assert text in {str(count), ".."}, (language, channel, row["data-step"])
    swedish = page(admin.get("/caseworker/usage?language=sv&channel=form")).soup
    row = swedish.select_one("[data-funnel-table] tr[data-step=household]")
    assert [row.select_one(f"[data-{m}]").get_text(strip=True)
            for m in ("reached", "completed")] == ["6", "5"]
    chat = page(admin.get("/caseworker/usage?language=en&channel=chat")).soup
    row = chat.select_one("[data-funnel-table] tr[data-step=urgent]")
    assert row.select_one("[data-reached]").get_text(strip=True) == "5"
    finnish = page(admin.get("/caseworker/usage?language=fi")).soup
    assert finnish.select_one("tr[data-step=urgent] [data-reached]").get_text() == ".."
    assert "3" not in finnish.select_one("[data-funnel-table]").get_text(" ")


def test_the_csv_hides_what_the_page_hides(app, login):
    script_drafts(app)
    admin = login("admin")
    response = admin.get("/caseworker/usage/funnel.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = [line.split(";") for line in response.get_data(as_text=True).lstrip("\ufeff")
            .strip().splitlines()]
    assert rows[0] == ["language", "channel", "step", "reached", "completed"]
    cells = {(r[0], r[1], r[2]): (r[3], r[4]) for r in rows[1:]}
    assert cells[("fi", "form", "urgent")] == ("..", "..")
    assert cells[("sv", "form", "personal")] == ("..", "..")
    assert cells[("en", "chat", "urgent")] == ("5", "5")
    assert cells[("sv", "form", "household")] == ("6", "5")
    true = totals(app)
    for (language, channel, step), shown in cells.items():
        if language == "all" or channel == "all":
            continue
        for count, text in zip(true.get((language, channel, step), (0, 0)), shown,
                               strict=True):
            assert text == (".." if 0 < count < 5 else text)
            assert text in {"..", str(count)}


def test_a_follow_up_reading_in_the_chat_counts_nothing(app, login):
    reference = send_rated_household(app)
    before = totals(app)
    chat_reading(app, app.test_client(), give_code(login("caseworker"), reference))
    assert totals(app) == before


def test_sending_twice_counts_once(app):
    client, _code = applicant(app, "sv")
    complete_household(client, app, adults=1, children=0)
    check = page(client.get("/check"))
    for _ in range(2):
        client.post("/submit", data={"csrf_token": check.csrf_token})
    assert totals(app)[("sv", "form", "sent")] == (1, 1)


@pytest.mark.parametrize(("minutes", "band"), [(0, 0), (4.9, 0), (5, 5), (44, 30), (61, 60),
                                                (60 * 24 * 3, 4320), (60 * 24 * 40, 20160)])
def test_a_time_to_send_falls_in_its_band(minutes, band):
    assert funnel.duration_band(minutes) == band


def test_counts_made_on_a_day_stay_on_that_day(app):
    with app.test_request_context():
        marks = funnel.count_progress(None, locale="fi", channel="chat", reached=["urgent"],
                                      now=utcnow() - timedelta(days=3))
        database.session().commit()
        assert marks == "via:chat r:urgent"
        day = utcnow().date() - timedelta(days=3)
        assert funnel.step_totals(start=day - timedelta(days=1), end=day + timedelta(days=1)) \
            == {("fi", "chat", "urgent"): (1, 0)}
        assert funnel.step_totals(start=date.today(), end=date.today()) == {}
