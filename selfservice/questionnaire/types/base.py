"""What every question type shares: the interface, and the rules common to typed answers.

A question type is one object that owns everything about answers of its kind: reading posted
and typed input, the message when it is wrong, how a stored value reads on every page, the
WTForms field, which widget the page and the chat render it with, and sample input for demo
data and tests. Code elsewhere asks the type (``question.kind``), never its name.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import get_locale
from flask_babel import gettext as _
from wtforms import BooleanField, Field, StringField

from selfservice.bidi import western_digits
from selfservice.i18n import N_, Text, counted_text
from selfservice.inputs import RefusedInput, clean
from selfservice.questionnaire import messages

if TYPE_CHECKING:
    from selfservice.questionnaire.model import Choice, Question

# Spaces people put between groups ("9 800", "070-123 45 67"); the direction marks a copied
# right-to-left text carries are gone already (bidi.western_digits).
SPACES = re.compile(r"[\s\u00a0\u202f']+")


def without_spaces(raw: str) -> str:
    """Return typed digits with the spaces people put between groups removed."""
    return SPACES.sub("", raw)


ESCAPE_LABELS = {"dont_know": N_("Jag vet inte"), "prefer_not_to_answer": N_("Jag vill inte svara")}

# Finds the code a typed word names among (code, label) options, in any language.
CodeMatcher = Callable[["Question", str], "str | None"]


class InvalidAnswer(RefusedInput):
    """Input that cannot be stored; ``text`` is the message shown next to the field (an
    example of the right form with it, and a count in its plural form)."""

    def __init__(self, msgid: str | tuple[str, str], **values: Any) -> None:
        """``msgid`` is a message of :mod:`messages`; a (singular, plural) pair counts ``num``."""
        if isinstance(msgid, tuple):
            ValueError.__init__(self, msgid[0])
            self.text: Text = counted_text(*msgid, **values)
        else:
            ValueError.__init__(self, msgid)
            self.text = Text(msgid, {**messages.example(msgid), **values})


def is_escape(value: Any) -> bool:
    """Tell whether a stored value is an honest non-answer ("I don't know" and the like)."""
    return isinstance(value, dict) and "escape" in value


def clean_text(raw: str, *, multiline: bool = False, words: bool = False) -> str:
    """Normalise line breaks and refuse control characters, which no person types; in
    ``words`` (names, free text) also the controls that reorder how text reads."""
    try:
        return clean(raw, multiline=multiline, words=words, refused=messages.CONTROL_CHARACTERS)
    except RefusedInput as refused:
        answer = InvalidAnswer(refused.args[0])
        answer.text = refused.text  # with its values ("at most %(max)s characters")
        raise answer from None


def page_locale() -> str:
    return str(get_locale() or "sv")


def _empty(raw: Any) -> bool:
    return raw is None or raw == [] or (isinstance(raw, str) and not raw.strip())


class QuestionType:
    """A typed answer: one line of text read by :meth:`parse`, with escape boxes beside it."""

    name: ClassVar[str]
    #: How the page and the chat render the question: ``input``, ``textarea`` or ``choices``.
    widget: ClassVar[str] = "input"
    #: How a choice question lays out its choices: ``list`` (one under the other) or ``scale``.
    layout: ClassVar[str] = "list"
    #: HTML attributes of the text input (type, inputmode, autocomplete, dir, size class).
    input_attributes: ClassVar[Mapping[str, str]] = MappingProxyType(
        {"class": "input", "autocomplete": "off"})
    #: A unit written after the input, as a message id ("kr"), or None.
    unit: ClassVar[str | None] = None
    #: How to write the answer, shown under the label and in the chat ("2024-03-15"), or None.
    format_hint: ClassVar[Text | None] = None
    #: Whether the definition must give choices (and may not otherwise).
    takes_choices: ClassVar[bool] = False
    #: Free text the person wrote in their own language (kept as written, marked with it).
    free_text: ClassVar[bool] = False
    required_message: ClassVar[str] = messages.REQUIRED_TEXT
    #: Whether any text is a valid answer, so a typed question would be stored as one.
    takes_any_line: ClassVar[bool] = False
    #: Whether the answer is kept exactly as typed (names, addresses, free text, e-mail);
    #: elsewhere digits from any keyboard are read as 0–9 (:meth:`_as_typed`).
    kept_as_typed: ClassVar[bool] = False
    #: Whether an answer points at one person (an identity number, a phone number, an
    #: e-mail address) whatever the question is marked: never shown to an interpreter's view.
    identifies: ClassVar[bool] = False

    # -------------------------------------------------------------- the definition

    def fixed_choices(self) -> tuple[Choice, ...]:
        """Choices the type brings itself (yes/no), for a definition that gives none."""
        return ()

    def everyday_words(self) -> dict[str, str]:
        """Choice code -> msgid of the everyday words that also choose it ("joo", "nä")."""
        return {}

    @property
    def is_choice(self) -> bool:
        return self.widget == "choices"

    @property
    def multiple(self) -> bool:
        return False

    # -------------------------------------------------------------- reading input

    def parse(self, question: Question, raw: str) -> Any:
        """Return the stored value for one typed or chosen input; raise InvalidAnswer."""
        raise NotImplementedError

    def read_posted(self, question: Question, raw: Any, boxes: Sequence[str] = ()) -> Any:
        """Return the value to store for a posted field, or None when it was left empty.

        ``boxes`` are the escapes ("I don't know") ticked beside a typed answer.
        """
        chosen = [e for e in question.escapes if e in boxes]
        if chosen and (not _empty(raw) or len(chosen) > 1):
            raise InvalidAnswer(messages.ESCAPE_ALONE)
        if chosen:
            return {"escape": chosen[0]}
        return self._parse_or_require(question, raw or "")

    def _parse_or_require(self, question: Question, raw: Any) -> Any:
        raw = self._as_typed(raw)
        if _empty(raw):
            if not question.required:
                return None
            raise InvalidAnswer(self.required_message)
        return self.parse(question, raw)

    def _as_typed(self, raw: Any) -> Any:
        # Every type reads digits the same way, here and nowhere else: "١٩٨٥-٠٤-٢٣" typed on
        # an Arabic keyboard is 1985-04-23, and what is stored and shown has 0–9. What a
        # person wrote in words is kept exactly as written.
        return western_digits(raw) if isinstance(raw, str) and not self.kept_as_typed else raw

    def read_typed(self, question: Question, text: str, match: CodeMatcher) -> Any:
        """Return the value for a line typed in the chat (a choice may be named in words)."""
        return self.read_posted(question, text)

    def read_tapped(self, question: Question, code: str) -> Any:
        """Return the value for a quick reply tapped in the chat (for typed types: an escape)."""
        if code not in question.escapes:
            raise InvalidAnswer(messages.UNKNOWN_CHOICE)
        return self.read_posted(question, "", [code])

    def read_ticked(self, question: Question, codes: Sequence[str]) -> Any:
        """Return the value for boxes ticked in the chat; only choice types have them."""
        return self.read_tapped(question, codes[0]) if codes else \
            self._parse_or_require(question, "")

    # -------------------------------------------------------------- showing values

    def display(self, question: Question, value: Any) -> str:
        """Return a stored value as the page's language reads it."""
        return str(value)

    def spoken(self, question: Question, value: Any) -> Any:
        """Return a stored value for the chat transcript: a Text where it has a label."""
        return self.display(question, value)

    def said(self, question: Question, code: str) -> Text:
        """Return what a tapped code says, as the person's own words in the transcript."""
        return Text(ESCAPE_LABELS.get(code, code))

    # -------------------------------------------------------------- the web form

    def form_field(self, question: Question) -> Field:
        return StringField()

    def escape_fields(self, question: Question) -> dict[str, Field]:
        """Boxes beside a typed answer for "I don't know"; choice types list escapes instead."""
        return {escape_field_name(question, e): BooleanField() for e in question.escapes}

    def form_data(self, question: Question, value: Any) -> dict[str, Any]:
        """Return the form's data for a saved value: the field and its escape boxes."""
        data = {question.id: None if value is None or is_escape(value)
                else self.form_value(question, value)}
        for escape in question.escapes:
            data[escape_field_name(question, escape)] = \
                is_escape(value) and value["escape"] == escape
        return data

    def form_value(self, question: Question, value: Any) -> Any:
        """Return a stored (non-escape) value as the text the input shows again."""
        return str(value)

    def posted(self, question: Question, form: Any) -> tuple[Any, list[str]]:
        """Return the raw input and the ticked escape boxes of a submitted form."""
        boxes = [e for e in question.escapes if form[escape_field_name(question, e)].data]
        return form[question.id].data, boxes

    # -------------------------------------------------------------- samples

    def sample_input(self, question: Question) -> Any:
        """Return valid raw input, as a form posts it (tests and benchmarks)."""
        raise NotImplementedError

    def sample(self, question: Question, rng: random.Random, locale: str) -> Any:
        """Return varied raw input as a person would type it (demo data)."""
        return self.sample_input(question)


def escape_field_name(question: Question, escape: str) -> str:
    return f"{question.id}__{escape}"


def translated(label: str) -> str:
    return _(label)
