"""Reading what people type: commands, questions, and choices named in words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

from selfservice.chat.model import Context
from selfservice.chat.texts import (
    AND_WORDS,
    COMMANDS,
    QUESTION_MARKS,
    QUESTION_STARTS,
    QUESTION_WORDS,
)
from selfservice.glossary.words import fold, split_words
from selfservice.questionnaire.model import Question
from selfservice.questionnaire.types import ESCAPE_LABELS, NO_WORDS, YES_NO_LABELS, YES_WORDS


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s-]", " ", text).split())


COMMAND_TYPO_SCORE = 88  # rapidfuzz ratio of a typed command to one of its phrases
COMMAND_TYPO_MIN_LENGTH = 8  # shorter phrases must be typed as they are
COMMAND_EXTRA_WORDS = 3  # "hej jag vill prata med någon tack": a phrase of two words or more
# inside a few more words


def match_command(ctx: Context, text: str) -> str | None:
    """Return the command that typed text names, in the page's language or in Swedish.

    Compared without accents, case or Arabic letter variants; a phrase of two words or more
    also counts with a few words around it, and a phrase of eight letters or more with a typo.
    """
    typed = " ".join(_folded(text))
    if not typed:
        return None
    phrases = [(command, phrase) for command, (label, words) in COMMANDS.items()
               for phrase in _one_of(ctx, words) | _one_of(ctx, label)]
    for command, phrase in phrases:
        if typed == phrase:
            return command
    words = typed.split()
    # Inside a question ("vem ser mina svar") a phrase counts only where the text begins.
    anywhere = not looks_like_question(ctx, text)
    for command, phrase in sorted(phrases, key=lambda item: -len(item[1])):
        said = phrase.split()
        if len(said) >= 2 and len(words) - len(said) <= COMMAND_EXTRA_WORDS \
                and (words[:len(said)] == said or (anywhere and _contains(words, said))):
            return command
    for command, phrase in phrases:
        if len(phrase) >= COMMAND_TYPO_MIN_LENGTH \
                and fuzz.ratio(typed, phrase) >= COMMAND_TYPO_SCORE:
            return command
    return None


def _contains(words: list[str], phrase: list[str]) -> bool:
    return any(words[start:start + len(phrase)] == phrase
               for start in range(len(words) - len(phrase) + 1))


SUFFIX_MIN_LENGTH = 6  # "saanko" counts, a name such as "Marko" does not


def _folded(text: str) -> list[str]:
    """Return the words as compared: Arabic letter forms unified, accents and case dropped."""
    return [fold(word) for word in split_words(text)]


def _question_words(ctx: Context) -> tuple[frozenset[str], tuple[str, ...]]:
    return _question_words_in(QUESTION_WORDS, ctx.translate(QUESTION_WORDS))


@lru_cache(maxsize=64)  # per language: the lists change only with the catalogues
def _question_words_in(*lists: str) -> tuple[frozenset[str], tuple[str, ...]]:
    words: set[str] = set()
    endings: list[str] = []
    for listed in set(lists):
        for item in listed.split(","):
            item = item.strip()
            if item.startswith("*") and len(item) > 1:
                endings.append(fold(item[1:].casefold()))
            elif item:
                words.update(_folded(item)[:1])
    return frozenset(words), tuple(endings)


QUESTION_WORD_REACH = 3  # with ``anywhere``: "asumistuesta kysymys miten haen"


def looks_like_question(ctx: Context, text: str, *, anywhere: bool = False) -> bool:
    """Tell whether typed text is a question, as people type one on a phone.

    A question mark, or a first word that questions start with in the page's language or in
    Swedish, compared without accents or Arabic letter variants ("mita" is "mitä", "اين" is
    "أين"), a beginning such as "jag vill veta", or a word of the form the language asks with
    ("tarvitsenko"). With ``anywhere`` (text that is no valid answer), a question word among
    the first three words of a longer text counts as well.
    """
    stripped = text.strip()
    if stripped.endswith(QUESTION_MARKS):
        return True
    words = _folded(stripped)
    if not words:
        return False
    starts, endings = _question_words(ctx)
    if words[0] in starts:
        return True
    # Where the text is no answer anyway, a question word a little later counts too.
    if anywhere and len(words) >= QUESTION_WORD_REACH \
            and any(word in starts for word in words[:QUESTION_WORD_REACH]):
        return True
    said = " ".join(words)
    if any(said == start or said.startswith(start + " ")
           for start in _one_of(ctx, QUESTION_STARTS)):
        return True
    return any(len(word) >= SUFFIX_MIN_LENGTH and word.endswith(endings) for word in words[:2]) \
        if endings else False


def names_entry(ctx: Context, text: str, title: str) -> bool:
    """Tell whether typed text is just an entry's title ("tolk" for "Tolk", "Tulkki (tolk)")."""
    typed = " ".join(_folded(text))
    return any(typed == " ".join(_folded(name))
               for msgid in {title, ctx.translate(title)} for name in re.split(r"[()–]", msgid))


def as_list(ctx: Context, text: str, *, attached: bool = False) -> str:
    """Return a typed list with commas between its items: "vuokra ja sähkö" -> "vuokra, sähkö".

    The words that join items ("och", "ja", "and", "و") come from the catalogues. With
    ``attached``, a one-letter join written onto the next word ("ومريض", Arabic's "and sick")
    splits too; only as a second try, since a word may just begin with that letter.
    """
    joins = {w.strip().casefold() for listed in {AND_WORDS, ctx.translate(AND_WORDS)}
             for w in listed.split(",") if w.strip()}
    letters = tuple(join for join in joins if len(join) == 1) if attached else ()
    pieces = []
    for word in text.split():
        if word.casefold().strip(",;") in joins:
            pieces.append(",")
        elif letters and len(word) > ATTACHED_MIN_LENGTH and word.startswith(letters):
            pieces += [",", word[1:]]
        else:
            pieces.append(word)
    return " ".join(pieces)


