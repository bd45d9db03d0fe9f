"""Digits as every keyboard types them, read the same way by every question type.

An Arabic phone keyboard types ٠–٩, a Persian one ۰–۹, a Chinese or Japanese one ０–９.
Each is read as 0–9 in one place (the types' shared reading), before any type looks at
it, and what is stored and shown has 0–9, whichever keyboard the person used.
"""

from __future__ import annotations

import pytest

from selfservice import codes
from selfservice.bidi import left_to_right
from selfservice.questionnaire import messages
from selfservice.questionnaire.answers import InvalidAnswer, display
from selfservice.questionnaire.model import Choice, Question
from tests.builders import personnummer

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
FULL_WIDTH = str.maketrans("0123456789-/ ", "０１２３４５６７８９－／\u3000")
KEYBOARDS = {"arabic": ARABIC, "persian": PERSIAN, "full-width": FULL_WIDTH}
IDENTITY = personnummer("19850423")

# (type, as a Swede types it with 0–9, what is stored)
NUMERIC_INPUT = [
    ("integer", "3", 3),
    ("money", "9 800", 9800),
    ("money", "4 500 kr", 4500),
    ("date", "1985-04-23", "1985-04-23"),
    ("date", "23/04/1985", "1985-04-23"),
    ("postcode", "151 72", "151 72"),
    ("phone", "070-174 06 10", "+46701740610"),
    ("personnummer", IDENTITY, IDENTITY.replace("-", "")),
    ("ruler", "7", 7),
]


def question(type_: str, **extra) -> Question:
    return Question(id="q", type=type_, label="Fråga", why="Test.", **extra)


def read(type_: str, raw: str, **extra):
    """Read input as the web form and the chat do."""
    asked = question(type_, **extra)
    return asked.kind.read_posted(asked, raw)


@pytest.fixture(autouse=True)
def _arabic_page(shared_app):
    with shared_app.test_request_context("/?lang=ar"):
        yield


@pytest.mark.parametrize("keyboard", sorted(KEYBOARDS))
@pytest.mark.parametrize(("type_", "western", "stored"), NUMERIC_INPUT,
                         ids=[f"{t}:{w}" for t, w, _ in NUMERIC_INPUT])
def test_every_numeric_type_reads_digits_from_any_keyboard_as_0_to_9(type_, western, stored,
                                                                      keyboard):
    typed = western.translate(KEYBOARDS[keyboard])
    assert typed != western
    assert read(type_, typed) == read(type_, western) == stored


@pytest.mark.parametrize(("type_", "typed", "stored", "shown"), [
    ("money", "٩ ٨٠٠", 9800, "9,800 كرونة"),
    ("money", "٤٬٥٠٠ كرونة", 4500, "4,500 كرونة"),
    ("integer", "٢", 2, "2"),
    ("date", "١٩٨٥-٠٤-٢٣", "1985-04-23", "23 أبريل 1985"),
    ("date", "٢٣ أبريل ١٩٨٥", "1985-04-23", "23 أبريل 1985"),
    ("postcode", "١٥١٧٢", "151 72", "151 72"),
    ("phone", "٠٧٠-١٧٤ ٠٦ ١٠", "+46701740610", "+46701740610"),
    ("personnummer", IDENTITY.translate(ARABIC), IDENTITY.replace("-", ""), IDENTITY),
])
def test_an_arabic_keyboards_input_is_stored_and_shown_with_western_digits(type_, typed, stored,
                                                                           shown):
    value = read(type_, typed)
    assert value == stored
    assert display(question(type_), value) == shown


def test_the_personnummer_check_digit_is_checked_in_arabic_digits_too():
    wrong = IDENTITY[:-1] + str((int(IDENTITY[-1]) + 1) % 10)
    with pytest.raises(InvalidAnswer) as refused:
        read("personnummer", wrong.translate(ARABIC))
    assert refused.value.text.msgid == messages.PERSONNUMMER_CHECKSUM


def test_what_a_person_writes_in_words_is_kept_exactly_as_written():
    assert read("text", "Storgatan ١٢، شقة ١١٠٢") == "Storgatan ١٢، شقة ١١٠٢"
    assert read("long_text", "عندي ٣ أطفال")["text"] == "عندي ٣ أطفال"
    assert read("email", "rami@example.com") == "rami@example.com"


def test_invisible_marks_alone_are_no_answer():
    with pytest.raises(InvalidAnswer) as refused:
        read("date", "\u200f\u2066\u2069")
    assert refused.value.text.msgid == messages.REQUIRED_TEXT


def test_a_choice_and_a_ruler_answer_typed_as_a_digit_are_read_alike():
    listed = question("single_choice", choices=(Choice("1", "En"), Choice("2", "Två")))
    assert listed.kind.read_posted(listed, "٢") == "2"
    assert read("ruler", "١٠") == 10


@pytest.mark.parametrize(("msgid", "type_"), [
    (messages.NOT_AN_AMOUNT, "money"), (messages.NOT_A_DATE, "date"),
    (messages.NOT_A_PERSONNUMMER, "personnummer"), (messages.NOT_A_PHONE, "phone"),
    (messages.NOT_A_POSTCODE, "postcode"),
])
def test_the_example_a_message_gives_is_accepted_when_copied_with_its_isolates(msgid, type_):
    example = messages.example(msgid)["example"]
    assert example == left_to_right(messages.EXAMPLES[msgid])
    if type_ == "personnummer":  # the example's made-up serial has no valid check digit
        with pytest.raises(InvalidAnswer) as refused:
            read(type_, example)
        assert refused.value.text.msgid == messages.PERSONNUMMER_CHECKSUM
        return
    assert read(type_, example) is not None


def test_codes_typed_with_arabic_digits_are_the_same_codes():
    assert codes.normalise("٧KQ٤-MP٩X") == "7KQ4MP9X"
    code = codes.new_reference_code()
    assert codes.is_valid_reference_code(code.translate(ARABIC))
