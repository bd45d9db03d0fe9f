"""The application document: a household's answers laid out for print, in two languages.

Everything printed comes from the form engine's ``household_summary``; this module only
pairs each text in the document's language with its Swedish original, so the applicant,
the interpreter and the caseworker read one document. ``render_application`` takes answers,
not a session or a record, so every place that offers the PDF uses the same function.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel import Locale
from babel.dates import format_date
from flask import current_app, render_template
from flask_babel import force_locale, gettext
from markupsafe import Markup, escape

from selfservice import codes, database
from selfservice.bidi import isolated_plain, left_to_right
from selfservice.current import current_questionnaire, documents_to_bring, suggestion_for
from selfservice.database import utcnow
from selfservice.i18n import N_, SOURCE_LANGUAGE, Text, language_name, text_direction
from selfservice.intake import services as intake
from selfservice.intake.models import Draft
from selfservice.questionnaire.engine import Answers, plan
from selfservice.questionnaire.model import Questionnaire
from selfservice.questionnaire.self_rating import Suggestion
from selfservice.questionnaire.summary import SectionSummary, StepSummary, household_summary
from selfservice.records import services as records
from selfservice.records.audit import record_event
from selfservice.records.layout import join_answers
from selfservice.records.models import Submission

WRITTEN_IN = N_("skrivet på %(language)s")
PAGE_NUMBER = N_("Sida %(page)s av %(pages)s")
_BETWEEN_TAGS = re.compile(r">[ \t]*\n\s*<")
_PAGE_COUNTERS = re.compile(r"(%\((?:page|pages)\)s)")
# The Swedish original beneath a text. The agenda is also a web page, so its spans say their
# language; in the application's PDF the stylesheet does (see pdf.css, .source-text).
_SWEDISH_MARKED = Markup('{}<span class="source-text" lang="sv" dir="ltr">{}</span>')
_SWEDISH_PRINTED = Markup('{}<span class="source-text">{}</span>')


@dataclass(frozen=True)
class Bilingual:
    """A text in the document's language and its Swedish original (equal in Swedish)."""

    shown: str
    swedish: str


@dataclass(frozen=True)
class AnswerLine:
    question: Bilingual
    answer: Bilingual
    direction: str  # of the answer as written: numbers and codes read left to right
    language: str | None = None  # free text: the language it was written in
    written_in: Bilingual | None = None  # "skrivet på arabiska"
    free_text: bool = False  # may run for most of a page: the row may break across pages


@dataclass
class Part:
    title: Bilingual
    member: Bilingual | None
    suggestion: Suggestion | None = None
    intro: str | None = None  # a suggestion page's own words: the person's choice counts
    lines: list[AnswerLine] = field(default_factory=list)


@dataclass
class Area:
    title: Bilingual
    parts: list[Part] = field(default_factory=list)


@dataclass
class ApplicationDocument:
    title: str  # the questionnaire's title, a message id
    language: str
    reference_code: str | None  # None for a draft
    dated: date
    areas: list[Area]
    bring: list[Text] = field(default_factory=list)  # what this household brings to the meeting
    # The applicant's own copy only: with the reference code it shows who opened the application.
    access_secret: str | None = None

    @property
    def bilingual(self) -> bool:
        return self.language != SOURCE_LANGUAGE

    @property
    def direction(self) -> str:
        return text_direction(self.language)


def direction_of(text: str) -> str:
    """Return the direction of a text from its first strong letter, as HTML's dir=auto does.

    WeasyPrint does not implement dir=auto; text with no letters (numbers, identity numbers,
    codes) is left to right.
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in {"R", "AL"}:
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def _text(msgid: str | Text, **values: Any) -> Bilingual:
    text = msgid if isinstance(msgid, Text) else Text(msgid, values)
    return Bilingual(str(text), text.source())


def _written_in(code: str) -> Bilingual:
    """Return "skrivet på arabiska" in the document's language and in Swedish."""
    swedish_name = Locale.parse(code).get_display_name(SOURCE_LANGUAGE) or code
    return Bilingual(str(Text(WRITTEN_IN, {"language": language_name(code)})),
                     Text(WRITTEN_IN, {"language": swedish_name}).source())


