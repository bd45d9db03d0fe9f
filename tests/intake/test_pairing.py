"""An interpreter follows the applicant's screen: through the test client, the applicant on
one client and the interpreter's device on another."""

from __future__ import annotations

import gzip
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from selfservice import database
from selfservice.database import utcnow
from selfservice.intake.models import Pairing
from tests.builders import ADULTS, household_inputs
from tests.conftest import location, page, sign_in
from tests.journey import complete_household, fill_step, start, submit

HOUSEHOLD = {"applying": "alone", "child_count": "0", "protected_identity": "no",
             "interpreter_needed": "no"}
JSON = {"Accept": "application/json"}


def show_to_interpreter(applicant, at: str = "/apply/household") -> str:
    """Press "Show to my interpreter" on a page; return the code shown once."""
    link = page(applicant.get(at)).soup.select_one("a[data-pair-start]")
    button = page(applicant.get(link["href"])).soup.select_one("form[data-pair-begin]")
    response = applicant.post(button["action"], data={
        "csrf_token": button.select_one("input[name=csrf_token]")["value"],
        "back": button.select_one("input[name=back]")["value"]})
    assert response.status_code == 200
    return page(response).soup.select_one("[data-pairing-code]").get_text(strip=True)


def type_code(device, code: str):
    form = page(device.get("/follow"))
    return device.post("/follow", data={"code": code, "csrf_token": form.csrf_token})


def follow(app, code: str):
    """A device of the interpreter's own that typed the code; returns it."""
    device = app.test_client()
    response = type_code(device, code)
    assert response.status_code == 302 and location(response) == "/follow/now"
    return device


def watched(device) -> str:
    """What the follower's page shows of the applicant's screen, as text."""
    return page(device.get("/follow/now")).soup.select_one("[data-poll]").get_text(" ",
                                                                                 strip=True)


def applicant_in(app, lang: str = "ar"):
    applicant = app.test_client()
    start(applicant)
    applicant.get(f"/tasks?lang={lang}")
    return applicant


def end_from(applicant, at: str = "/apply/household"):
    notice = page(applicant.get(at)).soup.select_one("[data-paired]")
    form = notice.select_one("form")
    return applicant.post(form["action"], data={
        "csrf_token": form.select_one("input[name=csrf_token]")["value"], "back": at})


def test_the_follower_sees_the_current_question_in_swedish_and_the_applicants_language(app):
    applicant = applicant_in(app, "ar")
    device = follow(app, show_to_interpreter(applicant))
    shown = page(device.get("/follow/now"))
    label = shown.soup.select_one("[data-follow-question=applying] h3")
    assert label.select_one("[lang=sv]").get_text(strip=True) == \
        "Söker du ensam eller tillsammans med en annan vuxen?"
    arabic = label.select_one("[lang=ar]")
    assert arabic["dir"] == "rtl" and "بالغ" in arabic.get_text()
    question = shown.soup.select_one("[data-follow-question=applying]")
    assert "Jag söker ensam" in question.get_text()  # the choices, in both languages
    assert "Varför frågar vi?" in question.get_text() and "Mer hjälp om frågan" in \
        question.get_text()
    assert shown.soup.html["lang"] == "sv", "the interpreter's own page is in their language"


def test_the_follower_is_told_the_next_question_when_the_applicant_moves_on(app):
    applicant = applicant_in(app, "ar")
    device = follow(app, show_to_interpreter(applicant))
    first = device.get("/follow/now", headers=JSON).json
    assert device.get(f"/follow/now?since={first['version']}", headers=JSON).json == \
        {"version": first["version"], "ended": False}, "nothing new: nothing sent"
    fill_step(applicant, app, "/apply/household", HOUSEHOLD)
    applicant.get("/apply/personal/1")
    moved = device.get(f"/follow/now?since={first['version']}", headers=JSON).json
    assert moved["version"] > first["version"]
    assert moved["announce"] == "Ny fråga: Om dig"
    assert "Förnamn" in moved["html"] and "Person 1" in moved["html"]
    assert "Förnamn" in watched(device)


