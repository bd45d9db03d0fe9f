"""Two adults rate themselves differently in Chromium; both ratings reach the check page."""

import pytest

from tests.browser.helpers import begin, choose, complete_pending_areas, describe_household, save

pytestmark = pytest.mark.browser

VARIABLES = ["education", "swedish", "work_experience", "health_physical", "health_mental",
             "health_social", "motivation", "job_seeking"]


def rate(page, number: int, level: int, category: str) -> str:
    page.goto(f"/apply/rating/{number}")
    for name in VARIABLES:
        choose(page, name, f"level_{level}")
    save(page)
    assert f"/apply/rating_choice/{number}" in page.url
    suggested = page.locator(".suggestion__category").inner_text()
    choose(page, "category", category)
    save(page)
    return suggested


def test_two_adults_rated_differently_both_show_on_check_answers(phone):
    page = phone
    begin(page)
    describe_household(page, adults=2, children=0)
    complete_pending_areas(page, until="/apply/rating/")
    assert rate(page, 1, level=1, category="am1") == "AM1"
    assert rate(page, 2, level=4, category="am2") == "AM3"
    page.goto("/check")
    suggestions = page.locator("[data-suggested-category]").all_inner_texts()
    assert suggestions == ["AM1", "AM3"]
    main = page.locator("main").inner_text()
    assert "AM1 –" in main and "AM2 –" in main
