"""The self-rating rule in forms/self_rating.yaml, on every boundary it has."""

import pytest

from selfservice.config import PROJECT_ROOT
from selfservice.questionnaire.definition import DefinitionError, load_questionnaire
from selfservice.questionnaire.self_rating import load_scoring, suggest

VARIABLES = ["education", "swedish", "work_experience", "health_physical", "health_mental",
             "health_social", "motivation", "job_seeking"]


@pytest.fixture(scope="module")
def questionnaire():
    return load_questionnaire(PROJECT_ROOT / "forms" / "instrument_x_part1.yaml")


@pytest.fixture(scope="module")
def rule(questionnaire):
    return load_scoring(PROJECT_ROOT / "forms" / "self_rating.yaml", questionnaire)


@pytest.fixture(autouse=True)
def _request(shared_app):
    with shared_app.test_request_context("/"):
        yield


def ratings(*levels, **named):
    """Ratings for the eight variables in order, as level codes; named ones override."""
    values = {name: f"level_{level}" for name, level in zip(VARIABLES, levels, strict=False)}
    values.update({name: f"level_{level}" if isinstance(level, int) else level
                   for name, level in named.items()})
    return values


@pytest.mark.parametrize("levels, expected", [
    ((1, 1, 1, 1, 1, 1, 1, 1), "am1"),      # mean 1.0
    ((2, 2, 2, 2, 2, 1, 1, 1), "am1"),      # sum 13: mean 1.625, just under 1.75
    ((2, 2, 2, 2, 2, 2, 1, 1), "am2"),      # sum 14: mean 1.75 exactly, not below it
    ((3, 3, 3, 3, 3, 2, 2, 2), "am2"),      # sum 21: mean 2.625, just under 2.75
    ((3, 3, 3, 3, 3, 3, 2, 2), "am3"),      # sum 22: mean 2.75 exactly
    ((4, 4, 4, 4, 4, 4, 4, 4), "am3"),
])
def test_thresholds_on_the_mean(rule, levels, expected):
    assert suggest(rule, ratings(*levels)).category == expected


@pytest.mark.parametrize("variable", ["health_physical", "health_mental", "health_social",
                                      "swedish"])
def test_one_rating_far_from_work_pushes_the_suggestion_to_at_least_am2(rule, variable):
    result = suggest(rule, ratings(1, 1, 1, 1, 1, 1, 1, 1, **{variable: 4}))
    assert result.category == "am2"
    assert any("minst AM2" in str(reason) for reason in result.reasons)


def test_a_push_never_lowers_a_suggestion(rule):
    assert suggest(rule, ratings(4, 4, 4, 4, 4, 4, 4, 4)).category == "am3"


def test_level_3_on_health_does_not_push(rule):
    assert suggest(rule, ratings(1, 1, 1, 1, 3, 1, 1, 1)).category == "am1"


def test_prefer_not_to_answer_is_left_out_of_the_mean(rule):
    escaped = {"escape": "prefer_not_to_answer"}
    answers = ratings(1, 1, 1, 1, 1, 1, 1, 1, health_mental=escaped, health_social=escaped)
    result = suggest(rule, answers)
    assert result.category == "am1" and result.mean == 1.0


def test_too_few_answers_give_no_suggestion(rule):
    escaped = {"escape": "prefer_not_to_answer"}
    answers = {name: escaped for name in VARIABLES} | ratings(2, 2, 2)
    result = suggest(rule, answers)
    assert result.category is None
    assert "för få frågor" in str(result.reasons[0])
    assert suggest(rule, answers | ratings(2, 2, 2, 2)).category == "am2"


def test_the_reason_names_what_needs_most_support(rule):
    result = suggest(rule, ratings(1, 2, 3, 1, 1, 1, 1, 1))
    assert result.category == "am1"
    text = " ".join(str(r) for r in result.reasons)
    assert "1,4" in text and "arbetslivserfarenhet" in text


def test_rule_that_names_an_unknown_question_is_refused(tmp_path, questionnaire):
    broken = (PROJECT_ROOT / "forms" / "self_rating.yaml").read_text().replace(
        "education:", "educaton:")
    path = tmp_path / "self_rating.yaml"
    path.write_text(broken)
    with pytest.raises(DefinitionError, match="educaton"):
        load_scoring(path, questionnaire)
