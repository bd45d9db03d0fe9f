"""Conditions, repeat groups and progress, decided by the engine alone."""

import pytest

from selfservice.config import PROJECT_ROOT
from selfservice.questionnaire.definition import load_questionnaire
from selfservice.questionnaire.engine import (
    CANNOT_START,
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    holds,
    plan,
    repeat_count,
    section_status,
)


@pytest.fixture(scope="module")
def questionnaire():
    return load_questionnaire(PROJECT_ROOT / "forms" / "instrument_x_part1.yaml")


def household(applying="together", children=2, protected="no"):
    return {"urgent": {"urgent_needs": ["none"]},
            "household": {"applying": applying, "child_count": children,
                          "protected_identity": protected, "interpreter_needed": "no"}}


def keys(steps):
    return [s.key for s in steps]


def test_each_adult_and_each_child_gets_their_own_steps(questionnaire):
    steps, _ = plan(questionnaire, household("together", 2))
    assert {"personal.1", "personal.2", "occupation.1", "occupation.2", "income.2"} <= set(
        keys(steps))
    assert "personal.3" not in keys(steps)
    assert [k for k in keys(steps) if k.startswith("child.")] == ["child.1", "child.2"]


def test_one_adult_and_no_children(questionnaire):
    steps, _ = plan(questionnaire, household("alone", 0))
    assert "personal.2" not in keys(steps)
    assert not [k for k in keys(steps) if k.startswith("child.")]
    assert "children_informed" not in keys(steps)


def test_repeat_count_is_clamped_to_its_maximum(questionnaire):
    assert repeat_count(questionnaire, "children", household(children=99)) == 15
    assert repeat_count(questionnaire, "children", household(children="many")) == 0


def test_answers_of_a_member_who_left_drop_out(questionnaire):
    answers = {**household("together", 0), "personal.2": {"first_name": "Provia"}}
    _, kept = plan(questionnaire, answers)
    assert "personal.2" in kept
    answers["household"]["applying"] = "alone"
    _, kept = plan(questionnaire, answers)
    assert "personal.2" not in kept


def test_question_hidden_by_a_later_change_is_dropped(questionnaire):
    answers = {**household(), "personal.1": {"has_identity_number": "no",
                                             "date_of_birth": "1985-04-23"}}
    _, kept = plan(questionnaire, answers)
    assert kept["personal.1"]["date_of_birth"] == "1985-04-23"
    answers["personal.1"]["has_identity_number"] = "yes"
    _, kept = plan(questionnaire, answers)
    assert "date_of_birth" not in kept["personal.1"]


def test_address_is_not_asked_of_a_household_with_protected_identity(questionnaire):
    steps, answers = plan(questionnaire, household(protected="yes"))
    housing = next(s for s in steps if s.key == "housing")
    page_values = {"housing_kind": housing.page.question("housing_kind").choices[0].value}
    assert not holds(questionnaire, housing.page.question("address_street").when, answers,
                     housing, page_values)
    steps, answers = plan(questionnaire, household(protected="no"))
    assert holds(questionnaire, housing.page.question("address_street").when, answers,
                 housing, page_values)


def test_condition_within_a_repeat_group_looks_at_the_same_person(questionnaire):
    answers = {**household(), "occupation.1": {"status": ["sick_leave"]},
               "occupation.2": {"status": ["employed_full_time"]}}
    steps, kept = plan(questionnaire, answers)
    condition = {"question": "occupation.status", "includes": "sick_leave"}
    first, second = (next(s for s in steps if s.key == f"income.{n}") for n in (1, 2))
    assert holds(questionnaire, condition, kept, first)
    assert not holds(questionnaire, condition, kept, second)
    household_page = next(s for s in steps if s.key == "expenses")
    assert holds(questionnaire, condition, kept, household_page), "any member, from outside"


def test_escape_never_satisfies_an_equals_condition(questionnaire):
    answers = {"household": {"applying": "alone", "child_count": {"escape": "dont_know"}}}
    assert not holds(questionnaire, {"question": "household.child_count", "greater_than": 0},
                     answers)
    assert holds(questionnaire, {"question": "household.child_count", "answered": False},
                 answers)


def test_sections_wait_for_the_household_and_report_progress(questionnaire):
    steps, answers = plan(questionnaire, {})
    personal = questionnaire.section("personal")
    assert section_status(questionnaire, personal, steps, answers) == CANNOT_START
    # Urgent needs are asked before anything else.
    assert section_status(questionnaire, questionnaire.section("household"), steps,
                          answers) == CANNOT_START
    steps, answers = plan(questionnaire, {"urgent": {"urgent_needs": ["none"]}})
    assert section_status(questionnaire, questionnaire.section("household"), steps,
                          answers) == NOT_STARTED
    steps, answers = plan(questionnaire, household())
    assert section_status(questionnaire, questionnaire.section("household"), steps,
                          answers) == DONE
    assert section_status(questionnaire, personal, steps, answers) == NOT_STARTED
    steps, answers = plan(questionnaire, {**household(), "personal.1": {"first_name": "X"}})
    assert section_status(questionnaire, personal, steps, answers) == IN_PROGRESS
