"""WCAG 2.2 AA criteria axe cannot check, tested where a test can see them."""

import pytest

from tests.browser.helpers import begin, describe_household

pytestmark = pytest.mark.browser

TARGETS = "a, button, input:not([type=hidden]), select, textarea, summary"


def _small_targets(page) -> list[str]:
    # 2.5.8 Target Size (Minimum): 24 × 24 CSS px, unless inline in a sentence.
    return page.eval_on_selector_all(TARGETS, """els => els.filter(el => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) return false;
        const inline = el.tagName === 'A' && getComputedStyle(el).display === 'inline'
            && el.parentElement && el.parentElement.textContent.trim() !== el.textContent.trim();
        return !inline && (r.width < 24 || r.height < 24);
    }).map(el => el.outerHTML.slice(0, 80))""")


def _obscured_focus(page, presses: int = 60) -> list[str]:
    # 2.4.11 Focus Not Obscured (Minimum): the focused element is visible, not covered.
    hidden = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        covered = page.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const r = el.getBoundingClientRect();
            const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
            const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
            const top = document.elementFromPoint(x, y);
            return (top && (el === top || el.contains(top) || top.contains(el)
                    || (el.labels && [...el.labels].some(l => l.contains(top)))))
                ? null : el.outerHTML.slice(0, 80);
        }""")
        if covered:
            hidden.append(covered)
    return hidden


def test_targets_are_large_enough_and_focus_is_never_hidden(phone):
    page = phone
    begin(page)
    describe_household(page, adults=1, children=0)
    for url in ("/", "/tasks", "/apply/occupation/1", "/apply/income/1", "/resume"):
        page.goto(url)
        assert not _small_targets(page), (url, _small_targets(page))
        assert not _obscured_focus(page), (url, _obscured_focus(page))


def test_sign_in_allows_password_managers_and_paste(phone):
    # 3.3.8 Accessible Authentication: no puzzle; autocomplete lets a manager fill it in.
    page = phone
    page.goto("/caseworker/sign-in")
    assert page.get_attribute("#username", "autocomplete") == "username"
    assert page.get_attribute("#password", "autocomplete") == "current-password"
    assert page.get_attribute("#password", "onpaste") is None


def test_answers_given_once_are_not_asked_again(phone):
    # 3.3.7 Redundant Entry: the household size and names carry into later pages.
    page = phone
    begin(page)
    describe_household(page, adults=2, children=0)
    page.goto("/apply/occupation/2")
    assert "Provia" in page.locator(".caption").inner_text()
