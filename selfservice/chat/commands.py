"""What the buttons and typed commands do: back, skip, help, why, change, summary, restart."""

from __future__ import annotations

from selfservice.chat.messages import (
    ChangeChoice,
    ChangeChoices,
    Summary,
    SummaryGroup,
    SummaryRow,
)
from selfservice.chat.model import (
    Outcome,
    answer_text,
    entry_part,
    link,
    paragraph,
    ref_of,
)
from selfservice.chat.texts import (
    ASK_ANYTHING,
    BUTTON_LABELS,
    CANNOT_SKIP,
    CANNOT_SKIP_ESCAPE,
    COMMANDS,
    CONFIRM_RESTART,
    FIRST_QUESTION,
    GENERAL_HELP,
    GONE_QUESTION,
    GREETING_HELP,
    KEEP_TYPED,
    LABELLED,
    NO_HELP,
    NO_QUESTION,
    NOTHING_ANSWERED,
    PERSON,
    PERSON_MORE,
    PICK_QUESTION,
    RESTART_CANCELLED,
    RESTART_QUESTION,
    RESTARTED,
    SUMMARY_EMPTY,
    SUMMARY_INTRO,
    WHY_INTRO,
)
from selfservice.chat.together import Together
from selfservice.i18n import Text
from selfservice.questionnaire.summary import household_summary
from selfservice.questionnaire.types import ESCAPE_LABELS


class Conversation(Together):
    """A turn that can also carry out commands."""

    # -------------------------------------------------------------- commands

    def command(self, command: str, typed: str | None = None) -> None:
        if command not in COMMANDS and command not in BUTTON_LABELS:
            self.say(paragraph(Text(GENERAL_HELP)))
            return
        if typed is not None:
            self.heard_text(typed)
        elif command in COMMANDS:
            self.heard(Text(COMMANDS[command][0]))
        elif command in BUTTON_LABELS:
            self.heard(Text(BUTTON_LABELS[command]))
        if command != CONFIRM_RESTART:
            self.state.awaiting = None
        if command != KEEP_TYPED:
            self.state.pending = None
        getattr(self, f"_command_{command}")()

    def _command_keep_typed(self) -> None:
        self.keep_pending()

    def _command_back(self) -> None:
        found = self.previous_question()
        if found is None:
            self.say(paragraph(Text(FIRST_QUESTION)))
            return
        self.ask(found, revisit=True)

    def _command_keep(self) -> None:
        self.advance()

    def _command_skip(self) -> None:
        found = self.current()
        if found is None:
            self.say(paragraph(Text(NO_QUESTION)))
            return
        step, question = found
        if question.required:
            parts = [paragraph(Text(CANNOT_SKIP))]
            if question.escapes:
                escape = Text(ESCAPE_LABELS[question.escapes[0]])
                parts.append(paragraph(Text(CANNOT_SKIP_ESCAPE, {"escape": escape})))
            self.say(*parts)
            return
        self.store(step, question, None)

    def _command_help(self) -> None:
        found = self.current()
        if found is None:
            self.say(paragraph(Text(GENERAL_HELP)), paragraph(Text(ASK_ANYTHING)))
            return
        _step, question = found
        parts = [paragraph(Text(t), "help") for t in (question.hint, question.help) if t]
        if not parts:
            parts.append(paragraph(Text(NO_HELP)))
        query = " ".join(self.ctx.translate(t) for t in (question.label, question.hint) if t)
        if self.ctx.entry is not None:
            for hit in self.search(query)[:2]:
                if self.ctx.is_confident([hit]):
                    parts.append(entry_part(self.ctx.entry(hit.entry_id)))
        parts.append(paragraph(Text(ASK_ANYTHING)))
        self.say(*parts)

    def _command_why(self) -> None:
        found = self.current()
        if found is None:
            self.say(paragraph(Text(NO_QUESTION)))
            return
        if not self.state.together:
            self.say(paragraph(Text(WHY_INTRO)), paragraph(Text(found[1].why), "why"))
            return
        step = found[0]
        self.say(paragraph(Text(WHY_INTRO)), *(
            paragraph(Text(LABELLED, {"question": Text(question.label),
                                      "text": Text(question.why)}), "why")
            for question in (step.page.question(i) for i in self.state.together)))

    def _command_change(self) -> None:
        items = []
        for step, question, kept in self.walk():
            value = kept.get(step.key, {}).get(question.id)
            if question.id in kept.get(step.key, {}):
                section = self.ctx.questionnaire.section(step.section_id)
                items.append(ChangeChoice(ref_of(step, question), Text(question.label),
                                          answer=answer_text(question, value),
                                          area=Text(section.title) if section else None,
                                          **self._member(step)))
        if not items:
            self.say(paragraph(Text(NOTHING_ANSWERED)))
            return
        self.state.awaiting = "change"
        self.say(paragraph(Text(PICK_QUESTION)), ChangeChoices(tuple(items)))

    def pick(self, ref: str) -> None:
        self.state.awaiting = None
        found = self.find(ref)
        if found is None:
            self.say(paragraph(Text(GONE_QUESTION)))
            current = self.current()
            if current is not None:
                self.ask(current, revisit=self.state.revisit)
            return
        self.heard(Text(found[1].label))
        self.ask(found, revisit=True)

    def _command_summary(self) -> None:
        steps, kept = self.planned()
        groups = []
        for area in household_summary(self.ctx.questionnaire, steps, kept):
            for part in area.steps:
                rows = tuple(SummaryRow(Text(row.question.label),
                                        answer_text(row.question, row.value))
                             for row in part.rows if row.value is not None)
                if rows:
                    groups.append(SummaryGroup(Text(part.step.page.title), rows,
                                               **self._member(part.step)))
        if not groups:
            self.say(paragraph(Text(SUMMARY_EMPTY)))
            return
        check = self.ctx.journey.check_link
        self.say(paragraph(Text(SUMMARY_INTRO)), Summary(tuple(groups)),
                 *([link(*check)] if check else []))

    def _command_restart(self) -> None:
        self.state.awaiting = "restart"
        self.say(paragraph(Text(RESTART_QUESTION)))

    def _command_confirm_restart(self) -> None:
        if self.state.awaiting != "restart":
            self.say(paragraph(Text(GENERAL_HELP)))
            return
        # Only the transcript goes; answers, skipped questions and pages stay as they are.
        self.state.asking = self.state.awaiting = self.state.step = None
        self.state.revisit, self.state.count = False, 0
        self.out = Outcome(self.state, saves=self.out.saves, restart=True)
        self.say(paragraph(Text(RESTARTED)), paragraph(Text(GREETING_HELP)))
        self.advance()

    def _command_person(self) -> None:
        self.say(paragraph(Text(PERSON, {"municipality": self.ctx.municipality,
                                  "phone": self.ctx.office_phone})), paragraph(Text(PERSON_MORE)))

    def _command_cancel(self) -> None:
        self.say(paragraph(Text(RESTART_CANCELLED)))
        current = self.current()
        if current is not None:
            self.ask(current, revisit=self.state.revisit)
        else:
            self.advance()