def test_a_draft_continued_on_a_second_phone_is_still_followed_from_there(app):
    """Pages look for a pairing only in a session that may have one: the one that opened
    it, or one that took the draft over with its resume code."""
    first_phone = app.test_client()
    code = start(first_phone)
    with first_phone.session_transaction() as held:  # a new draft has no pairing to look for
        assert "may_be_followed" not in held
    first_phone.get("/tasks?lang=ar")
    device = follow(app, show_to_interpreter(first_phone))
    second_phone = app.test_client()
    resume = page(second_phone.get("/resume"))
    assert location(second_phone.post("/resume", data={
        "code": code, "csrf_token": resume.csrf_token})).startswith("/tasks")
    shown = page(second_phone.get("/apply/household")).soup
    assert shown.select_one("[data-paired]") is not None
    fill_step(second_phone, app, "/apply/household", HOUSEHOLD)
    second_phone.get("/apply/personal/1")
    assert "Förnamn" in watched(device)
    # Ended by the follower: the next page finds no pairing and stops looking.
    stop = page(device.get("/follow/now")).soup.select_one("form[action^='/follow/stop']")
    device.post(stop["action"], data={"csrf_token": stop.select_one(
        "input[name=csrf_token]")["value"]})
    assert page(second_phone.get("/apply/personal/1")).soup.select_one("[data-paired]") is None
    with second_phone.session_transaction() as held:
        assert "may_be_followed" not in held


def test_a_chat_question_is_followed_too(app):
    applicant = applicant_in(app, "fi")
    device = follow(app, show_to_interpreter(applicant, at="/chat"))
    applicant.get("/chat")
    text = watched(device)
    assert "svarar i chatten" in text
    assert "Söker du ensam eller tillsammans med en annan vuxen?" in text


def test_a_code_opens_one_device_and_a_wrong_one_says_so(app):
    applicant = applicant_in(app)
    code = show_to_interpreter(applicant)
    follow(app, code)
    for typed in (code, "1234 5678", "12", "x" * 5000, ""):
        response = type_code(app.test_client(), typed)
        assert response.status_code == 200
        assert page(response).errors == ["Koden fungerar inte. Den kan vara fel skriven, "
                                         "redan använd eller avslutad. Be den sökande visa "
                                         "en ny kod."], typed


def test_a_code_typed_with_arabic_digits_and_without_its_space_works(app):
    applicant = applicant_in(app)
    code = show_to_interpreter(applicant)
    arabic = code.replace(" ", "").translate({ord(str(d)): chr(0x0660 + d) for d in range(10)})
    follow(app, arabic)


def test_answers_are_shown_only_when_allowed_and_identity_never(app):
    applicant = applicant_in(app, "sv")
    fill_step(applicant, app, "/apply/household",
              {**HOUSEHOLD, "interpreter_needed": "yes", "interpreter_speaks": "other",
               "interpreter_language": f"tigrinja, ring {ADULTS[0]['phone']} "
                                       f"eller {ADULTS[0]['identity_number']}"})
    fill_step(applicant, app, "/apply/personal/1",
              {**household_inputs(1, 0)["personal.1"], "gender": "woman"})
    device = follow(app, show_to_interpreter(applicant, at="/apply/personal/1"))
    secrets = [ADULTS[0]["identity_number"], ADULTS[0]["identity_number"].replace("-", ""),
               ADULTS[0]["first_name"], ADULTS[0]["last_name"], ADULTS[0]["email"],
               "070-174 06 10", "+46701740610"]

    def pages_seen() -> str:
        return device.get("/follow/now").get_data(as_text=True) + \
            device.get("/follow/now", headers=JSON).get_data(as_text=True)
    assert not page(device.get("/follow/now")).soup.select("[data-chosen], [data-follow-answer]")
    allow(applicant, True)
    shown = page(device.get("/follow/now"))
    assert shown.soup.select_one("[data-follow-question=gender] [data-chosen]")
    assert all(secret not in pages_seen() for secret in secrets)
    applicant.get("/apply/household")
    answer = page(device.get("/follow/now")).soup.select_one(
        "[data-follow-question=interpreter_language] [data-follow-answer]")
    assert answer.get_text() == "tigrinja, ring [telefonnummer dolt] eller [personnummer dolt]"
    assert all(secret not in pages_seen() for secret in secrets)
    allow(applicant, False)
    assert not page(device.get("/follow/now")).soup.select("[data-follow-answer]")


def allow(applicant, shown: bool) -> None:
    manage = page(applicant.get("/pair?back=/apply/household"))
    form = manage.soup.select_one("form[action^='/pair/answers']")
    response = applicant.post(form["action"], data={
        "csrf_token": form.select_one("input[name=csrf_token]")["value"],
        "back": "/apply/household", "show": "yes" if shown else "no"})
    assert response.status_code == 302


