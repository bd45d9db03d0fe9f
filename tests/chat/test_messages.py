"""Messages are typed in the code and compact in the sealed transcript, and both agree."""

import json

from selfservice.chat.messages import (
    ChangeChoice,
    ChangeChoices,
    EntryChoice,
    EntryChoices,
    EntryPart,
    Heading,
    Link,
    Message,
    Paragraph,
    QuestionPart,
    SuggestionPart,
    Summary,
    SummaryGroup,
    SummaryRow,
    dump,
    load,
)
from selfservice.i18n import Number, Text

PERSON_2 = Text("Person %(number)s", {"number": 2})


def test_every_kind_of_part_survives_the_transcript():
    message = Message(number=7, by="bot", parts=(
        Paragraph(Text("Hej!"), "lead"),
        Heading(Text("Om dig"), section=Text("Personuppgifter"), member=PERSON_2, name="Provia"),
        QuestionPart("personal.2:first_name", Text("Förnamn"), hint=Text("Som i passet"),
                     optional=True, member=PERSON_2, name="Provia"),
        SuggestionPart("am2", (Text("Dina svar ger i genomsnitt %(mean)s",
                                    {"mean": Number(2.1)}),)),
        EntryPart("riksnorm", Text("Riksnorm"), Text("Ett belopp för vanliga kostnader.")),
        EntryChoices((EntryChoice("tolk", Text("Tolk")),)),
        ChangeChoices((ChangeChoice("household:applying", Text("Söker du ensam?")),)),
        Summary((SummaryGroup(Text("Om hushållet"), (
            SummaryRow(Text("Barn"), "2"), SummaryRow(Text("Söker"), Text("Ensam")),
            SummaryRow(Text("Kostnader"), [Text("Hyra"), Text("El")])), member=PERSON_2),)),
        Link("intake.check", Text("Kontrollera dina svar och skicka")),
    ))
    stored = json.loads(json.dumps(dump(message), ensure_ascii=False))
    assert load(stored) == message
    assert stored["n"] == 7 and stored["parts"][0] == {"k": "p", "t": {"m": "Hej!", "v": {}},
                                                        "c": "lead"}


def test_what_a_person_typed_and_tapped_survives_the_transcript():
    typed = Message(number=2, by="person", text="jag söker ensam", lang="sv")
    tapped = Message(number=3, by="person", said=(Text("Ja"),))
    for message in (typed, tapped):
        assert load(json.loads(json.dumps(dump(message)))) == message


def test_a_transcript_written_before_messages_were_typed_still_opens():
    stored = {"n": 4, "by": "bot", "parts": [
        {"k": "p", "t": {"m": "Därför frågar vi:", "v": {}}, "c": None},
        {"k": "question", "ref": "household:applying", "t": {"m": "Söker du ensam?", "v": {}},
         "hint": None, "optional": False, "member": None, "name": None}]}
    message = load(stored)
    assert message.parts[0] == Paragraph(Text("Därför frågar vi:"))
    assert message.parts[1] == QuestionPart("household:applying", Text("Söker du ensam?"))
