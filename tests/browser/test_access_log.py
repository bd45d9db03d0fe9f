"""An applicant on a phone in Arabic looks up who opened the application they sent."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import ARTIFACTS
from tests.conftest import page as parsed
from tests.conftest import sign_in
from tests.intake.test_access_log import REASON, send

pytestmark = pytest.mark.browser


def test_the_log_on_a_phone_in_arabic_shows_a_reveal_without_the_caseworkers_name(
        live_app, phone_in):
    sent = send(live_app)
    caseworker = sign_in(live_app, username="hanna.handlaggare")
    record = parsed(caseworker.get(f"/caseworker/records/{sent.reference}"))
    caseworker.post(f"/caseworker/records/{sent.reference}/reveal",
                    data={"reason": REASON, "csrf_token": record.csrf_token})

    page = phone_in("ar")
    page.locator("footer a[href*='/who-opened']").click()
    page.fill("#reference", sent.reference.lower())
    page.fill("#secret", sent.secret)
    page.press("#secret", "Enter")
    page.wait_for_selector("[data-access-log]")

    assert page.locator("html").get_attribute("dir") == "rtl"
    actions = page.locator("[data-access-entry] td:nth-child(3)").all_inner_texts()
    assert actions == ["عرض الاسم والرقم الشخصي وبيانات الاتصال", "فتح الطلب وقراءته"]
    units = page.locator("[data-access-entry] td:nth-child(2)").all_inner_texts()
    assert units == [live_app.config["UNIT_NAME"]] * 2
    text = page.locator("body").inner_text()
    assert "hanna.handlaggare" not in text and "Test caseworker" not in text
    assert REASON not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "no sideways scroll"
    violations = Axe().run(page).response["violations"]
    assert not violations, [v["id"] for v in violations]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "access-log-ar.png"), full_page=True)
