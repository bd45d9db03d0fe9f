"""The conversation as logic: order, conditions, repeat groups, commands and validation."""

from __future__ import annotations

from typing import Any

import pytest

from selfservice.chat.conversation import (
    ChatState,
    Outcome,
    Turn,
    begin,
    dump,
    respond,
    resume,
    unpack,
)
from selfservice.chat.services import current_context
from selfservice.chat.texts import (
    ANSWER_OR_QUESTION,
    ASK_ANYTHING,
    PERSON,
    SUMMARY_INTRO,
    WHY_INTRO,
)
from selfservice.i18n import Text
from selfservice.questionnaire import messages
from selfservice.questionnaire.engine import plan, visible_questions
from tests.builders import household_inputs, sample_input

HOUSEHOLD = household_inputs(adults=2, children=1)


def urgent_answered() -> dict[str, dict[str, Any]]:
    """The first page answered on the web form (no urgent needs): the chat starts after it."""
    return {"urgent": {"urgent_needs": ["none"]}}


@pytest.fixture
def chat(shared_app):
    """A conversation in Swedish, driven turn by turn with the answers kept between turns."""
    with shared_app.test_request_context("/?lang=sv"):
        yield Chat(current_context(), urgent_answered())


@pytest.fixture
def english_chat(shared_app):
    with shared_app.test_request_context("/?lang=en"):
        yield Chat(current_context(), urgent_answered())


class Chat:
    """The state, answers and transcript that the services would keep in the draft."""

    def __init__(self, ctx, answers: dict[str, dict[str, Any]] | None = None) -> None:
        self.ctx = ctx
        self.answers = answers or {}
        self.state = ChatState()
        self.transcript: list[dict[str, Any]] = []
        self.last: Outcome = self._keep(begin(ctx, self.state, self.answers))

    def _keep(self, outcome: Outcome) -> Outcome:
        for save in outcome.saves:
            values = dict(self.answers.get(save.step_key, {}))
            if save.question_id is not None:
                if save.value is None:
                    values.pop(save.question_id, None)
                else:
                    values[save.question_id] = save.value
            self.answers[save.step_key] = values
        self.state = outcome.state
        self.transcript = outcome.messages if outcome.restart \
            else [*self.transcript, *outcome.messages]
        self.last = outcome
        return outcome

    def send(self, **turn: Any) -> Outcome:
        turn.setdefault("asked", self.state.asking)
        return self._keep(respond(self.ctx, self.state, self.answers, Turn(**turn)))

    def answer(self, raw: Any) -> Outcome:
        """Answer the question asked now as the web form's test input would."""
        question = self.question
        if question.kind.is_choice:
            return self.send(choices=tuple(raw)) if question.kind.multiple \
                else self.send(choice=raw)
        return self.send(text=raw)

    @property
    def asking(self) -> str | None:
        return self.state.asking

    @property
    def question(self):
        step_key, question_id = self.asking.split(":")
        return self.ctx.questionnaire.page(step_key.split(".")[0]).question(question_id)

    def said(self, outcome: Outcome | None = None) -> list[str]:
        """Return the bot's texts of a turn, in Swedish, part by part."""
        texts = []
        for message in (outcome or self.last).messages:
            for part in message.parts:
                for name in ("text", "title"):
                    if isinstance(getattr(part, name, None), Text):
                        texts.append(getattr(part, name).source())
        return texts

    def parts(self, kind: str) -> list[Any]:
        return [part for message in self.last.messages for part in message.parts
                if part.kind == kind]

    def answer_until(self, ref: str, inputs: dict[str, dict[str, Any]] = HOUSEHOLD) -> None:
        for _ in range(300):
            if self.asking == ref:
                return
            assert self.asking is not None, f"never asked {ref}"
            self.answer(self._input(inputs))
        raise AssertionError("the conversation went on for ever")

    def answer_everything(self, inputs: dict[str, dict[str, Any]] = HOUSEHOLD) -> list[str]:
        asked = []
        for _ in range(400):
            if self.asking is None:
                return asked
            asked.append(self.asking)
            self.answer(self._input(inputs))
        raise AssertionError("the conversation went on for ever")

    def _input(self, inputs: dict[str, dict[str, Any]]) -> Any:
        step_key, question_id = self.asking.split(":")
        return inputs.get(step_key, {}).get(question_id, sample_input(self.question))


