"""A question's block (selfservice/fields.py): wording kept per language and view, the answer
filled in on each look and escaped."""

from __future__ import annotations

from tests.conftest import page
from tests.journey import start

URGENT = "/apply/urgent"


def legend(client, url: str) -> str:
    return page(client.get(url)).soup.select_one("legend").get_text(" ", strip=True)


def test_each_language_and_view_reads_its_own_words_in_one_process(app):
    """Two phones in different languages and views, one process: neither gets the other's
    words, however the pages take turns."""
    swedish, arabic = app.test_client(), app.test_client()
    start(swedish)
    start(arabic)
    in_swedish = legend(swedish, URGENT + "?lang=sv")
    assert in_swedish.startswith("Gäller något av detta")
    in_arabic = legend(arabic, URGENT + "?lang=ar")
    assert "Gäller" not in in_arabic and in_arabic != in_swedish
    interpreted = legend(arabic, URGENT + "?lang=ar&interpreter=1")
    assert in_arabic in interpreted and "Gäller något av detta" in interpreted
    assert legend(swedish, URGENT + "?lang=sv") == in_swedish
    assert legend(arabic, URGENT + "?lang=ar&interpreter=0") == in_arabic


def test_the_ticks_are_each_phones_own(app):
    ticked, empty = app.test_client(), app.test_client()
    start(ticked, urgent_needs=["no_food", "medicine"])
    start(empty, urgent_needs=[])
    boxes = page(ticked.get(URGENT)).soup.select("input[name=urgent_needs]")
    assert {box["value"] for box in boxes if box.has_attr("checked")} == {"no_food", "medicine"}
    boxes = page(empty.get(URGENT)).soup.select("input[name=urgent_needs]")
    assert not [box for box in boxes if box.has_attr("checked")]
    assert [box["id"] for box in boxes][:2] == ["urgent_needs", "urgent_needs-2"]


def test_what_was_typed_is_written_back_escaped(app):
    client = app.test_client()
    start(client)
    shown = page(client.get("/apply/household"))
    typed = '"><script>alert(1)</script>'
    field = shown.soup.select_one("input[type=text], input[inputmode]")
    response = client.post("/apply/household", data={
        "csrf_token": shown.csrf_token, field["name"]: typed})
    again = page(response)
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    assert again.soup.select_one(f"input[name={field['name']}]")["value"] == typed
