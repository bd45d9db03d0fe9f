"""Page addresses built once per process (selfservice/links.py) are the addresses Flask builds."""

from __future__ import annotations

import pytest
from flask import Flask, url_for

from selfservice.links import ADDRESSES_KEPT

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