def test_the_bot_greets_and_asks_the_first_question_of_the_household(chat):
    assert chat.asking == "household:applying"
    assert "Söker du ensam eller tillsammans med en annan vuxen?" in chat.said()
    headings = [part.text.source() for message in chat.transcript
                for part in message.parts if part.kind == "heading"]
    assert headings == ["Om hushållet"]


def test_questions_come_in_the_web_forms_order_with_its_conditions(chat):
    chat = Chat(chat.ctx)  # from the very first page, the urgent needs
    asked = chat.answer_everything()
    steps, kept = plan(chat.ctx.questionnaire, chat.answers)
    expected = [f"{step.key}:{q.id}" for step in steps
                for q in visible_questions(chat.ctx.questionnaire, step, kept,
                                           kept.get(step.key, {}))]
    assert asked == expected
    assert "household:interpreter_language" not in asked  # interpreter_needed is "no"
    assert {"personal.2:first_name", "child.1:first_name", "rating_choice.2:category"} \
        <= set(asked)
    assert "child.2:first_name" not in asked


def test_an_answer_that_reveals_a_question_makes_the_bot_ask_it_next(chat):
    chat.answer_until("household:interpreter_needed")
    chat.send(choice="yes")
    assert chat.asking == "household:interpreter_speaks"
    chat.send(command="back")
    chat.send(choice="no")
    assert chat.asking == "personal.1:first_name"


def test_the_bot_names_the_member_a_repeated_question_is_about(chat):
    chat.answer_until("personal.2:last_name")
    question = chat.parts("question")[0]
    assert question.member.source() == "Person 2"
    assert question.name == "Provia"
    chat.answer_until("child.1:date_of_birth")
    assert chat.parts("question")[0].member.source() == "Barn 1"


def test_tapping_a_choice_saves_its_code_and_shows_its_label(chat):
    outcome = chat.send(choice="together")
    assert outcome.saves[0].step_key == "household"
    assert (outcome.saves[0].question_id, outcome.saves[0].value) == ("applying", "together")
    person = outcome.messages[0]
    assert [s.source() for s in person.said] == \
        ["Jag söker tillsammans med en annan vuxen"]


def test_typing_a_choice_label_counts_as_choosing_it(chat):
    outcome = chat.send(text="jag söker ensam")
    assert outcome.saves[0].value == "alone"
    assert outcome.messages[0].text == "jag söker ensam"


def test_typing_the_translated_label_works_in_english(english_chat):
    english_chat.answer_until("household:protected_identity")
    outcome = english_chat.send(text="No")
    assert outcome.saves[0].value == "no"


@pytest.mark.parametrize("typed, message", [
    ("-3", messages.NUMBER_TOO_SMALL), ("tre", messages.NOT_A_NUMBER),
    ("99", messages.NUMBER_TOO_LARGE), ("", messages.REQUIRED_TEXT)])
def test_bad_input_gets_the_web_forms_message_and_saves_nothing(chat, typed, message):
    chat.answer_until("household:child_count")
    outcome = chat.send(text=typed)
    assert outcome.saves == []
    errors = [part for part in chat.parts("p") if part.style == "error"]
    assert [e.text.msgid for e in errors] == [message]
    assert chat.asking == "household:child_count"


def test_a_choice_that_does_not_exist_is_refused(chat):
    outcome = chat.send(choice="everybody")
    assert outcome.saves == []
    assert chat.parts("p")[0].text.msgid == messages.UNKNOWN_CHOICE


