"""What the catalogue check cannot see: terms, the reader's gender and numbers in Arabic.

Every entry was complete, with matching placeholders, when a native-speaking reviewer found
"parent" written as "father", custody in the sense of another legal system, a masculine
"Call 112" on the safety page and examples printed backwards. These tests hold the fixes.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from selfservice.config import PROJECT_ROOT
from tests.bidi_order import reversed_numbers
from tests.plain_language import is_word_list

TRANSLATIONS = PROJECT_ROOT / "translations"
TERMS = yaml.safe_load((TRANSLATIONS / "terms.yaml").read_text(encoding="utf-8"))["terms"]
LANGUAGES = ("ar", "fi", "en")


@cache
def entries(language: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Return (Swedish, where, translations) of every entry that is prose, not a list of
    words people type; a plural's every form."""
    path = Path(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po")
    with path.open("rb") as catalogue:
        found = []
        for message in read_po(catalogue, locale=language):
            if not message.id:
                continue
            swedish = message.id if isinstance(message.id, str) else " ".join(message.id)
            if is_word_list(swedish, message.auto_comments):
                continue
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            where = ":".join(map(str, message.locations[0])) if message.locations else "?"
            found.append((swedish, where, forms))
    return tuple(found)


def renderings_not_chosen(term: dict, language: str, catalogue) -> list[str]:
    """Return the entries whose Swedish names a term and whose translation does not use the
    chosen rendering, nor keep an institution's Swedish name."""
    chosen = term.get(language)
    wrong = []
    for swedish, where, forms in catalogue:
        if not re.search(term["sv"], swedish, re.IGNORECASE):
            continue
        for text in forms:
            if chosen is not None and not re.search(chosen, text, re.IGNORECASE):
                wrong.append(f"{where}: {term['sv']} is not «{chosen}» in: {text}")
            if term.get("kind") == "institution" and not re.search(term["sv"], text):
                wrong.append(f"{where}: the Swedish name {term['sv']} is missing in: {text}")
    return wrong


@pytest.mark.parametrize("language", LANGUAGES)
def test_where_the_swedish_names_a_term_the_translation_uses_the_chosen_rendering(language):
    wrong = [line for term in TERMS for line in
             renderings_not_chosen(term, language, entries(language))]
    assert not wrong, "\n".join(wrong)


def test_the_check_fails_on_a_term_rendered_another_way_or_a_name_left_out():
    housing = {"sv": "bostadsbidrag", "fi": "asumistu"}
    agency = {"sv": "Försäkringskassan", "fi": "vakuutuskass", "kind": "institution"}
    said = [("Har du bostadsbidrag från Försäkringskassan?", "forms/x.yaml:1",
             ("Saatko asumislisää Ruotsin vakuutuskassalta?",))]
    assert renderings_not_chosen(housing, "fi", said) == [
        "forms/x.yaml:1: bostadsbidrag is not «asumistu» in: Saatko asumislisää Ruotsin "
        "vakuutuskassalta?"]
    assert renderings_not_chosen(agency, "fi", said) == [
        "forms/x.yaml:1: the Swedish name Försäkringskassan is missing in: Saatko asumislisää "
        "Ruotsin vakuutuskassalta?"]
    kept = [(said[0][0], "forms/x.yaml:1",
             ("Saatko asumistukea Ruotsin vakuutuskassalta (Försäkringskassan)?",))]
    assert renderings_not_chosen(housing, "fi", kept) == []
    assert renderings_not_chosen(agency, "fi", kept) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_uses_a_rendering_the_review_found_misleading(language):
    wrong = [f"{where}: «{avoided}» in: {text}"
             for term in TERMS for avoided in term.get("not", {}).get(language, [])
             for _, where, forms in entries(language) for text in forms
             if re.search(avoided, text)]
    assert not wrong, "\n".join(wrong)


def test_the_term_list_is_checked_against_terms_the_catalogues_really_use():
    for term in TERMS:
        named = [s for s, _, _ in entries("ar") if re.search(term["sv"], s, re.IGNORECASE)]
        assert named, f"no Swedish text names {term['sv']!r}: a stale term"


INSTITUTIONS = [term for term in TERMS if term.get("kind") == "institution"]
WEB_ADDRESS = re.compile(r"https?://[^\s/]+\.[a-z]{2,}/\S*")


def source_problems(term: dict) -> list[str]:
    """Return what is missing or contradictory in an institution's `source`: each of Arabic
    and Finnish gives the institution's own page and wording, or says that none was found."""
    problems = []
    for language in ("ar", "fi"):
        source = term.get("source", {}).get(language)
        where = f"{term['sv']} ({language})"
        if not isinstance(source, dict):
            problems.append(f"{where}: no source and no note that none was found")
        elif "none" in source:
            if set(source) != {"none"} or not str(source["none"]).strip():
                problems.append(f"{where}: `none` says what was searched, and nothing else")
        elif not WEB_ADDRESS.fullmatch(str(source.get("url", ""))) or not source.get("name"):
            problems.append(f"{where}: a source needs the page's `url` and the `name` it uses")
        elif term.get(language) and not re.search(term[language], source["name"], re.I):
            problems.append(f"{where}: «{term[language]}» is not the institution's own "
                            f"«{source['name']}»")
    return problems


def test_the_term_list_names_the_institutions():
    assert {"Försäkringskassan", "Kronofogden", "Skatteverket"} <= {t["sv"] for t in INSTITUTIONS}


@pytest.mark.parametrize("term", INSTITUTIONS, ids=lambda term: term["sv"])
def test_each_institution_is_named_as_it_names_itself_or_says_no_own_page_was_found(term):
    assert not source_problems(term)


def test_the_source_check_finds_a_rendering_the_institution_does_not_use():
    own = {"url": "https://www.kronofogden.se/x", "name": "Kruununvoudin virasto"}
    term = {"sv": "Kronofogden", "fi": "ulosot", "source": {"ar": {"none": "searched"}}}
    assert source_problems({**term, "source": {**term["source"], "fi": own}}) == [
        "Kronofogden (fi): «ulosot» is not the institution's own «Kruununvoudin virasto»"]
    assert source_problems({**term, "fi": "kruununvoud",
                            "source": {**term["source"], "fi": own}}) == []
    assert len(source_problems({**term, "fi": "kruununvoud"})) == 1
    assert len(source_problems({**term, "source": {"ar": {"none": " "},
                                                   "fi": {"url": "kronofogden"}}})) == 2


# Second-person commands whose feminine form exists. Written to a woman, "اتصل" is wrong; the
# catalogue says "يُرجى الاتصال" (neutral), or both forms where a command must be short and
# direct: "اتصلي أو اتصل" on the safety pages.
MASCULINE_TO_FEMININE = {
    "اكتب": "اكتبي", "اختر": "اختاري", "اتصل": "اتصلي", "اضغط": "اضغطي", "انقر": "انقري",
    "أدخل": "أدخلي", "احفظ": "احفظي", "أرسل": "أرسلي", "احذف": "احذفي", "امسح": "امسحي",
    "أخبرني": "أخبريني", "أخبرنا": "أخبرينا", "حدّثني": "حدّثيني", "قل": "قولي", "أعطِ": "أعطي",
    "تحقّق من": "تحقّقي من", "تحقق من": "تحققي من", "ارجع": "ارجعي", "ابدأ": "ابدئي",
    "انتقل": "انتقلي", "حاول": "حاولي", "تأكد": "تأكدي", "اطلب": "اطلبي", "سجّل": "سجّلي",
}
_ARABIC_LETTER = "\u0600-\u06ff"


def masculine_commands(text: str) -> list[str]:
    """Return the masculine-only commands in an Arabic text (a double form is fine)."""
    found = []
    for masculine, feminine in MASCULINE_TO_FEMININE.items():
        command = re.compile(f"(?<![{_ARABIC_LETTER}])[وف]?{masculine}(?![{_ARABIC_LETTER}])")
        if command.search(text) and feminine not in text:
            found.append(masculine)
    return found


def test_arabic_addresses_the_reader_in_forms_that_include_women():
    wrong = [f"{where}: {commands} in: {text}"
             for _, where, forms in entries("ar") for text in forms
             if (commands := masculine_commands(text))]
    assert not wrong, "\n".join(wrong)


def test_the_check_finds_a_masculine_command_and_accepts_a_double_or_neutral_form():
    assert masculine_commands("هل أنت في خطر الآن؟ اتصل فوراً بالطوارئ: 112.") == ["اتصل"]
    assert masculine_commands("لم أتعرّف على ذلك. اختر خيارًا أو أكثر.") == ["اختر"]
    assert masculine_commands("هل أنت في خطر الآن؟ اتصلي أو اتصل فوراً بالرقم 112.") == []
    assert masculine_commands("يُرجى الاتصال بالخدمات الاجتماعية.") == []


def test_no_number_written_in_an_arabic_translation_reads_backwards():
    """A number of several parts ("30–45") among Arabic words is laid out by the bidi
    algorithm right to left, part by part ("45–30"); a translation writes it in words or
    takes it as a value that the page isolates."""
    wrong = [f"{where}: {numbers} in: {text}" for _, where, forms in entries("ar")
             for text in forms if (numbers := reversed_numbers(text))]
    assert not wrong, "\n".join(wrong)
