"""How hard the applicant's texts are to read, in each language: the plain-language gate.

One established measure per language (README.md, "Plain language"): LIX (Björnsson 1968) for
Swedish and Finnish, Flesch Reading Ease (Flesch 1948) for English, OSMAN (El-Haj & Rayson 2016)
for Arabic. A text is scored as the applicant reads it: without markup, with realistic values
for its placeholders, and, in a translation, with the Swedish names it keeps counted as one
short word each (a name the glossary explains; another language's measure cannot judge it).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import pyphen
import textstat
from babel.messages.pofile import read_po

from selfservice.config import PROJECT_ROOT
from selfservice.questionnaire.messages import EXAMPLES

TRANSLATIONS = PROJECT_ROOT / "translations"
LANGUAGES = ("sv", "en", "fi", "ar")

# Below this many words one long word moves LIX by ten points and a sentence count of one
# decides the rest: labels, choices, titles and buttons are left to the reviewer.
MIN_WORDS = 10


@dataclass(frozen=True)
class Measure:
    name: str
    score: Callable[[str], float]
    limit: float
    easier_is_lower: bool

    def too_hard(self, value: float) -> bool:
        return value > self.limit if self.easier_is_lower else value < self.limit


_HYPHENATION = pyphen.Pyphen(lang="en_GB")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def flesch_reading_ease(text: str) -> float:
    """Return Flesch Reading Ease, syllables counted by hyphenation points.

    textstat's own English count looks words up in CMUdict, which it downloads on first use;
    a test run reaches no network, so syllables come from the hyphenation dictionary
    textstat falls back to for words CMUdict lacks."""
    words = textstat.lexicon_count(text)
    if not words:
        return 0.0
    syllables = sum(len(_HYPHENATION.positions(word)) + 1
                    for word in _WORD.findall(text.lower()))
    return (206.835 - 1.015 * words / textstat.sentence_count(text)
            - 84.6 * syllables / words)


def osman(text: str) -> float:
    """Return the OSMAN score of an Arabic text (higher is easier, as Flesch)."""
    textstat.set_lang("ar")
    return textstat.osman(text)


# Björnsson's scale: under 30 very easy, 30–40 easy ("lättläst"), 40–50 medium (a
# newspaper), 50–60 hard (official texts). Björnsson (1983) measured ordinary newspapers at 47
# in Swedish and 72 in Finnish: the same kind of text scores 25 higher in Finnish, whose
# endings make words long, so Finnish is held to 40 + 25. Flesch 60–70 is "standard" plain
# English; OSMAN is Flesch adapted to Arabic and validated against it on parallel texts.
MEASURES = {
    "sv": Measure("LIX", textstat.lix, 40, easier_is_lower=True),
    "fi": Measure("LIX", textstat.lix, 65, easier_is_lower=True),
    "en": Measure("Flesch Reading Ease", flesch_reading_ease, 60, easier_is_lower=False),
    "ar": Measure("OSMAN", osman, 60, easier_is_lower=False),
}

# The values a placeholder stands for on the page, as the applicant would see them.
PLACEHOLDER_VALUES = {
    "num": "30", "number": "2", "person": "Person 1", "phone": "08-123 456 78",
    "date": "12 mars 2027", "time": "10.30", "municipality": "Solna", "language": "arabiska",
    "example": "151 72", "max": "100", "min": "0", "length": "250", "part": "hyra",
    "choice": "Nej", "name": "Amira", "days": "30", "once": "en gång", "address": "Storgatan 3",
}
# An error message's example is the one the page shows with it ("19850423-1234").
EXAMPLES_BY_MESSAGE = {msgid: {"example": value} for msgid, value in EXAMPLES.items()}
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
_TAG = re.compile(r"<[^>]+>")
_BRACKETED = re.compile(r"\s*\(([^()]+)\)")
_SHORT_NAME = "X"


def as_read(text: str, swedish: str, language: str) -> str:
    """Return a catalogue text as the applicant reads it: no markup, values in place, and
    in a translation each Swedish name it keeps as one short word."""
    values = {**PLACEHOLDER_VALUES, **EXAMPLES_BY_MESSAGE.get(swedish, {})}
    text = html.unescape(_TAG.sub("", text))
    text = _PLACEHOLDER.sub(lambda found: values.get(found.group(1), "3"), text)
    if language != "sv":
        source = {word.casefold() for word in _WORD.findall(swedish)}
        # The rule the pages mark Swedish terms by (selfservice/bidi.py): a bracketed text
        # the Swedish original says.
        text = _BRACKETED.sub(lambda found: "" if found.group(1).strip().casefold()
                              in swedish.casefold() else found.group(), text)
        text = _WORD.sub(lambda found: _SHORT_NAME if len(found.group()) > 3
                         and found.group().casefold() in source else found.group(), text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Score:
    language: str
    measure: str
    value: float
    limit: float
    text: str

    def __str__(self) -> str:
        return (f"{self.language} {self.measure} {self.value:.1f} (limit {self.limit:g}): "
                f"{self.text}")


def readability(text: str, language: str) -> Score | None:
    """Return a read text's score, or None when it is too short to score."""
    if textstat.lexicon_count(text) < MIN_WORDS:
        return None
    measure = MEASURES[language]
    return Score(language, measure.name, round(measure.score(text), 1), measure.limit, text)