def test_an_escape_is_stored_like_the_web_forms_checkbox(chat):
    chat.answer_until("personal.1:gender")
    chat.send(choice="prefer_not_to_answer")
    assert chat.answers["personal.1"]["gender"] == {"escape": "prefer_not_to_answer"}


def test_an_escape_the_question_does_not_offer_is_refused(chat):
    chat.answer_until("household:child_count")
    outcome = chat.send(choice="dont_know")
    assert outcome.saves == []
    assert chat.asking == "household:child_count"


def test_skip_works_only_where_the_question_is_optional(chat):
    chat.answer_until("personal.1:residence_status")
    chat.send(command="skip")
    assert chat.asking == "personal.1:residence_status"
    assert "Den här frågan behöver ett svar, så du kan inte hoppa över den." in chat.said()
    chat.answer("swedish_citizen")
    assert chat.asking == "personal.1:best_language"
    outcome = chat.send(command="skip")
    assert (outcome.saves[0].question_id, outcome.saves[0].value) == ("best_language", None)
    assert chat.asking == "personal.1:phone"
    assert "best_language" not in chat.answers["personal.1"]


def test_an_empty_reply_to_an_optional_question_skips_it(chat):
    chat.answer_until("personal.1:phone")
    chat.send(text="")
    assert chat.asking == "personal.1:email"


def test_back_asks_the_previous_question_again_with_the_answer_given(chat):
    chat.answer_until("household:protected_identity")
    chat.send(command="back")
    assert chat.asking == "household:child_count"
    assert "Ditt svar nu: 1" in chat.said()
    chat.send(text="3")
    assert chat.answers["household"]["child_count"] == 3
    assert chat.asking == "household:protected_identity"


def test_back_on_the_first_question_says_there_is_none(chat):
    chat = Chat(chat.ctx)
    assert chat.asking == "urgent:urgent_needs"
    chat.send(command="back")
    assert chat.asking == "urgent:urgent_needs"
    assert "Det här är den första frågan. Det finns ingen fråga före." in chat.said()


def test_keep_leaves_a_revisited_answer_and_carries_on(chat):
    chat.answer_until("household:protected_identity")
    chat.send(command="back")
    outcome = chat.send(command="keep")
    assert outcome.saves == []
    assert chat.asking == "household:protected_identity"


def test_change_lists_the_answered_questions_and_asks_the_picked_one(chat):
    chat.answer_until("personal.1:first_name")
    chat.send(text="ändra")
    refs = [item.ref for item in chat.parts("change")[0].items]
    assert refs == ["urgent:urgent_needs", "household:applying", "household:child_count",
                    "household:protected_identity", "household:interpreter_needed"]
    chat.send(change="household:applying")
    assert chat.asking == "household:applying"
    chat.send(choice="alone")
    assert chat.asking == "personal.1:first_name"


def test_a_picked_question_that_no_longer_applies_is_refused(chat):
    chat.answer_until("personal.1:first_name")
    chat.send(change="household:interpreter_language")
    assert "Den frågan gäller inte längre för ditt hushåll." in chat.said()
    assert chat.asking == "personal.1:first_name"


def test_help_shows_the_hint_and_help_text(chat):
    chat.answer_until("household:child_count")
    chat.send(command="help")
    question = chat.question
    said = chat.said()
    assert question.hint in said and question.help in said


def test_why_answers_from_the_questions_own_text(chat):
    chat.answer_until("household:protected_identity")
    chat.send(text="Varför?")
    # Asked together with the interpreter questions: why for each, after its question.
    assert f"{chat.question.label} – {chat.question.why}" in chat.said()
    assert chat.asking == "household:protected_identity"


def test_commands_are_understood_in_the_page_language_and_in_swedish(english_chat):
    english_chat.answer_until("household:child_count")
    english_chat.send(text="Back")
    assert english_chat.asking == "household:applying"
    english_chat.send(command="keep")
    english_chat.send(text="tillbaka")
    assert english_chat.asking == "household:applying"


