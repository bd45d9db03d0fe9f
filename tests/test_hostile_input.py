"""Generated hostile input on every step: never a server error, never silently changed."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfservice.intake import services
from selfservice.intake.models import Draft
from tests.builders import household_inputs, sample_input
from tests.conftest import make_app, page
from tests.journey import complete_household, start

HOSTILE_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50).map(lambda s: s * 20),
    st.sampled_from([
        "\x00", "\u202e\u202dabc", "<script>alert(1)</script>", "{{ 7*7 }}", "' OR 1=1 --",
        "😀" * 100, "a" * 5000, "\r\n\r\n", "%(number)s", "../../etc/passwd", "\ufeff", "\u200f",
        "-1", "1e309", "0x10", "١٢٣", "NaN",
    ]),
)


@pytest.fixture(scope="module")
def journey(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("hostile"))
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=2, children=1, inputs=household_inputs(2, 1))
    yield app, client
    app.extensions["db_engine"].dispose()


def _steps(app):
    questionnaire = app.extensions["questionnaire"]
    return [(p, f"/apply/{p.id}" + ("/1" if p.repeat else "")) for p in questionnaire.pages]


def _stored(app, step_key: str) -> dict:
    with app.app_context():
        draft = services.database.session().query(Draft).first()
        return services.answers_of(draft).get(step_key, {})


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data(), value=HOSTILE_TEXT, step_index=st.integers(min_value=0, max_value=100))
def test_hostile_values_are_accepted_exactly_or_refused_with_a_message(journey, data, value,
                                                                        step_index):
    app, client = journey
    steps = _steps(app)
    page_def, url = steps[step_index % len(steps)]
    question = data.draw(st.sampled_from(page_def.questions))
    shown = client.get(url)
    if shown.status_code != 200:  # an earlier example changed the household: restore it
        _restore(client)
        shown = client.get(url)
    token = page(shown).csrf_token
    form = {q.id: sample_input(q) for q in page_def.questions}
    form[question.id] = value
    response = client.post(url, data={**form, "csrf_token": token})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert page(response).errors, "a refused value gets a message"
        return
    if page_def.id == "household":
        _restore(client)
    stored = _stored(app, url.removeprefix("/apply/").replace("/", "."))
    if question.type == "text" and question.id in stored:
        expected = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\t", " "))
        assert stored[question.id] == expected.strip()


def _restore(client) -> None:
    token = page(client.get("/apply/household")).csrf_token
    client.post("/apply/household", data={**household_inputs(2, 1)["household"],
                                          "csrf_token": token})


@pytest.mark.parametrize("body", [b"applying=\xff\xfe&child_count=1",
                                  b"applying=alone&applying=together&child_count=1&child_count=2",
                                  b"child_count[]=1", b"%%%%", b"\x00" * 100])
def test_malformed_bodies_never_cause_a_server_error(journey, body):
    _app, client = journey
    response = client.post("/apply/household", data=body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500


def test_wrong_types_in_choice_fields_are_refused(journey):
    _app, client = journey
    token = page(client.get("/apply/household")).csrf_token
    response = client.post("/apply/household", data={
        "applying": "<b>", "child_count": "2", "protected_identity": "maybe",
        "interpreter_needed": "no", "csrf_token": token})
    assert response.status_code == 200 and len(page(response).errors) == 2


@pytest.fixture(scope="module")
def chatting(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("hostile-chat"))
    client = app.test_client()
    start(client)
    yield client
    app.extensions["db_engine"].dispose()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=HOSTILE_TEXT, field=st.sampled_from(["text", "choice", "command", "asked"]),
       as_json=st.booleans())
def test_hostile_chat_turns_never_cause_a_server_error(chatting, text, field, as_json):
    token = page(chatting.get("/chat")).csrf_token
    headers = {"Accept": "application/json"} if as_json else {}
    response = chatting.post("/chat", headers=headers, data={field: text, "csrf_token": token})
    assert response.status_code < 500
    assert chatting.get("/chat").status_code == 200