def too_hard(text: str, language: str) -> Score | None:
    """Return the score of a read text over its language's threshold, else None."""
    score = readability(text, language)
    if score is None or not MEASURES[language].too_hard(score.value):
        return None
    return score


# ---------------------------------------------------------------- the applicant's texts

# Texts only staff read (the caseworker's pages, statistics, sign-in) are not the applicant's.
# Every other source is: the form, the applicant's pages (templates/intake/, the chat, the
# shared base and macros, the error page), the application PDF and the modules their texts
# come from. A text is the applicant's when any of its sources is.
STAFF_SOURCES = (
    "forms/caseworker.yaml", "forms/flags.yaml", "forms/follow_up.yaml", "forms/mi_prompts.yaml",
    "forms/record.yaml", "templates/review/", "templates/stats/", "templates/caseworker/",
    "templates/accounts/", "templates/errors/staff_error.html", "templates/documents/agenda",
    "selfservice/review/", "selfservice/stats/", "selfservice/records/audit.py",
    "selfservice/accounts/", "selfservice/funnel/services.py",
)
_KINDS = {"label": "question", "title": "question", "hint": "question", "low": "question",
          "high": "question", "help": "help text", "why": "help text", "intro": "help text",
          "text": "help text"}
ERROR_SOURCES = ("selfservice/questionnaire/messages.py",)
# Sources whose texts are the pages' own words: headings, explanations, the chat's turns,
# buttons and messages; a form's texts (forms/) are kinds by the key they stand under.
PAGE_SOURCES = ("templates/", "selfservice/")


@dataclass(frozen=True)
class Entry:
    kind: str
    source: str
    swedish: tuple[str, ...]
    translations: dict[str, tuple[str, ...]]

    def texts(self) -> Iterator[tuple[str, str, str]]:
        """Yield (language, text as read, Swedish original) for every form of the entry."""
        for swedish in self.swedish:
            yield "sv", as_read(swedish, swedish, "sv"), swedish
        for language, forms in self.translations.items():
            for index, text in enumerate(forms):
                swedish = self.swedish[min(index, len(self.swedish) - 1)]
                yield language, as_read(text, swedish, language), swedish


def kind_of(locations: list[str], comments: list[str]) -> str | None:
    """Return the kind of an applicant's text (question, help text, error message, page
    text), or None for staff texts, lists of words people type and texts of other kinds."""
    applicants = [where for where in locations if not where.startswith(STAFF_SOURCES)]
    if any(where.startswith(ERROR_SOURCES) for where in applicants):
        return "error message"
    if any(where.startswith("forms/") for where in applicants):
        keys = {comment.rsplit(".", 1)[-1] for comment in comments}
        kind = next((_KINDS[key] for key in sorted(keys) if key in _KINDS), None)
        if kind is not None:
            return kind
    if any(where.startswith(PAGE_SOURCES) for where in applicants):
        return "page text"
    return None


def is_word_list(swedish: str, comments: Iterable[str] = ()) -> bool:
    """Tell a list of the words people may type (the chat's commands: "tillbaka, bakåt,
    förra frågan"; a glossary entry's aliases, which its extracted comment names) from a text:
    in lower case, with commas and no end of a sentence. Such lists hold dialect forms and
    commands on purpose, so neither readability nor the chosen renderings of terms apply."""
    return any(comment.endswith(".aliases") for comment in comments) or (
        swedish[:1].islower() and swedish.count(",") >= 2
        and not re.search(r"[.?!:]", swedish))


@cache
def applicant_entries() -> tuple[Entry, ...]:
    """Return the applicant's questions, help texts and error messages in all languages."""
    catalogues = {}
    for language in LANGUAGES[1:]:
        with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
            catalogues[language] = {message.id: message for message in
                                    read_po(file, locale=language) if message.id}
    entries = []
    for msgid, message in catalogues["fi"].items():
        locations = [where for where, _ in message.locations]
        kind = kind_of(locations, message.auto_comments)
        swedish = msgid if isinstance(msgid, tuple) else (msgid,)
        if kind is None or is_word_list(swedish[0], message.auto_comments):
            continue
        translations = {language: _forms(catalogues[language][msgid].string)
                        for language in catalogues}
        entries.append(Entry(kind, ", ".join(sorted(set(locations))), swedish, translations))
    return tuple(entries)


def _forms(string: str | tuple[str, ...]) -> tuple[str, ...]:
    return string if isinstance(string, tuple) else (string,)
