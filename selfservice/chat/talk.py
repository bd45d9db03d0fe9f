"""One turn of the conversation in progress: where it is, what to ask, and what was said.

A turn works on copies of the state and the answers and collects its messages and the
answers to store in an :class:`~selfservice.chat.model.Outcome`; nothing is stored here.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterator
from typing import Any

from selfservice.chat.messages import (
    EntryChoice,
    EntryChoices,
    Heading,
    Message,
    Part,
    QuestionPart,
    SuggestionPart,
)
from selfservice.chat.model import (
    ChatState,
    Context,
    Outcome,
    Save,
    Turn,
    answer_text,
    entry_part,
    link,
    paragraph,
    ref_of,
)
from selfservice.chat.texts import (
    ANSWER_OR_QUESTION,
    ASK_CASEWORKER,
    CLOSEST,
    DID_YOU_MEAN,
    DONT_KNOW,
    NO_QUESTION,
    PRIVATE_ANSWER,
    QUERY_LIMIT,
    SAFETY_LINK,
    SAFETY_TEXT,
    SAME_AS_FIRST,
    SKIPPED,
    STALE_QUESTION,
    STORED_TEXT_LIMIT,
    URGENT_LINK,
    URGENT_TEXT,
    YOUR_ANSWER,
)
from selfservice.chat.words import (
    as_list,
    implausible_name,
    looks_like_question,
    matching_code,
    names_entry,
)
from selfservice.i18n import Text
from selfservice.questionnaire.engine import (
    Answers,
    Step,
    guidance_after,
    visible_questions,
)
from selfservice.questionnaire.model import Question
from selfservice.questionnaire.types import InvalidAnswer

SENTENCE_WORDS = 2  # "tre" at a number question is a wrong answer, not a glossary question
WHOLE_SENTENCE = 6  # words: a sentence at a choice question says something else


def _digest(values: dict[str, Any] | None) -> str:
    raw = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


class Talk:
    """One turn in progress: a working copy of the state and answers, and what was said."""

    def __init__(self, ctx: Context, state: ChatState, answers: Answers) -> None:
        self.ctx = ctx
        self.state = copy.deepcopy(state)
        self.answers = copy.deepcopy(answers)
        self.out = Outcome(self.state)
        self._planned: tuple[list[Step], Answers] | None = None
        self._pages: list[tuple[Step, list[Question]]] | None = None
        self._hits: dict[str, list[Any]] = {}

    def finish(self) -> Outcome:
        self.out.question = self.current()
        if self.out.question is not None:
            step, question = self.out.question
            self.out.value = self.planned()[1].get(step.key, {}).get(question.id)
            asked = [step.page.question(i) for i in self.state.together] or [question]
            own = self.ctx.journey.offered(step)
            self.out.offered = {q.id: value for q in asked
                                if (value := own.get(q.id, self.first_members_answer(step, q)))
                                is not None and not self.state.revisit}
        return self.out

    def first_members_answer(self, step: Step, question: Question) -> Any:
        """Return the first member's answer where the page offers it to the next ones (the
        second adult's last name), unless this member has answered."""
        if question.id not in step.page.offer_same or not step.number or step.number == 1:
            return None
        if question.id in self.planned()[1].get(step.key, {}):
            return None
        return self.planned()[1].get(f"{step.page.id}.1", {}).get(question.id)

    def _offer(self, step: Step, questions: list[Question]) -> list[Part]:
        if not any(self.first_members_answer(step, q) is not None for q in questions):
            return []
        repeat = self.ctx.questionnaire.repeats[step.page.repeat]
        return [paragraph(Text(SAME_AS_FIRST, {"member": Text(repeat.label, {"number": 1})}),
                          "hint")]

    # -------------------------------------------------------------- messages

    def _message(self, by: str, **content: Any) -> None:
        self.state.count += 1
        self.out.messages.append(Message(number=self.state.count, by=by, **content))

    def say(self, *parts: Part) -> None:
        self._message("bot", parts=parts)

    def heard_text(self, text: str) -> None:
        if text.strip():
            self._message("person", text=text.strip()[:STORED_TEXT_LIMIT], lang=self.ctx.locale)

    def heard(self, *texts: Any) -> None:
        self._message("person", said=texts)

    # -------------------------------------------------------------- the questionnaire

    def planned(self) -> tuple[list[Step], Answers]:
        """Return the engine's plan for the answers as they are now in this turn."""
        if self._planned is None:
            self._planned = self.ctx.journey.plan(self.ctx.questionnaire, self.answers)
        return self._planned

    def pages(self) -> list[tuple[Step, list[Question]]]:
        """Return each step that applies with its questions that apply, in the form's order."""
        if self._pages is None:
            steps, kept = self.planned()
            self._pages = [(step, visible_questions(self.ctx.questionnaire, step, kept,
                                                    kept.get(step.key, {}))) for step in steps]
        return self._pages

    def walk(self) -> Iterator[tuple[Step, Question, Answers]]:
        kept = self.planned()[1]
        for step, questions in self.pages():
            for question in questions:
                yield step, question, kept

    def _resolved(self, step: Step, question: Question, kept: Answers) -> bool:
        saved = kept.get(step.key)
        if saved is not None and question.id in saved:
            return True
        if question.required:
            return False
        if ref_of(step, question) in self.state.skipped:
            return True
        # Seen on a page the web form saved (the chat did not write it last).
        return saved is not None and self.state.owned.get(step.key) != _digest(saved)

    def find(self, ref: str | None) -> tuple[Step, Question] | None:
        for step, question, _kept in self.walk():
            if ref_of(step, question) == ref:
                return step, question
        return None

    def next_question(self) -> tuple[Step, Question] | None:
        """Return the first question not dealt with; save pages finished with nothing."""
        for step, questions in self.pages():
            kept = self.planned()[1]
            for question in questions:
                if not self._resolved(step, question, kept):
                    return step, question
            if step.key not in kept:
                self.save(Save(step.key, None, None))
        return None

    def previous_question(self) -> tuple[Step, Question] | None:
        before = None
        for step, question, kept in self.walk():
            if ref_of(step, question) == self.state.asking:
                return before
            if self._resolved(step, question, kept):
                before = (step, question)
        return before

    def current(self) -> tuple[Step, Question] | None:
        return self.find(self.state.asking) if self.state.asking else None

    def save(self, save: Save) -> None:
        before = self.planned()[1].get(save.step_key)
        # A page the web form saved stays the form's: its empty optional questions were seen.
        ours = before is None or self.state.owned.get(save.step_key) == _digest(before)
        values = dict(self.answers.get(save.step_key, {}))
        if save.question_id is not None:
            if save.value is None:
                values.pop(save.question_id, None)
            else:
                values[save.question_id] = save.value
        self.answers[save.step_key] = values
        self.out.saves.append(save)
        self._planned = self._pages = None
        if ours:
            self.state.owned[save.step_key] = _digest(self.planned()[1].get(save.step_key))

    # -------------------------------------------------------------- asking

    def ask(self, found: tuple[Step, Question], *, revisit: bool = False) -> None:
        step, question = found
        parts = self._opening(step, question)
        if revisit:
            value = self.answers.get(step.key, {}).get(question.id)
            if value is not None and not question.private:
                parts.append(paragraph(Text(YOUR_ANSWER, {"answer": answer_text(question, value)})))
        parts.append(self._question_part(step, question))
        if not revisit:
            parts += self._offer(step, [question])
        self.say(*parts)
        self.state.asking, self.state.revisit, self.state.step = \
            ref_of(step, question), revisit, step.key

    def _opening(self, step: Step, question: Question) -> list[Part]:
        """Return what comes before a question: the page's heading when it is new, and the
        self-rating's suggestion before the page's first question."""
        parts: list[Part] = []
        if step.key != self.state.step:
            parts += self._heading(step)
        if step.page.suggestion and question.id == self._first_id(step):
            parts += self._suggestion(step)
        return parts

    def _first_id(self, step: Step) -> str | None:
        visible = next((qs for s, qs in self.pages() if s.key == step.key), [])
        return visible[0].id if visible else None

    def _member(self, step: Step) -> dict[str, Any]:
        """Return who a repeated step is about: "Person 2" and their first name, if known."""
        if step.number is None or step.page.repeat is None:
            return {"member": None, "name": None}
        repeat = self.ctx.questionnaire.repeats[step.page.repeat]
        name = None
        if repeat.name_question:
            page_id, _dot, question_id = repeat.name_question.partition(".")
            name = self.answers.get(f"{page_id}.{step.number}", {}).get(question_id)
        return {"member": Text(repeat.label, {"number": step.number}),
                "name": name if isinstance(name, str) and name else None}

    def _heading(self, step: Step) -> list[Part]:
        section = self.ctx.questionnaire.section(step.section_id)
        parts: list[Part] = [Heading(Text(step.page.title),
                                     section=Text(section.title) if section else None,
                                     **self._member(step))]
        if step.page.intro:
            parts.append(paragraph(Text(step.page.intro), "lead"))
        return parts

    def _suggestion(self, step: Step) -> list[Part]:
        suggestion = self.ctx.suggestion(step, self.answers)
        if suggestion is None:
            return []
        return [SuggestionPart(suggestion.category, tuple(suggestion.reasons))]

    def _question_part(self, step: Step, question: Question) -> QuestionPart:
        hint = Text(question.hint) if question.hint else question.kind.format_hint
        return QuestionPart(ref_of(step, question), Text(question.label), hint=hint,
                            optional=not question.required, **self._member(step))

    def advance(self) -> None:
        """Ask the next question, or say that everything is answered."""
        found = self.next_question()
        self.state.awaiting, self.state.revisit = None, False
        if found is not None:
            self.ask(found)
            return
        self.state.asking = self.state.step = None
        self.say(paragraph(Text(self.ctx.journey.all_done)), link(*self.ctx.journey.done_link))

    # -------------------------------------------------------------- answering

    def answer(self, turn: Turn) -> None:
        text = turn.text.strip()
        # Text kept back as a question, sent again as it was: it is the answer after all.
        confirmed = bool(text) and text == self.state.pending
        self.state.pending = self.state.pending_question = None
        found = self.current()
        if found is None:
            self.heard_text(text)
            if text and looks_like_question(self.ctx, text):
                self.knowledge(text)
            elif self.state.asking is None and self.next_question() is None:
                self.say(paragraph(Text(NO_QUESTION)), link(*self.ctx.journey.done_link))
            else:
                self.advance()
            return
        if turn.asked is not None and turn.asked != self.state.asking:
            self.heard_text(text)
            self.say(paragraph(Text(STALE_QUESTION)))
            self.ask(found, revisit=self.state.revisit)
            return
        step, question = found
        if text and question.kind.takes_any_line and not confirmed \
                and self._reads_as_question(question, text):
            # Any line is a valid answer here, so a question would be stored as one: answer
            # it, and keep the text until the person says it was their answer after all.
            self.heard_text(text)
            self.knowledge(text)
            self.state.pending, self.state.awaiting = text, "confirm_answer"
            self.say(paragraph(Text(ANSWER_OR_QUESTION), "hint"))
            return
        try:
            value, said = self._read(question, turn, text)
        except InvalidAnswer as error:
            self.heard_text(text)
            # Not an answer to this question: a question, or words the glossary knows well
            # ("a-kassa what is it"), are answered rather than told "choose an option".
            if text and self._not_an_answer(text):
                self.knowledge(text)
            else:
                self.say(paragraph(error.text, "error"))
            return
        if said is not None and question.private:
            self.heard(Text(PRIVATE_ANSWER))
        elif isinstance(said, str):
            self.heard_text(said)
        elif said is not None:
            self.heard(*said)
        self.store(step, question, value)

    def _not_an_answer(self, text: str) -> bool:
        """Tell whether text that is no valid answer to the question asks something instead:
        a question, words the glossary knows well, or a whole sentence."""
        words = len(text.split())
        return looks_like_question(self.ctx, text, anywhere=True) or words >= WHOLE_SENTENCE \
            or (words >= SENTENCE_WORDS and self.ctx.is_confident(self.search(text)))

    def _reads_as_question(self, question: Question, text: str) -> bool:
        if looks_like_question(self.ctx, text):
            return True
        if question.personal_data not in ("name", "address"):
            return False
        # A name or an address that the glossary knows well ("sjukpenning från kassan") is
        # a question typed in the wrong place, not an answer.
        return (question.personal_data == "name" and implausible_name(text)) or (
            len(text.split()) >= SENTENCE_WORDS and self.ctx.is_confident(self.search(text)))

    def keep_pending(self) -> None:
        """Save the typed text kept back as a possible question: the person says it was
        their answer."""
        typed, self.state.pending = self.state.pending, None
        found = self.current()
        if not typed or found is None:
            self.advance()
            return
        step, question = found
        try:
            value = question.kind.read_typed(
                question, typed, lambda q, words: matching_code(self.ctx, q, words))
        except InvalidAnswer as error:
            self.say(paragraph(error.text, "error"))
            return
        self.store(step, question, value)

    def _read(self, question: Question, turn: Turn, text: str) -> tuple[Any, Any]:
        """Return the value to store and what the person said, as the chat shows it."""
        kind = question.kind
        if turn.choice is not None:
            return kind.read_tapped(question, turn.choice), [kind.said(question, turn.choice)]
        if kind.multiple and turn.choices:
            value = kind.read_ticked(question, turn.choices)
            return value, [kind.said(question, code) for code in turn.choices]
        if not text:
            return kind.read_posted(question, ""), None
        def matcher(q: Question, words: str) -> str | None:
            return matching_code(self.ctx, q, words)

        if not kind.multiple:
            return kind.read_typed(question, text, matcher), text
        attached = as_list(self.ctx, text, attached=True)
        if attached != as_list(self.ctx, text):
            # "عاطل عن العمل ومريض": "and" written onto the next word, if every part is a
            # choice; a word may also just begin with that letter.
            try:
                return kind.read_typed(question, attached, matcher), text
            except InvalidAnswer:
                pass
        return kind.read_typed(question, as_list(self.ctx, text), matcher), text

    def store(self, step: Step, question: Question, value: Any) -> None:
        ref = ref_of(step, question)
        self.save(Save(step.key, question.id, value))
        if value is None:
            if ref not in self.state.skipped:
                self.state.skipped.append(ref)
            self.say(paragraph(Text(SKIPPED)))
        else:
            self.state.skipped = [r for r in self.state.skipped if r != ref]
        # The web form sends the same person to the safety page at this point.
        if value is not None:
            self.say_guidance(guidance_after(step.page, {question.id: value}))
        self.advance()

    def say_guidance(self, mark: str | None) -> None:
        """Say what the web form's guidance page for a raised mark says, with a link to it."""
        if mark == "urgent":
            self.say(paragraph(Text(URGENT_TEXT, {"phone": self.ctx.office_phone,
                                                  "emergency": self.ctx.emergency_phone})),
                     link("intake.urgent", URGENT_LINK))
        elif mark == "safety":
            self.say(paragraph(Text(SAFETY_TEXT)), link("intake.safety", SAFETY_LINK))

    # -------------------------------------------------------------- free questions

    def search(self, text: str) -> list[Any]:
        """Return the glossary's hits for typed text, searched once per turn."""
        if text not in self._hits:
            self._hits[text] = self.ctx.search(text[:QUERY_LIMIT])
        return self._hits[text]

    def knowledge(self, text: str) -> None:
        """Answer a typed question from the glossary and FAQ, or say honestly we do not know."""
        hits = self.search(text)
        if self.ctx.entry is not None and self.ctx.is_confident(hits):
            self.say(entry_part(self.ctx.entry(hits[0].entry_id)))
            return
        if self.ctx.entry is not None and len(hits) > 1 and self.ctx.is_confident(hits[:1]):
            best, other = self.ctx.entry(hits[0].entry_id), self.ctx.entry(hits[1].entry_id)
            if names_entry(self.ctx, text, other.title):
                best, other = other, best  # "tolk": the word's own entry, then the question
            # Two entries about one thing score close ("interpreter", "can I get one"): answer
            # with the better and offer the other, rather than say "I do not know".
            if other.id in best.see_also or best.id in other.see_also:
                self.say(entry_part(best), paragraph(Text(DID_YOU_MEAN)),
                         EntryChoices((EntryChoice(other.id, Text(other.title)),)))
                return
        parts = [paragraph(Text(DONT_KNOW))]
        closest = [self.ctx.entry(hit.entry_id) for hit in hits[:2]] if self.ctx.entry else []
        if closest:
            parts += [paragraph(Text(CLOSEST)), EntryChoices(tuple(
                EntryChoice(e.id, Text(e.title)) for e in closest))]
        parts.append(paragraph(Text(ASK_CASEWORKER, {"phone": self.ctx.office_phone})))
        self.say(*parts)

    def show_entry(self, entry_id: str) -> None:
        try:
            entry = self.ctx.entry(entry_id) if self.ctx.entry else None
        except KeyError:
            entry = None
        if entry is None:
            self.say(paragraph(Text(DONT_KNOW)))
            return
        self.heard(Text(entry.title))
        self.say(entry_part(entry))
