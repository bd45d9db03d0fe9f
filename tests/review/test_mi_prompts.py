"""MI prompts in forms/mi_prompts.yaml: checked on load, chosen by the conditions they declare."""

import re

import pytest
import yaml

from selfservice.config import PROJECT_ROOT
from selfservice.questionnaire.definition import DefinitionError, load_questionnaire
from selfservice.questionnaire.engine import holds, plan
from selfservice.questionnaire.extract import extract_questionnaire
from selfservice.review.mi_prompts import FACTS, load_mi_guide
from selfservice.review.prompt_choice import choose_prompts

GUIDE_FILE = PROJECT_ROOT / "forms" / "mi_prompts.yaml"
# Words that assume a partner's gender, a parent's role, age or origin: the prompts are the
# same for everyone (KNUT saw women steered to family topics and men to work).
BANNED = ["din fru", "din man", "din make", "din maka", "mamma", "pappa", "mor", "far",
          "hon", "han", "henne", "honom", "kvinna", "kvinnor", "män", "ung", "unga",
          "i din ålder", "hemland", "kultur", "invandrare", "borde", "måste"]


@pytest.fixture(scope="module")
def questionnaire():
    return load_questionnaire(PROJECT_ROOT / "forms" / "instrument_x_part1.yaml")


@pytest.fixture(scope="module")
def guide(questionnaire):
    return load_mi_guide(GUIDE_FILE, questionnaire)


def household(adults=1, children=0, **pages):
    """Answers for a household; ``pages`` adds answers by step key (``rating_2={...}``)."""
    answers = {"household": {"applying": "together" if adults == 2 else "alone",
                             "child_count": children, "protected_identity": "no",
                             "interpreter_needed": "no"}}
    for key, values in pages.items():
        answers[re.sub(r"_(\d+)$", r".\1", key)] = values
    return answers


def chosen(guide, questionnaire, answers, **facts):
    """The prompts the record would offer (shown or folded, for the household or an adult),
    with the same facts for every adult."""
    steps, _applicable = plan(questionnaire, answers)
    adults = list({step.number: step for step in reversed(steps)
                   if step.page.repeat == "adults" and step.number is not None}.values())
    groups = choose_prompts(guide, questionnaire, answers, adults,
                            {step.number: facts for step in adults}, facts, "adults")
    return {chosen.id for group in groups for chosen in [*group.shown, *group.folded]}


def all_texts(guide):
    return ([p.text for p in guide.prompts] + [r.text for r in guide.rulers]
            + [f for r in guide.rulers for f in r.follow_ups]
            + [text for _id, text in guide.elicit_provide_elicit])


# ------------------------------------------------------------------ the shipped file

def test_shipped_guide_loads_with_rulers_and_elicit_provide_elicit(guide):
    # Enough for every area, few enough to read: a record shows at most five per adult.
    assert 45 <= len(guide.prompts) <= 70
    assert [r.id for r in guide.rulers] == ["importance", "confidence"]
    assert all(len(r.follow_ups) >= 2 for r in guide.rulers)
    assert [step for step, _text in guide.elicit_provide_elicit] == [
        "elicit", "provide", "elicit_again"]


def test_every_area_has_an_unconditional_open_question_and_affirmation_or_reflection(
        guide, questionnaire):
    # The urgent-needs page is not an area of Instrument X: its prompts are for the
    # households that need help today (the next test).
    for section in questionnaire.sections[1:]:
        kinds = {p.kind for p in guide.prompts if p.area == section.id and p.when is None}
        assert "open" in kinds, section.id
        assert kinds & {"affirmation", "reflection"}, section.id


def test_urgent_needs_have_prompts_only_when_a_need_was_chosen(guide, questionnaire):
    urgent = [p for p in guide.prompts if p.area == questionnaire.sections[0].id]
    assert {p.kind for p in urgent} >= {"open", "affirmation"}
    for needs, shown in ((["none"], set()), (["no_food"], {"urgent_open_first",
                                                          "urgent_affirm_told"}),
                         (["no_food", "unsafe_at_home"], {"urgent_open_first",
                                                          "urgent_affirm_told",
                                                          "urgent_unsafe_alone"})):
        answers = {"urgent": {"urgent_needs": needs}}
        assert {p.id for p in urgent if holds(questionnaire, p.when, answers)} == shown


