"""Every route × who is asking: anonymous, an applicant, a caseworker, an administrator."""

from __future__ import annotations

import pytest

from tests.conftest import location, make_app, sign_in
from tests.journey import complete_household, start, submit

STAFF_ROUTES = [
    ("GET", "/caseworker/"), ("GET", "/caseworker/records/{ref}"),
    ("POST", "/caseworker/records/{ref}/reveal"), ("POST", "/caseworker/records/{ref}/status"),
    ("POST", "/caseworker/records/{ref}/ratings/1"), ("POST", "/caseworker/records/{ref}/prompts"),
    ("POST", "/caseworker/find"), ("GET", "/caseworker/session"), ("POST", "/caseworker/session"),
    ("GET", "/caseworker/statistics"), ("GET", "/caseworker/statistics/assessments"),
    ("GET", "/caseworker/statistics/agreement.csv"),
    ("POST", "/caseworker/records/{ref}/follow-up-code/1"),
]
ADMIN_ROUTES = [("GET", "/caseworker/audit"), ("GET", "/caseworker/audit.csv"),
                ("GET", "/caseworker/usage"), ("GET", "/caseworker/usage/funnel.csv")]
APPLICANT_ROUTES = [("GET", "/tasks"), ("GET", "/apply/household"), ("GET", "/check"),
                    ("GET", "/confirmation"), ("POST", "/confirmation"), ("GET", "/chat"),
                    ("POST", "/submit"),
                    ("GET", "/documents/draft.pdf"), ("GET", "/documents/application.pdf")]


@pytest.fixture(scope="module")
def setting(tmp_path_factory):
    """A sent application, and the people who may or may not look at it."""
    app = make_app(tmp_path_factory.mktemp("authorization"))
    owner = app.test_client()
    start(owner)
    complete_household(owner, app, adults=1, children=0)
    reference = submit(owner)
    other = app.test_client()
    start(other)  # an applicant with a draft of their own
    return {"reference": reference, "anonymous": app.test_client(), "applicant": other,
            "caseworker": sign_in(app, role="caseworker"), "admin": sign_in(app, role="admin")}


def _call(client, method: str, url: str):
    return client.open(url, method=method, data={})


@pytest.mark.parametrize("method, route", STAFF_ROUTES + ADMIN_ROUTES)
def test_staff_routes_send_applicants_and_strangers_to_sign_in(setting, method, route):
    url = route.format(ref=setting["reference"])
    for who in ("anonymous", "applicant"):
        response = _call(setting[who], method, url)
        assert response.status_code == 302, (who, url)
        assert location(response).startswith("/caseworker/sign-in"), (who, url)


@pytest.mark.parametrize("method, route", STAFF_ROUTES)
def test_caseworkers_and_admins_reach_staff_routes(setting, method, route):
    url = route.format(ref=setting["reference"])
    for who in ("caseworker", "admin"):
        response = _call(setting[who], method, url)
        assert response.status_code < 500, (who, url)
        assert response.status_code != 403, (who, url)
        assert not location(response).startswith("/caseworker/sign-in") \
            if response.status_code == 302 else True


@pytest.mark.parametrize("method, route", ADMIN_ROUTES)
def test_only_admins_reach_the_audit_log(setting, method, route):
    assert _call(setting["caseworker"], method, route).status_code == 403
    assert _call(setting["admin"], method, route).status_code == 200


@pytest.mark.parametrize("method, route", APPLICANT_ROUTES)
def test_applicant_routes_show_only_the_visitors_own_draft(setting, method, route):
    for who in ("anonymous", "caseworker"):
        response = _call(setting[who], method, route)
        assert response.status_code in (302, 404), (who, route)
        assert not location(response).startswith("/confirmation")
    other = _call(setting["applicant"], method, route)
    assert other.status_code < 500
    assert setting["reference"].encode() not in other.get_data(), "never someone else's record"
