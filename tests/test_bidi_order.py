"""Every number an Arabic page shows reads the way it is typed, measured with the Unicode
bidi algorithm over the rendered page: hints, help texts, error messages, the chat and the
pages with the social office's phone numbers.

Without isolation "19850423-1234" after Arabic words shows as "1234-19850423", "1985-04-23"
as "23-04-1985" and "08-123 456 00" as "00 456 123-08" (rule W2 of UAX #9): a person copying
the example types a format the form refuses, or dials the wrong number.
"""

from __future__ import annotations

import pytest

from tests.bidi_order import paragraphs, reversed_numbers, reversed_on_page
from tests.builders import household_inputs
from tests.chat.test_views import asked_now, converse, send, token_of
from tests.conftest import page
from tests.journey import complete_household, fill_step, start

EXAMPLES = {"identity_number": "19850423-1234", "date_of_birth": "1985-04-23",
            "phone": "070-123 45 67", "salary_amount": "4 500",
            "address_postcode": "151 72"}


def shown(html: str, number: str) -> list[str]:
    """Return the page's paragraphs that show ``number`` (its digits, isolated or not)."""
    return [text for text in paragraphs(html) if number in text.replace("\u2066", "")
            .replace("\u2069", "")]


def test_the_measure_finds_a_number_shown_backwards():
    assert reversed_numbers("مثلاً 19850423-1234.") == ["19850423-1234"]
    assert reversed_numbers("مثلاً \u206619850423-1234\u2069.") == []
    assert reversed_on_page('<main><p>مثلاً <bdi dir="ltr">070-123 45 67</bdi></p>'
                            '<p>الرقم 08-123 456 00</p></main>') == [
        ("08-123 456 00", "الرقم 08-123 456 00")]


def test_every_arabic_question_page_shows_its_numbers_the_right_way_round(client, app):
    start(client)
    complete_household(client, app, adults=2, children=1)
    tasks = page(client.get("/tasks?lang=ar")).soup
    urls = [a["href"] for a in tasks.select(".task-list__item a")]
    assert len(urls) >= 5
    for url in urls:
        html = client.get(url).get_data(as_text=True)
        assert reversed_on_page(html) == [], url
    check = client.get("/check?lang=ar").get_data(as_text=True)
    assert reversed_on_page(check) == []


@pytest.mark.parametrize(("url", "field", "typed"), [
    ("/apply/personal/1", "identity_number", "12345"),
    ("/apply/personal/1", "date_of_birth", "العام الماضي"),
    ("/apply/personal/1", "phone", "لا أعرف"),
    ("/apply/income/1", "salary_amount", "كثير"),
    ("/apply/housing", "address_postcode", "سودرتاليا"),
])
def test_each_error_message_shows_its_example_the_right_way_round(client, app, url, field,
                                                                   typed):
    start(client)
    inputs = household_inputs(adults=1, children=0)
    inputs["household"]["applying"] = "alone"
    complete_household(client, app, adults=1, children=0, inputs=inputs)
    overrides = {field: typed}
    if field == "identity_number":
        overrides["has_identity_number"] = "yes"
    if field == "salary_amount":
        overrides["income_types"] = ["salary"]
    response = fill_step(client, app, f"{url}?lang=ar", overrides)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    example = EXAMPLES[field]
    showing = shown(html, example)
    assert showing, f"no paragraph shows {example}"  # in the summary and by the field
    assert reversed_on_page(html) == []
    for text in showing:
        assert f"\u2066{example}\u2069" in text, text


def test_the_chat_shows_the_office_phone_and_examples_the_right_way_round(client, app):
    start(client)
    client.get("/?lang=ar")
    soup = converse(client, app, household_inputs(adults=1, children=0), until="expenses")
    assert asked_now(soup).startswith("expenses")
    soup = send(client, soup, {"command": "person"})
    html = str(soup)
    assert shown(html, app.config["SOCIAL_OFFICE_PHONE"])
    assert reversed_on_page(html, scope=".chat") == []
    soup = send(client, soup, {"text": "كثير جداً"})
    html = str(soup)
    assert shown(html, "4 500")
    assert reversed_on_page(html, scope=".chat") == []
    assert token_of(soup)


def test_the_chats_urgent_help_shows_both_phone_numbers_the_right_way_round(client, app):
    start(client, urgent_needs=[])
    client.get("/?lang=ar")
    soup = page(client.get("/chat")).soup
    assert asked_now(soup).startswith("urgent")
    soup = send(client, soup, {"choices": ["nowhere_to_sleep"]})
    html = str(soup)
    assert shown(html, app.config["SOCIAL_OFFICE_PHONE"])
    assert shown(html, app.config["SOCIAL_EMERGENCY_PHONE"])
    assert reversed_on_page(html, scope=".chat") == []


@pytest.mark.parametrize("url", ["/", "/privacy", "/safety", "/urgent", "/accessibility",
                                 "/who-opened", "/expired", "/glossary"])
def test_pages_with_phone_numbers_and_times_show_them_the_right_way_round(client, url):
    if url == "/urgent":
        start(client, urgent_needs=["no_food"])
    response = client.get(f"{url}?lang=ar")
    assert response.status_code == 200, url
    assert reversed_on_page(response.get_data(as_text=True)) == [], url
