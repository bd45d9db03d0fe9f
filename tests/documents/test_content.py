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
from tests.documents.conftest import normalise, pdf_text, printed, send_household, translated

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
    "Dokumentet innehåller personuppgifter. Förvara det så att ingen obehörig kan läsa det.",
]


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
