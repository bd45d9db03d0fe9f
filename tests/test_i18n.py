"""Four languages throughout: catalogues, plural forms, switching, right-to-left, interpreters."""

from __future__ import annotations

import gettext
import re

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from selfservice.catalogues import catalogue_problems
from selfservice.config import PROJECT_ROOT
from selfservice.records.services import find_by_reference, full_answers_for_applicant
from tests.builders import household_inputs
from tests.conftest import page
from tests.journey import complete_household, fill_step, start, submit

LANGUAGES = ["en", "ar", "fi"]
CLDR_ORDER = ["zero", "one", "two", "few", "many", "other"]


def test_catalogues_are_complete_fresh_and_compiled():
    assert catalogue_problems() == []


def test_translations_check_command_passes(runner):
    result = runner.invoke(args=["translations-check"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("count, form", [(0, "zero"), (1, "one"), (2, "two"), (3, "few"),
                                         (11, "many"), (100, "other")])
def test_arabic_plural_forms_follow_cldr(count, form):
    with open(PROJECT_ROOT / "translations/ar/LC_MESSAGES/messages.mo", "rb") as handle:
        arabic = gettext.GNUTranslations(handle)
    assert Locale("ar").plural_form(count) == form
    assert arabic.plural(count) == CLDR_ORDER.index(form)


def _untranslated_sources(language: str) -> list[str]:
    """Swedish texts whose translation differs from them, long enough to recognise."""
    with open(PROJECT_ROOT / f"translations/{language}/LC_MESSAGES/messages.po", "rb") as f:
        catalog = read_po(f, locale=language)
    sources = []
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for source in ids:
            plain = re.sub(r"%\([a-z_]+\)s", "", source).strip()
            # A name kept in Swedish inside its translation (an institution) is not a leftover.
            kept = any(source in string for string in strings)
            if len(plain) >= 12 and not kept and "%(" not in source:
                sources.append(source)
    return sources


def _visible_text(response) -> str:
    soup = page(response).soup
    for hidden in soup.select("script, style, .source-text, .languages"):
        hidden.decompose()
    return soup.get_text(" ", strip=True)


def _pages_of_a_journey(client, app, language: str):
    yield client.get(f"/?lang={language}")
    yield client.get("/resume")
    yield client.get("/privacy")
    yield client.get("/safety")
    yield client.get("/accessibility")
    yield client.get("/who-opened")
    yield client.get("/apply/household")  # before starting: redirect target is the start page
    start(client)
    yield client.get("/tasks")
    yield fill_step(client, app, "/apply/household", {"applying": "", "child_count": "x"})
    complete_household(client, app, adults=2, children=1)
    steps = app.extensions["questionnaire"].pages
    for step in steps:
        number = "/1" if step.repeat else ""
        response = client.get(f"/apply/{step.id}{number}")
        if response.status_code == 200:
            yield response
    yield client.get("/check")
    yield client.get("/apply/no-such-page")
    submit(client)
    yield client.get("/confirmation")
    for neutral in ("/elsewhere", "/closed", "/cleared"):
        yield client.get(neutral)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_the_journey_is_fully_translated(app, language):
    client = app.test_client()
    sources = _untranslated_sources(language)
    seen = 0
    for response in _pages_of_a_journey(client, app, language):
        if response.status_code in (301, 302):
            continue
        text = _visible_text(response)
        assert page(response).soup.html["lang"] == language
        leftovers = [s for s in sources if s in text]
        assert not leftovers, (response.request.path, leftovers[:3])
        seen += 1
    assert seen > 15


def test_first_visit_follows_the_browser_language(client):
    response = client.get("/", headers={"Accept-Language": "fi-FI,fi;q=0.9,sv;q=0.5"})
    assert page(response).soup.html["lang"] == "fi"


def test_arabic_pages_are_right_to_left_and_links_carry_the_language(client):
    soup = page(client.get("/?lang=ar")).soup
    assert soup.html["dir"] == "rtl"
    links = [a["href"] for a in soup.select("main a, footer a") if a["href"].startswith("/")]
    assert links and all("lang=ar" in href for href in links)


def test_changing_language_midway_keeps_the_place_and_every_answer(client, app):
    start(client)
    fill_step(client, app, "/apply/household", household_inputs()["household"])
    switched = page(client.get("/apply/household?lang=ar"))
    assert switched.soup.html["lang"] == "ar"
    assert switched.soup.select_one("#applying-2").has_attr("checked")
    assert switched.soup.select_one("#child_count")["value"] == "2"
    # On a question page the switch is a button that posts the page, typed values and all.
    switch_back = switched.soup.select_one(".languages button[lang=sv]")
    assert switch_back["form"] == "step-form" and switch_back["value"] == "sv"
    back = client.post("/apply/household?lang=ar", data={
        **household_inputs()["household"], "csrf_token": switched.csrf_token,
        "switch_language": "sv"})
    assert back.headers["Location"].endswith("/apply/household?lang=sv")
    tasks = page(client.get("/tasks"))
    assert "tag--done" in str(tasks.soup.select_one("#status-household"))


def test_interpreter_view_shows_swedish_beside_every_question_and_error(client, app):
    start(client)
    client.get("/tasks?lang=ar&interpreter=1")
    result = page(fill_step(client, app, "/apply/household", {"applying": ""}))
    labels = result.soup.select("legend.label, label.label")
    assert labels and all(label.select_one(".source-text[lang=sv]") for label in labels)
    assert "Söker du ensam" in result.soup.select_one("legend.label .source-text").get_text()
    error = result.soup.select_one(".error-message")
    assert error.select_one(".source-text").get_text() == "Välj ett av alternativen."
    client.get("/tasks?interpreter=0")
    assert not page(client.get("/apply/household")).soup.select(".source-text")


def test_free_text_keeps_the_language_it_was_written_in(client, app):
    inputs = household_inputs(adults=1, children=0)
    start(client)
    client.get("/tasks?lang=ar")
    complete_household(client, app, adults=1, inputs=inputs)
    long_text = next(q for p in app.extensions["questionnaire"].pages for q in p.questions
                     if q.type == "long_text" and p.repeat)
    page_id = next(p.id for p in app.extensions["questionnaire"].pages if long_text in p.questions)
    check = page(client.get("/check?lang=sv"))
    marks = check.soup.select("[data-written-in=ar]")
    assert marks and "arabiska" in marks[0].get_text()
    reference = submit(client)
    with app.app_context():
        answers = full_answers_for_applicant(find_by_reference(reference))
    assert answers[f"{page_id}.1"][long_text.id]["lang"] == "ar"


def test_resuming_restores_the_language_of_the_draft(app):
    phone = app.test_client()
    code = start(phone)
    phone.get("/tasks?lang=fi")
    fill_step(phone, app, "/apply/household", household_inputs()["household"])
    other = app.test_client()
    token = page(other.get("/resume?lang=sv")).csrf_token
    other.post("/resume", data={"code": code, "csrf_token": token})
    assert page(other.get("/tasks")).soup.html["lang"] == "fi"
