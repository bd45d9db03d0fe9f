"""Every question type's parsing, including the bad input people and attackers send."""

from datetime import date, timedelta

import pytest

from selfservice.questionnaire.answers import InvalidAnswer, display
from selfservice.questionnaire.model import Choice, Question
from tests.builders import personnummer


def question(type_: str, **extra) -> Question:
    return Question(id="q", type=type_, label="Fråga", why="Test.", **extra)


def parse(type_: str, raw: str, **extra):
    """Read input as the form and the chat do (one path for every type)."""
    asked = question(type_, **extra)
    return asked.kind.read_posted(asked, raw)


@pytest.fixture(autouse=True)
def _request(shared_app):
    with shared_app.test_request_context("/"):
        yield


def rejected(type_: str, raw: str, **extra) -> str:
    with pytest.raises(InvalidAnswer) as error:
        parse(type_, raw, **extra)
    message = str(error.value)
    assert message and "Traceback" not in message
    return message


def test_personnummer_is_normalised_to_twelve_digits():
    assert parse("personnummer", "19121212-1212") == "191212121212"
    ten_digits = personnummer("19850423")[2:]
    assert parse("personnummer", ten_digits) == "19" + ten_digits.replace("-", "")


def test_samordningsnummer_is_accepted():
    # Day of birth plus 60 marks a coordination number.
    number = personnummer("19850483", "998")
    assert parse("personnummer", number) == number.replace("-", "")


def test_personnummer_with_wrong_check_digit_is_refused():
    assert "Kontrollera siffrorna" in rejected("personnummer", "19121212-1213")


def test_personnummer_in_wrong_shape_is_refused():
    assert "12 siffror" in rejected("personnummer", "1212")


def test_personnummer_born_in_the_future_is_refused():
    tomorrow = (date.today() + timedelta(days=400)).strftime("%Y%m%d")
    assert "inte har varit" in rejected("personnummer", personnummer(tomorrow))


@pytest.mark.parametrize("raw, expected", [("4500", 4500), ("4 500", 4500), ("4 500 kr", 4500),
                                           ("12500,00", 12500), ("0", 0), ("3\u00a0000", 3000),
                                           ("4,500", 4500), ("12.500", 12500)])
def test_money_accepts_the_ways_people_write_amounts(raw, expected):
    assert parse("money", raw) == expected


def test_negative_amount_is_refused_with_its_own_message():
    assert "mindre än noll" in rejected("money", "-100")


def test_absurd_amount_is_refused():
    assert "orimligt stort" in rejected("money", "99999999999")


def test_amount_in_words_or_with_ore_is_refused():
    assert "hela kronor" in rejected("money", "fyratusen")
    assert "hela kronor" in rejected("money", "4,5")


def test_integer_bounds():
    assert parse("integer", "3", min=0, max=15) == 3
    assert "15 eller mindre" in rejected("integer", "16", min=0, max=15)
    assert "0 eller större" in rejected("integer", "-1", min=0, max=15)
    assert "heltal" in rejected("integer", "två")


@pytest.mark.parametrize("raw", ["1985-04-23", "19850423", "23.04.1985", "23/04/1985"])
def test_dates_in_common_formats(raw):
    assert parse("date", raw) == "1985-04-23"


def test_future_date_is_refused_where_it_cannot_be():
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert "senare än i dag" in rejected("date", tomorrow, past_only=True)
    assert parse("date", tomorrow) == tomorrow


def test_impossible_date_is_refused():
    assert "riktigt datum" in rejected("date", "2023-02-30")
    assert "1900" in rejected("date", "1850-01-01")


def test_very_long_text_is_refused_with_its_length():
    message = rejected("text", "a" * 100_000)
    assert "200" in message and "100000" in message
    assert "3000" in rejected("long_text", "a" * 100_000)


@pytest.mark.parametrize("raw", ["abc\x00def", "abc\x1bdef", "abc\x7f", "a\u0085b"])
def test_control_characters_are_refused(raw):
    assert "tecken" in rejected("text", raw)


