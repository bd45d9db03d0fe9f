"""Words as the search compares them: folded, without stop words, stemmed per language.

People type on a phone without diacritics, with the wrong keyboard, in Swedish words inside
another language, and in Arabic with or without hamza and short vowels; all of it is brought
to one form here before any comparison.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache, lru_cache

import snowballstemmer
from babel import Locale

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
# Everyday Levantine, Gulf and Egyptian forms people type, as the standard Arabic the
# entries are written in (after the letter forms below are unified).
DIALECT_FORMS = {
    "ar": {
        "قديش": "كم", "قديه": "كم", "كام": "كم", "وين": "اين", "فين": "اين", "مين": "من",
        "ليش": "لماذا", "ليه": "لماذا", "امتي": "متي", "امتا": "متي", "بقدر": "استطيع",
        "بقدرش": "استطيع", "اقدر": "استطيع", "بيقدر": "يستطيع", "بياخد": "ياخذ",
        "بياخذ": "ياخذ", "ياخد": "ياخذ", "باخد": "اخذ", "بدنا": "نريد", "بدك": "تريد",
        "عايز": "اريد", "عاوز": "اريد", "ابغي": "اريد", "ابي": "اريد", "حدا": "احد",
        "حد": "احد", "مصاري": "مال", "فلوس": "مال", "شغل": "عمل", "بشتغل": "اعمل",
        "اشتغل": "اعمل", "شغلي": "عملي", "هيك": "هكذا", "مش": "لا", "مو": "لا", "ماني": "لا",
        "منيح": "جيد", "كتير": "كثير", "هلق": "الان", "هلا": "الان", "دلوقتي": "الان",
        "احكي": "اتكلم", "بحكي": "اتكلم", "يحكي": "يتكلم", "بصير": "يصير", "شي": "شيء",
    },
}
_ONTO_THE = re.compile(r"(?<!\S)عال(?=\w{2,})")  # "عالموعد": on the appointment

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
LATIN = re.compile(r"[a-z]")
_ARABIC_PREFIXES = ("وال", "فال")  # and the …, so the …: Snowball's Arabic keeps these


def fold(word: str) -> str:
    """Drop accents (ä → a): people type without them on a phone with the wrong keyboard."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def split_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_ARABIC_FORMS)
    text = _JOINED.sub("", _INFLECTED_ABBREVIATION.sub(r"\1", text))
    text = _ONTO_THE.sub("علي ال", _SCRIPT_CHANGE.sub(" ", _NOT_WORD.sub(" ", text)))
    dialect = DIALECT_FORMS["ar"]
    return [dialect.get(word, word) for word in text.split() if len(word) > 1]


class _Analyser:
    """Stop words and stemmer of one language; Snowball has a stemmer for many languages."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.stop_words = {fold(w) for w in split_words(STOP_WORDS.get(language, ""))}
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
        return fold(word)

    def words(self, text: str) -> list[str]:
        return [word for word in split_words(text) if fold(word) not in self.stop_words]


@cache
def analyser(locale: str) -> _Analyser:
    return _Analyser(Locale.parse(locale).language)


def normalise(text: str, locale: str) -> list[str]:
    """Return the search tokens of ``text``: folded, without stop words, stemmed for ``locale``."""
    words_of = analyser(locale)
    return [words_of.stem(word) for word in words_of.words(text)]


def trigrams(words: list[str]) -> frozenset[str]:
    return frozenset(gram for word in words for padded in [f" {fold(word)} "]
                     for gram in (padded[i:i + 3] for i in range(len(padded) - 2)))

