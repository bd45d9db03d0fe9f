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
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from flask_babel import force_locale, gettext, ngettext
from rapidfuzz import fuzz, process

from selfservice.glossary.entries import Knowledge
from selfservice.glossary.words import LATIN, analyser, fold, trigrams
from selfservice.i18n import SOURCE_LANGUAGE

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


@dataclass(frozen=True)
class Hit:
    entry_id: str
    score: float  # about 0–1: share of the question the entry answers



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
        aliases = entry.aliases or ""
        texts = [(locale, translate(entry.title, locale), translate(entry.text, locale),
                  translate(aliases, locale) if aliases else "")]
        if locale != SOURCE_LANGUAGE:
            texts.append((SOURCE_LANGUAGE, entry.title, entry.text, aliases))
        words.append(Counter())
        grams.append(Counter())
        for language, title, text, also in texts:
            words_of = analyser(language)
            for part, repeat in ((title, TITLE_REPEAT), (text, 1), (also, 1)):
                found = words_of.words(part)
                words[-1].update([words_of.stem(word) for word in found] * repeat)
                grams[-1].update(list(trigrams(found)) * repeat)
        # An alias is a name people use for the entry: it counts as its title does.
        titles.append(tuple(trigrams(analyser(language).words(name))
                            for language, title, _, also in texts
                            for name in [*_names(title), *also.split(",")] if name.strip()))
    word_field = _Field.build(words)
    return _Index(locale=locale, ids=tuple(e.id for e in knowledge.entries), words=word_field,
                  grams=_Field.build(grams), vocabulary=tuple(sorted(word_field.weights)),
                  titles=tuple(titles))


def _candidates(index: _Index, word: str) -> list[tuple[str, float]]:
    """Return the index tokens a typed word may mean, each with how sure that is (0–1)."""
    stems = {analyser(index.locale).stem(word)}
    if index.locale != SOURCE_LANGUAGE and LATIN.search(word):
        stems.add(analyser(SOURCE_LANGUAGE).stem(word))
    found = {stem: 1.0 for stem in stems if stem in index.words.weights}
    for stem in sorted(stems):
        if len(stem) >= FUZZY_MIN_LENGTH:
            for token, similarity, _ in process.extract(
                    stem, index.vocabulary, scorer=fuzz.ratio, limit=3,
                    score_cutoff=FUZZY_CUTOFF):
                found.setdefault(token, (similarity / 100) ** 2 * FUZZY_DISCOUNT)
    return sorted(found.items())


COMPOUND_PART = 3  # letters each part of a split compound has at least
LINKS = ("s", "")  # "barnbidrags|ansökan": Swedish joins with -s-; Finnish joins as is


def _split_compound(index: _Index, word: str) -> list[str]:
    """Return a compound the index does not know as the known word it starts with and the
    rest ("barnbidragsansökan" -> "barnbidrag", "ansökan"; "lapsilisähakemus" -> "lapsilisä",
    "hakemus"), so that the known part counts in full; otherwise the word itself."""
    words_of = analyser(index.locale)
    if len(word) < 2 * COMPOUND_PART + 2 or words_of.stem(word) in index.words.weights:
        return [word]
    for cut in range(len(word) - COMPOUND_PART, COMPOUND_PART + 1, -1):
        head, rest = word[:cut], word[cut:]
        for link in LINKS:
            if link and not head.endswith(link):
                continue
            stem = head.removesuffix(link) if link else head
            if len(stem) >= COMPOUND_PART + 1 and words_of.stem(stem) in index.words.weights:
                return [stem, rest]
    return [word]


def score_entries(index: _Index, query: str) -> list[Hit]:
    """Return every entry that shares anything with ``query``, best first, ties by id."""
    words = analyser(index.locale).words(query)
    if index.locale != SOURCE_LANGUAGE:
        swedish_stop_words = analyser(SOURCE_LANGUAGE).stop_words
        words = [w for w in words if not (LATIN.search(w) and fold(w) in swedish_stop_words)]
    words = [part for word in words for part in _split_compound(index, word)]
    asked = trigrams(words)
    size = len(index.ids)
    slots = [_candidates(index, word) for word in words]
    # "bostads bidrag", "riks normen": a compound typed apart counts for both of its words.
    for number, (first, second) in enumerate(pairwise(words)):
        joined = analyser(index.locale).stem(first + second)
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
        shown = gettext(msgid)
        # A text about a number is in the catalogue as its plural forms; any one has its words.
        return shown if shown != msgid else ngettext(msgid, msgid, 2)


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

