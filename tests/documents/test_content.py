"""What the PDF says: every answer by area and member, in the applicant's language and in
Swedish, right to left where it should be, and what people typed printed as typed."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from babel import Locale
from pypdf import PdfReader

from tests.builders import ADULTS
from tests.documents.conftest import (
    normalise,
    pdf_text,
    printed,
    printed_pages,
    read_line,
    send_household,
    translated,
)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FREE_TEXT = {
    "sv": "Jag vill arbeta i äldreomsorgen.",
    "en": "I would like to work in elderly care.",
    "ar": "أريد أن أعمل في رعاية المسنين",
    "fi": "Haluaisin työskennellä vanhustenhoidossa.",
}
# Texts every PDF shows: a question, an answer, an item of the checklist, the footer.
PRINTED = [
    "Hur många barn bor i ditt hushåll, hela eller delar av tiden?",
    "Söker du ensam eller tillsammans med en annan vuxen?",
    "Jag söker ensam",
    "Ta med till mötet",
    "Hyreskontraktet eller andrahandskontraktet, eller avtalet om att du hyr ett rum",
    "Pass, id-kort eller annan legitimation för alla vuxna i hushållet",
    "Det här händer nu",
    "Dokumentet har uppgifter om dig. Förvara det så att ingen annan kan läsa det.",
]


MM = 72 / 25.4  # points
TOP_MARGIN, BOTTOM_MARGIN = 16 * MM, 20 * MM  # pdf.css, @page
VARIABLES = ["education", "swedish", "work_experience", "health_physical", "health_mental",
             "health_social", "motivation", "job_seeking"]


def self_rating(*levels: int) -> dict[str, str]:
    """A person's ratings of the eight variables, in order (1 = closest to work)."""
    return {name: f"level_{level}" for name, level in zip(VARIABLES, levels, strict=True)}


def footer_lines(page, direction: str) -> list[str]:
    """Return the lines printed in a page's bottom margin, read in ``direction``."""
    lines: dict[int, list] = {}
    for word in page.words:
        if word.top > page.height - BOTTOM_MARGIN:
            lines.setdefault(round(word.top / 3), []).append(word)
    return [read_line(words, direction) for _, words in sorted(lines.items())]


def fonts_of(data: bytes) -> set[str]:
    fonts = set()
    for pdf_page in PdfReader(io.BytesIO(data)).pages:
        for font in pdf_page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).partition("+")[2])
    return fonts