def test_show_my_answers_summarises_what_is_saved(chat):
    chat.answer_until("personal.1:last_name")
    chat.send(text="Visa mina svar")
    groups = chat.parts("summary")[0].groups
    rows = {row.text.source(): row.answer for group in groups for row in group.rows}
    assert rows["Söker du ensam eller tillsammans med en annan vuxen?"].source() == \
        "Jag söker tillsammans med en annan vuxen"
    assert rows["Förnamn"] == "Testa"


def test_talk_to_a_person_gives_the_social_office_from_configuration(chat, shared_app):
    chat.send(command="person")
    text = chat.parts("p")[0].text
    # The number is isolated left to right, as the pages and the PDF isolate it.
    assert text.values == {"municipality": shared_app.config["MUNICIPALITY_NAME"],
                           "phone": f"\u2066{shared_app.config['SOCIAL_OFFICE_PHONE']}\u2069"}


def test_start_over_asks_first_and_keeps_the_saved_answers(chat):
    chat.answer_until("personal.1:first_name")
    saved = dict(chat.answers)
    chat.send(command="restart")
    assert chat.state.awaiting == "restart"
    outcome = chat.send(command="confirm_restart")
    assert outcome.restart and outcome.saves == []
    assert chat.answers == saved
    assert chat.transcript[0].number == 1
    assert chat.asking == "personal.1:first_name"


def test_start_over_can_be_declined_by_typing_no(chat):
    chat.send(command="restart")
    outcome = chat.send(text="nej")
    assert not outcome.restart
    assert chat.state.awaiting is None
    assert chat.asking == "household:applying"


class FakeKnowledge:
    def __init__(self, confident: bool) -> None:
        self.confident = confident

    def search(self, query):
        from selfservice.glossary import Hit
        return [Hit("riksnorm", 0.9), Hit("forsorjningsstod", 0.4), Hit("a_kassa", 0.2)]

    def is_confident(self, hits):
        return self.confident


@pytest.mark.parametrize("confident", [True, False])
def test_a_typed_question_is_answered_from_the_glossary_or_honestly_not(chat, confident):
    fake = FakeKnowledge(confident)
    chat.ctx.search, chat.ctx.is_confident = fake.search, fake.is_confident
    chat.answer_until("household:child_count")
    outcome = chat.send(text="vad är riksnorm")
    assert outcome.saves == []
    if confident:
        assert [part.id for part in chat.parts("entry")] == ["riksnorm"]
    else:
        assert "Det vet jag tyvärr inte säkert." in chat.said()
        assert [item.id for item in chat.parts("entries")[0].items] == \
            ["riksnorm", "forsorjningsstod"]
        assert any("handläggare" in text for text in chat.said())
    assert chat.asking == "household:child_count"


def test_a_question_mark_on_a_free_text_question_is_treated_as_a_question(chat):
    chat.answer_until("personal.1:first_name")
    outcome = chat.send(text="Måste jag skriva mitt riktiga namn?")
    assert outcome.saves == []
    assert any(text.startswith("Jag sparade inte det du skrev") for text in chat.said())


# Questions as people type them on a phone at the first-name question: no question mark, no
# accents, spoken forms. None of them may become the person's first name.
TYPED_QUESTIONS = {
    "sv": ["vad betyder forsorjningsstod", "vad ar riksnorm", "hur lange sparas mina svar",
           "kan jag fa tolk", "maste jag skriva mitt riktiga namn", "va e en handlaggare"],
    "en": ["what does self sufficiency mean", "can i get an interpreter",
           "how long are my answers kept", "do i need an id", "whats riksnorm"],
    "fi": ["mitä tarkoittaa omavaraisuus", "mita on toimeentulotuki", "saanko tulkin",
           "tarvitsenko henkilotodistuksen", "paljonko saan rahaa", "onko pakko vastata"],
    "ar": ["شو يعني الاعالة الذاتية", "ما هو المعيار الوطني", "هل يمكنني الحصول على مترجم",
           "اين اجد الاستمارة", "مين بيقرر", "قديش بياخد وقت"],
}
# Names and answers that must still be taken as they are.
TYPED_NAMES = {"sv": ["Testa", "Anna-Karin"], "en": ["Mary Ann", "Provia"],
               "fi": ["Marko", "Jussi-Pekka"], "ar": ["محمد", "فاطمة الزهراء"]}


