"""Input that once gave a server error, each now refused with a message on both databases:
control characters, lengths beyond a column, choices outside their list, huge page numbers
and a line break in the address to return to after signing in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from selfservice import database
from selfservice.inputs import RefusedInput, clean, column_length, local_path
from selfservice.records.models import AuditEntry
from selfservice.review.models import PromptUse
from tests.builders import household_inputs
from tests.conftest import Page, location, page, sign_in
from tests.journey import complete_household, fill_step, start, submit

REFUSED = "Texten innehåller tecken som inte kan tas emot"
REASON_LIMIT = column_length(AuditEntry.reason)


@pytest.fixture
def reference(any_db_app) -> str:
    client = any_db_app.test_client()
    start(client)
    complete_household(client, any_db_app, adults=1, children=0)
    return submit(client)


@pytest.fixture
def caseworker(any_db_app):
    return sign_in(any_db_app, username="kim")


def _token(client, url: str) -> str:
    return Page(client.get(url)).csrf_token


def _reveal(client, reference: str, reason: str):
    token = _token(client, f"/caseworker/records/{reference}")
    return client.post(f"/caseworker/records/{reference}/reveal",
                       data={"reason": reason, "csrf_token": token})


def _reasons(app) -> list[str]:
    with app.app_context():
        return list(database.session().scalars(
            select(AuditEntry.reason).where(AuditEntry.action == "reveal_identity")))


def test_a_reveal_reason_with_control_characters_is_refused_with_a_message(
        any_db_app, reference, caseworker):
    for reason in ("Bokat\x00möte", "Möte\u202egnitsket", "Möte\u2066x\u2069",
                   "rad ett\r\nrad två", "\x1b[31m"):
        response = _reveal(caseworker, reference, reason)
        assert response.status_code == 400
        assert page(response).errors == [f"{REFUSED}, till exempel osynliga styrtecken. "
                                         "Skriv den igen."]
    assert _reasons(any_db_app) == []


def test_a_reveal_reason_may_fill_its_column_but_not_more(any_db_app, reference, caseworker):
    too_long = _reveal(caseworker, reference, "å" * (REASON_LIMIT + 1))
    assert too_long.status_code == 400
    assert page(too_long).errors == [
        "Texten är för lång. Skriv högst 1\xa0000 tecken (nu 1\xa0001)."]
    assert _reveal(caseworker, reference, "å" * REASON_LIMIT).status_code == 200
    assert _reasons(any_db_app) == ["å" * REASON_LIMIT]
    shown = page(caseworker.get(f"/caseworker/records/{reference}"))
    assert shown.soup.select_one("#reason")["maxlength"] == str(REASON_LIMIT)


def test_a_user_name_with_nul_is_refused_at_sign_in(any_db_app):
    client = any_db_app.test_client()
    token = _token(client, "/caseworker/sign-in")
    response = client.post("/caseworker/sign-in", data={
        "username": "kim\x00", "password": "x", "csrf_token": token})
    assert response.status_code == 200
    assert REFUSED in page(response).soup.select_one(".error-summary").get_text()


def test_a_prompt_id_outside_the_mi_guide_is_ignored(any_db_app, reference, caseworker):
    for prompt in ("open_\x00", "x" * 200, "\u202e"):
        token = _token(caseworker, f"/caseworker/records/{reference}")
        response = caseworker.post(f"/caseworker/records/{reference}/prompts",
                                   data={"prompt": [prompt, f"{prompt}:1"], "csrf_token": token})
        assert response.status_code == 302
    with any_db_app.app_context():
        assert database.session().scalars(select(PromptUse)).all() == []


def test_a_rehabilitation_level_outside_the_list_is_refused(any_db_app, reference, caseworker):
    token = _token(caseworker, f"/caseworker/records/{reference}")
    response = caseworker.post(f"/caseworker/records/{reference}/ratings/1", data={
        "category": "am1", "rehabilitation": "rh9", "justification": "Samtal om arbete.",
        "csrf_token": token})
    assert response.status_code == 400
    assert page(response).soup.select_one("[data-rating-error]").get_text(strip=True) == \
        "Välj en kategori. Det du skrev finns kvar."


def test_any_page_number_shows_a_page_of_the_queue_and_the_audit_log(any_db_app, reference):
    admin = sign_in(any_db_app, role="admin")
    for number in (str(2**63), str(2**64), "9" * 5000, "-1", "١٢", "x", "1e9"):
        assert admin.get(f"/caseworker/?page={number}").status_code == 200
        assert admin.get(f"/caseworker/audit?page={number}").status_code == 200


def test_an_audit_search_that_cannot_be_matched_says_why(any_db_app):
    admin = sign_in(any_db_app, role="admin")
    for search in ("user=kim%00", "reference=ABCD%00EFGH", "user=" + "k" * 200):
        response = admin.get(f"/caseworker/audit?{search}")
        assert response.status_code == 400
        assert page(response).errors


def test_an_unsafe_address_to_return_to_leads_to_the_queue(any_db_app):
    sign_in(any_db_app, username="kim")
    for target in ("/caseworker/%0d%0aSet-Cookie:%20x=1", "//evil.example/caseworker"):
        client = any_db_app.test_client()
        response = client.post(f"/caseworker/sign-in?next={target}", data={
            "username": "kim", "password": "rätt lösenord 123",
            "csrf_token": _token(client, "/caseworker/sign-in")})
        assert response.status_code == 302, target
        assert location(response) == "/caseworker/", target


@pytest.mark.parametrize("target", ["/caseworker/\r\nSet-Cookie: x=1", "/caseworker/\nx",
                                    "//evil.example/caseworker", "https://evil.example/caseworker",
                                    "/caseworker\\..\\x", "/\\evil.example", "/tasks",
                                    "/caseworker/\x00", "/caseworker/\u202ex", "caseworker/",
                                    "/caseworker/" + "x" * 3000, "", None])
def test_an_unsafe_address_to_return_to_is_not_kept(target):
    assert local_path(target, under="/caseworker") is None


def test_a_safe_address_to_return_to_is_kept():
    assert local_path("/caseworker/records/ABCD-EFGH?x=1", under="/caseworker") == \
        "/caseworker/records/ABCD-EFGH?x=1"
    assert local_path("/caseworker", under="/caseworker") == "/caseworker"
    assert local_path("/caseworkers", under="/caseworker") is None


def test_a_name_with_a_direction_override_is_refused_with_a_message(any_db_app):
    client = any_db_app.test_client()
    start(client)
    fill_step(client, any_db_app, "/apply/household", household_inputs(1, 0)["household"])
    response = fill_step(client, any_db_app, "/apply/personal/1",
                         {**household_inputs(1, 0)["personal.1"],
                          "first_name": "Testa\u202eassetsE"})
    assert response.status_code == 200
    assert page(response).errors == ["Svaret innehåller tecken som inte kan sparas. "
                                     "Skriv det igen."]


def test_values_no_column_holds_are_refused_before_the_database_sees_them(any_db_app):
    with any_db_app.app_context():
        session = database.session()
        for value in ("a\x00b", "\ud800", 2**63):
            with pytest.raises(RefusedInput):
                session.scalars(select(AuditEntry).where(AuditEntry.user == value)).all()
            session.rollback()
        session.add(AuditEntry(at=database.utcnow(), user="k" * 129, unit="", action="x",
                               subject="-", previous_hash="0", entry_hash="0"))
        with pytest.raises(RefusedInput):
            session.flush()


def test_clean_keeps_what_people_type():
    assert clean("  Åsa\tÖberg \r\n", words=True) == "Åsa Öberg"
    assert clean("rad ett\r\nrad två", multiline=True) == "rad ett\nrad två"
    assert clean("رامي حداد\u200f", words=True) == "رامي حداد\u200f"  # a right-to-left mark
