"""Every state visible: resting, focused, hovered, pressed, error and busy, measured in Chromium.

Tab goes through every page type as a keyboard user would; for each focused element the
text must keep 4.5:1 against the background it is painted on and the focus indicator 3:1
against what surrounds it (tests/browser/contrast.py does the arithmetic). Then the mouse
rests on, and presses, every link and button. In Swedish and in Arabic (right to left, and
skipped by axe's contrast rule), on the applicant's phone and the caseworker's desktop.
"""

from __future__ import annotations

import pytest

from selfservice.accounts.auth import create_user
from tests.browser.conftest import ARTIFACTS
from tests.browser.contrast import MEASURE, RESTING, Finding, findings
from tests.browser.helpers import begin
from tests.journey import complete_household, start, submit

pytestmark = pytest.mark.browser

# What the element Tab reached looks like (contrast.MEASURE), or null once Tab has come round
# to one it reached before: one look per Tab.
FOCUSED = """() => {
    const el = document.activeElement;
    window.seenByTab = window.seenByTab || new WeakSet();
    if (!el || el === document.body || window.seenByTab.has(el)) return null;
    window.seenByTab.add(el);
    return (""" + MEASURE + """)(el);
}"""
POINTABLE = "a, button, summary"
# For each link and button: whether it is on the screen to point at, and whether it presses.
POINTABLE_STATES = """elements => elements.map(el => { const r = el.getBoundingClientRect();
    return [r.width > 1 && r.height > 1 && r.left >= 0 && r.right <= innerWidth + 1
            && el.checkVisibility({visibilityProperty: true}),
            el.matches("button, .button")]; })"""


class Audit:
    """The figures measured on one run through pages, state by state."""

    def __init__(self, page, language: str):
        self.page = page
        self.language = language
        self.found: list[Finding] = []

    def __call__(self, url: str | None = None, *, name: str | None = None) -> None:
        """Measure the page as it rests, with each focus Tab gives and each pointer state."""
        page = self.page
        if url:
            page.goto(url)
        page.wait_for_load_state("load")  # styled: a page a click opened may still be loading
        name = f"{self.language} {name or page.url.split('/', 3)[-1]}"
        page.mouse.move(0, 0)
        self.found += findings(name, "resting", page.evaluate(RESTING), focused=False)
        self.found += self._focus_states(name)
        self.found += self._pointer_states(name)

    def _focus_states(self, name: str) -> list[Finding]:
        page = self.page
        found = []
        looks = page.evaluate(FOCUSED)  # focus moved on load: an error summary
        for _ in range(300):
            if looks:
                found += findings(name, "focus", looks, focused=True)
            page.keyboard.press("Tab")
            looks = page.evaluate(FOCUSED)
            if looks is None:
                return found
        pytest.fail(f"Tab never came round on {name}")

    def _pointer_states(self, name: str) -> list[Finding]:
        page = self.page
        found = []
        targets = page.locator(POINTABLE)
        for number, (on_screen, presses) in enumerate(targets.evaluate_all(POINTABLE_STATES)):
            if not on_screen:
                continue
            target = targets.nth(number)
            target.hover()
            found += findings(name, "hover", target.evaluate(MEASURE), focused=False)
            if presses:
                page.mouse.down()  # pressed: active, focused and hovered at once
                found += findings(name, "active", target.evaluate(MEASURE), focused=True)
                page.mouse.move(0, 0)  # let go elsewhere, so nothing is clicked
                page.mouse.up()
                page.evaluate("document.activeElement.blur()")
        page.mouse.move(0, 0)
        return found

    def busy(self, selector: str, attribute: str, *, name: str) -> None:
        """Measure the page with ``attribute`` set on ``selector``, as our scripts set it."""
        self.page.locator(selector).first.evaluate(
            f"el => el.setAttribute('{attribute}', 'true')")
        self.found += findings(f"{self.language} {name}", f"{attribute}=true",
                               self.page.evaluate(RESTING), focused=False)
        self.page.locator(selector).first.evaluate(f"el => el.removeAttribute('{attribute}')")

    def report(self, title: str) -> list[str]:
        """Write every figure into test-artifacts/ and return the ones that fail."""
        ARTIFACTS.mkdir(exist_ok=True)
        lowest: dict[tuple[str, str], Finding] = {}
        for finding in self.found:
            key = (finding.state, finding.kind)
            if key not in lowest or finding.ratio < lowest[key].ratio:
                lowest[key] = finding
        failing = [str(f) for f in self.found if not f.passes]
        lines = [f"{len(self.found)} figures; {len(failing)} fail", "lowest per state:"]
        lines += [f"  {state} {kind}: {f.ratio:.2f}:1 ({f})"
                  for (state, kind), f in sorted(lowest.items())]
        (ARTIFACTS / f"contrast-{title}.txt").write_text(
            "\n".join([*lines, "failing:", *sorted(set(failing))]) + "\n", encoding="utf-8")
        return sorted(set(failing))