ATTACHED_MIN_LENGTH = 3  # "ومريض" splits, "و" and two-letter words do not


def implausible_name(text: str) -> bool:
    """Tell whether text typed as a name reads as something else: digits, an address, a
    sentence (more than four words)."""
    return bool(re.search(r"[\d@]", text)) or len(text.split()) > 4


FUZZY_SCORE = 90  # rapidfuzz token-set score: the typed words are (nearly) all in one label
FUZZY_MARGIN = 10  # ... and clearly fewer in any other


def _one_of(ctx: Context, msgid: str) -> frozenset[str]:
    return _phrases(msgid, ctx.translate(msgid))


@lru_cache(maxsize=512)  # every turn compares with the same lists; fold them once
def _phrases(*lists: str) -> frozenset[str]:
    return frozenset(" ".join(_folded(word)) for listed in set(lists)
                     for word in listed.split(",") if _folded(word))


def matching_code(ctx: Context, question: Question, text: str) -> str | None:
    """Return the choice that typed words name, as people type them.

    Its label in the page's language or in Swedish (with or without accents), its code, its
    number in the list ("2"), the everyday words its type knows ("joo" for yes), one of its
    aliases ("arbetslös"), most of the words of one label and clearly fewer of any other
    ("ensam" for "Jag söker ensam"), or words only its label has ("med min sambo").
    """
    typed = _plain(text)
    folded = " ".join(_folded(text))
    options = [(c.value, c.label) for c in question.choices]
    options += [(e, ESCAPE_LABELS[e]) for e in question.escapes]
    for code, label in options:
        if typed in {_plain(label), _plain(ctx.translate(label)), code} \
                or folded in {" ".join(_folded(label)), " ".join(_folded(ctx.translate(label)))}:
            return code
    number = re.fullmatch(r"(\d{1,2})[.)]?", typed)
    if number and 1 <= int(number.group(1)) <= len(question.choices):
        return question.choices[int(number.group(1)) - 1].value
    for code, words in question.kind.everyday_words().items():
        if folded in _one_of(ctx, words):
            return code
    for choice in question.choices:
        if choice.aliases and folded in _one_of(ctx, choice.aliases):
            return choice.value
    if not folded or looks_like_question(ctx, text):
        return None
    return _alias_within(ctx, question, folded) or _closest_label(ctx, options, folded) \
        or _named_by_words(ctx, question, folded)


def _alias_within(ctx: Context, question: Question, folded: str) -> str | None:
    """Return the one choice an alias of which the text says in its own words ("vi har
    ingen mat" says "ingen mat"); a text that says two choices' aliases names neither."""
    typed = folded.split()
    if len(typed) > 2 * NAMING_MAX_WORDS:
        return None
    named = {choice.value for choice in question.choices if choice.aliases
             and any(_contains(typed, alias.split())
                     for alias in _one_of(ctx, choice.aliases))}
    return named.pop() if len(named) == 1 else None


def _closest_label(ctx: Context, options: list[tuple[str, str]], folded: str) -> str | None:
    scores = sorted(((max(fuzz.token_set_ratio(folded, " ".join(_folded(label))),
                          fuzz.token_set_ratio(folded, " ".join(_folded(ctx.translate(label))))),
                      code) for code, label in options), reverse=True)
    best = scores[0] if scores else (0, None)
    runner_up = scores[1][0] if len(scores) > 1 else 0
    if best[0] >= FUZZY_SCORE and best[0] - runner_up >= FUZZY_MARGIN:
        return best[1]
    return None


WORD_TYPO_SCORE = 85  # rapidfuzz ratio of a typed word to a word of a label (5 letters or more)
NAMING_MAX_WORDS = 5  # "tillsammans med min sambo" names a choice; a longer text is no answer
NAMING_MIN_LENGTH = 4  # "med", "min", "en" say nothing about which choice is meant


def _named_by_words(ctx: Context, question: Question, folded: str) -> str | None:
    """Return the one choice whose own words the text uses ("tillsammans med min sambo").

    A choice's words are those of its label and aliases (in the page's language and Swedish)
    that no other choice has; the text must use some of one choice's and none of another's.
    """
    typed = set(folded.split())
    if len(typed) > NAMING_MAX_WORDS:
        return None  # a sentence about something else shares a word with some label
    words = {choice.value: {w for text in (choice.label, choice.aliases) if text
                            for msgid in {text, ctx.translate(text)}
                            for w in " ".join(_folded(msgid.replace(",", " "))).split()}
             for choice in question.choices}
    named = []
    for code, own in words.items():
        others = set().union(*(w for c, w in words.items() if c != code))
        distinctive = {w for w in own - others if len(w) >= NAMING_MIN_LENGTH}
        if any(_same_word(word, mine) for word in typed for mine in distinctive):
            named.append(code)
    return named[0] if len(named) == 1 else None


def _same_word(typed: str, word: str) -> bool:
    if typed == word:
        return True
    return min(len(typed), len(word)) >= 5 and fuzz.ratio(typed, word) >= WORD_TYPO_SCORE


def yes_or_no(ctx: Context, text: str) -> str | None:
    """Return "yes" or "no" for a typed yes or no, in everyday words too ("joo", "nä")."""
    typed = _plain(text)
    folded = " ".join(_folded(text))
    for code, label in YES_NO_LABELS.items():
        if typed in {_plain(label), _plain(ctx.translate(label))}:
            return code
    for code, words in (("yes", YES_WORDS), ("no", NO_WORDS)):
        if folded in _one_of(ctx, words):
            return code
    return None