def test_line_breaks_belong_in_long_text_only():
    assert "tecken" in rejected("text", "rad ett\nrad två")
    assert parse("long_text", "rad ett\r\nrad två")["text"] == "rad ett\nrad två"


def test_long_text_records_the_language_it_was_written_in(shared_app):
    with shared_app.test_request_context("/?lang=ar"):
        assert parse("long_text", "مرحبا") == {"text": "مرحبا", "lang": "ar"}


def test_right_to_left_text_and_emoji_round_trip():
    text = "نص عربي 🙂 ‏"
    assert parse("text", text) == text.strip()


def test_phone_numbers_are_stored_in_international_form():
    assert parse("phone", "070-174 06 10") == "+46701740610"
    assert parse("phone", "+358 40 1234567") == "+358401234567"
    assert "telefonnummer" in rejected("phone", "12")


def test_email_is_checked():
    assert parse("email", "Testa@Example.org") == "Testa@example.org"
    assert "e-postadress" in rejected("email", "testa@")


def test_choice_must_be_one_of_the_codes():
    single = question("single_choice", choices=(Choice("a", "A"), Choice("b", "B")))
    assert single.kind.parse(single, "a") == "a"
    with pytest.raises(InvalidAnswer):
        single.kind.parse(single, "<script>")


def test_display_reads_back_in_swedish():
    assert display(question("money"), 12500) == "12\u00a0500 kr"
    assert display(question("yes_no"), "yes") == "Ja"
    assert display(question("personnummer"), "191212121212") == "19121212-1212"
    assert display(question("text"), {"escape": "dont_know"}) == "Jag vet inte"
    assert display(question("date"), "1985-04-23") == "23 april 1985"


@pytest.mark.parametrize("type_, typed, stored", [
    ("money", "٥٤٠٠", 5400),  # Arabic-Indic digits, as an Arabic keyboard types them
    ("money", "٥٬٤٠٠ kr", 5400),  # with the Arabic thousands sign
    ("money", "۵ ۴۰۰", 5400),  # Eastern Arabic-Indic (Persian keyboard)
    ("integer", "٣", 3),
    ("date", "٢٠١٥-٠٦-٠١", "2015-06-01"),
    ("personnummer", "١٩٨٥٠٤٢٣-٩٩٨٢", "198504239982"),
])
def test_digits_typed_on_an_arabic_keyboard_are_read_as_digits(type_, typed, stored):
    assert parse(type_, typed) == stored


def test_the_date_hint_example_is_read_back_as_written():
    example = question("date").kind.format_hint.values["example"]
    assert parse("date", example) == "2024-03-15"
    assert parse("date", "\u200e2015-06-01\u200f") == "2015-06-01"  # marks pasted from RTL text


@pytest.mark.parametrize("typed", ["151 72", "15172", " 151  72 ", "SE-151 72", "se 15172",
                                   "١٥١ ٧٢", "۱۵۱۷۲", "\u200e151 72\u200f", "151\u00a072"])
def test_a_swedish_postcode_is_read_with_or_without_the_space(typed):
    assert parse("postcode", typed) == "151 72"


@pytest.mark.parametrize("typed", ["1517", "151 723", "15 172", "1 5 1 7 2", "151-72",
                                   "abcde", "151 7a", "SE151", "𝟏𝟓𝟏𝟕𝟐", "१५१७२",
                                   "151 72 Södertälje", "S E 151 72"])
def test_anything_else_is_not_a_postcode(typed):
    # The example is isolated left to right, so it reads as typed on an Arabic page too.
    assert rejected("postcode", typed) == \
        "Skriv postnumret med 5 siffror, till exempel \u2066151 72\u2069."


def test_a_postcode_from_outside_sweden_is_told_apart_in_every_language():
    from flask_babel import force_locale

    assert rejected("postcode", "00100").startswith("Ett postnummer i Sverige")  # Helsinki
    for language, opening in (("en", "A postcode in Sweden"), ("fi", "Postinumero ei Ruotsissa"),
                              ("ar", "الرمز البريدي في السويد")):
        with force_locale(language):
            assert rejected("postcode", "00100").startswith(opening)
            assert not rejected("postcode", "0010").startswith(opening)
