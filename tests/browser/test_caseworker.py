"""A caseworker signs in, reads a record, reveals an identity and rates differently."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from selfservice.accounts.auth import create_user
from tests.browser.conftest import ARTIFACTS
from tests.builders import ADULTS, household_inputs
from tests.journey import complete_household, start, submit
from tests.review.test_meeting_summary import submit_two_situations

pytestmark = pytest.mark.browser
LEVEL_1 = dict.fromkeys(("education", "swedish", "work_experience", "health_physical",
                         "health_mental", "health_social", "motivation", "job_seeking"),
                        "level_1")


def signed_in(browser, live_app, *, height: int):
    """Return a 1280 px wide context and page with a caseworker signed in."""
    with live_app.app_context():
        create_user(username="handlaggare", display_name="Hanna Handläggare",
                    password="ett långt lösenord", role="caseworker")
    context = browser.new_context(viewport={"width": 1280, "height": height},
                                  base_url=live_app.config["LIVE_URL"], locale="sv-SE")
    page = context.new_page()
    page.goto("/caseworker/")
    page.fill("#username", "handlaggare")
    page.fill("#password", "ett långt lösenord")
    page.get_by_role("button", name="Logga in").click()
    return context, page


def test_caseworker_reviews_a_record_end_to_end(browser, live_app):
    inputs = household_inputs(adults=1, children=0)
    inputs["rating.1"] = LEVEL_1
    inputs["rating_choice.1"] = {"category": "am1", "rehab_obstacles": []}
    client = live_app.test_client()
    start(client)
    complete_household(client, live_app, adults=1, children=0, inputs=inputs)
    reference = submit(client)

    context, page = signed_in(browser, live_app, height=900)
    page.get_by_role("link", name=reference).click()
    assert ADULTS[0]["last_name"] not in page.locator("main").inner_text()
    violations = Axe().run(page).response["violations"]
    assert not violations, [v["id"] for v in violations]

    page.fill("#reason", "Förbereder nybesöket")
    page.get_by_role("button", name="Visa identitet").click()
    assert ADULTS[0]["last_name"] in page.locator("[data-identity]").inner_text()

    page.locator("#category-1-am3").check()
    page.fill("#justification-1", "Behöver stöd från flera aktörer")
    page.get_by_role("button", name="Spara bedömning").click()
    assert page.locator("#person-1 [data-caseworker-rated]").inner_text().startswith("AM3")
    expect(page.locator("#person-1 [data-ratings-differ]")).to_be_visible()
    differ_ids = [p.id for p in live_app.extensions["mi_guide"].prompts
                  if p.when == {"fact": "ratings_differ"}]
    shown = page.locator("[data-prompt]").evaluate_all(
        "items => items.map(item => item.dataset.prompt)")
    assert set(differ_ids) <= set(shown)
    context.close()


def test_the_first_screen_of_a_two_adult_record_shows_the_flags_and_a_failed_rating_keeps_text(
        browser, live_app):
    reference = submit_two_situations(live_app)
    context, page = signed_in(browser, live_app, height=800)
    page.goto(f"/caseworker/records/{reference}")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "caseworker-first-screen.png"))
    for flag in ("losing_home", "enforcement_debts", "health", "substance_use"):
        box = page.locator(f"[data-flag={flag}]").first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 800, flag
    violations = Axe().run(page).response["violations"]
    assert not violations, [v["id"] for v in violations]
    # A rating saved without a category keeps the typed justification.
    # Each adult's prompts stand at that adult's rating, name the adult, five at most.
    for number in (1, 2):
        shown = page.locator(f"#person-{number} .prompt-list").first.locator("[data-prompt]")
        assert 0 < shown.count() <= 5
        assert all(f"Person {number}:" in text for text in shown.all_inner_texts())
    page.fill("#justification-2", "Vill prata om behandling innan arbete.")
    page.locator("#person-2").get_by_role("button", name="Spara bedömning").click()
    assert "Välj en kategori" in page.locator("#person-2 [data-rating-error]").inner_text()
    assert page.locator("#justification-2").input_value() == \
        "Vill prata om behandling innan arbete."
    # The record reflows on a narrow screen (WCAG 1.4.10): nothing wider than 320 px.
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.goto("/caseworker/board?who=unit")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_the_idle_warning_takes_the_focus_once_and_never_again(browser, live_app):
    """The warning announces itself and focuses its button when it appears; while it stays,
    a caseworker typing a justification keeps the focus and every character."""
    reference = submit_two_situations(live_app)
    context, page = signed_in(browser, live_app, height=800)
    page.clock.install()
    # The server says the session is about to end (100 s left, the warning starts at 120).
    page.route(re.compile(r"/caseworker/session(\?|$)"), lambda route: route.fulfill(
        json={"seconds_left": 100}) if route.request.method == "GET" else route.continue_())
    page.goto(f"/caseworker/records/{reference}")
    warning = page.locator("[data-timeout-warning]")
    assert warning.is_hidden()
    page.clock.run_for(31_000)
    warning.wait_for(state="visible")
    assert page.evaluate("document.activeElement.textContent") == "Fortsätt vara inloggad"
    assert warning.get_attribute("role") == "alertdialog"
    page.focus("#justification-1")
    page.keyboard.type("Vill börja ")
    page.clock.run_for(6_000)  # the next checks, while the warning stays
    page.keyboard.type("arbeta.")
    page.clock.run_for(6_000)
    assert page.evaluate("document.activeElement.id") == "justification-1"
    assert page.locator("#justification-1").input_value() == "Vill börja arbeta."
    context.close()


def test_statistics_reflow_selects_show_focus_and_a_half_typed_date_is_not_saved(
        browser, live_app):
    from tests.review.test_follow_up import two_adults
    from tests.stats.test_transitions import build_people

    with live_app.app_context():
        build_people()
    reference = two_adults(live_app)
    context, page = signed_in(browser, live_app, height=800)
    # A focused drop-down shows the same thick focus as every other control (WCAG 2.4.7).
    page.goto(f"/caseworker/records/{reference}")
    page.focus("#obstacle-1")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert outline == "3px"
    # Only month and day typed: the form says what is missing and saves nothing.
    page.goto(f"/caseworker/records/{reference}/agenda")
    page.click("#meeting_on")
    page.keyboard.type("1214")
    page.get_by_role("button", name="Spara mötet").click()
    assert page.locator("#meeting_on-incomplete").inner_text() == \
        "Skriv hela datumet: år, månad och dag."
    assert "Mötet är sparat" not in page.content()
    # A problem the server finds: its summary takes the focus.
    page.fill("#meeting_on", "2026-12-14")
    page.fill("#minutes", "fem")
    page.get_by_role("button", name="Spara mötet").click()
    page.locator("[data-error-summary]").wait_for()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    # Wide tables scroll in their own box; the page reflows at 320 px (WCAG 1.4.10).
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/caseworker/statistics?start=2025-01-01&end=2025-12-31")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    violations = Axe().run(page).response["violations"]
    assert not violations, [v["id"] for v in violations]
    context.close()