def test_there_are_two_or_three_summaries(guide):
    assert 2 <= sum(p.kind == "summary" for p in guide.prompts) <= 3


def test_every_text_is_short_enough_to_interpret(guide):
    for text in all_texts(guide):
        assert len(text.split()) <= 20, text


def test_no_text_assumes_gender_age_or_origin_or_tells_what_to_do(guide):
    for text in all_texts(guide):
        for word in BANNED:
            assert not re.search(rf"\b{word}\b", text, re.IGNORECASE), (word, text)


def test_no_condition_depends_on_who_the_person_is(guide):
    # Gender, birth date, residence status and language are on the `personal` page.
    for prompt in guide.prompts:
        assert "personal." not in repr(prompt.when), prompt.id


def test_every_text_is_extracted_for_translation(guide):
    with GUIDE_FILE.open("rb") as file:
        extracted = {text for _line, _f, text, _c in extract_questionnaire(file, (), (), {})}
    assert set(all_texts(guide)) <= extracted


# ------------------------------------------------------------------ selection

def test_without_answers_or_facts_only_unconditional_prompts_are_chosen(guide, questionnaire):
    expected = {p.id for p in guide.prompts if p.when is None and p.fills is None}
    assert chosen(guide, questionnaire, household()) == expected


@pytest.mark.parametrize("answer, shown", [("yes", True), ("no", False),
                                           ({"escape": "dont_know"}, False)])
def test_risk_of_losing_housing(guide, questionnaire, answer, shown):
    answers = household(housing={"housing_kind": "first_hand", "risk_of_losing_home": answer})
    ids = chosen(guide, questionnaire, answers)
    assert ("housing_risk_open" in ids) is shown
    assert ("housing_risk_reflection" in ids) is shown


def test_rent_arrears_from_housing_or_from_debts(guide, questionnaire):
    assert "housing_rent_arrears_open" not in chosen(guide, questionnaire, household())
    from_housing = household(housing={"housing_kind": "first_hand", "rent_arrears": "yes"})
    from_debts = household(debts={"has_debts": "yes", "debt_kinds": ["rent_arrears"]})
    assert "housing_rent_arrears_open" in chosen(guide, questionnaire, from_housing)
    assert "housing_rent_arrears_open" in chosen(guide, questionnaire, from_debts)


def test_no_home(guide, questionnaire):
    answers = household(housing={"housing_kind": "homeless"})
    assert "housing_no_home_open" in chosen(guide, questionnaire, answers)


def test_debts_and_kronofogden(guide, questionnaire):
    none = chosen(guide, questionnaire, household(debts={"has_debts": "no"}))
    some = chosen(guide, questionnaire,
                  household(debts={"has_debts": "yes", "debt_kinds": ["unpaid_bills"]}))
    enforced = chosen(guide, questionnaire,
                      household(debts={"has_debts": "yes", "debt_kinds": ["kronofogden"]}))
    assert not {"economy_debts_open", "economy_kronofogden_open"} & none
    assert "economy_debts_open" in some and "economy_kronofogden_open" not in some
    assert {"economy_debts_open", "economy_kronofogden_open"} <= enforced


def test_children_prompts_need_children(guide, questionnaire):
    assert "family_children_open" not in chosen(guide, questionnaire, household(children=0))
    assert "family_children_open" in chosen(guide, questionnaire, household(children=2))


def test_custody_and_shared_living_hold_for_any_child(guide, questionnaire):
    answers = household(children=2,
                        child_1={"lives_with": "all_the_time", "custody": "sole_in_household"},
                        child_2={"lives_with": "alternating_weeks", "custody": "joint"})
    ids = chosen(guide, questionnaire, answers)
    assert {"family_part_time_open", "family_joint_custody_open"} <= ids
    # A third child's answers are ignored: the household has two children.
    only_first = household(children=1, child_1={"lives_with": "all_the_time"},
                           child_2={"lives_with": "alternating_weeks", "custody": "joint"})
    assert not {"family_part_time_open", "family_joint_custody_open"} & chosen(
        guide, questionnaire, only_first)


