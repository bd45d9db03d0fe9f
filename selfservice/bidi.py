"""Right-to-left text that stays readable: what reads left to right inside it is isolated.

In Arabic text a number with a space in it ("9 800"), an identity number, an e-mail address
or a run of Swedish words is laid out by the Unicode bidi algorithm among right-to-left
letters, so its parts can swap places ("800 9"). Isolating each such run keeps it whole and
in order, in the browser (``<bdi dir="ltr">``) and in the PDF (Unicode's LRI … PDI, which
Pango honours and which need no markup). Text without right-to-left letters is left alone.

The same keyboards type their own digits: :func:`western_digits` reads them as 0–9.
"""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

# Hebrew, Arabic, Syriac, Thaana, N'Ko and the Arabic presentation forms.
RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LATIN = "A-Za-z\u00c0-\u024f"
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
# Digits (Western or Arabic-Indic) with the spaces, dots, dashes and slashes people write
# inside numbers, dates, identity numbers and phone numbers; a leading + for a phone number.
_NUMBER = r"\+?\d(?:[\d \u00a0.,:/\u2013-]*\d)?"
# Latin words with what joins them: "Storgatan 5", "lgh 1102", "CSN".
_WORDS = (rf"[{_LATIN}][{_LATIN}0-9'’.-]*"
          rf"(?:[ \u00a0]+[{_LATIN}0-9][{_LATIN}0-9'’.-]*)*")
# Latin words in brackets, with them: the marker masking puts in free text ("[namn dolt]"),
# whose brackets would otherwise turn and part in right-to-left text.
_BRACKETED_WORDS = rf"\[{_WORDS}\]|\({_WORDS}\)"
LEFT_TO_RIGHT_RUN = re.compile(f"{_EMAIL}|{_BRACKETED_WORDS}|{_NUMBER}|{_WORDS}")
# A bracketed term in a translation: "(försörjningsstöd)", but not a placeholder "%(num)s".
_BRACKETED = re.compile(r"(?<!%)\(([^()%]+)\)")


# The digits keyboards type besides 0–9: Arabic-Indic ٠–٩, Eastern Arabic-Indic (Persian,
# Urdu) ۰–۹ and full-width ０–９ (Chinese and Japanese keyboards). Other scripts' digits and
# look-alikes ("𝟏𝟓𝟏", "१५१") are no number a form here reads.
_OTHER_DIGIT = re.compile("[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]")
# Full-width forms of ASCII ("２０２４／０３／１５"), the ideographic space, and the Arabic
# thousands and decimal signs ("٤٬٥٠٠").
_KEYBOARD_FORMS = str.maketrans({**{chr(0xFF01 + i): chr(0x21 + i) for i in range(94)},
                                 "\u3000": " ", "\u066c": ",", "\u066b": ","})
# Invisible marks that text copied from a right-to-left page carries (this service's own
# examples too): LRM, RLM, ALM, embeddings, isolates, word joiner, zero-width space, BOM.
# ZWJ and ZWNJ are kept: they spell Persian and Arabic words.
_DIRECTION_MARKS = re.compile("[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def western_digits(typed: str) -> str:
    """Return typed text with every digit as 0–9 and without invisible direction marks.

    An Arabic phone keyboard types "١٩٨٥-٠٤-٢٣"; Python's ``int`` reads such digits but
    ``strptime``, identity-number checks and stored values need 0–9.
    """
    text = _DIRECTION_MARKS.sub("", typed.translate(_KEYBOARD_FORMS))
    return _OTHER_DIGIT.sub(lambda found: str(unicodedata.digit(found.group())), text)


def left_to_right(text: str) -> str:
    """Isolate a number or code inside a sentence, so Arabic text keeps "08-123 456 00" whole.

    Unicode's isolate marks (LRI … PDI) work where no markup can go: inside a translated
    sentence, in the chat's stored messages and in the PDF (Pango honours them);
    :func:`western_digits` drops them again when an example is copied into a field.
    """
    return f"\u2066{text}\u2069"


def isolated(text: str) -> Markup:
    """Return typed text, escaped, with each left-to-right run isolated in a ``<bdi>``."""
    if isinstance(text, Markup) or not RTL_LETTER.search(text):
        return escape(text)
    return Markup("").join(
        escape(part) if index % 2 == 0 else Markup('<bdi dir="ltr">{}</bdi>').format(part)
        for index, part in enumerate(_split(text)))


def isolated_plain(text: str) -> str:
    """Return text with each left-to-right run between LRI and PDI, for the PDF."""
    if not RTL_LETTER.search(text):
        return text
    return "".join(part if index % 2 == 0 else f"\u2066{part}\u2069"
                   for index, part in enumerate(_split(text)))


def _split(text: str) -> list[str]:
    """Return the text cut into other, run, other, run, …, other."""
    parts, last = [], 0
    for found in LEFT_TO_RIGHT_RUN.finditer(text):
        parts += [text[last:found.start()], found.group()]
        last = found.end()
    return [*parts, text[last:]]


def mark_swedish_terms(translated: str, msgid: str, *, right_to_left: bool) -> Markup:
    """Mark the Swedish terms a translation keeps in brackets: "toimeentulotuki
    (försörjningsstöd)". A bracketed text is Swedish when the Swedish original says it.

    ``translated`` is a translation, which templates trust as markup. The term gets
    ``lang="sv"`` (a screen reader says it in Swedish); in right-to-left text it is also
    isolated left to right with its brackets, so they land on the right sides.
    """
    if translated == msgid:  # Swedish, or not translated: nothing to mark
        return Markup(translated)  # noqa: S704 (trusted, as above)
    source = msgid.casefold()

    def mark(found: re.Match[str]) -> str:
        term = found.group(1)
        if not term.strip() or term.casefold() not in source or RTL_LETTER.search(term):
            return found.group()
        if right_to_left:
            return f'<bdi lang="sv" dir="ltr">({term})</bdi>'
        return f'(<span lang="sv">{term}</span>)'

    # A translation is trusted as markup, as Jinja's own gettext trusts it.
    return Markup(_BRACKETED.sub(mark, translated))  # noqa: S704