def test_the_applicant_sees_someone_follows_and_ends_it(app):
    applicant = applicant_in(app, "sv")
    code = show_to_interpreter(applicant)
    waiting = page(applicant.get("/apply/household")).soup.select_one("[data-paired]")
    assert "Koden till din tolk väntar." in waiting.get_text()
    device = follow(app, code)
    notice = page(applicant.get("/apply/household")).soup.select_one("[data-paired]")
    assert "Din tolk följer din skärm." in notice.get_text()
    status = applicant.get("/pair/status", headers=JSON).json
    assert "Din tolk följer din skärm sedan" in status["announce"]
    response = end_from(applicant)
    assert location(response) == "/apply/household"
    assert not page(applicant.get("/apply/household")).soup.select("[data-paired]")
    assert "Visningen är avslutad" in watched(device)
    assert device.get("/follow/now", headers=JSON).json["ended"] is True


def test_it_ends_by_itself_after_its_time(app):
    applicant = applicant_in(app)
    device = follow(app, show_to_interpreter(applicant))
    with app.app_context():
        database.session().execute(update(Pairing).values(
            expires_at=utcnow() - timedelta(seconds=1)))
        database.session().commit()
    assert "Visningen är avslutad" in watched(device)
    assert not page(applicant.get("/apply/household")).soup.select("[data-paired]")
    with app.app_context():
        assert database.session().scalars(select(Pairing.ended_by)).one() == "time"


def test_the_time_is_a_setting(tmp_path):
    from tests.conftest import make_app

    app = make_app(tmp_path, PAIRING_MINUTES=5)
    applicant = applicant_in(app)
    show_to_interpreter(applicant)
    with app.app_context():
        row = database.session().scalars(select(Pairing)).one()
        assert row.expires_at - row.started_at == timedelta(minutes=5)
    app.extensions["db_engine"].dispose()


def test_a_new_code_ends_the_one_before(app):
    applicant = applicant_in(app)
    device = follow(app, show_to_interpreter(applicant))
    manage = page(applicant.get("/pair?back=/apply/household"))
    assert manage.soup.select_one("[data-pair-state=joined]")
    end_from(applicant)
    newer = follow(app, show_to_interpreter(applicant))
    assert "Visningen är avslutad" in watched(device)
    assert "Söker du ensam" in watched(newer)


def test_sending_ends_it_and_the_record_shows_when_and_in_which_language(any_db_app):
    app = any_db_app
    applicant = applicant_in(app, "ar")
    complete_household(applicant, app, adults=1, children=0)
    device = follow(app, show_to_interpreter(applicant, at="/apply/household"))
    reference = submit(applicant)
    assert "Visningen är avslutad" in watched(device)
    record = page(sign_in(app).get(f"/caseworker/records/{reference}"))
    line = record.soup.select_one("[data-pairing]").get_text(" ", strip=True)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d–\d\d:\d\d, på arabiska "
                        r"\(ansökan skickades\)", line), line
    with app.app_context():
        row = database.session().scalars(select(Pairing)).one()
        assert row.draft_id is None and row.position is None


def test_clearing_the_phone_ends_it(app):
    applicant = applicant_in(app)
    device = follow(app, show_to_interpreter(applicant))
    tasks = page(applicant.get("/tasks"))
    form = tasks.soup.select_one("[data-clear-phone] form")
    applicant.post(form["action"], data={
        "csrf_token": form.select_one("input[name=csrf_token]")["value"]})
    assert "Visningen är avslutad" in watched(device)


def test_the_follower_may_stop(app):
    applicant = applicant_in(app)
    device = follow(app, show_to_interpreter(applicant))
    following = page(device.get("/follow/now"))
    form = following.soup.select_one("form[action^='/follow/stop']")
    response = device.post(form["action"], data={
        "csrf_token": form.select_one("input[name=csrf_token]")["value"]})
    assert location(response) == "/follow"
    assert not page(applicant.get("/apply/household")).soup.select("[data-paired]")


@pytest.mark.parametrize("method, url", [
    ("GET", "/follow/now"), ("POST", "/follow/stop"), ("GET", "/pair"), ("POST", "/pair"),
    ("POST", "/pair/end"), ("POST", "/pair/answers"), ("GET", "/pair/status")])
def test_pairing_routes_without_a_pairing_or_a_draft_send_people_on(client, method, url):
    response = client.open(url, method=method, data={"back": "//example.org"})
    assert response.status_code == 302
    assert not response.headers["Location"].startswith("//")
    assert client.get("/follow/now", headers=JSON).json == {"version": 0, "ended": True}