@pytest.fixture(params=sorted(TYPED_QUESTIONS))
def chat_in(request, shared_app):
    with shared_app.test_request_context(f"/?lang={request.param}"):
        yield request.param, Chat(current_context(), urgent_answered())


def test_a_question_typed_without_a_question_mark_is_never_stored_as_a_name(chat_in):
    language, chat = chat_in
    chat.answer_until("personal.1:first_name")
    for typed in TYPED_QUESTIONS[language]:
        outcome = chat.send(text=typed)
        assert outcome.saves == [], typed
        assert chat.asking == "personal.1:first_name", typed
        assert chat.state.awaiting == "confirm_answer" and chat.state.pending == typed
        assert [p.text.msgid for p in chat.parts("p") if p.style == "hint"] == \
            [ANSWER_OR_QUESTION], typed
    for name in TYPED_NAMES[language]:
        assert chat.send(text=name).saves[0].value == name
        chat.send(command="back")


def test_a_question_kept_back_is_saved_when_the_person_says_it_was_their_answer(chat):
    chat.answer_until("personal.1:first_name")
    chat.send(text="Vad")  # a name can be anything, also a word that starts questions
    assert chat.state.pending == "Vad"
    outcome = chat.send(command="keep_typed")
    assert [(s.question_id, s.value) for s in outcome.saves] == [("first_name", "Vad")]
    assert chat.state.pending is None and chat.asking == "personal.1:last_name"


def test_typing_something_else_drops_the_question_kept_back(chat):
    chat.answer_until("personal.1:first_name")
    chat.send(text="kan jag fa tolk")
    outcome = chat.send(text="Testa")
    assert [(s.question_id, s.value) for s in outcome.saves] == [("first_name", "Testa")]
    assert chat.state.pending is None and chat.state.awaiting is None


def test_a_name_with_digits_or_a_whole_sentence_is_confirmed_before_it_is_saved(chat):
    chat.answer_until("personal.1:first_name")
    for typed in ("19850423-9982", "jag heter Testa och bor i Exempelstad"):
        assert chat.send(text=typed).saves == [], typed
        assert chat.state.pending == typed


def test_an_answer_for_a_question_no_longer_asked_is_not_saved(chat):
    outcome = chat.send(choice="yes", asked="household:protected_identity")
    assert outcome.saves == []
    assert chat.asking == "household:applying"


def test_protected_identity_points_to_the_safety_page(chat):
    chat.answer_until("household:protected_identity")
    chat.send(choice="yes")
    assert [part.endpoint for part in chat.parts("link")] == ["intake.safety"]


def test_the_suggestion_comes_before_the_category_question(chat):
    chat.answer_until("rating_choice.1:category")
    kinds = [part.kind for part in chat.last.messages[-1].parts]
    assert kinds.index("suggestion") < kinds.index("question")
    assert chat.parts("suggestion")[0].category == "am1"


def test_everything_answered_links_to_check_answers(chat):
    chat.answer_everything()
    assert [part.endpoint for part in chat.parts("link")] == ["intake.check"]


def test_a_page_saved_by_the_web_form_is_not_asked_again(chat, shared_app):
    answers = {"urgent": {"urgent_needs": ["none"]},
               "household": {"applying": "alone", "child_count": 0,
                             "protected_identity": "no", "interpreter_needed": "no"},
               # saved by the form with the optional questions left empty
               "personal.1": {"first_name": "Testa", "last_name": "Exempelsson",
                              "has_identity_number": "no", "date_of_birth": "1985-04-23",
                              "gender": "woman", "residence_status": "swedish_citizen"}}
    resumed = Chat(chat.ctx, answers)
    assert resumed.asking == "occupation.1:status"


