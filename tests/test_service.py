"""Page addresses built once per process (selfservice/service.py) are the addresses Flask builds."""

from __future__ import annotations

import pytest
from flask import Flask, url_for

from selfservice.service import ADDRESSES_KEPT

ASKED = [
    ("intake.tasks", {}),
    ("intake.step", {"page_id": "personal", "number": 2}),
    ("intake.step", {"page_id": "urgent", "return": "check"}),
    ("intake.tasks", {"lang": "fi"}),
    ("static", {"filename": "app.css"}),
    ("intake.glossary", {"_anchor": "försörjningsstöd"}),
    ("intake.step", {"page_id": "personal", "number": 1, "interpreter": 1}),
    ("intake.tasks", {"start": "2024-11-01", "end": "2025-06-30"}),  # query kept in order
    ("intake.tasks", {"end": "2025-06-30", "start": "2024-11-01"}),
]


def flask_own(app, endpoint: str, values: dict) -> str:
    return Flask.url_for(app, endpoint, **values)


@pytest.mark.parametrize("root", ["", "/kommun/ansokan"])
@pytest.mark.parametrize("lang", ["sv", "ar", "fi", "en"])
def test_an_address_is_the_one_flask_builds_for_the_page_language_and_mount_point(
        app, root, lang):
    with app.test_request_context(f"/tasks?lang={lang}", base_url=f"http://kommun.se{root}"):
        app.preprocess_request()
        for endpoint, values in ASKED:
            built = url_for(endpoint, **values)
            assert built == flask_own(app, endpoint, values)
            assert built == url_for(endpoint, **values)  # the kept one, asked again
            assert built.startswith(f"{root}/")
            assert f"lang={values.get('lang', lang)}" in built or endpoint == "static"


def test_a_relative_endpoint_is_its_blueprints_and_other_arguments_are_built_by_flask(app):
    with app.test_request_context("/tasks"):
        app.preprocess_request()
        from flask import request
        request.url_rule = app.url_map._rules_by_endpoint["intake.tasks"][0]
        assert url_for(".check") == flask_own(app, "intake.check", {})
        assert url_for("intake.tasks", _external=True).startswith("http://localhost/tasks")
        # A list of values (repeated query arguments) is built every time, not kept.
        assert url_for("intake.tasks", choice=["a", "b"]) == flask_own(
            app, "intake.tasks", {"choice": ["a", "b"]})


def test_the_kept_addresses_are_bounded(app):
    """Values can come from a query string: a flood of new ones cannot grow the cache."""
    with app.test_request_context("/tasks"):
        app.preprocess_request()
        for number in range(ADDRESSES_KEPT + 50):
            url_for("intake.step", page_id="personal", number=number)
        assert app._page_address.cache_info().currsize == ADDRESSES_KEPT


def test_the_session_signer_is_made_once_for_the_keys_and_anew_when_they_change(app):
    interface = app.session_interface
    first = interface.get_signing_serializer(app)
    assert interface.get_signing_serializer(app) is first
    cookie = first.dumps({"lang": "fi"})
    app.config["SECRET_KEY_FALLBACKS"] = [app.secret_key]
    app.secret_key = "a new key for this test only, long enough to sign with"
    rotated = interface.get_signing_serializer(app)
    assert rotated is not first
    assert rotated.loads(cookie) == {"lang": "fi"}  # signed with the key before, still read
    assert rotated.dumps({"lang": "fi"}) != cookie


def test_a_hook_is_asked_once_whether_it_is_a_coroutine_function(app):
    def hook():
        return None

    assert app.ensure_sync(hook) is hook
    before = app._synced.cache_info().hits
    app.ensure_sync(hook)
    assert app._synced.cache_info().hits == before + 1
