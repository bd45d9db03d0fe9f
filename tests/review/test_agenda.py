"""The first meeting's agenda: a page and a PDF in the applicant's language with Swedish
beneath, naming household topics but no adult's own topics, and no identity."""

from __future__ import annotations

import io
import subprocess

from pypdf import PdfReader

from tests.builders import ADULTS, household_inputs
from tests.conftest import page
from tests.journey import complete_household, start, submit


def arabic_household(app) -> str:
    inputs = household_inputs(adults=2, children=0)
    inputs["household"].update({"interpreter_needed": "yes", "interpreter_speaks": "arabic",
                                "interpreter_dialect_arabic": "levantine"})
    inputs["rating_choice.2"] = {"category": "am3", "rehab_obstacles": ["substance"],
                                 "rehab_level": "rh2"}
    inputs["housing"] = {"housing_kind": "first_hand", "risk_of_losing_home": "yes"}
    client = app.test_client()
    client.get("/?lang=ar")
    start(client)
    complete_household(client, app, adults=2, children=0, inputs=inputs)
    return submit(client)


def test_the_agenda_page_is_bilingual_and_names_no_ones_private_topic(app, login):
    code = arabic_household(app)
    client = login("caseworker")
    record = page(client.get(f"/caseworker/records/{code}")).soup
    link = record.select_one("[data-agenda-link]")["href"]
    agenda = page(client.get(link)).soup.select_one("[data-agenda]")
    assert agenda["lang"] == "ar" and agenda["dir"] == "rtl"
    topics = [li.get_text(" ", strip=True) for li in agenda.select("[data-agenda-topics] li")]
    text = " ".join(topics)
    assert "Risk att förlora bostaden" in text  # household topic, Swedish beneath the Arabic
    assert "En stund på tu man hand med person 2" in text
    assert "Beroende" not in agenda.get_text()  # person 2's own topic is not named
    interpreter = agenda.select_one("[data-interpreter]").get_text(" ", strip=True)
    assert "Arabiska, Levantinsk arabiska, inte bokad ännu" in interpreter  # Swedish beneath
    assert "العربية" in interpreter
    for adult in ADULTS[:2]:
        assert adult["last_name"] not in agenda.get_text()


def test_the_agenda_pdf_has_shaped_arabic_with_swedish_beneath(app, login, tmp_path):
    code = arabic_household(app)
    response = login("caseworker").get(f"/caseworker/records/{code}/agenda.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert code in text and "Dagordning för första mötet" in text
    assert ADULTS[0]["last_name"] not in text
    # Arabic in reading order (the title "جدول أعمال الموعد الأول"), in an Arabic font,
    # with the Swedish beneath; the reference code a left-to-right island.
    from tests.documents.conftest import pdf_text
    from tests.documents.test_content import fonts_of

    extracted = pdf_text(response.data)
    assert "جدول أعمال الموعد الأول" in extracted and "لوألا دعوملا" not in extracted
    assert "Dagordning för första mötet" in extracted and code in extracted
    assert "Noto-Naskh-Arabic" in fonts_of(response.data)
    pdf = tmp_path / "agenda.pdf"
    pdf.write_bytes(response.data)
    laid_out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
    assert "Ta med till mötet" in laid_out


def test_the_agenda_lays_out_as_with_weasyprints_whole_html_stylesheet(app, login,
                                                                      monkeypatch):
    """The renderer leaves out WeasyPrint's rules for footnotes and non-list markers; the
    agenda's numbered topics keep theirs, and the PDF is the same, byte for byte."""
    from weasyprint import HTML

    from selfservice.documents import pdf

    code = arabic_household(app)
    documents = []
    renderer = app.extensions["pdf_renderer"]
    render = renderer.render
    monkeypatch.setattr(renderer, "render", lambda html: render(documents.append(html) or html))
    login("caseworker").get(f"/caseworker/records/{code}/agenda.pdf")
    [html] = documents
    plain = HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=pdf.SafeURLFetcher())
    assert pdf.write_pdf(html) == plain.write_pdf(
        stylesheets=[pdf.stylesheet()], font_config=pdf.font_config(), attachments=[],
        pdf_tags=True)


def test_the_caseworker_arranges_the_meeting_and_the_agenda_says_so(app, login):
    """Date, length and interpreter booking are kept (audited) and printed on the agenda; a
    household prompt the caseworker ticks adds its area as a topic."""
    code = arabic_household(app)
    client = login("caseworker")
    form = page(client.get(f"/caseworker/records/{code}/agenda"))
    facts = form.soup.select_one("[data-agenda]").get_text(" ", strip=True)
    assert "45" in facts and "inte bokad ännu" in facts  # an interpreter: 45 minutes
    token = form.csrf_token
    bad = client.post(f"/caseworker/records/{code}/agenda",
                      data={"meeting_on": "14/12", "minutes": "en timme",
                            "interpreter_booked": "yes", "csrf_token": token})
    assert bad.status_code == 400
    errors = page(bad).soup.select_one("[data-error-summary]").get_text(" ", strip=True)
    assert "år-månad-dag" in errors and "mellan 5 och 240" in errors
    saved = client.post(f"/caseworker/records/{code}/agenda",
                        data={"meeting_on": "2026-12-14", "minutes": "60",
                              "interpreter_booked": "yes", "csrf_token": token},
                        follow_redirects=True)
    soup = page(saved).soup
    assert "Mötet är sparat." in soup.get_text()
    agenda = soup.select_one("[data-agenda]")
    assert agenda.select_one("[data-meeting-on]").get_text() == "2026-12-14"
    assert "60" in agenda.get_text() and "Arabiska, Levantinsk arabiska, bokad" in \
        agenda.select_one("[data-interpreter]").get_text(" ", strip=True)
    assert soup.select_one("#meeting_on")["value"] == "2026-12-14"
    assert soup.select_one("#interpreter_booked-yes").has_attr("checked")
    from tests.review.test_views import actions
    assert "meeting_arranged" in actions(app)
    # A ticked household prompt brings its area to the agenda.
    record = page(client.get(f"/caseworker/records/{code}")).soup
    household = record.select('[data-prompt-group="household"] + .prompt-list [data-prompt]')
    ticked = household[0].select_one("input")["value"]
    area = next(p.area for p in app.extensions["mi_guide"].prompts if p.id == ticked)
    title = app.extensions["questionnaire"].section(area).title
    assert title not in agenda.get_text()
    client.post(f"/caseworker/records/{code}/prompts",
                data={"prompt": ticked, "csrf_token": token})
    topics = page(client.get(f"/caseworker/records/{code}/agenda")).soup.select(
        "[data-agenda-topics] li")
    assert any(title in li.get_text() for li in topics)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(
        client.get(f"/caseworker/records/{code}/agenda.pdf").data)).pages)
    assert "2026-12-14" in text and title in text
