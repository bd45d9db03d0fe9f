"""Each adult rates themselves on their own page; their own choice is what is stored."""

from selfservice.records.services import find_by_reference, full_answers_for_applicant
from tests.builders import household_inputs
from tests.conftest import location, page
from tests.journey import complete_household, fill_step, start, submit

VARIABLES = ["education", "swedish", "work_experience", "health_physical", "health_mental",
             "health_social", "motivation", "job_seeking"]


def rated(level: int) -> dict[str, str]:
    return {name: f"level_{level}" for name in VARIABLES}


def inputs_for_two_different_adults():
    inputs = household_inputs(adults=2, children=0)
    inputs["rating.1"] = rated(1)
    inputs["rating.2"] = rated(4)
    inputs["rating_choice.1"] = {"category": "am3", "rehab_obstacles": []}
    inputs["rating_choice.2"] = {"category": "am2", "rehab_obstacles": ["mental"],
                                 "rehab_level": "rh2"}
    return inputs


def test_self_rating_waits_until_part_one_is_done(client, app):
    start(client)
    fill_step(client, app, "/apply/household", household_inputs()["household"])
    assert location(client.get("/apply/rating/1")) == "/tasks"


def test_two_adults_are_rated_independently_and_their_own_choice_counts(any_db_app):
    client = any_db_app.test_client()
    start(client)
    complete_household(client, any_db_app, adults=2, inputs=inputs_for_two_different_adults())
    first = page(client.get("/apply/rating_choice/1"))
    second = page(client.get("/apply/rating_choice/2"))
    assert first.soup.select_one(".suggestion__category").get_text(strip=True) == "AM1"
    assert second.soup.select_one(".suggestion__category").get_text(strip=True) == "AM3"
    assert "ditt eget val som gäller" in first.soup.select_one("[data-suggestion]").get_text()

    check = page(client.get("/check"))
    suggested = [dd.get_text(strip=True) for dd in check.soup.select("[data-suggested-category]")]
    assert suggested == ["AM1", "AM3"]
    text = check.soup.get_text(" ", strip=True)
    assert "AM3 –" in text and "AM2 –" in text

    reference = submit(client)
    with any_db_app.app_context():
        answers = full_answers_for_applicant(find_by_reference(reference))
    assert answers["rating_choice.1"]["category"] == "am3"   # chosen over the AM1 suggestion
    assert answers["rating_choice.2"] == {"category": "am2", "rehab_obstacles": ["mental"],
                                          "rehab_level": "rh2"}
    assert answers["rating.1"]["health_mental"] == "level_1"
    assert answers["rating.2"]["health_mental"] == "level_4"


def test_prefer_not_to_answer_everything_gives_no_suggestion(client, app):
    inputs = household_inputs(adults=1, children=0)
    inputs["rating.1"] = dict.fromkeys(VARIABLES, "prefer_not_to_answer")
    inputs["rating_choice.1"] = {"category": "dont_know",
                                 "rehab_obstacles": "prefer_not_to_answer"}
    start(client)
    complete_household(client, app, adults=1, inputs=inputs)
    choice_page = page(client.get("/apply/rating_choice/1"))
    assert not choice_page.soup.select(".suggestion__category")
    assert "för få frågor" in choice_page.soup.select_one("[data-suggestion]").get_text()
    check = page(client.get("/check"))
    assert check.soup.select_one("[data-suggested-category]").get_text(strip=True) == \
        "Inget förslag"
    assert "Jag vill inte svara" in check.soup.get_text()


def test_none_of_these_cannot_be_combined_with_an_obstacle(client, app):
    inputs = household_inputs(adults=1, children=0)
    start(client)
    complete_household(client, app, adults=1, inputs=inputs)
    response = fill_step(client, app, "/apply/rating_choice/1",
                         {"category": "am2", "rehab_obstacles": ["none", "physical"]})
    assert "kan inte väljas tillsammans" in " ".join(page(response).errors)
