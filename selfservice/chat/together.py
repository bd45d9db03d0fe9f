"""Questions the chat asks in one message: what the page lists under ``ask_together``.

A conversation one question at a time takes twice the turns of the web form; first and last
name, a page's amounts or a few yes/no questions belong together. The fields are the web
form's own and are read by the form engine, so every value and every message about bad input
is word for word the page's. Only the questions that apply and are not answered yet are asked;
one whose condition looks at another question asked with it comes along and counts only when
its condition holds. Text that reads as a question is answered and kept back, never stored.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from wtforms import Form

from selfservice.chat.messages import SummaryRow
from selfservice.chat.model import Save, Turn, answer_text, paragraph, ref_of
from selfservice.chat.talk import Talk
from selfservice.chat.texts import KEPT_BACK, LABELLED, STALE_QUESTION
from selfservice.i18n import Text
from selfservice.questionnaire.engine import Step, guidance_after
from selfservice.questionnaire.forms import (
    build_questions_form,
    read_questions,
    revealed_by,
    shown_questions,
)
from selfservice.questionnaire.model import Question


class Together(Talk):
    """A turn that asks, and reads, several questions of one page at once."""

    def together_with(self, step: Step, question: Question) -> list[Question]:
        """Return the questions to ask in one message with ``question``, itself first."""
        group = step.page.asked_with(question.id)
        if len(group) == 1:
            return [question]
        kept = self.planned()[1]
        visible = {q.id for s, qs in self.pages() if s.key == step.key for q in qs}
        asked: list[Question] = []
        for candidate in shown_questions(self.ctx.questionnaire, step, kept):
            if candidate.id not in group or self._resolved(step, candidate, kept):
                continue
            revealers = revealed_by(candidate)
            if candidate.id in visible or (revealers and revealers <= {q.id for q in asked}):
                asked.append(candidate)
        if question not in asked:
            return [question]
        return [question, *(q for q in asked if q is not question)]

    def ask(self, found: tuple[Step, Question], *, revisit: bool = False) -> None:
        step, question = found
        together = [question] if revisit else self.together_with(step, question)
        if len(together) == 1:
            super().ask(found, revisit=revisit)
            self.state.together = []
            return
        parts = self._opening(step, question)
        first, *rest = (replace(self._question_part(step, q), hint=None) for q in together)
        # Who the questions are about is said once, above the first; the hints are beside
        # the fields.
        parts += [first, *(replace(part, member=None, name=None) for part in rest)]
        self.say(*parts, *self._offer(step, together))
        self.state.asking, self.state.revisit, self.state.step = \
            ref_of(step, question), False, step.key
        self.state.together = [q.id for q in together]

    def finish(self):
        outcome = super().finish()
        if outcome.question is not None and self.state.together:
            step = outcome.question[0]
            outcome.together = [step.page.question(i) for i in self.state.together]
        return outcome

    def answer(self, turn: Turn) -> None:
        found = self.current()
        if not self.state.together or turn.posted is None or found is None:
            if turn.text.strip() or turn.choice:
                # Typed or tapped: an answer to the first question alone (an older page).
                self.state.together = []
            super().answer(turn)
            return
        if turn.asked != self.state.asking or turn.together != " ".join(self.state.together):
            self.say(paragraph(Text(STALE_QUESTION)))
            self.ask(found)
            return
        self.answer_together(found[0], turn.posted)

    def answer_together(self, step: Step, posted: Any) -> None:
        questions = [step.page.question(i) for i in self.state.together]
        form = build_questions_form(questions, {}, formdata=posted, base=Form)
        kept = self.planned()[1]
        rows, problems, held = [], [], []
        values: dict[str, Any] = {}
        read: dict[str, Any] = {}
        wrong: set[str] = set()
        earlier = {key: value for key, value in kept.get(step.key, {}).items()
                   if key not in self.state.together}
        for question, value, error in read_questions(self.ctx.questionnaire, step, form, kept,
                                                     earlier):
            read[question.id] = value
            typed = _typed(question, form)
            if error is not None:
                wrong.add(question.id)
                problems.append(paragraph(Text(LABELLED, {
                    "question": Text(question.label), "text": error}), "error"))
                if typed:
                    rows.append(SummaryRow(Text(question.label), typed))
            elif value is not None and self._held_back(question, value):
                held.append((question, value))
                rows.append(SummaryRow(Text(question.label), value))
            elif value is not None:
                values[question.id] = value
                rows.append(SummaryRow(Text(question.label), answer_text(question, value)))
        if rows:
            self._message("person", rows=tuple(rows), lang=self.ctx.locale)
        self.state.pending = self.state.pending_question = None
        for question in questions:
            ref = ref_of(step, question)
            if question.id in values:
                self.save(Save(step.key, question.id, values[question.id]))
                self.state.skipped = [r for r in self.state.skipped if r != ref]
            elif question.id in read and read[question.id] is None and not question.required \
                    and question.id not in wrong:
                self.save(Save(step.key, question.id, None))
                if ref not in self.state.skipped:
                    self.state.skipped.append(ref)
        if problems:
            self.say(*problems)
        for question, value in held[:1]:
            self.knowledge(value)
            self.state.pending, self.state.pending_question = value, question.id
            self.say(paragraph(Text(KEPT_BACK, {"question": Text(question.label)}), "hint"))
        if values:
            self.say_guidance(guidance_after(step.page, values))
        self.advance()

    def _held_back(self, question: Question, value: Any) -> bool:
        """Return whether free text reads as a question and was not sent again as it is."""
        if not question.kind.takes_any_line or not isinstance(value, str):
            return False
        if self.state.pending == value and self.state.pending_question == question.id:
            return False
        return self._reads_as_question(question, value)


def _typed(question: Question, form: Form) -> str | None:
    raw = form[question.id].data
    return raw.strip()[:200] if isinstance(raw, str) and raw.strip() else None
