"""The ruler type (0–10, MI's importance and confidence) and the goal marks in a definition."""

from __future__ import annotations

import pytest

from selfservice.questionnaire.definition import DefinitionError, load_questionnaire
from selfservice.questionnaire.types import InvalidAnswer
from tests.questionnaire.test_definition import MINIMAL, write

GOAL_PAGE = MINIMAL + """\
          - id: goal
            type: long_text
            marks: [goal]
            label: Mål
            why: Ditt eget mål.
            required: false
          - id: importance
            type: ruler
            marks: [importance]
            about: goal
            label: Hur viktigt?
            low: "0 = inte alls viktigt"
            high: "10 = mycket viktigt"
            why: För samtalet.
            required: false
            when: {question: goal, answered: true}
"""


@pytest.fixture
def ruler(tmp_path):
    return load_questionnaire(write(tmp_path, GOAL_PAGE)).question("about.importance")


@pytest.mark.parametrize(("typed", "number"), [("6", 6), (" 0 ", 0), ("10", 10), ("٦", 6)])
def test_a_ruler_reads_the_number_as_typed_or_chosen(shared_app, ruler, typed, number):
    with shared_app.test_request_context("/?lang=sv"):
        assert ruler.kind.read_typed(ruler, typed, lambda q, words: None) == number
        assert ruler.kind.display(ruler, number) == f"{number} av 10"


@pytest.mark.parametrize("typed", ["11", "-1", "sex", "6.5"])
def test_a_number_off_the_ruler_is_refused(shared_app, ruler, typed):
    with shared_app.test_request_context("/?lang=sv"), pytest.raises(InvalidAnswer) as error:
        ruler.kind.read_posted(ruler, typed)
    assert str(error.value) == "Välj en siffra från 0 till 10."


def test_a_ruler_offers_the_eleven_numbers_and_names_its_ends(ruler):
    assert [choice.value for choice in ruler.choices] == [str(n) for n in range(11)]
    assert (ruler.low, ruler.high) == ("0 = inte alls viktigt", "10 = mycket viktigt")


@pytest.mark.parametrize(("change", "message"), [
    (("            about: goal\n", "            about: name\n"), "marked goal"),
    (('            high: "10 = mycket viktigt"\n', ""), "needs `low` and `high`"),
    (("            about: goal\n", ""), "needs `about`"),
    (("            type: ruler\n", "            type: integer\n"), "only a ruler"),
])
def test_a_ruler_without_its_ends_or_its_goal_is_refused(tmp_path, change, message):
    with pytest.raises(DefinitionError, match=message):
        load_questionnaire(write(tmp_path, GOAL_PAGE.replace(*change)))
