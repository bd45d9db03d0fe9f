"""The document model: answered questions only, paired with Swedish, each with a direction."""

from __future__ import annotations

from datetime import date

import pytest

from selfservice.documents.services import build_document, direction_of
from tests.builders import ADULTS


@pytest.mark.parametrize(("text", "direction"), [
    ("Jag söker ensam", "ltr"),
    ("أقدّم الطلب وحدي", "rtl"),
    ("4,500 كرونة", "rtl"),
    ("19850423-9982", "ltr"),
    ("7KQ4-MP9X", "ltr"),
    ("(سارة)", "rtl"),
    ("", "ltr"),
])
def test_direction_follows_the_first_strong_letter(text, direction):
    assert direction_of(text) == direction


ANSWERS = {
    "household": {"applying": "alone", "child_count": 0, "protected_identity": "no",
                  "interpreter_needed": "no"},
    "personal.1": {"first_name": ADULTS[0]["first_name"], "has_identity_number": "yes",
                   "identity_number": "198504239982"},
    "occupation.1": {"work_goal": {"text": "أريد أن أعمل", "lang": "ar"}},
}


def test_document_pairs_each_answer_with_swedish_and_leaves_out_the_unanswered(shared_app):
    with shared_app.app_context():
        document = build_document(questionnaire=shared_app.extensions["questionnaire"],
                                  answers=ANSWERS, language="en", reference_code="7KQ4-MP9X",
                                  dated=date(2025, 3, 1))
    areas = {area.title.swedish: area for area in document.areas}
    assert list(areas) == ["Om hushållet", "Personuppgifter", "Sysselsättning och nuläge"]
    household = areas["Om hushållet"].parts[0]
    applying = household.lines[0]
    assert (applying.question.shown, applying.question.swedish) == (
        "Are you applying alone or together with another adult?",
        "Söker du ensam eller tillsammans med en annan vuxen?")
    assert (applying.answer.shown, applying.answer.swedish) == (
        "I am applying alone", "Jag söker ensam")
    person = areas["Personuppgifter"].parts[0]
    assert person.member.swedish == "Person 1 – Testa"
    assert [line.question.swedish for line in person.lines] == [
        "Förnamn", "Har du ett svenskt personnummer eller samordningsnummer?",
        "Vilket är ditt personnummer eller samordningsnummer?"]
    goal = areas["Sysselsättning och nuläge"].parts[0].lines[0]
    assert goal.answer == goal.answer.__class__("أريد أن أعمل", "أريد أن أعمل")
    assert (goal.language, goal.direction) == ("ar", "rtl")
    assert goal.written_in.swedish == "skrivet på arabiska"
    assert goal.written_in.shown == "written in Arabic"
