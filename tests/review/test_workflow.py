"""The caseworker's workflow: opening changes nothing, status and responsibility by buttons,
a queue read oldest first, and page numbers as people and link checkers send them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from selfservice import database
from selfservice.clock import swedish_date
from selfservice.database import utcnow
from selfservice.records.models import AuditEntry, Submission
from tests.builders import household_inputs
from tests.conftest import page
from tests.journey import complete_household, start, submit
from tests.review.test_views import actions, reference  # noqa: F401 -- the fixture


def submitted(app, adults: int = 1) -> str:
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=adults, children=0)
    return submit(client)


def status_of(app, code: str) -> str:
    with app.app_context():
        return database.session().scalars(
            select(Submission.status).where(Submission.reference_code == code)).one()


def test_opening_a_record_changes_nothing_but_notes_the_view(app, login, reference):  # noqa: F811
    client = login("caseworker")
    before = actions(app)
    client.get(f"/caseworker/records/{reference}")
    client.get(f"/caseworker/records/{reference}")
    assert status_of(app, reference) == "new"
    assert actions(app)[len(before):] == ["view_record", "view_record"]


def test_status_changes_by_the_button_are_audited_and_can_be_undone(app, login,
                                                                   reference):  # noqa: F811
    client = login("caseworker")
    token = page(client.get(f"/caseworker/records/{reference}")).csrf_token
    for status in ("in_review", "new"):
        client.post(f"/caseworker/records/{reference}/status",
                    data={"status": status, "csrf_token": token})
        assert status_of(app, reference) == status
    with app.app_context():
        reasons = [e.reason for e in database.session().scalars(
            select(AuditEntry).where(AuditEntry.action == "status_change"))]
    assert reasons == [f"{reference}: new -> in_review", f"{reference}: in_review -> new"]


def test_assign_to_me_shows_in_the_record_and_the_queue_and_can_be_given_up(
        app, login, reference):  # noqa: F811
    client = login("caseworker", username="anna")
    other = submitted(app)
    record = page(client.get(f"/caseworker/records/{reference}"))
    assert "ingen än" in record.soup.select_one("[data-responsible]").get_text()
    client.post(f"/caseworker/records/{reference}/assign", data={"csrf_token": record.csrf_token})
    record = page(client.get(f"/caseworker/records/{reference}"))
    assert "anna" in record.soup.select_one("[data-responsible]").get_text()
    mine = page(client.get("/caseworker/?mine=1")).soup.get_text()
    assert reference in mine and other not in mine
    assert "assign" in actions(app)
    client.post(f"/caseworker/records/{reference}/assign",
                data={"release": "1", "csrf_token": record.csrf_token})
    assert reference not in page(client.get("/caseworker/?mine=1")).soup.get_text()


def test_new_applications_are_listed_oldest_first(app, login, reference):  # noqa: F811
    later = submitted(app)
    client = login("caseworker")
    new = [a.get_text() for a in page(client.get("/caseworker/?status=new"))
           .soup.select("tbody td:first-child a")]
    assert new.index(reference) < new.index(later)
    newest = [a.get_text() for a in page(client.get("/caseworker/?order=newest"))
              .soup.select("tbody td:first-child a")]
    assert newest.index(later) < newest.index(reference)


@pytest.mark.parametrize("raw", ["99999999999999999999", "-3", "0", "abc", "1e9", "2"])
def test_any_page_number_shows_the_nearest_real_page(login, reference, raw):  # noqa: F811
    response = login("caseworker").get(f"/caseworker/?page={raw}")
    assert response.status_code == 200
    text = page(response).soup.get_text()
    assert reference in text and "Sida -" not in text


@pytest.mark.parametrize(("raw", "shown"), [("-3", 1), ("0", 1), ("abc", 1), ("2", 2),
                                            ("99999999999999999999", 2)])
def test_a_page_out_of_range_names_the_page_it_shows(app, login, reference, monkeypatch,  # noqa: F811
                                                     raw, shown):
    from selfservice.review import services

    monkeypatch.setattr(services, "PAGE_SIZE", 1)
    submitted(app)
    text = page(login("caseworker").get(f"/caseworker/?page={raw}")).soup.get_text()
    assert f"Sida {shown} av 2" in text


def test_a_rating_without_category_keeps_what_was_typed_and_says_why(app, login,
                                                                    reference):  # noqa: F811
    client = login("caseworker")
    token = page(client.get(f"/caseworker/records/{reference}")).csrf_token
    url = f"/caseworker/records/{reference}/ratings/1"
    typed = "Har arbetat som undersköterska i Syrien, vill validera sin utbildning."
    refused = client.post(url, data={"justification": typed, "rehabilitation": "rh1",
                                     "assessed_on": "2026-12-01", "csrf_token": token})
    assert refused.status_code == 400
    form = page(refused).soup.select_one("#person-1")
    assert "Välj en kategori" in form.select_one("[data-rating-error]").get_text()
    assert form.select_one("#justification-1").get_text() == typed
    assert form.select_one("#rehabilitation-1 option[selected]")["value"] == "rh1"
    assert form.select_one("#assessed-on-1")["value"] == "2026-12-01"
    future = client.post(url, data={"category": "am2", "justification": typed,
                                    "assessed_on": "2099-01-01", "csrf_token": token})
    assert future.status_code == 400 and "senare än i dag" in future.get_data(as_text=True)
    saved = client.post(url, data={"category": "am2", "justification": typed,
                                   "assessed_on": "2026-12-01", "csrf_token": token},
                        follow_redirects=True)
    record = page(saved).soup
    assert "Bedömningen för person 1 är sparad." in record.select_one("[data-flash]").get_text()
    current = record.select_one("#person-1 [data-current-justification]").get_text()
    assert "2026-12-01" in current and typed in current


def test_the_applicants_own_level_and_obstacles_stand_beside_the_rating(app, login):
    from tests.builders import household_inputs

    inputs = household_inputs(adults=1, children=0)
    inputs["rating_choice.1"] = {"category": "am2", "rehab_obstacles": ["physical"],
                                 "rehab_level": "rh2"}
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=1, children=0, inputs=inputs)
    code = submit(client)
    own = page(login("caseworker").get(f"/caseworker/records/{code}")).soup \
        .select_one("#person-1 [data-own-choice]").get_text(" ", strip=True)
    assert "RH2" in own and "Fysisk" in own


def test_staff_errors_come_in_the_staff_layout(login, app):
    response = login("caseworker").get("/caseworker/records/ZZZZ-ZZZZ")
    assert response.status_code == 404
    soup = page(response).soup
    assert soup.select_one("main a[href^='/caseworker/']").get_text() == "Till inkorgen"
    assert soup.select_one("[data-quick-exit]") is None
    assert "sparade svar" not in soup.get_text()
    applicant = app.test_client().get("/no-such-page")
    assert page(applicant).soup.select_one("[data-quick-exit]") is not None


def test_staff_can_switch_between_swedish_and_english(login):
    client = login("caseworker")
    swedish = page(client.get("/caseworker/")).soup
    link = swedish.select_one(".caseworker-nav__languages a[hreflang=en]")
    assert link is not None and not swedish.select(".caseworker-nav__languages [hreflang=ar]")
    english = page(client.get(link["href"])).soup
    assert english.select_one("html")["lang"] == "en"
    assert "Inbox" in english.select_one(".caseworker-nav").get_text()


def test_the_audit_log_is_searched_by_reference_user_date_and_identity_number(
        app, login, reference):  # noqa: F811
    from tests.builders import ADULTS, personnummer

    # Someone else entirely: the search by reference must not find their record's entries.
    inputs = household_inputs(adults=1, children=0)
    inputs["personal.1"].update({"first_name": "Annan", "last_name": "Persson",
                                 "identity_number": personnummer("19700101", "983")})
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=1, children=0, inputs=inputs)
    other = submit(client)
    anna = login("caseworker", username="anna")
    anna.get(f"/caseworker/records/{reference}")
    login("caseworker", username="berit").get(f"/caseworker/records/{other}")
    admin = login("admin")

    def rows(soup):
        return [tr.get_text(" ", strip=True) for tr in soup.select("tbody tr")]

    by_reference = rows(page(admin.get(f"/caseworker/audit?reference={reference}")).soup)
    assert by_reference and all(reference in row or "anna" in row for row in by_reference)
    assert not any("berit" in row for row in by_reference)
    by_user = rows(page(admin.get("/caseworker/audit?user=berit")).soup)
    assert by_user and all("berit" in row for row in by_user)
    # The log is searched by Swedish date (an hour or two ahead of UTC around midnight).
    sweden = swedish_date(utcnow()).isoformat()
    today = page(admin.get("/caseworker/audit?date=" + sweden)).soup
    assert len(rows(today)) >= 2
    assert not rows(page(admin.get("/caseworker/audit?date=2001-01-01")).soup)
    token = page(admin.get("/caseworker/audit")).csrf_token
    found = page(admin.post("/caseworker/audit", data={
        "identity_number": ADULTS[1]["identity_number"], "csrf_token": token})).soup
    assert any("anna" in row for row in rows(found))
    assert not any("berit" in row for row in rows(found))
    assert "lookup_identity_number" in actions(app)


def test_the_queue_names_languages_in_swedish(app, login):
    client = app.test_client()
    client.get("/?lang=ar")
    start(client)
    complete_household(client, app, adults=1, children=0)
    code = submit(client)
    queue = page(login("caseworker").get("/caseworker/")).soup
    row = next(tr for tr in queue.select("tbody tr") if code in tr.get_text())
    assert "arabiska" in row.get_text() and "العربية" not in row.get_text()


def test_a_prompt_with_a_gap_is_filled_from_the_persons_answer(app, login,
                                                              reference):  # noqa: F811
    client = login("caseworker")
    token = page(client.get(f"/caseworker/records/{reference}")).csrf_token
    client.post(f"/caseworker/records/{reference}/ratings/1",
                data={"category": "am3", "justification": "Samtal", "csrf_token": token})
    soup = page(client.get(f"/caseworker/records/{reference}")).soup
    prompt = soup.select_one("[data-prompt=ratings_differ_open][data-person='1']")
    assert "Du bedömde själv att gruppen ”AM1 – Jag kan söka arbete själv” passar dig." in \
        prompt.get_text(" ", strip=True)
    assert "…" not in prompt.get_text()


def test_the_queue_sorts_by_status_and_puts_unassigned_first(app, login,
                                                            reference):  # noqa: F811
    later = submitted(app)
    client = login("caseworker", username="anna")
    token = page(client.get(f"/caseworker/records/{reference}")).csrf_token
    client.post(f"/caseworker/records/{reference}/assign", data={"csrf_token": token})
    client.post(f"/caseworker/records/{reference}/status",
                data={"status": "reviewed", "csrf_token": token})

    def codes(order):
        return [a.get_text() for a in page(client.get(f"/caseworker/?order={order}"))
                .soup.select("tbody td:first-child a")]

    assert codes("responsible") == [later, reference]  # nobody has taken the later one
    assert codes("status") == [later, reference]  # new before reviewed, as the workflow goes


def test_the_queue_sorts_by_the_category_nearest_work_first(app, login):
    def household(*categories: str) -> str:
        inputs = household_inputs(adults=len(categories), children=0)
        for number, category in enumerate(categories, start=1):
            inputs[f"rating_choice.{number}"] = {"category": category,
                                                 "rehab_obstacles": ["none"]}
        client = app.test_client()
        start(client)
        complete_household(client, app, adults=len(categories), children=0, inputs=inputs)
        return submit(client)

    far, mixed, near = household("am3"), household("am3", "am2"), household("am1")
    client = login("caseworker")
    shown = [a.get_text() for a in page(client.get("/caseworker/?order=category"))
             .soup.select("tbody td:first-child a")]
    assert shown == [near, mixed, far]


def test_the_category_sort_pages_across_categories_without_losing_or_repeating(app, login):
    """Households sorted by self-rating over several pages: every one once, in order."""
    from selfservice.review import services as review
    from selfservice.review.services import QueueFilter
    from tests.stats.test_tallies import add_record

    with app.app_context():
        made = [add_record(sent=date(2026, 1, 1 + n % 28), adults=[(None, category)])
                for n, category in enumerate(["am3", "am1", None, "am2"] * 30)]
        for record in made:
            record.nearest_self_rating = record.people[0].self_rated_category
        database.session().commit()
        shown = []
        for number in (1, 2, 3):
            found = review.queue(filters=QueueFilter(), page=number, order="category")
            shown += [(r.nearest_self_rating, r.created_at, r.id) for r in found.rows]
        places = {"am1": 0, "am2": 1, "am3": 2, None: 3}
        assert len(shown) == 120 and len({row[2] for row in shown}) == 120
        assert shown == sorted(shown, key=lambda row: (places[row[0]], row[1], row[2]))