def test_a_page_the_chat_is_filling_asks_its_optional_questions(chat):
    chat.answer_until("personal.1:best_language")
    assert chat.asking == "personal.1:best_language"


def test_resume_catches_up_with_answers_given_in_the_web_form(chat):
    chat.answer_until("household:protected_identity")
    chat.answers["household"].update(protected_identity="no", interpreter_needed="no")
    outcome = resume(chat.ctx, chat.state, chat.answers)
    assert "Välkommen tillbaka! Vi fortsätter där du är nu." in chat.said(outcome)
    assert outcome.state.asking == "personal.1:first_name"
    assert resume(chat.ctx, outcome.state, chat.answers).messages == []


def test_bot_messages_are_stored_as_message_ids_not_rendered_text(chat):
    question = chat.parts("question")[0]
    stored = dump(question)
    assert stored["t"] == {"m": "Söker du ensam eller tillsammans med en annan vuxen?", "v": {}}
    assert unpack(stored["t"]) == Text("Söker du ensam eller tillsammans med en annan vuxen?")


def test_unknown_commands_get_general_help(chat):
    outcome = chat.send(command="__class__")
    assert outcome.saves == []
    assert chat.asking == "household:applying"


# Yes, no and a choice as people type them, in the page's language.
EVERYDAY_YES = {"sv": ["japp", "JA", "jo"], "en": ["yeah", "Yep", "sure"],
                "fi": ["joo", "juu", "kylla"], "ar": ["نعم", "ايوه", "أيوه"]}
EVERYDAY_NO = {"sv": ["nä", "nej tack"], "en": ["nope", "nah"], "fi": ["en", "ei", "en ole"],
               "ar": ["لا", "مو"]}
EVERYDAY_CHOICE = {
    "sv": [("ensam", "alone"), ("jag soker ensam", "alone"), ("2", "together")],
    "en": [("alone", "alone"), ("together with another adult", "together"), ("1", "alone")],
    "fi": [("yksin", "alone"), ("haen yhdessa", "together")],
    "ar": [("وحدي", "alone"), ("مع شخص بالغ اخر", "together")],
}


def test_yes_and_no_are_understood_as_people_type_them(chat_in):
    language, chat = chat_in
    chat.answer_until("household:interpreter_needed")
    for typed in EVERYDAY_YES[language]:
        assert chat.send(text=typed).saves[0].value == "yes", typed
        chat.send(command="back")
    for typed in EVERYDAY_NO[language]:
        assert chat.send(text=typed).saves[0].value == "no", typed
        chat.send(command="back")


def test_a_choice_is_understood_by_its_words_or_its_number(chat_in):
    language, chat = chat_in
    for typed, code in EVERYDAY_CHOICE[language]:
        assert chat.asking == "household:applying"
        outcome = chat.send(text=typed)
        assert [s.value for s in outcome.saves] == [code], typed
        chat.send(command="back")


def test_a_question_at_a_choice_question_is_not_taken_for_a_choice(chat_in):
    language, chat = chat_in
    typed = {"sv": "vad betyder ensam", "en": "what does alone mean",
             "fi": "mita tarkoittaa yksin", "ar": "شو يعني وحدي"}[language]
    assert chat.send(text=typed).saves == []
    assert chat.asking == "household:applying"


COMMANDS_AS_TYPED = {
    "sv": [("varfor fragar ni det har", WHY_INTRO), ("jag vill prata med en person tack", PERSON),
           ("hjalp mig", ASK_ANYTHING)],
    "en": [("why do you need this", WHY_INTRO), ("i want to talk to someone", PERSON),
           ("shwo my answers", SUMMARY_INTRO)],
    "fi": [("miksi kysytte tätä", WHY_INTRO), ("haluan puhua ihmiselle", PERSON),
           ("nayta vastaukseni", SUMMARY_INTRO)],
    "ar": [("ليش هالسؤال", WHY_INTRO), ("بدي احكي مع حدا", PERSON),
           ("عرض اجاباتي", SUMMARY_INTRO)],
}


