"""The record's first screen: facts, flags per household and per adult, ratings side by side."""

from __future__ import annotations

import pytest

from selfservice.questionnaire.files import DefinitionError
from selfservice.review.flags import load_flags
from tests.builders import household_inputs
from tests.conftest import page
from tests.journey import complete_household, start, submit


@pytest.fixture
def two_situations(app) -> str:
    return submit_two_situations(app)


def submit_two_situations(app) -> str:
    """Two adults with different situations: one on sick leave, one naming substance use."""
    inputs = household_inputs(adults=2, children=0)
    inputs["household"].update({"interpreter_needed": "yes", "interpreter_speaks": "arabic",
                                "interpreter_dialect_arabic": "other",
                                "interpreter_dialect": "syrisk dialekt från Homs"})
    inputs["occupation.1"] = {"status": ["sick_leave"], "medical_certificate": "yes"}
    inputs["occupation.2"] = {"status": ["unemployed"], "time_without_work": "over_2_years"}
    inputs["rating_choice.1"] = {"category": "am2", "rehab_obstacles": ["none"]}
    inputs["rating_choice.2"] = {"category": "am3", "rehab_obstacles": ["substance"],
                                 "rehab_level": "rh2"}
    inputs["housing"] = {"housing_kind": "first_hand", "risk_of_losing_home": "yes",
                         "rent_arrears": "yes"}
    inputs["debts"] = {"has_debts": "yes", "debt_kinds": ["kronofogden"]}
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=2, children=0, inputs=inputs)
    return submit(client)


def test_the_first_screen_shows_flags_per_household_and_per_adult(login, two_situations):
    soup = page(login("caseworker").get(f"/caseworker/records/{two_situations}")).soup
    summary = soup.select_one("[data-meeting-summary]")
    answers = soup.select_one("#answers-title")
    # The summary comes before everything else that is long.
    assert summary.sourceline < answers.sourceline
    flags = {(li["data-flag"], li.get("data-person")) for li in summary.select("[data-flag]")}
    assert {("losing_home", None), ("rent_arrears", None), ("enforcement_debts", None),
            ("health", "1"), ("substance_use", "2")} <= flags
    assert ("health", "2") not in flags and ("substance_use", "1") not in flags
    for link in summary.select("[data-flag] a"):
        assert soup.select_one(link["href"]) is not None, link["href"]
    text = summary.get_text(" ", strip=True)
    assert "2 vuxna, 0 barn" in text and "syrisk dialekt från Homs" in text
    # What the applicant typed is marked with the application's language.
    typed = next(b for b in summary.select("bdi") if "syrisk" in b.get_text())
    assert typed["lang"] == "sv"
    rows = summary.select("[data-ratings-overview] tbody tr")
    assert "AM2" in rows[0].get_text() and "AM3" in rows[1].get_text()
    assert "RH2" in rows[1].get_text()


