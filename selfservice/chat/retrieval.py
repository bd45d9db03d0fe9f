"""Match a typed question to the glossary and FAQ (``forms/glossary.yaml``), in any language.

Deterministic and local: no data leaves the server and no model is involved. Each entry is
indexed in the person's language (its translation from the catalogues) and in Swedish, because
people mix in the Swedish words they meet ("a-kassa", "Försäkringskassan") in every language.
A question is scored with BM25 over stemmed words (a misspelt word also counts as its
nearest words in the index, discounted), BM25 over character trigrams (inflections, compounds,
typos) and the share of an entry's title whose trigrams the question contains. Each share is
normalised per question, so that one threshold and a margin over the next entry tell a
confident answer from the honest "I do not know, here are the closest entries, or talk to a
caseworker".
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import jsonschema
import snowballstemmer
import yaml
from babel import Locale
from flask import Flask, current_app
from flask_babel import force_locale, gettext
from rapidfuzz import fuzz, process

from selfservice.i18n import SOURCE_LANGUAGE, Text
from selfservice.questionnaire.definition import DefinitionError

KINDS = ("term", "faq")
# Tuned on tests/chat/retrieval_questions.yaml: no out-of-scope question reaches both (the
# highest scores 0.49 with a margin of 0.06, the next 0.29), while 84 % of the in-scope do.
CONFIDENT_SCORE = 0.4
CONFIDENT_MARGIN = 0.1
# A score adds up three shares (each 0–1): of the question's words, of its trigrams, and of
# the entry's title found in the question.
WORD_SHARE, GRAM_SHARE, TITLE_SHARE = 0.5, 0.2, 0.3
BM25_K1, BM25_B = 1.2, 0.75
FLOOR = 1.0  # a common word counts less than a rare one, even where it matches best
TITLE_REPEAT = 2  # a title counts twice: it is the word or question itself
FUZZY_CUTOFF = 80  # rapidfuzz ratio: one slip in a word of five letters or more
FUZZY_MIN_LENGTH = 4
FUZZY_DISCOUNT = 0.8  # a near miss counts less than the word itself

Translate = Callable[[str, str], str]  # (Swedish msgid, locale) -> text in that locale

_IDENT = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_TEXT = {"type": "string", "minLength": 1}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["id", "entries"],
    "additionalProperties": False,
    "properties": {
        "id": _IDENT,
        "entries": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["id", "kind", "title", "text"],
            "additionalProperties": False,
            "properties": {"id": _IDENT, "kind": {"enum": list(KINDS)}, "title": _TEXT,
                           "text": _TEXT,
                           "see_also": {"type": "array", "items": _IDENT, "uniqueItems": True}},
        }},
    },
}


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str  # term | faq
    title: str  # Swedish source text, a msgid: translate where it is shown
    text: str  # likewise; may name %(days)s, how many days a draft is kept
    see_also: tuple[str, ...] = ()

    def shown_text(self) -> Text:
        """Return the text to show, with the service's own figures filled in."""
        if "%(" not in self.text:
            return Text(self.text)
        return Text(self.text, {"days": current_app.config["DRAFT_LIFETIME_DAYS"]})


@dataclass(frozen=True)
class Knowledge:
    entries: tuple[Entry, ...]

    def entry(self, entry_id: str) -> Entry:
        """Return the entry with ``entry_id``; KeyError if there is none."""
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)


@dataclass(frozen=True)
class Hit:
    entry_id: str
    score: float  # about 0–1: share of the question the entry answers


# ------------------------------------------------------------------ loading