def test_children_elsewhere_and_children_informed(guide, questionnaire):
    answers = household(children=1,
                        children_elsewhere={"has_contact_children": "yes"},
                        children_informed={"children_informed": "not_informed"})
    ids = chosen(guide, questionnaire, answers)
    assert {"family_contact_children_open", "family_children_informed_open"} <= ids
    assert "family_children_informed_affirm" not in ids


def test_no_network(guide, questionnaire):
    alone = chosen(guide, questionnaire, household(network={"support_from": ["nobody"]}))
    supported = chosen(guide, questionnaire,
                       household(network={"support_from": ["friends", "community"]}))
    assert {"family_no_network_open", "family_no_network_reflection"} <= alone
    assert "family_network_affirm" not in alone
    assert "family_network_affirm" in supported
    assert "family_no_network_open" not in supported


@pytest.mark.parametrize("time, shown", [("over_2_years", True), ("years_1_to_2", True),
                                         ("months_3_to_12", False), ("under_3_months", False)])
def test_long_time_without_work(guide, questionnaire, time, shown):
    answers = household(occupation_1={"status": ["unemployed"], "time_without_work": time})
    ids = chosen(guide, questionnaire, answers)
    assert ("occupation_long_without_work_open" in ids) is shown
    assert ("occupation_long_without_work_reflection" in ids) is shown


def test_long_time_without_work_of_the_second_adult_counts(guide, questionnaire):
    answers = household(adults=2,
                        occupation_1={"status": ["employed_full_time"]},
                        occupation_2={"status": ["unemployed"],
                                      "time_without_work": "over_2_years"})
    assert "occupation_long_without_work_open" in chosen(guide, questionnaire, answers)
    # With one adult applying, a left-over second adult's answers do not count.
    answers["household"]["applying"] = "alone"
    assert "occupation_long_without_work_open" not in chosen(guide, questionnaire, answers)


@pytest.mark.parametrize("physical, mental, expected", [
    ("level_3", "level_1", {"health_physical_open", "health_reflection"}),
    ("level_1", "level_4", {"health_mental_open", "health_reflection"}),
    ("level_1", "level_2", set()),
    ({"escape": "prefer_not_to_answer"}, "level_1", set()),
])
def test_health(guide, questionnaire, physical, mental, expected):
    answers = household(rating_1={"health_physical": physical, "health_mental": mental})
    health = {"health_physical_open", "health_mental_open", "health_reflection"}
    assert chosen(guide, questionnaire, answers) & health == expected


def test_health_of_any_adult_counts(guide, questionnaire):
    answers = household(adults=2, rating_1={"health_mental": "level_1"},
                        rating_2={"health_mental": "level_4"})
    assert "health_mental_open" in chosen(guide, questionnaire, answers)


def test_substance_use(guide, questionnaire):
    substance = {"substance_open", "substance_own_pace_open", "substance_affirm"}
    without = household(rating_choice_1={"category": "am2", "rehab_obstacles": ["physical"]})
    with_it = household(adults=2, rating_choice_1={"category": "am1"},
                        rating_choice_2={"category": "am3",
                                         "rehab_obstacles": ["mental", "substance"]})
    assert not substance & chosen(guide, questionnaire, without)
    assert substance <= chosen(guide, questionnaire, with_it)


@pytest.mark.parametrize("fact, prompt_ids", [
    ("ratings_differ", {"ratings_differ_open", "ratings_differ_reflection",
                        "ratings_differ_expert_open"}),
    ("self_rated_am3", {"am3_open", "am3_small_steps_open"}),
    ("no_caseworker_rating", {"self_rating_no_caseworker_open"}),
])
def test_facts_switch_their_prompts(guide, questionnaire, fact, prompt_ids):
    # The person's own choice fills "…" in "Du bedömde själv att gruppen ”…” passar dig".
    rated = household(rating_choice_1={"category": "am2", "rehab_obstacles": ["none"]})
    assert not prompt_ids & chosen(guide, questionnaire, rated)
    assert not prompt_ids & chosen(guide, questionnaire, rated, **{fact: False})
    assert prompt_ids <= chosen(guide, questionnaire, rated, **{fact: True})
    others = {f: True for f in FACTS if f != fact}
    assert not prompt_ids & chosen(guide, questionnaire, rated, **others)