def test_a_stale_form_or_a_foreign_back_address_changes_nothing(app):
    applicant = applicant_in(app)
    response = applicant.post("/pair", data={"back": "/apply/household"})
    assert location(response) == "/apply/household"
    code = show_to_interpreter(applicant)
    manage = page(applicant.get("/pair?back=https://example.org/"))
    assert manage.soup.select_one("a.back-link")["href"].startswith("/tasks")
    response = applicant.post("/pair/end", data={"back": "/apply/household"})
    follow(app, code)  # the pairing was not ended without a token


def test_pages_stay_within_the_weight_budget(app):
    applicant = applicant_in(app, "ar")
    device = follow(app, show_to_interpreter(applicant))
    for who, url in ((device, "/follow/now"), (applicant, "/apply/household"),
                     (applicant, "/pair?back=/apply/household")):
        response = who.get(url, headers={"Accept-Encoding": "gzip"})
        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', response.get_data(as_text=True)
                            if "Content-Encoding" not in response.headers
                            else gzip.decompress(response.data).decode())
        weight = len(response.data) + sum(
            len(who.get(asset, headers={"Accept-Encoding": "gzip"}).data) for asset in assets)
        assert weight <= 30 * 1024, (url, weight)


def test_pairings_go_with_their_draft_and_their_record(app):
    from selfservice.intake.models import Draft
    from selfservice.operations.retention import purge
    from selfservice.records.models import Submission

    unsent = applicant_in(app)
    show_to_interpreter(unsent)
    sender = applicant_in(app)
    complete_household(sender, app, adults=1, children=0)
    follow(app, show_to_interpreter(sender, at="/apply/household"))
    reference = submit(sender)
    with app.app_context():
        session = database.session()
        assert session.scalar(select(func.count()).select_from(Pairing)) == 2
        session.execute(update(Draft).values(expires_at=utcnow() - timedelta(seconds=1)))
        session.commit()
        purge()
        kept = session.scalars(select(Pairing)).all()
        assert [row.ended_by for row in kept] == ["sent"], "the record keeps its pairing"
        retention = timedelta(days=app.config["RECORD_RETENTION_DAYS"] + 1)
        session.execute(update(Submission).where(Submission.reference_code == reference)
                        .values(submitted_on=(utcnow() - retention).date()))
        session.commit()
        purge()
        assert session.scalar(select(func.count()).select_from(Pairing)) == 0


def test_two_app_processes_on_one_database_share_the_pairing(any_db_app):
    """The applicant on one app instance, the follower on another with the same database and
    keys (as two gunicorn processes are): nothing of a pairing lives in a process."""
    from selfservice import create_app

    first = any_db_app
    second = create_app({key: first.config[key] for key in
                         ("INSTANCE_PATH", "TESTING", "STAFF_SECOND_FACTOR", "DATABASE_URL")})
    try:
        assert first.extensions["db_engine"] is not second.extensions["db_engine"]
        applicant = applicant_in(first, "ar")
        device = follow(second, show_to_interpreter(applicant))
        label = page(device.get("/follow/now")).soup.select_one(
            "[data-follow-question=applying] h3")
        assert label.select_one("[lang=sv]").get_text(strip=True) == \
            "Söker du ensam eller tillsammans med en annan vuxen?"
        assert "بالغ" in label.select_one("[lang=ar]").get_text()
        seen = device.get("/follow/now", headers=JSON).json["version"]
        fill_step(applicant, first, "/apply/household", HOUSEHOLD)
        applicant.get("/apply/personal/1")
        moved = device.get(f"/follow/now?since={seen}", headers=JSON).json
        assert moved["announce"] == "Ny fråga: Om dig" and "Förnamn" in moved["html"]
        end_from(applicant, at="/apply/personal/1")
        assert device.get("/follow/now", headers=JSON).json["ended"] is True
        assert "Visningen är avslutad" in watched(device)
    finally:
        second.extensions["db_engine"].dispose()


@pytest.mark.parametrize(("at", "lang", "said"), [
    ("/tasks", "ar", "Den sökande är på översikten."),
    ("/check", "fi", "Den sökande kontrollerar sina svar."),
])
def test_the_task_list_and_check_page_offer_it_and_the_follower_sees_where(app, at, lang, said):
    applicant = applicant_in(app, lang)
    device = follow(app, show_to_interpreter(applicant, at=at))
    assert said in watched(device)
    shown = page(applicant.get(at)).soup
    assert shown.select_one("[data-paired]") and not shown.select_one("[data-pair-start]")