def _chat_with_an_error(page) -> None:
    page.goto("/chat")
    page.locator("button[name=choice][value=alone]").click()
    page.locator("#child_count").fill("-3")
    page.locator("#child_count").press("Enter")
    page.locator(".chat__text--error").last.wait_for()


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_every_applicant_state_keeps_its_contrast(phone_in, live_app, language):
    client = live_app.test_client()
    code = start(client)
    complete_household(client, live_app, adults=2, children=1)
    page = phone_in(language)
    audit = Audit(page, language)
    audit(name="start")
    begin(page)
    audit(name="resume code")
    audit("/tasks")
    audit("/apply/household")
    page.locator("form[method=post] button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    audit(name="apply/household with errors")
    _chat_with_an_error(page)
    audit(name="chat with an error")
    audit.busy(".chat", "aria-busy", name="chat waiting for an answer")
    for url in ("/apply/urgent", "/urgent", "/safety", "/glossary", "/privacy",
                "/accessibility", "/who-opened", "/resume"):
        audit(url)
    page.fill("#code", code)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    audit(f"/check?lang={language}")
    audit.busy("[data-prevent-double-click]", "aria-disabled", name="check, sending")
    page.locator("form[action^='/submit'] button").click()
    page.wait_for_selector("[data-reference-code]")
    audit(name="confirmation")  # with the question after sending
    with page.expect_navigation():
        page.locator("[data-feedback-form] button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    audit(name="confirmation, question with an error")
    failing = audit.report(f"applicant-{language}")
    assert not failing, "\n".join(failing)


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_every_staff_state_keeps_its_contrast(browser, live_app, language):
    client = live_app.test_client()
    start(client, urgent_needs=["no_food"])  # the queue's urgent panel and flags too
    complete_household(client, live_app, adults=2, children=1)
    reference = submit(client)
    with live_app.app_context():
        create_user(username="admin1", display_name="Adam Admin",
                    password="ett långt lösenord", role="admin")
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  base_url=live_app.config["LIVE_URL"], locale=language)
    page = context.new_page()
    audit = Audit(page, language)
    audit(f"/caseworker/sign-in?lang={language}")
    page.fill("#username", "admin1")
    page.fill("#password", "ett långt lösenord")
    page.locator("form button[type=submit]").click()
    for url in ("/caseworker/", f"/caseworker/records/{reference}", "/caseworker/statistics",
                "/caseworker/statistics/assessments", "/caseworker/usage"):
        audit(f"{url}?lang={language}")
    context.close()
    failing = audit.report(f"staff-{language}")
    assert not failing, "\n".join(failing)


BOX = """el => { const s = getComputedStyle(el);
    return {border: parseFloat(s.borderTopWidth), style: s.borderTopStyle,
            background: s.backgroundColor, color: s.color}; }"""


def test_forced_colours_keep_buttons_boxed_and_the_quick_exit_marked_out(phone_in):
    page = phone_in("sv")
    page.emulate_media(forced_colors="active")
    page.goto("/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "forced-colours-start.png"), full_page=True)
    button = page.locator("form[action^='/start'] .button").evaluate(BOX)
    quick_exit = page.locator("[data-quick-exit]").evaluate(BOX)
    header = page.locator(".header").evaluate(BOX)
    assert button["border"] >= 2 and button["style"] == "solid"
    assert quick_exit["border"] >= 4 and quick_exit["style"] == "double"
    assert quick_exit["background"] not in (header["background"], button["background"])
    page.locator("#consent").focus()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # the focus ring survives; shadows do not in forced colours


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_focused_buttons_on_a_phone_are_captured(phone_in, language):
    page = phone_in(language)
    page.locator("#consent").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('.button')")
    page.locator("form[action^='/start'] .button").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"focus-start-button-{language}.png"))
    page.locator("[data-quick-exit]").focus()
    page.screenshot(path=str(ARTIFACTS / f"focus-quick-exit-{language}.png"))
    page.goto("/apply/household")  # no draft: the start page with its consent error
    page.locator("form[action^='/start'] .button").click()
    page.locator(".error-summary a").first.focus()
    page.screenshot(path=str(ARTIFACTS / f"focus-error-link-{language}.png"))