def _lines(shown: StepSummary, swedish: StepSummary) -> list[AnswerLine]:
    lines = []
    for row, row_sv in zip(shown.rows, swedish.rows, strict=True):
        if row.value is None:
            continue  # the PDF prints what was answered
        free_text = row.question.kind.free_text and row.written_in is not None
        # "19880921-4623" or "9 800" inside Arabic text stays whole and in order (LRI … PDI).
        shown_text = isolated_plain(row.text)
        lines.append(AnswerLine(
            question=_text(row.question.label),
            answer=Bilingual(shown_text, shown_text if free_text else row_sv.text),
            direction=direction_of(row.text),
            language=row.written_in if free_text else None,
            written_in=_written_in(row.written_in) if free_text else None,
            free_text=row.question.kind.free_text))
    return lines


def _area(shown: SectionSummary, swedish: SectionSummary, answers: Answers) -> Area:
    area = Area(_text(shown.section.title))
    for step, step_sv in zip(shown.steps, swedish.steps, strict=True):
        part = Part(title=_text(step.step.page.title),
                    member=Bilingual(step.member, step_sv.member) if step.member else None,
                    suggestion=suggestion_for(step.step, answers),
                    intro=step.step.page.intro if step.step.page.suggestion else None,
                    lines=_lines(step, step_sv))
        if part.lines:
            area.parts.append(part)
    return area


def build_document(*, questionnaire: Questionnaire, answers: Answers, language: str,
                   reference_code: str | None, dated: date,
                   access_secret: str | None = None) -> ApplicationDocument:
    """Return every answered question by area and member, in ``language`` and in Swedish."""
    steps, applicable = plan(questionnaire, answers)
    with force_locale(SOURCE_LANGUAGE):
        swedish = household_summary(questionnaire, steps, applicable)
    with force_locale(language):
        shown = household_summary(questionnaire, steps, applicable)
        areas = [_area(section, section_sv, applicable)
                 for section, section_sv in zip(shown, swedish, strict=True)]
    return ApplicationDocument(title=questionnaire.title, language=language,
                               reference_code=reference_code, dated=dated,
                               areas=[area for area in areas if area.parts],
                               bring=documents_to_bring(applicable),
                               access_secret=access_secret)


def qr_code(reference_code: str) -> Markup:
    """Return the reference code as an inline SVG QR code, made here: nothing is fetched."""
    return codes.qr_svg(reference_code)


def _printer(bilingual: bool, swedish: Markup = _SWEDISH_MARKED):
    """Return the template's ``t``: a text in the document's language, Swedish beneath."""
    def t(text: str | Text | Bilingual, **values: Any) -> Markup:
        pair = text if isinstance(text, Bilingual) else _text(text, **values)
        if not bilingual or pair.swedish == pair.shown:
            return escape(pair.shown)
        return swedish.format(pair.shown, pair.swedish)
    return t


def _css_string(text: str) -> str:
    escaped = "".join(f"\\{ord(char):x} " if char in '\\"<>&\n' else char for char in text)
    return f'"{escaped}"'


def _page_counters(wording: str) -> str:
    """Return "Sida %(page)s av %(pages)s" as CSS content: strings and the page counters."""
    return " ".join(f"counter({piece[2:-2]})" if _PAGE_COUNTERS.fullmatch(piece)
                    else _css_string(piece)
                    for piece in _PAGE_COUNTERS.split(wording) if piece)


def page_number(language: str) -> str:
    """Return the CSS content of each page's number, "Sida 3 av 9", in the document's language
    with the Swedish on a line beneath. The words come from the catalogue, so they read in
    the page's own direction: "صفحة 3 من 9" in Arabic, not "9 / 3"."""
    with force_locale(language):
        shown = _page_counters(gettext(PAGE_NUMBER))
    if language == SOURCE_LANGUAGE:
        return shown
    return f'{shown} "\\a " {_page_counters(PAGE_NUMBER)}'


