"""My goals in my words, with importance and confidence rulers, and a meeting of one's own:
what the household reads (step page, check page, PDF, confirmation, chat) and what only the
caseworker reads (record, agenda page)."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.builders import household_inputs
from tests.conftest import location, page
from tests.journey import complete_household, fill_step, start, submit

GOAL = "Jag vill ha ett arbete i en butik"
GOAL_AR = "أريد أن أجد عملاً في مطبخ"
WISH = "Vill du träffa handläggaren ensam en gång?"


def goals_household(*, goals_2: dict | None = None, meet_alone: str = "yes") -> dict:
    inputs = household_inputs(adults=2, children=0)
    inputs["goals.1"] = {"goal_1": GOAL, "goal_1_importance": "6", "goal_1_confidence": "4",
                         "goal_2": "", "goal_3": ""}
    inputs["goals.2"] = goals_2 or {"goal_1": "", "goal_2": "", "goal_3": ""}
    inputs["own_meeting.1"] = {"meet_alone": "no"}
    inputs["own_meeting.2"] = {"meet_alone": meet_alone}
    return inputs


def sent(app, inputs: dict, lang: str = "sv"):
    client = app.test_client()
    client.get(f"/?lang={lang}")
    start(client)
    complete_household(client, app, adults=2, children=0, inputs=inputs)
    return client


def test_the_goals_page_has_rulers_as_radio_scales_with_labelled_ends(app):
    client = sent(app, goals_household())
    shown = page(client.get("/apply/goals/1")).soup
    scale = shown.select_one("fieldset.scale:has(input[name=goal_1_importance])")
    assert scale.select_one("legend").get_text(strip=True) == "Mål 1: Hur viktigt är det för dig?"
    ends = [span.get_text(strip=True) for span in scale.select(".scale__ends span")]
    assert ends == ["0 = inte alls viktigt", "10 = mycket viktigt"]
    radios = scale.select("input[type=radio]")
    assert [r["value"] for r in radios] == [str(n) for n in range(11)]
    assert scale.select_one("input[checked]")["value"] == "6"
    assert scale["aria-describedby"].split()[-1] == scale.select_one(".scale__ends")["id"]


def test_a_number_outside_the_ruler_is_refused_next_to_it(app):
    client = sent(app, goals_household())
    response = fill_step(client, app, "/apply/goals/1",
                         {"goal_1": GOAL, "goal_1_importance": "11", "goal_2": "",
                          "goal_3": ""})
    assert response.status_code == 200
    shown = page(response)
    assert "Välj en siffra från 0 till 10." in shown.soup.select_one(
        "#goal_1_importance-error").get_text()


def test_the_check_page_and_pdf_show_goals_but_not_the_private_wish(app):
    client = sent(app, goals_household())
    check = page(client.get("/check")).soup
    text = check.get_text(" ", strip=True)
    assert GOAL in text and "6 av 10" in text and "4 av 10" in text
    assert WISH not in text and "Ett eget möte" not in text
    pdf = client.get("/documents/draft.pdf")
    printed = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    printed = " ".join(printed.split())
    assert "butik" in printed and "träffa handläggaren" not in printed
    assert "eget möte" not in printed


def test_the_private_wish_is_not_shown_again_on_its_page_and_stays_when_left_empty(app):
    client = sent(app, goals_household())
    shown = page(client.get("/apply/own_meeting/2")).soup
    assert not shown.select("input[name=meet_alone][checked]")
    assert shown.select_one("[data-private-answered]") is not None
    assert "Bara handläggaren ser ditt svar" in shown.select_one(".lead").get_text()
    assert shown.select_one(".quick-exit") is not None
    response = fill_step(client, app, "/apply/own_meeting/2", {"meet_alone": ""})
    assert response.status_code == 302, location(response)
    code = submit(client)
    confirmation = page(client.get("/confirmation")).soup.get_text(" ", strip=True)
    assert code in confirmation and WISH not in confirmation
    assert "träffa handläggaren" not in confirmation


def test_the_caseworker_sees_goals_rulers_prompts_and_the_wish(app, login):
    client = sent(app, goals_household())
    code = submit(client)
    staff = login("caseworker")
    record = page(staff.get(f"/caseworker/records/{code}")).soup
    wish = record.select_one("[data-private-answers] [data-person='2']")
    assert WISH in wish.get_text() and "Ja" in wish.get_text()
    goals = record.select_one("[data-goals='1']")
    assert GOAL in goals.select_one("q").get_text()
    assert goals.select_one("[data-importance]").get_text() == "6"
    assert goals.select_one("[data-confidence]").get_text() == "4"
    prompts = [li.get_text(" ", strip=True) for li in goals.select("[data-goal-prompts] li")]
    assert any("Varför 6 och inte 3?" in p for p in prompts)
    assert any("gå från 4 till 6?" in p for p in prompts)
    assert record.select_one("[data-goals='2']") is None
    agenda_page = page(staff.get(f"/caseworker/records/{code}/agenda")).soup
    assert "Person 2 bad om ett eget möte med dig." in agenda_page.select_one(
        "[data-asked-alone]").get_text()
    topics = agenda_page.select_one("[data-agenda-topics]").get_text(" ", strip=True)
    assert "En stund på tu man hand med person 2" in topics and WISH not in topics
    assert "Varför 6 och inte 3?" in agenda_page.select_one("[data-agenda-goals]").get_text()


def test_a_goal_in_arabic_is_quoted_as_written_and_marked_arabic(app, login):
    inputs = goals_household(goals_2={"goal_1": GOAL_AR, "goal_1_importance": "10",
                                      "goal_1_confidence": "0", "goal_2": "", "goal_3": ""},
                             meet_alone="no")
    client = sent(app, inputs, lang="ar")
    code = submit(client)
    record = page(login("caseworker").get(f"/caseworker/records/{code}")).soup
    goal = record.select_one("[data-goals='2'] [data-goal]")
    assert GOAL_AR in goal.select_one("q").get_text()
    assert goal.select_one("[data-written-in]")["data-written-in"] == "ar"
    prompts = goal.select_one("[data-goal-prompts]").get_text(" ", strip=True)
    # 10 has no higher and 0 no lower on the ruler: "Varför 10 och inte 5?", "från 0 till 2".
    assert "Varför 10 och inte 5?" in prompts and "från 0 till 2?" in prompts
    # A "no" asks nothing of the caseworker: not on the first screen, only among the answers.
    assert record.select_one("[data-private-answers]") is None
    row = record.select_one("#answer-own_meeting-2-meet_alone").get_text(" ", strip=True)
    assert WISH in row and row.endswith("Nej")


def test_the_interpreter_view_shows_the_swedish_ruler_beneath_the_arabic(app):
    client = sent(app, goals_household(), lang="ar")
    shown = page(client.get("/apply/goals/1?lang=ar&interpreter=1")).soup
    scale = shown.select_one("fieldset.scale")
    assert "0 = غير مهم أبدًا" in scale.select_one(".scale__ends").get_text()
    assert [s.get_text() for s in scale.select(".scale__ends .source-text")] == \
        ["0 = inte alls viktigt", "10 = mycket viktigt"]
    assert scale.select_one("legend .source-text").get_text() == \
        "Mål 1: Hur viktigt är det för dig?"