def test_a_prompt_whose_gap_cannot_be_filled_is_left_out(guide, questionnaire):
    assert "ratings_differ_open" not in chosen(guide, questionnaire, household(),
                                               ratings_differ=True)


def test_differing_ratings_start_from_the_applicants_own_rating(guide):
    for prompt in guide.prompts:
        if prompt.when == {"fact": "ratings_differ"} and prompt.kind != "open":
            assert "din bedömning" in prompt.text.lower()
    opening = next(p for p in guide.prompts if p.id == "ratings_differ_open")
    assert opening.text.startswith("Du bedömde själv")


def test_an_unknown_fact_name_is_refused(guide, questionnaire):
    with pytest.raises(ValueError, match="ratings_diff"):
        chosen(guide, questionnaire, household(), ratings_diff=True)


# ------------------------------------------------------------------ errors in the file

def minimal_guide(**prompt):
    return {
        "id": "mi_prompts",
        "kinds": [{"value": "open", "text": "Öppen fråga"}],
        "rulers": [{"id": "importance", "text": "Hur viktigt?", "follow_ups": [{"text": "Ok?"}]}],
        "elicit_provide_elicit": [{"id": "elicit", "text": "Vad vet du?"}],
        "prompts": [{"id": "housing_open", "area": "housing", "kind": "open",
                     "text": "Berätta om boendet."},
                    {"id": "broken_one", "area": "housing", "kind": "open", "text": "Text.",
                     **prompt}],
    }


def write(tmp_path, data):
    path = tmp_path / "mi_prompts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_minimal_guide_loads(tmp_path, questionnaire):
    guide = load_mi_guide(write(tmp_path, minimal_guide()), questionnaire)
    assert [p.id for p in guide.prompts] == ["housing_open", "broken_one"]


@pytest.mark.parametrize("change, message", [
    ({"kind": "question"}, r"prompts\[1\]\.kind \(id 'broken_one'\): 'question' is not one of"),
    ({"area": "boende"}, r"prompts\[1\]\.area \(id 'broken_one'\): 'boende' is not one of"),
    ({"tone": "warm"}, r"prompts\[1\] \(id 'broken_one'\): Additional properties"),
    ({"when": {"question": "housing.risk_of_loosing_home", "equals": "yes"}},
     r"prompts\[1\]\.when\.question \(id 'broken_one'\): unknown question "
     r"'housing\.risk_of_loosing_home'"),
    ({"when": {"question": "risk_of_losing_home", "equals": "yes"}},
     r"unknown question 'risk_of_losing_home' \(write page\.question\)"),
    ({"when": {"question": "debts.debt_kinds", "includes": "kronofogen"}},
     r"prompts\[1\]\.when \(id 'broken_one'\): debts\.debt_kinds never holds the answer "
     r"'kronofogen'"),
    ({"when": {"question": "housing.risk_of_losing_home", "equals": True}},
     r'write "yes" in quotes'),
    ({"when": {"all": [{"fact": "ratings_differ"}, {"fact": "rating_differs"}]}},
     r"prompts\[1\]\.when\.all\[1\]\.fact \(id 'broken_one'\): 'rating_differs' is not one"),
    ({"when": {"fact": "ratings_differ", "equals": "yes"}}, r"write \{fact: NAME\} alone"),
    ({"id": "housing_open"}, r"prompts\[1\]\.id \(id 'housing_open'\): id 'housing_open' is "
                             r"used twice"),
    ({"id": "importance"}, r"id 'importance' is used twice"),
])
def test_errors_name_the_file_and_the_prompt(tmp_path, questionnaire, change, message):
    path = write(tmp_path, minimal_guide(**change))
    with pytest.raises(DefinitionError) as raised:
        load_mi_guide(path, questionnaire)
    assert re.search(rf"{re.escape(str(path))}:\d+: ", str(raised.value)), "file and line"
    assert re.search(message, str(raised.value)), str(raised.value)


def test_unreadable_file_is_reported(tmp_path, questionnaire):
    path = tmp_path / "mi_prompts.yaml"
    path.write_text("prompts: [unclosed\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"mi_prompts\.yaml: cannot read"):
        load_mi_guide(path, questionnaire)