def save_first_page(data: bytes, name: str, tmp_path: Path) -> Path:
    """Render page 1 to a PNG in test-artifacts/, as a person would see it."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm is missing: scripts/test.sh installs poppler-utils")
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(data)
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run([pdftoppm, "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                    str(source), str(ARTIFACTS / name)], check=True, timeout=60)
    return ARTIFACTS / f"{name}.png"


@pytest.mark.parametrize("language", ["sv", "en", "ar", "fi"])
def test_pdf_has_every_text_in_the_language_and_in_swedish(client, app, language, tmp_path):
    reference = send_household(client, app, language,
                               steps={"occupation.1": {"work_goal": FREE_TEXT[language]}})
    data = client.get("/documents/application.pdf").data
    text = pdf_text(data)

    assert reference in text
    for swedish in PRINTED:
        assert printed(swedish, text)
        assert printed(translated(app, language, swedish), text)
    assert normalise(FREE_TEXT[language]) in text
    if language != "sv":
        written_in = translated(app, language, "skrivet på %(language)s",
                                language=Locale.parse(language).get_display_name(language))
        assert normalise(written_in) in text
        assert f"skrivet på {Locale.parse(language).get_display_name('sv')}" in text
    assert "Noto-Sans" in fonts_of(data)
    assert save_first_page(data, f"pdf-{language}-page1", tmp_path).stat().st_size > 10_000


def test_arabic_is_laid_out_right_to_left_and_extracts_in_reading_order(client, app):
    reference = send_household(client, app, "ar",
                               steps={"personal.1": {"first_name": "سارة"}})
    data = client.get("/documents/application.pdf").data
    text = pdf_text(data)
    assert "هذا ما سيحدث الآن" in text  # "Det här händer nu", in logical order
    assert "سارة" in text and "ةراس" not in text
    assert reference in text  # a left-to-right island, not reversed
    assert ADULTS[0]["identity_number"] in text
    assert app.config["SOCIAL_OFFICE_PHONE"] in text  # not "00 456 123-08"
    assert "Noto-Naskh-Arabic" in fonts_of(data)


def test_identity_numbers_and_emails_inside_arabic_free_text_print_left_to_right(client, app):
    typed = "رقمي 19880921-4623 وبريدي rami.haddad@example.com والمبلغ 9 800 كرونة"
    send_household(client, app, "ar", adults=1, children=0,
                   steps={"occupation.1": {"status": ["unemployed"], "work_goal": typed}})
    text = pdf_text(client.get("/documents/application.pdf").data)
    assert "19880921-4623" in text and "4623-19880921" not in text
    assert "rami.haddad@example.com" in text
    assert "9 800" in text and "800 9" not in text


def test_self_rating_shows_the_suggestion_beside_the_persons_own_choice(client, app):
    ratings = dict.fromkeys(["education", "swedish", "work_experience", "health_physical",
                             "health_mental", "health_social", "motivation", "job_seeking"],
                            "level_1")
    send_household(client, app, "sv", steps={"rating.1": ratings,
                                            "rating_choice.1": {"category": "am3"}})
    text = pdf_text(client.get("/documents/application.pdf").data)
    assert "Tjänstens förslag AM1" in text
    assert "Det är ditt val som gäller. Valet avgör inte din rätt till ekonomiskt bistånd." in text
    assert "AM3 – Jag behöver stöd en längre tid" in text


def test_markup_typed_by_an_applicant_prints_as_text_and_fetches_nothing(client, app,
                                                                         listener):
    port, connected = listener
    hostile = {
        "img": f'<img src="http://127.0.0.1:{port}/x">',
        "link": '<link rel="attachment" href="file:///etc/passwd">',
        "import": f"<style>@import url(http://127.0.0.1:{port}/x.css);</style>",
    }
    send_household(client, app, "sv", steps={
        "occupation.1": {"work_goal": "\n".join(hostile.values())},
        "personal.1": {"best_language": hostile["img"]},
        "network": {"network_comment": f"@import url(http://127.0.0.1:{port}/y.css);"}})
    data = client.get("/documents/application.pdf").data

    # Long words may wrap anywhere in the narrow answer column: compare without white space.
    text = "".join(pdf_text(data).split())
    for typed in [*hostile.values(), f"@import url(http://127.0.0.1:{port}/y.css);"]:
        assert "".join(typed.split()) in text
    assert not connected()
    reader = PdfReader(io.BytesIO(data))
    assert reader.attachments == {}
    assert b"/EmbeddedFile" not in data and b"/FileAttachment" not in data
    for pdf_page in reader.pages:
        objects = pdf_page["/Resources"].get("/XObject", {})
        assert all(o.get_object().get("/Subtype") != "/Image" for o in objects.values())


def test_arabic_page_numbers_read_right_to_left_in_the_catalogues_words(client, app):
    send_household(client, app, "ar", adults=2, children=3)
    pages = printed_pages(client.get("/documents/application.pdf").data)

    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        arabic = translated(app, "ar", "Sida %(page)s av %(pages)s", page=number,
                            pages=len(pages))
        assert any(normalise(arabic) in line for line in footer_lines(page, "rtl")), number
        swedish = f"Sida {number} av {len(pages)}"
        assert any(swedish in line for line in footer_lines(page, "ltr")), number


@pytest.mark.parametrize("language, mean", [("sv", "1,4"), ("en", "1.4"), ("fi", "1,4")])
def test_a_decimal_is_written_the_way_each_language_writes_it(client, app, language, mean):
    send_household(client, app, language, steps={"rating.1": self_rating(1, 2, 3, 1, 1, 1, 1, 1)})
    text = pdf_text(client.get("/documents/application.pdf").data)

    reason = "Dina svar ger i genomsnitt %(mean)s på en skala från 1 (nära arbete) till 4 " \
             "(längre från arbete)."
    assert normalise(translated(app, language, reason, mean=mean)) in text
    assert normalise(reason % {"mean": "1,4"}) in text  # the Swedish, in every PDF
    assert normalise(reason % {"mean": "1.4"}) not in text


def test_arabic_lists_are_joined_with_the_arabic_comma(client, app):
    send_household(client, app, "ar", steps={
        "network": {"support_from": ["family", "friends"]},
        "rating.1": self_rating(1, 3, 3, 1, 1, 1, 1, 1)})  # two variables need most support
    text = pdf_text(client.get("/documents/application.pdf").data)

    family, friends = (translated(app, "ar", label) for label in ("Familj eller släkt", "Vänner"))
    assert normalise(f"{family}، {friends}") in text
    assert "Familj eller släkt, Vänner" in text  # the Swedish beneath keeps its own comma
    language, experience = (translated(app, "ar", label)
                            for label in ("svenska språket", "arbetslivserfarenhet"))
    assert normalise(f"{language}، {experience}") in text
    assert "svenska språket, arbetslivserfarenhet" in text
    assert normalise(f"{family}, ") not in text and normalise(f"{language}, ") not in text


@pytest.mark.parametrize("language", ["sv", "ar"])
def test_no_page_but_the_last_is_left_half_empty(client, app, language):
    """A long answer continues on the next page instead of leaving this one half blank."""
    plans = "\n".join(f"{number}. Svenska" for number in range(1, 84))  # 987 of 1000 letters
    send_household(client, app, language, adults=2, children=1, steps={
        "occupation.1": {"work_goal": plans}, "occupation.2": {"work_goal": plans},
        "network": {"network_comment": plans}})
    pages = printed_pages(client.get("/documents/application.pdf").data)

    for number, page in enumerate(pages[:-1], start=1):
        body = [word.bottom for word in page.words if word.top < page.height - BOTTOM_MARGIN]
        filled = (max(body) - TOP_MARGIN) / (page.height - TOP_MARGIN - BOTTOM_MARGIN)
        assert filled > 0.5, f"page {number} of {len(pages)} is {filled:.0%} full"