def test_commands_are_understood_in_other_words_without_accents_and_with_typos(chat_in):
    language, chat = chat_in
    chat.answer_until("personal.1:first_name")
    for typed, said in COMMANDS_AS_TYPED[language]:
        outcome = chat.send(text=typed)
        assert outcome.saves == [], typed
        shown = [p.text.msgid for p in chat.parts("p")]
        assert said in shown, typed
        assert chat.asking == "personal.1:first_name", typed


LISTS_AS_TYPED = {"sv": "vanner och grannar", "en": "friends and neighbours",
                  "fi": "ystavat ja naapurit", "ar": "الأصدقاء و الجيران"}


def test_a_multiple_choice_is_understood_as_a_typed_list(chat_in):
    language, chat = chat_in
    chat.answer_until("network:support_from")
    outcome = chat.send(text=LISTS_AS_TYPED[language])
    assert [s.value for s in outcome.saves if s.question_id == "support_from"] == \
        [["friends", "neighbours"]]


def test_a_list_with_an_unknown_item_says_which_one(chat):
    chat.answer_until("network:support_from")
    assert chat.send(text="vänner och kusiner").saves == []
    error = next(p for p in chat.parts("p") if p.style == "error")
    assert error.text.msgid == messages.UNKNOWN_CHOICES
    assert error.text.values == {"part": "kusiner"}


def test_change_shows_the_current_answers_by_area_and_person(chat):
    chat.answer_until("personal.1:gender")
    chat.send(command="change")
    items = chat.parts("change")[0].items
    by_ref = {item.ref: item for item in items}
    assert by_ref["household:applying"].answer.source() == \
        "Jag söker tillsammans med en annan vuxen"
    assert by_ref["personal.1:first_name"].answer == "Testa"
    assert by_ref["personal.1:first_name"].member.source() == "Person 1"
    assert [item.area.source() for item in items][:2] == ["Akut hjälp", "Om hushållet"]
    assert {item.area.source() for item in items} == {"Akut hjälp", "Om hushållet",
                                                      "Personuppgifter"}


def test_wanting_to_change_an_answer_is_not_stored_as_the_work_goal(shared_app):
    """The Finnish sentence from issue 14 was stored as the person's work goal."""
    with shared_app.test_request_context("/?lang=fi"):
        chat = Chat(current_context())
        chat.answer_until("occupation.1:work_goal")
        outcome = chat.send(text="haluaisin muuttaa vastausta")
        assert outcome.saves == []
        assert chat.state.awaiting == "change"
        chat.send(command="cancel")
        # A question typed as free text is answered and kept back, not stored.
        assert chat.send(text="mita tarkoittaa omavaraisuus").saves == []
        assert chat.state.pending == "mita tarkoittaa omavaraisuus"
        # An ordinary answer is stored as written.
        outcome = chat.send(text="Haluaisin työskennellä kaupassa.")
        assert [s.value["text"] for s in outcome.saves] == ["Haluaisin työskennellä kaupassa."]


@pytest.mark.parametrize(("typed", "first", "offered"), [
    ("kan jag få tolk", "fa_tolk", "tolk"),  # the two score alike: the better, then the other
    ("tolk?", "tolk", "fa_tolk"),  # just the word: its own entry first
])
def test_two_close_related_entries_answer_with_one_and_offer_the_other(chat, typed, first,
                                                                       offered):
    chat.answer_until("household:applying")
    outcome = chat.send(text=typed)
    entries = [p for m in outcome.messages for p in m.parts if p.kind == "entry"]
    choices = [p for m in outcome.messages for p in m.parts if p.kind == "entries"]
    assert [e.id for e in entries] == [first]
    assert [c.id for c in choices[0].items] == [offered]
    assert "Menade du kanske det här?" in chat.said()
    assert "applying" not in chat.answers.get("household", {})
