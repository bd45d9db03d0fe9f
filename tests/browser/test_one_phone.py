"""Two phones, one application: the phone it was continued and sent on keeps it, the other
forgets it; and "Klar – rensa den här telefonen" leaves nothing to go back to."""

from __future__ import annotations

import pytest

from tests.browser.helpers import (
    begin,
    complete_pending_areas,
    describe_household,
    send_household_of_one,
)

pytestmark = pytest.mark.browser


def test_after_sending_on_the_second_phone_the_first_shows_no_confirmation_or_pdf(
        phone, second_phone):
    first, second = phone, second_phone
    code = begin(first)
    describe_household(first, adults=1, children=0)

    second.goto("/resume")
    second.get_by_label("Fortsättningskod").fill(code)
    second.get_by_role("button", name="Fortsätt", exact=True).click()
    complete_pending_areas(second)
    second.goto("/check")
    second.get_by_role("button", name="Skicka").click()
    assert second.locator("h1").inner_text() == "Din ansökan är skickad"
    reference = second.locator("[data-reference-code]").inner_text()
    pdf = second.request.get("/documents/application.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"

    kept = first.context.cookies()
    first.goto("/confirmation")
    assert first.locator("h1").inner_text() == "Sidan visas inte längre"
    shown = first.locator("body").inner_text()
    assert reference not in shown and "Exempelsson" not in shown
    assert "bistånd" not in first.title()
    # The refusal cleared the first phone's cookie; its old cookie gets no PDF either.
    first.context.add_cookies(kept)
    refused = first.request.get("/documents/application.pdf", max_redirects=0)
    assert refused.status == 302 and refused.headers["location"].startswith("/elsewhere")


def test_clear_this_phone_leaves_no_way_back_to_the_confirmation(phone):
    page = phone
    reference = send_household_of_one(page)

    page.get_by_role("button", name="Klar – rensa den här telefonen").click()
    assert page.locator("h1").inner_text() == "Klart"
    page.go_back()
    assert reference not in page.locator("body").inner_text()
    assert page.request.get("/documents/application.pdf").headers["content-type"] \
        != "application/pdf"