def _problems(data: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
    for error in errors:
        yield tuple(error.path), error.message
    if errors:
        return
    ids = [entry["id"] for entry in data["entries"]]
    for index, entry in enumerate(data["entries"]):
        if entry["id"] in ids[:index]:
            yield ("entries", index, "id"), f"id {entry['id']!r} is used twice"
        for other in entry.get("see_also", ()):
            if other not in ids or other == entry["id"]:
                yield ("entries", index, "see_also"), f"see_also names unknown entry {other!r}"


def _describe(data: Any, path: tuple[str | int, ...]) -> str:
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    if len(path) >= 2 and path[0] == "entries" and isinstance(path[1], int):
        item = data["entries"][path[1]]
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            text += f" (id {item['id']!r})"
    return text or "(top)"


def load_knowledge(path: str | Path) -> Knowledge:
    """Read and check the glossary and FAQ in ``path``; raise DefinitionError if invalid."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise DefinitionError(f"{path}: cannot read: {error}") from None
    problems = list(_problems(data))
    if problems:
        lines = [f"{path}: {_describe(data, p)}: {message}" for p, message in problems]
        raise DefinitionError("Glossary has errors:\n" + "\n".join(lines))
    return Knowledge(tuple(Entry(id=e["id"], kind=e["kind"], title=e["title"], text=e["text"],
                                 see_also=tuple(e.get("see_also", ())))
                           for e in data["entries"]))


# ------------------------------------------------------------------ normalising text

# Question words, pronouns and "what does … mean": they say nothing about which entry is meant.
STOP_WORDS = {
    "sv": """och i att det som en ett pa ar av for med till den de inte om sa jag du han hon vi
        ni man mig dig sig oss er min mitt mina din ditt dina sin vad hur nar var vem vilka
        vilken vilket varfor kan ska skall maste far fa vill blir bli ha har hade vara eller
        men nu da ocksa bara lite nagon nagot nagra allt detta denna dessa hej tack snalla
        betyder betyda betyd innebar menas mena vet veta fraga undrar ord ordet typ asså
        alltsa nån nåt sen hos fran ju""",
    "en": """a an the and or but of to in on at for with from by about as is are was were be
        been am do does did i me my you your we our us they them their he she it its this
        that these those what whats how when where who which why can could should would will
        shall must may might need get please hi hello thanks thank mean means meaning explain
        tell word term there so if cant dont im ive just also really any some u ur pls""",
    "fi": """ja on ei se etta olen olet ovat oli ole en et mita mika mitka miten miksi milloin
        missa kuka kenen kuinka mina ma sina sa han me te he minun mun sinun meidan minulla
        mulla minulle mulle minua mua sinulla sulla voi voin voit voinko voiko voitko voisin
        saa saako saanko pitaa pitaako taytyy taytyyko pitaisi onko onks kun jos vai tai mutta
        myos vain nyt tama tuo nama sen sita ne tarkoittaa tarkoittaako tarkoittavat sana sanan
        sanaa hei moi kiitos olla jo viela kanssa ihan niin mitas""",
    "ar": """ما ماذا كيف متي اين من هل لماذا لم في علي الي عن مع او ثم هو هي انا انت انتم نحن
        هم هذا هذه ذلك تلك التي الذي الذين ان لا يا اذا لو كان يكون اريد يمكن يمكنني ممكن
        هناك عند عندي لي لدي كل بعض معني يعني تعني كلمه مرحبا شكرا فضلك سمحت بدي شو ايش وش
        قد""",
}
_ARABIC_FORMS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ة": "ه", "ى": "ي",
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Eastern Arabic-Indic (Persian, Urdu)
    **{chr(c): None for c in (*range(0x064B, 0x0653), 0x0670, 0x0640)},  # harakat, tatweel
})
_INFLECTED_ABBREVIATION = re.compile(r"(\w):\w+")  # CSN:s, CSN:ltä, SFI:hin
_JOINED = re.compile(r"(?<=\w)[-‐'’](?=\w)")  # a-kassa, a‐kassa, don't
_NOT_WORD = re.compile(r"[\W_]+")
# "وAM3", "بـCSN": Arabic writes "and", "with" onto the next word, also onto a Latin one.
_SCRIPT_CHANGE = re.compile(r"(?<=[\u0600-\u06FF])(?=[^\W\u0600-\u06FF])"
                            r"|(?<=[^\W\u0600-\u06FF])(?=[\u0600-\u06FF])")
_LATIN = re.compile(r"[a-z]")
_ARABIC_PREFIXES = ("وال", "فال")  # and the …, so the …: Snowball's Arabic keeps these


def _fold(word: str) -> str:
    """Drop accents (ä → a): people type without them on a phone with the wrong keyboard."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_ARABIC_FORMS)
    text = _JOINED.sub("", _INFLECTED_ABBREVIATION.sub(r"\1", text))
    text = _SCRIPT_CHANGE.sub(" ", _NOT_WORD.sub(" ", text))
    return [word for word in text.split() if len(word) > 1]


class _Analyser:
    """Stop words and stemmer of one language; Snowball has a stemmer for many languages."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.stop_words = {_fold(w) for w in _words(STOP_WORDS.get(language, ""))}
        algorithm = Locale.parse(language).english_name.lower()
        self._stemmer = (snowballstemmer.stemmer(algorithm)
                         if algorithm in snowballstemmer.algorithms() else None)
        self._lock = threading.Lock()  # Snowball stemmers keep state between calls

    @lru_cache(maxsize=20_000)  # noqa: B019 -- one analyser per language, kept for the process
    def stem(self, word: str) -> str:
        if self.language == "ar" and word.startswith(_ARABIC_PREFIXES) and len(word) > 4:
            word = word[1:]
        if self._stemmer is not None:
            with self._lock:
                word = self._stemmer.stemWord(word)
        return _fold(word)

    def words(self, text: str) -> list[str]:
        return [word for word in _words(text) if _fold(word) not in self.stop_words]


@cache
def _analyser(locale: str) -> _Analyser:
    return _Analyser(Locale.parse(locale).language)


def normalise(text: str, locale: str) -> list[str]:
    """Return the search tokens of ``text``: folded, without stop words, stemmed for ``locale``."""
    analyser = _analyser(locale)
    return [analyser.stem(word) for word in analyser.words(text)]


def _trigrams(words: list[str]) -> frozenset[str]:
    return frozenset(gram for word in words for padded in [f" {_fold(word)} "]
                     for gram in (padded[i:i + 3] for i in range(len(padded) - 2)))


# ------------------------------------------------------------------ the index

@dataclass(frozen=True)
class _Field:
    """BM25 weights of one kind of token in every entry: stemmed words, or trigrams."""

    weights: dict[str, dict[int, float]]  # token -> entry position -> weight
    best: dict[str, float]  # token -> its highest weight in any entry
    floor: float  # the least a token of the question weighs when scores are normalised

    @classmethod
    def build(cls, documents: list[Counter[str]]) -> _Field:
        count = len(documents)
        average = sum(sum(d.values()) for d in documents) / count
        weights: dict[str, dict[int, float]] = {}
        for position, counts in enumerate(documents):
            norm = BM25_K1 * (1 - BM25_B + BM25_B * sum(counts.values()) / average)
            for token, tf in counts.items():
                weights.setdefault(token, {})[position] = tf * (BM25_K1 + 1) / (tf + norm)
        for token, postings in weights.items():
            idf = math.log(1 + (count - len(postings) + 0.5) / (len(postings) + 0.5))
            weights[token] = {position: idf * w for position, w in postings.items()}
        rarest = math.log(1 + (count - 0.5) / 1.5)  # the idf of a token in one entry only
        return cls(weights, {t: max(p.values()) for t, p in weights.items()}, FLOOR * rarest)

    def shares(self, slots: list[list[tuple[str, float]]], size: int) -> list[float]:
        """Return per entry the share of the slots it matches; a slot is one word or trigram.

        Each slot lists the tokens it may mean with how sure that is; an unknown word counts
        against every entry, so a question about something else scores low everywhere.
        """
        scores, possible = [0.0] * size, 0.0
        for slot in slots:
            possible += max([self.floor, *(self.best[token] for token, _ in slot)])
            matched: dict[int, float] = {}
            for token, certainty in slot:
                for position, weight in self.weights[token].items():
                    matched[position] = max(matched.get(position, 0.0), weight * certainty)
            for position, weight in matched.items():
                scores[position] += weight
        return [score / possible for score in scores] if possible else scores


@dataclass(frozen=True)
class _Index:
    locale: str
    ids: tuple[str, ...]
    words: _Field  # stemmed words
    grams: _Field  # character trigrams of the unstemmed words: compounds, inflection, typos
    vocabulary: tuple[str, ...]
    titles: tuple[tuple[frozenset[str], ...], ...]  # per entry: trigrams of each name


def _names(title: str) -> list[str]:
    """Split "Tulkki (tolk)" and "Sfi – svenska för invandrare" into the names people type."""
    return [name for name in re.split(r"[()–]", title) if name.strip()]


def build_index(knowledge: Knowledge, locale: str, translate: Translate) -> _Index:
    """Index every entry's title and text in ``locale`` and, for other languages, in Swedish."""
    words, grams, titles = [], [], []
    for entry in knowledge.entries:
        texts = [(locale, translate(entry.title, locale), translate(entry.text, locale))]
        if locale != SOURCE_LANGUAGE:
            texts.append((SOURCE_LANGUAGE, entry.title, entry.text))
        words.append(Counter())
        grams.append(Counter())
        for language, title, text in texts:
            analyser = _analyser(language)
            for part, repeat in ((title, TITLE_REPEAT), (text, 1)):
                found = analyser.words(part)
                words[-1].update([analyser.stem(word) for word in found] * repeat)
                grams[-1].update(list(_trigrams(found)) * repeat)
        titles.append(tuple(_trigrams(_analyser(language).words(name))
                            for language, title, _ in texts for name in _names(title)))
    word_field = _Field.build(words)
    return _Index(locale=locale, ids=tuple(e.id for e in knowledge.entries), words=word_field,
                  grams=_Field.build(grams), vocabulary=tuple(sorted(word_field.weights)),
                  titles=tuple(titles))


def _candidates(index: _Index, word: str) -> list[tuple[str, float]]:
    """Return the index tokens a typed word may mean, each with how sure that is (0–1)."""
    stems = {_analyser(index.locale).stem(word)}
    if index.locale != SOURCE_LANGUAGE and _LATIN.search(word):
        stems.add(_analyser(SOURCE_LANGUAGE).stem(word))
    found = {stem: 1.0 for stem in stems if stem in index.words.weights}
    for stem in sorted(stems):
        if len(stem) >= FUZZY_MIN_LENGTH:
            for token, similarity, _ in process.extract(
                    stem, index.vocabulary, scorer=fuzz.ratio, limit=3,
                    score_cutoff=FUZZY_CUTOFF):
                found.setdefault(token, (similarity / 100) ** 2 * FUZZY_DISCOUNT)
    return sorted(found.items())


def score_entries(index: _Index, query: str) -> list[Hit]:
    """Return every entry that shares anything with ``query``, best first, ties by id."""
    words = _analyser(index.locale).words(query)
    if index.locale != SOURCE_LANGUAGE:
        swedish_stop_words = _analyser(SOURCE_LANGUAGE).stop_words
        words = [w for w in words if not (_LATIN.search(w) and _fold(w) in swedish_stop_words)]
    asked = _trigrams(words)
    size = len(index.ids)
    slots = [_candidates(index, word) for word in words]
    # "bostads bidrag", "riks normen": a compound typed apart counts for both of its words.
    for number, (first, second) in enumerate(pairwise(words)):
        joined = _analyser(index.locale).stem(first + second)
        if joined in index.words.weights:
            slots[number] = sorted({*slots[number], (joined, 1.0)})
            slots[number + 1] = sorted({*slots[number + 1], (joined, 1.0)})
    word_shares = index.words.shares(slots, size)
    gram_shares = index.grams.shares([[(g, 1.0)] if g in index.grams.weights else []
                                      for g in sorted(asked)], size)
    hits = []
    for position in range(size):
        title_share = max((len(asked & title) / len(title) for title in index.titles[position]
                           if title), default=0.0)
        score = round(WORD_SHARE * word_shares[position] + GRAM_SHARE * gram_shares[position]
                      + TITLE_SHARE * title_share, 6)
        if score > 0:
            hits.append(Hit(index.ids[position], score))
    return sorted(hits, key=lambda hit: (-hit.score, hit.entry_id))


def is_confident(hits: list[Hit]) -> bool:
    """Tell whether the best hit answers the question, clearly better than the next one."""
    if not hits or hits[0].score < CONFIDENT_SCORE:
        return False
    return len(hits) == 1 or hits[0].score - hits[1].score >= CONFIDENT_MARGIN


# ------------------------------------------------------------------ per app, per language

def catalogue_translation(msgid: str, locale: str) -> str:
    """Return ``msgid`` in ``locale`` from the app's catalogues (the Swedish if untranslated)."""
    if locale == SOURCE_LANGUAGE:
        return msgid
    with force_locale(locale):
        return gettext(msgid)


class Retriever:
    """The glossary with one index per language, each built the first time it is searched."""

    def __init__(self, knowledge: Knowledge, translate: Translate = catalogue_translation):
        self.knowledge = knowledge
        self._translate = translate
        self._indexes: dict[str, _Index] = {}
        self._lock = threading.Lock()

    def index(self, locale: str) -> _Index:
        """Return the index of ``locale``, building it from the catalogue the first time."""
        if locale not in self._indexes:
            with self._lock:
                if locale not in self._indexes:
                    self._indexes[locale] = build_index(self.knowledge, locale, self._translate)
        return self._indexes[locale]

    def search(self, query: str, *, locale: str, limit: int = 3) -> list[Hit]:
        """Return the ``limit`` entries that best answer ``query``, written in ``locale``."""
        return score_entries(self.index(locale), query)[:limit]


def init_app(app: Flask) -> None:
    """Load and check the glossary at start-up, so a broken file stops the service early."""
    app.extensions["retrieval"] = Retriever(
        load_knowledge(Path(app.config["FORMS_PATH"]) / "glossary.yaml"))


def _retriever() -> Retriever:
    if "retrieval" not in current_app.extensions:
        init_app(current_app)
    return current_app.extensions["retrieval"]


def current_knowledge() -> Knowledge:
    """Return the app's glossary and FAQ entries."""
    return _retriever().knowledge


def search(query: str, *, locale: str, limit: int = 3) -> list[Hit]:
    """Return the ``limit`` entries that best answer ``query``, written in ``locale``."""
    return _retriever().search(query, locale=locale, limit=limit)