def application_html(document: ApplicationDocument) -> str:
    """Return the document as HTML for the PDF renderer (autoescaped like every template)."""
    with force_locale(document.language):
        html = render_template(
            "documents/application.html", document=document,
            t=_printer(document.bilingual, _SWEDISH_PRINTED),
            qr_code=qr_code(document.reference_code) if document.reference_code else None,
            dated=Bilingual(format_date(document.dated, format="long", locale=document.language),
                            format_date(document.dated, format="long", locale=SOURCE_LANGUAGE)),
            bring=document.bring, direction_of=direction_of,
            left_to_right=left_to_right, page_number=page_number(document.language))
    # Line breaks between tags are only template layout; fewer text nodes, faster layout. What
    # people typed cannot match: autoescaping turned its < and > into entities.
    return _BETWEEN_TAGS.sub("><", html)


def offered_language(language: str | None) -> str:
    """Return ``language`` if the service offers it, otherwise Swedish."""
    return language if language in current_app.extensions["languages"] else SOURCE_LANGUAGE


def render_application(*, answers: Answers, language: str, reference_code: str | None = None,
                       dated: date | None = None, questionnaire: Questionnaire | None = None,
                       access_secret: str | None = None) -> bytes:
    """Return the PDF of a household's answers: bilingual unless ``language`` is Swedish."""
    document = build_document(questionnaire=questionnaire or current_questionnaire(),
                              answers=answers, language=offered_language(language),
                              reference_code=reference_code, dated=dated or utcnow().date(),
                              access_secret=access_secret)
    return current_app.extensions["pdf_renderer"].render(application_html(document))


def draft_pdf(*, draft: Draft, language: str) -> bytes:
    """Return the PDF of what a draft holds so far, marked as not sent."""
    return render_application(answers=intake.answers_of(draft), language=language)


def submission_of(draft: Draft) -> Submission | None:
    """Return the record a submitted draft became, or None (not sent, or already purged)."""
    return records.find_by_reference(draft.reference_code) if draft.reference_code else None


def _submission_pdf(record: Submission, answers: Answers, language: str,
                    access_secret: str | None = None) -> bytes:
    return render_application(answers=answers, language=language,
                              reference_code=record.reference_code,
                              dated=record.submitted_on or record.created_at.date(),
                              access_secret=access_secret)


def submission_pdf(*, record: Submission, language: str, access_secret: str | None) -> bytes:
    """Return the applicant's own PDF of their submitted record, identity included, with the
    secret that shows them who opened it (which an office export never carries)."""
    return _submission_pdf(record, records.full_answers_for_applicant(record), language,
                           access_secret)


def exported_pdf(*, record: Submission, language: str, user: str, reason: str,
                 with_identity: bool) -> bytes:
    """Return a record's PDF for the office, after writing the export to the audit log.

    Names, identity numbers, contact details and the address are included only with
    ``with_identity``, which is logged as a reveal of the identity as well.
    """
    if with_identity:
        answers = join_answers(records.reveal_identity(record=record, user=user, reason=reason),
                               records.revealed_answers(record))
    else:
        answers = records.non_identifying_answers(record)
    record_event(user=user, action="export_pdf", subject=records.subject_of(record),
                 reference_code=record.reference_code,
                 reason=reason)
    database.session().commit()
    return _submission_pdf(record, answers, language)


def application_filename(reference_code: str | None) -> str:
    """Return the download's file name: the reference code, or "utkast" for a draft."""
    return f"ansokan-{reference_code}.pdf" if reference_code else "ansokan-utkast.pdf"


@dataclass(frozen=True)
class Agenda:
    """The first meeting's agenda: no names, no identity numbers, only what will be raised."""

    language: str
    reference_code: str
    minutes: int
    topics: list[Text]  # in the order the caseworker will raise them
    bring: list[Text]  # what the household was asked to bring, no one named
    interpreter: Text | None  # the language as typed and whether booked, or None
    meeting_on: date | None = None

    @property
    def direction(self) -> str:
        return text_direction(self.language)


def agenda_html(agenda: Agenda, *, page: bool = False) -> str:
    """Return the agenda in the applicant's language with Swedish beneath each line, for the
    interpreter; as a page of its own (``page``) or for the PDF renderer."""
    with force_locale(agenda.language):
        return render_template("documents/agenda.html", agenda=agenda,
                               t=_printer(agenda.language != SOURCE_LANGUAGE), as_page=page,
                               page_number=page_number(agenda.language))


def agenda_pdf(agenda: Agenda) -> bytes:
    return current_app.extensions["pdf_renderer"].render(agenda_html(agenda))
