""""Listen": questions, help texts, choices and chat messages read aloud by the browser's own
speech synthesis, in the page's language, only where the device has a voice for it; a
recording the form names plays instead. The page's speech API is replaced by a recorder
that offers the voices a test chooses (Chromium here has none of its own)."""

from __future__ import annotations

import json
import math
import secrets
import shutil
import wave
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext

from selfservice.questionnaire.definition import AUDIO_FOLDER
from tests.browser.conftest import ARTIFACTS, PHONE, served
from tests.browser.helpers import begin
from tests.browser.test_accessibility import assert_accessible
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parents[2]
SPEECH = """
window.spoken = [];
window.played = [];
const voices = %s.map((lang) => ({lang: lang, name: "Test " + lang, default: false}));
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; };
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  getVoices: () => voices,
  speak: (u) => window.spoken.push({text: u.text, lang: u.lang,
                                    voice: u.voice ? u.voice.lang : null}),
  cancel: () => {},
  addEventListener: () => {},
}});
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {
  window.played.push(this.src); window.playing = this; return play.call(this);
};
"""


@pytest.fixture
def speaking(browser):
    """``speaking(app, "ar", ["ar-SA"])``: a phone in that language whose device offers
    those voices, on the app's server."""
    contexts = []

    def make(app, language: str, voices: list[str]):
        base_url = app.config["LIVE_URL"]
        context = browser.new_context(viewport=PHONE, base_url=base_url, locale=language)
        contexts.append(context)
        context.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith(base_url) else route.abort())
        context.add_init_script(SPEECH % json.dumps(voices))
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page
    yield make
    for context in contexts:
        context.close()


def _in(app, locale: str, msgid: str) -> str:
    with app.test_request_context(), force_locale(locale):
        return gettext(msgid)


def _last_spoken(page) -> dict:
    return page.evaluate("window.spoken[window.spoken.length - 1]")


def test_a_question_its_choices_and_its_help_are_read_in_arabic(speaking, live_app):
    page = speaking(live_app, "ar", ["ar-SA", "sv-SE"])
    begin(page)
    page.goto("/apply/household?lang=ar")
    question = page.locator("fieldset:has(input[name=applying])")
    listen = question.locator("legend + .listen")
    assert listen.inner_text() == "استماع"
    listen.click()
    said = _last_spoken(page)
    label = _in(live_app, "ar", "Söker du ensam eller tillsammans med en annan vuxen?")
    assert said["lang"] == "ar" and said["voice"] == "ar-SA"
    assert said["text"].startswith(label)
    question.locator(":scope > .listen").last.click()  # after the list of choices
    choices = [_in(live_app, "ar", "Jag söker ensam"),
               _in(live_app, "ar", "Jag söker tillsammans med en annan vuxen")]
    assert _last_spoken(page)["text"].startswith(". ".join(choices[:1]))
    assert all(choice in _last_spoken(page)["text"] for choice in choices)
    block = page.locator(".question:has(input[name=applying])")
    block.locator("details:not(.details--why) summary").click()
    block.locator("details:not(.details--why) .listen").click()
    help_text = _in(live_app, "ar", "Är du gift, registrerad partner eller sambo? Då söker "
                    "ni oftast tillsammans. Ni räknas då som ett hushåll. Båda vuxna "
                    "svarar på samma frågor.")
    assert _last_spoken(page)["text"] == " ".join(help_text.split())
    assert_accessible(page)  # the buttons too: names, contrast, targets
    page.screenshot(path=str(ARTIFACTS / "listen-ar.png"))
    listen.focus()
    page.screenshot(path=str(ARTIFACTS / "listen-ar-focus.png"))


def test_no_button_without_a_voice_for_the_language(speaking, live_app):
    page = speaking(live_app, "ar", ["sv-SE", "en-GB"])
    begin(page)
    page.goto("/apply/household?lang=ar")
    assert page.locator("[data-speak]").count() > 5
    assert page.locator(".listen").count() == 0
    page.goto("/apply/household?lang=sv")
    assert page.locator(".listen").count() > 5, "a Swedish voice: buttons in Swedish"


