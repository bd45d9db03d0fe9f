"""Identity reveals are limited per caseworker, and reaching the limit is shown to admins."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from selfservice import database
from selfservice.records.models import AuditEntry
from tests.conftest import make_app, page, sign_in
from tests.journey import complete_household, start, submit

LIMIT = 3


@pytest.fixture
def limited(tmp_path):
    app = make_app(tmp_path, REVEALS_PER_HOUR=LIMIT)
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=1, children=0)
    yield app, submit(client)
    app.extensions["db_engine"].dispose()


def _reveal(client, reference: str, reason: str = "Förbereder första mötet"):
    token = page(client.get(f"/caseworker/records/{reference}")).csrf_token
    return client.post(f"/caseworker/records/{reference}/reveal",
                       data={"reason": reason, "csrf_token": token})


def _flags(app) -> list[str]:
    with app.app_context():
        return list(database.session().scalars(select(AuditEntry.user).where(
            AuditEntry.action == "reveal_limit_reached")))


def test_reveals_past_the_limit_are_refused_and_flagged_once(limited):
    app, reference = limited
    kim = sign_in(app, username="kim")
    assert [_reveal(kim, reference, reason="").status_code for _ in range(2)] == [400, 400], \
        "a reveal refused for want of a reason does not count"
    assert [_reveal(kim, reference).status_code for _ in range(LIMIT)] == [200] * LIMIT
    refused = _reveal(kim, reference)
    assert refused.status_code == 429
    assert page(refused).errors == [
        "Du har redan visat 3 identiteter den senaste timmen, så många som en handläggare får. "
        "Vänta en stund innan du visar fler. Administratören får veta det."]
    assert _reveal(kim, reference).status_code == 429
    assert _flags(app) == ["kim"], "flagged once, not at every refusal"
    assert _reveal(sign_in(app, username="alex"), reference).status_code == 200, \
        "a colleague has a limit of their own"


def test_admins_see_who_reached_the_limit_and_caseworkers_do_not(limited):
    app, reference = limited
    kim = sign_in(app, username="kim")
    for _ in range(LIMIT + 1):
        _reveal(kim, reference)
    admin = sign_in(app, role="admin")
    for url in ("/caseworker/", "/caseworker/audit"):
        notice = page(admin.get(url)).soup.select_one("[data-reveal-flags]")
        assert notice is not None, url
        assert notice.select_one("a").get_text(strip=True) == "kim"
    assert page(kim.get("/caseworker/")).soup.select_one("[data-reveal-flags]") is None
    audit = page(admin.get("/caseworker/audit")).soup
    assert "Nådde gränsen för att visa identiteter" in audit.select_one(
        "[data-audit-action=reveal_limit_reached]").get_text()