def test_a_flag_file_that_names_an_unknown_question_is_refused(tmp_path, app):
    bad = tmp_path / "flags.yaml"
    bad.write_text("id: flags\nflags:\n  - id: x\n    text: X\n"
                   "    when: {question: housing.nothing, equals: \"yes\"}\n"
                   "    answers: [housing.nothing]\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as refused:
        load_flags(bad, app.extensions["questionnaire"])
    assert "flags.yaml" in str(refused.value) and "housing.nothing" in str(refused.value)


@pytest.mark.parametrize(("count", "complaint"), [
    ("members: {question: housing.rent_arrears, equals: \"yes\"}", "repeated page"),
    ("number: housing.nothing", "housing.nothing"),
    ("members: {question: child.lives_with, equals: x}\n    number: housing.rent",
     "valid under each of"),
])
def test_a_count_must_read_a_repeated_page_or_one_answer(tmp_path, app, count, complaint):
    bad = tmp_path / "flags.yaml"
    bad.write_text("id: flags\nflags: []\ncounts:\n  - id: x\n    text: \"X: %(num)s\"\n"
                   f"    {count}\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as refused:
        load_flags(bad, app.extensions["questionnaire"])
    assert complaint in str(refused.value)


def test_prompts_name_the_adult_they_concern_five_at_most_and_ticks_can_be_undone(
        app, login, two_situations):
    client = login("caseworker")
    record = page(client.get(f"/caseworker/records/{two_situations}"))
    soup = record.soup
    groups = [h["data-prompt-group"] for h in soup.select("[data-prompt-group]")]
    assert groups == ["household", "1", "2"]
    for number in ("1", "2"):
        heading = soup.select_one(f"[data-prompt-group='{number}']")
        shown = heading.find_next_sibling("ul").select("[data-prompt]")
        assert 0 < len(shown) <= 5
        assert all(li["data-person"] == number for li in shown)
        assert all(f"Person {number}:" in li.get_text() for li in shown)
    # The substance-use prompt is for Person 2 only, never raised with Person 1.
    substance = [p.id for p in app.extensions["mi_guide"].prompts
                 if "substance" in str(p.when)]
    assert substance
    persons = {li["data-person"] for li in soup.select("[data-prompt]")
               if li["data-prompt"] in substance}
    assert persons == {"2"}
    first = soup.select_one("[data-person='2'] input[name=prompt]")["value"]
    url = f"/caseworker/records/{two_situations}/prompts"
    client.post(url, data={"prompt": [first], "csrf_token": record.csrf_token})
    box_id = "prompt-" + first.replace(":", "-")
    assert page(client.get(f"/caseworker/records/{two_situations}")).soup \
        .select_one(f"#{box_id}").has_attr("checked")
    client.post(url, data={"csrf_token": record.csrf_token})  # untick everything
    assert not page(client.get(f"/caseworker/records/{two_situations}")).soup \
        .select_one(f"#{box_id}").has_attr("checked")


def test_a_risk_the_flags_watch_comes_before_general_prompts(app, login, two_situations):
    soup = page(login("caseworker").get(f"/caseworker/records/{two_situations}")).soup
    heading = soup.select_one("[data-prompt-group='2']")
    shown = [li["data-prompt"] for li in heading.find_next_sibling("ul").select("[data-prompt]")]
    substance = {p.id for p in app.extensions["mi_guide"].prompts if "substance" in str(p.when)}
    assert substance & set(shown), shown  # Person 2's own risk is not folded away


def test_after_the_reveal_each_adult_is_named_where_their_prompts_and_flags_are(
        login, two_situations):
    """"Person 2, Provia": a prompt about substance use is raised with the right person;
    before the audited reveal only the number shows."""
    client = login("caseworker")
    before = page(client.get(f"/caseworker/records/{two_situations}"))
    assert "Provia" not in before.soup.get_text()
    heading = before.soup.select_one('[data-prompt-group="2"]').get_text(" ", strip=True)
    assert heading == "Samtalsstöd: Person 2"
    after = page(client.post(f"/caseworker/records/{two_situations}/reveal",
                             data={"reason": "Förbereder nybesök",
                                   "csrf_token": before.csrf_token})).soup
    assert after.select_one('[data-prompt-group="1"]').get_text(" ", strip=True) == \
        "Samtalsstöd: Person 1, Testa"
    assert after.select_one('[data-prompt-group="2"]').get_text(" ", strip=True) == \
        "Samtalsstöd: Person 2, Provia"
    substance = after.select_one('[data-flag="substance_use"]').get_text(" ", strip=True)
    assert substance.endswith("Person 2, Provia")
    rows = after.select("[data-ratings-overview] tbody tr th")
    assert [row.get_text(strip=True) for row in rows] == ["Person 1, Testa", "Person 2, Provia"]
    # The language switch on the revealed page opens the record, not the applicant start page.
    english = next(a["href"] for a in after.select("a[href*='lang=en']"))
    assert english.startswith(f"/caseworker/records/{two_situations}?")
    named = after.select('[data-prompt-group="2"] + .prompt-list .prompt-person')
    assert named and {prompt.get_text(strip=True) for prompt in named} == {"Person 2, Provia:"}


def test_the_first_line_counts_children_who_live_here_part_of_the_time(app, login):
    inputs = household_inputs(adults=1, children=3)
    inputs["child.1"]["lives_with"] = "all_the_time"
    inputs["child.2"]["lives_with"] = "alternating_weeks"
    inputs["child.3"]["lives_with"] = "part_of_the_time"
    inputs["children_elsewhere"] = {"has_contact_children": "yes", "contact_child_count": "2"}
    client = app.test_client()
    start(client)
    complete_household(client, app, adults=1, children=3, inputs=inputs)
    code = submit(client)
    summary = page(login("caseworker").get(f"/caseworker/records/{code}")).soup \
        .select_one("[data-meeting-summary]")
    counts = [span.get_text() for span in summary.select("[data-count]")]
    assert counts == ["Barn som bor här en del av tiden: 2",
                      "Barn som bor någon annanstans och är här ibland: 2"]
    assert "1 vuxen, 3 barn" in summary.get_text(" ", strip=True)