def test_no_button_without_javascript(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server, locale="sv-SE",
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/")
        page.locator("#consent").check()
        page.locator("form[action^='/start'] button[type=submit]").click()
        page.goto("/apply/urgent")
        assert page.locator("[data-speak]").count() >= 3
        assert page.locator(".listen").count() == 0
    finally:
        context.close()


def test_the_interpreter_view_reads_the_swedish_in_swedish(speaking, live_app):
    page = speaking(live_app, "fi", ["fi-FI", "sv-SE"])
    begin(page)
    page.goto("/apply/household?lang=fi&interpreter=1")
    legend = page.locator("fieldset:has(input[name=applying]) > legend")
    legend.locator("xpath=following-sibling::button[1]").click()
    said = _last_spoken(page)
    assert said["lang"] == "fi" and "Söker du" not in said["text"]
    assert said["text"].startswith(_in(live_app, "fi", "Söker du ensam eller tillsammans "
                                                    "med en annan vuxen?"))
    legend.locator("xpath=following-sibling::button[2]").click()
    said = _last_spoken(page)
    assert said["lang"] == "sv"
    assert said["text"].startswith("Söker du ensam eller tillsammans med en annan vuxen?")


def test_each_chat_message_is_read(speaking, live_app):
    page = speaking(live_app, "ar", ["ar-EG"])
    begin(page)
    page.goto("/chat?lang=ar")
    last = page.locator(".chat__message--bot").last
    last.locator(".listen").click()
    said = _last_spoken(page)
    assert said["lang"] == "ar"
    question = last.locator(".chat__question").inner_text()
    assert question in said["text"] and _in(live_app, "ar", "Chatten säger:") \
        not in said["text"]
    before = page.locator(".chat__message--bot").count()
    page.locator("button[name=choice][value=alone]").click()
    # A new message arrives without a reload: it gets its own button.
    page.locator(".chat__message--bot").nth(before).locator(".listen").wait_for()
    assert page.locator(".chat__message--bot .listen").count() == \
        page.locator(".chat__message--bot").count()


def _chime(path: Path, seconds: float = 0.25) -> None:
    """Write a short tone as a WAV file (8 kHz, 8-bit, mono: about 2 KB)."""
    rate = 8000
    frames = bytes(int(128 + 60 * math.sin(2 * math.pi * 440 * n / rate))
                   for n in range(int(rate * seconds)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(frames)


@pytest.fixture
def recorded_app(tmp_path):
    """The questionnaire with a recording of one question in Arabic: a file generated under
    selfservice/static/audio/ for this test alone, removed after it."""
    recording = AUDIO_FOLDER / f"test-{secrets.token_hex(6)}-ar.wav"
    _chime(recording)
    try:
        forms = tmp_path / "forms"
        shutil.copytree(ROOT / "forms", forms)
        definition = forms / "instrument_x_part1.yaml"
        text = definition.read_text(encoding="utf-8")
        anchor = "            label: Söker du ensam eller tillsammans med en annan vuxen?\n"
        definition.write_text(text.replace(
            anchor, anchor + f"            audio: {{ar: {recording.name}}}\n", 1),
            encoding="utf-8")
        with served(make_app(tmp_path, FORMS_PATH=str(forms))) as app:
            yield app, recording
    finally:
        recording.unlink(missing_ok=True)


def test_a_recording_named_in_the_form_plays_instead(speaking, recorded_app):
    app, recording = recorded_app
    page = speaking(app, "ar", [])  # no voice at all: the recording still
    begin(page)
    page.goto("/apply/household?lang=ar")
    buttons = page.locator(".listen")
    assert buttons.count() == 1, "only the recorded question can be listened to"
    assert buttons.inner_text() == "استماع"
    buttons.click()
    played = page.evaluate("window.played")
    assert len(played) == 1 and f"/static/audio/{recording.name}" in played[0]
    assert page.evaluate("window.spoken") == []
    assert page.request.get(played[0]).body() == recording.read_bytes()
    # The browser decoded and played the generated file to its end.
    assert page.evaluate("""new Promise((done) => window.playing.ended ? done(true)
        : window.playing.addEventListener("ended", () => done(true)))""")
    assert page.evaluate("window.playing.duration") == pytest.approx(0.25, abs=0.01)
    page.goto("/apply/household?lang=sv")
    assert page.locator(".listen").count() == 0, "no Swedish recording, no Swedish voice"


def _following(speaking, app, voices: list[str]):
    """An interpreter's desktop following an Arabic applicant, its device offering voices."""
    from tests.intake.test_pairing import applicant_in, show_to_interpreter

    code = show_to_interpreter(applicant_in(app, "ar"))
    page = speaking(app, "sv-SE", voices)
    page.goto("/follow")
    page.fill("#code", code)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    return page


def test_the_interpreter_following_hears_the_swedish_and_the_applicants_language(
        speaking, live_app):
    page = _following(speaking, live_app, ["sv-SE", "ar-SA"])
    question = page.locator("[data-follow-question=applying]")
    assert question.locator("h3 + .listen").inner_text() == "Lyssna på svenska"
    question.locator("h3 + .listen").click()
    assert _last_spoken(page) == {
        "text": "Söker du ensam eller tillsammans med en annan vuxen?", "lang": "sv",
        "voice": "sv-SE"}
    own = question.locator("h3 + .listen + .listen")
    assert own.inner_text() == "Lyssna på den sökandes språk"
    own.click()
    assert _last_spoken(page) == {
        "text": _in(live_app, "ar", "Söker du ensam eller tillsammans med en annan vuxen?"),
        "lang": "ar", "voice": "ar-SA"}
    question.locator("ul + .listen").click()
    assert _last_spoken(page)["text"].startswith(
        "Jag söker ensam. Jag söker tillsammans med en annan vuxen")
    question.locator("ul + .listen + .listen").click()
    said = _last_spoken(page)
    assert (said["lang"], said["voice"]) == ("ar", "ar-SA")
    assert said["text"].startswith(". ".join(_in(live_app, "ar", choice) for choice in (
        "Jag söker ensam", "Jag söker tillsammans med en annan vuxen")) + ". ")
    assert_accessible(page)
    own.focus()
    page.screenshot(path=str(ARTIFACTS / "listen-follower-focus.png"))


def test_the_follower_gets_no_button_for_a_language_without_a_voice(speaking, live_app):
    page = _following(speaking, live_app, ["sv-SE"])
    question = page.locator("[data-follow-question=applying]")
    assert question.locator("h3 + .listen").inner_text() == "Lyssna på svenska"
    assert question.locator("h3 + .listen + .listen").count() == 0
    assert page.locator(".listen").count() == page.locator("[data-speak]").count()
