"""The questionnaire as a conversation: what the bot says next and which answers to save.

One turn is a pure function of the questionnaire, the draft's answers, the chat's state and
what the person sent (:func:`respond`). The form engine decides everything about questions:
the order and conditions come from :func:`~selfservice.questionnaire.engine.plan`, input is
read by :func:`~selfservice.questionnaire.forms.read_answer`, so a message about bad input is
word for word the web form's. Bot messages are stored as message ids and values, never as
rendered text, so that they show in the page's language and, for an interpreter, in Swedish.

A question counts as dealt with when it has an answer, when the person skipped it in the
chat, or when it is optional and its page was saved by the web form (the form shows every
question of a page at once, so an empty optional field there was seen and left empty).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from selfservice.i18n import N_, Text
from selfservice.questionnaire.engine import (
    Answers,
    Step,
    leads_to_safety,
    plan,
    visible_questions,
)
from selfservice.questionnaire.model import Question, Questionnaire
from selfservice.questionnaire.summary import household_summary
from selfservice.questionnaire.types import (
    ESCAPE_LABELS,
    YES_NO_LABELS,
    InvalidAnswer,
    is_escape,
)

# Translators: each command has a button label and the words a person may type instead,
# separated by commas. Keep the Swedish words out: they always work as well.
COMMANDS: dict[str, tuple[str, str]] = {
    "back": (N_("Tillbaka"), N_("tillbaka, bakåt, förra frågan, föregående fråga")),
    "skip": (N_("Hoppa över"), N_("hoppa över, hoppa över frågan")),
    "help": (N_("Hjälp"), N_("hjälp, hjälp mig, jag förstår inte")),
    "why": (N_("Varför frågar vi?"), N_("varför, varför frågar ni, varför frågar du")),
    "change": (N_("Ändra ett svar"), N_("ändra, ändra svar, ändra ett svar, rätta")),
    "summary": (N_("Visa mina svar"), N_("visa mina svar, mina svar, visa svaren")),
    "restart": (N_("Börja om"), N_("börja om, starta om, börja om samtalet")),
    "person": (N_("Prata med en person"),
               N_("prata med en person, jag vill prata med en person, ring, människa")),
}
# Commands that buttons send but nobody types.
KEEP, CONFIRM_RESTART, CANCEL = "keep", "confirm_restart", "cancel"
KEEP_LABEL = N_("Behåll svaret")
CONFIRM_LABEL = N_("Ja, börja om")
CANCEL_LABEL = N_("Nej, fortsätt")
BUTTON_LABELS = {KEEP: KEEP_LABEL, CONFIRM_RESTART: CONFIRM_LABEL, CANCEL: CANCEL_LABEL}

# Translators: words a question often starts with, separated by commas.
QUESTION_WORDS = N_("vad, vem, vilken, vilket, vilka, hur, när, var, vart, varför, kan, får, "
                    "måste, ska, behöver, finns, är, gäller, betyder")
QUESTION_MARKS = ("?", "؟", "¿")
QUERY_LIMIT = 300  # characters of a typed question that retrieval looks at
STORED_TEXT_LIMIT = 3000  # what the transcript keeps of one typed message

GREETING = N_("Hej! Jag ställer frågorna i ansökan, en i taget. Allt du svarar sparas direkt.")
GREETING_HELP = N_("Tryck på ett svar eller skriv. Du kan också skriva en egen fråga, till "
                   "exempel ”Vad är riksnorm?”, eller trycka på knapparna under frågan.")
WELCOME_BACK = N_("Välkommen tillbaka! Vi fortsätter där du är nu.")
STALE_QUESTION = N_("Frågan hann ändras innan ditt svar kom fram. Här är frågan nu.")
YOUR_ANSWER = N_("Ditt svar nu: %(answer)s")
SKIPPED = N_("Du hoppade över frågan.")
CANNOT_SKIP = N_("Den här frågan behöver ett svar, så du kan inte hoppa över den.")
CANNOT_SKIP_ESCAPE = N_("Vet du inte, eller vill du inte svara? Då kan du välja ”%(escape)s”.")
NO_QUESTION = N_("Just nu finns det ingen fråga att svara på.")
FIRST_QUESTION = N_("Det här är den första frågan. Det finns ingen fråga före.")
NOTHING_ANSWERED = N_("Du har inte svarat på någon fråga än.")
PICK_QUESTION = N_("Vilket svar vill du ändra? Välj frågan.")
GONE_QUESTION = N_("Den frågan gäller inte längre för ditt hushåll.")
WHY_INTRO = N_("Därför frågar vi:")
NO_HELP = N_("Det finns ingen extra hjälp till den här frågan.")
ASK_ANYTHING = N_("Du kan också skriva en fråga med egna ord, till exempel ”Vad betyder "
                  "försörjningsstöd?”")
GENERAL_HELP = N_("Svara på frågan genom att trycka på ett svar eller skriva. Knapparna under "
                  "frågan tar dig tillbaka, visar dina svar eller låter dig ändra ett svar.")
ANSWER_OR_RETYPE = N_("Om det var ditt svar, skriv det igen utan frågetecken.")
DONT_KNOW = N_("Det vet jag tyvärr inte säkert.")
CLOSEST = N_("Kanske hjälper något av det här:")
ASK_CASEWORKER = N_("Du kan också fråga en handläggare på socialtjänsten. Ring %(phone)s.")
PERSON = N_("Du kan prata med en handläggare på socialtjänsten i %(municipality)s. "
            "Ring %(phone)s.")
PERSON_MORE = N_("Säg att du vill boka ett nybesök eller ställa en fråga om ekonomiskt "
                 "bistånd. Du kan få tolk. Dina svar finns sparade här, så du kan fortsätta "
                 "senare.")
RESTART_QUESTION = N_("Vill du börja om samtalet? Det som står i chatten tas bort. Dina "
                      "sparade svar finns kvar.")
RESTART_CANCELLED = N_("Vi fortsätter samtalet.")
RESTARTED = N_("Samtalet började om. Dina sparade svar finns kvar.")
SUMMARY_INTRO = N_("Det här har du svarat hittills:")
SUMMARY_EMPTY = N_("Du har inte svarat på någon fråga än.")
ALL_DONE = N_("Nu har du svarat på alla frågor. Kontrollera dina svar innan du skickar "
              "ansökan.")
CHECK_LINK = N_("Kontrollera dina svar och skicka")
SAFETY_TEXT = N_("Eftersom någon i hushållet har skyddade personuppgifter frågar vi inte "
                 "efter din adress. Läs hur du kan söka på ett säkert sätt.")
SAFETY_LINK = N_("Om du har skyddade personuppgifter")


@dataclass(frozen=True)
class Turn:
    """What the person sent: typed text, a tapped reply, ticked boxes or a command."""

    text: str = ""
    choice: str | None = None  # a tapped quick reply: a choice code or an escape
    choices: tuple[str, ...] = ()  # ticked boxes of a multi_choice question
    command: str | None = None
    change: str | None = None  # the question picked to change
    entry: str | None = None  # a glossary entry tapped in a list of suggestions
    asked: str | None = None  # the question the page showed when the person answered


@dataclass(frozen=True)
class Save:
    """One answer to store; no question means "this page is done with nothing to store"."""

    step_key: str
    question_id: str | None
    value: Any


@dataclass
class Context:
    """What a conversation needs besides its state: the engine and the world around it."""

    questionnaire: Questionnaire
    locale: str
    translate: Callable[[str], str]  # Swedish msgid -> text in ``locale``
    office_phone: str
    municipality: str
    search: Callable[[str], list[Any]] = lambda query: []  # typed question -> hits
    is_confident: Callable[[list[Any]], bool] = lambda hits: False
    entry: Callable[[str], Any] | None = None  # entry id -> entry (title, text); KeyError
    suggestion: Callable[[Step, Answers], Any] = lambda step, answers: None


@dataclass
class Outcome:
    """The result of a turn: the new state, the new messages and the answers to store."""

    state: dict[str, Any]
    messages: list[dict[str, Any]] = field(default_factory=list)
    saves: list[Save] = field(default_factory=list)
    restart: bool = False  # the messages replace the whole transcript
    question: tuple[Step, Question] | None = None  # asked now, when the turn is over
    value: Any = None  # that question's saved answer, if it has one


def new_state() -> dict[str, Any]:
    """Return the state of a conversation that has not begun."""
    return {"asking": None, "revisit": False, "awaiting": None, "step": None, "count": 0,
            "skipped": [], "owned": {}}


def ref_of(step: Step, question: Question) -> str:
    return f"{step.key}:{question.id}"


# ------------------------------------------------------------------ storing texts

def pack(value: Any) -> Any:
    """Turn a Text (and Texts inside lists and values) into JSON for the transcript."""
    if isinstance(value, Text):
        return {"m": value.msgid, "v": {k: pack(v) for k, v in value.values.items()}}
    if isinstance(value, list | tuple):
        return [pack(v) for v in value]
    return value


def unpack(data: Any) -> Any:
    """Turn stored JSON back into Texts, to be shown in the page's language."""
    if isinstance(data, dict) and "m" in data:
        return Text(data["m"], {k: unpack(v) for k, v in data.get("v", {}).items()})
    if isinstance(data, list):
        return [unpack(v) for v in data]
    return data


def answer_text(question: Question, value: Any) -> Any:
    """Return a stored value as a Text where it has a label, so it shows in any language."""
    if is_escape(value):
        return Text(ESCAPE_LABELS[value["escape"]])
    return question.kind.spoken(question, value)


# ------------------------------------------------------------------ reading typed words

def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s-]", " ", text).split())


def _words_of(ctx: Context, msgid: str) -> set[str]:
    lists = {msgid, ctx.translate(msgid)}
    return {_plain(w) for words in lists for w in words.split(",") if _plain(w)}


def match_command(ctx: Context, text: str) -> str | None:
    """Return the command that typed text names, in the page's language or in Swedish."""
    typed = _plain(text)
    if not typed:
        return None
    for command, (label, words) in COMMANDS.items():
        if typed in _words_of(ctx, words) or typed in _words_of(ctx, label):
            return command
    return None


def looks_like_question(ctx: Context, text: str) -> bool:
    """Tell whether typed text is a question: a question mark or a question word first."""
    stripped = text.strip()
    if stripped.endswith(QUESTION_MARKS):
        return True
    words = _plain(stripped).split()
    return bool(words) and words[0] in _words_of(ctx, QUESTION_WORDS)


def _matching_code(ctx: Context, question: Question, text: str) -> str | None:
    typed = _plain(text)
    options = [(c.value, c.label) for c in question.choices]
    options += [(e, ESCAPE_LABELS[e]) for e in question.escapes]
    for code, label in options:
        if typed in {_plain(label), _plain(ctx.translate(label)), code}:
            return code
    return None


def _yes_or_no(ctx: Context, text: str) -> str | None:
    typed = _plain(text)
    for code, label in YES_NO_LABELS.items():
        if typed in {_plain(label), _plain(ctx.translate(label))}:
            return code
    return None


# ------------------------------------------------------------------ where the chat is

def _digest(values: dict[str, Any] | None) -> str:
    raw = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


class _Talk:
    """One turn in progress: a working copy of the state and answers, and what was said."""

    def __init__(self, ctx: Context, state: dict[str, Any], answers: Answers) -> None:
        self.ctx = ctx
        self.state = {**new_state(), **copy.deepcopy(state)}
        self.answers = copy.deepcopy(answers)
        self.out = Outcome(self.state)
        self._planned: tuple[list[Step], Answers] | None = None
        self._pages: list[tuple[Step, list[Question]]] | None = None

    def finish(self) -> Outcome:
        self.out.question = self.current()
        if self.out.question is not None:
            step, question = self.out.question
            self.out.value = self.planned()[1].get(step.key, {}).get(question.id)
        return self.out

    # -------------------------------------------------------------- messages

    def _message(self, message: dict[str, Any]) -> None:
        self.state["count"] += 1
        self.out.messages.append({"n": self.state["count"], **message})

    def say(self, *parts: dict[str, Any]) -> None:
        self._message({"by": "bot", "parts": list(parts)})

    def heard_text(self, text: str) -> None:
        if text.strip():
            self._message({"by": "person", "text": text.strip()[:STORED_TEXT_LIMIT],
                           "lang": self.ctx.locale})

    def heard(self, *texts: Any) -> None:
        self._message({"by": "person", "said": [pack(t) for t in texts]})

    # -------------------------------------------------------------- the questionnaire

    def planned(self) -> tuple[list[Step], Answers]:
        """Return the engine's plan for the answers as they are now in this turn."""
        if self._planned is None:
            self._planned = plan(self.ctx.questionnaire, self.answers)
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
        if ref_of(step, question) in self.state["skipped"]:
            return True
        # Seen on a page the web form saved (the chat did not write it last).
        return saved is not None and self.state["owned"].get(step.key) != _digest(saved)

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
            if ref_of(step, question) == self.state["asking"]:
                return before
            if self._resolved(step, question, kept):
                before = (step, question)
        return before

    def current(self) -> tuple[Step, Question] | None:
        return self.find(self.state["asking"]) if self.state["asking"] else None

    def save(self, save: Save) -> None:
        before = self.planned()[1].get(save.step_key)
        # A page the web form saved stays the form's: its empty optional questions were seen.
        ours = before is None or self.state["owned"].get(save.step_key) == _digest(before)
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
            self.state["owned"][save.step_key] = _digest(self.planned()[1].get(save.step_key))

    # -------------------------------------------------------------- asking

    def ask(self, found: tuple[Step, Question], *, revisit: bool = False) -> None:
        step, question = found
        parts: list[dict[str, Any]] = []
        if step.key != self.state["step"]:
            parts += self._heading(step)
        if step.page.suggestion and question.id == self._first_id(step):
            parts += self._suggestion(step)
        if revisit:
            value = self.answers.get(step.key, {}).get(question.id)
            if value is not None:
                parts.append(_p(Text(YOUR_ANSWER, {"answer": answer_text(question, value)})))
        parts.append(self._question_part(step, question))
        self.say(*parts)
        self.state.update(asking=ref_of(step, question), revisit=revisit, step=step.key)

    def _first_id(self, step: Step) -> str | None:
        visible = next((qs for s, qs in self.pages() if s.key == step.key), [])
        return visible[0].id if visible else None

    def _member(self, step: Step) -> dict[str, Any]:
        if step.number is None or step.page.repeat is None:
            return {"member": None, "name": None}
        repeat = self.ctx.questionnaire.repeats[step.page.repeat]
        name = None
        if repeat.name_question:
            page_id, _dot, question_id = repeat.name_question.partition(".")
            name = self.answers.get(f"{page_id}.{step.number}", {}).get(question_id)
        return {"member": pack(Text(repeat.label, {"number": step.number})),
                "name": name if isinstance(name, str) and name else None}

    def _heading(self, step: Step) -> list[dict[str, Any]]:
        section = self.ctx.questionnaire.section(step.section_id)
        parts = [{"k": "heading", "t": pack(Text(step.page.title)),
                  "section": pack(Text(section.title)) if section else None,
                  **self._member(step)}]
        if step.page.intro:
            parts.append(_p(Text(step.page.intro), "lead"))
        return parts

    def _suggestion(self, step: Step) -> list[dict[str, Any]]:
        suggestion = self.ctx.suggestion(step, self.answers)
        if suggestion is None:
            return []
        return [{"k": "suggestion", "category": suggestion.category,
                 "reasons": [pack(r) for r in suggestion.reasons]}]

    def _question_part(self, step: Step, question: Question) -> dict[str, Any]:
        return {"k": "question", "ref": ref_of(step, question), "t": pack(Text(question.label)),
                "hint": pack(Text(question.hint)) if question.hint else None,
                "optional": not question.required, **self._member(step)}

    def advance(self) -> None:
        """Ask the next question, or say that everything is answered."""
        found = self.next_question()
        self.state.update(awaiting=None, revisit=False)
        if found is not None:
            self.ask(found)
            return
        self.state.update(asking=None, step=None)
        self.say(_p(Text(ALL_DONE)), _link("intake.check", CHECK_LINK))

    # -------------------------------------------------------------- answering

    def answer(self, turn: Turn) -> None:
        text = turn.text.strip()
        found = self.current()
        if found is None:
            self.heard_text(text)
            if text and looks_like_question(self.ctx, text):
                self.knowledge(text)
            elif self.state["asking"] is None and self.next_question() is None:
                self.say(_p(Text(NO_QUESTION)), _link("intake.check", CHECK_LINK))
            else:
                self.advance()
            return
        if turn.asked is not None and turn.asked != self.state["asking"]:
            self.heard_text(text)
            self.say(_p(Text(STALE_QUESTION)))
            self.ask(found, revisit=self.state["revisit"])
            return
        step, question = found
        if text and question.kind.takes_any_line and text.endswith(QUESTION_MARKS):
            self.heard_text(text)
            self.knowledge(text)
            self.say(_p(Text(ANSWER_OR_RETYPE), "hint"))
            return
        try:
            value, said = self._read(question, turn, text)
        except InvalidAnswer as error:
            self.heard_text(text)
            if text and looks_like_question(self.ctx, text):
                self.knowledge(text)
            else:
                self.say(_p(error.text, "error"))
            return
        if isinstance(said, str):
            self.heard_text(said)
        elif said is not None:
            self.heard(*said)
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
        return kind.read_typed(question, text,
                               lambda q, typed: _matching_code(self.ctx, q, typed)), text

    def store(self, step: Step, question: Question, value: Any) -> None:
        ref = ref_of(step, question)
        self.save(Save(step.key, question.id, value))
        if value is None:
            if ref not in self.state["skipped"]:
                self.state["skipped"].append(ref)
            self.say(_p(Text(SKIPPED)))
        else:
            self.state["skipped"] = [r for r in self.state["skipped"] if r != ref]
        # The web form sends the same person to the safety page at this point.
        if value is not None and leads_to_safety(step.page, {question.id: value}):
            self.say(_p(Text(SAFETY_TEXT)), _link("intake.safety", SAFETY_LINK))
        self.advance()

    # -------------------------------------------------------------- free questions

    def knowledge(self, text: str) -> None:
        """Answer a typed question from the glossary and FAQ, or say honestly we do not know."""
        hits = self.ctx.search(text[:QUERY_LIMIT])
        if self.ctx.entry is not None and self.ctx.is_confident(hits):
            self.say(_entry(self.ctx.entry(hits[0].entry_id)))
            return
        parts = [_p(Text(DONT_KNOW))]
        closest = [self.ctx.entry(hit.entry_id) for hit in hits[:2]] if self.ctx.entry else []
        if closest:
            parts += [_p(Text(CLOSEST)), {"k": "entries", "items": [
                {"id": e.id, "title": pack(Text(e.title))} for e in closest]}]
        parts.append(_p(Text(ASK_CASEWORKER, {"phone": self.ctx.office_phone})))
        self.say(*parts)

    def show_entry(self, entry_id: str) -> None:
        try:
            entry = self.ctx.entry(entry_id) if self.ctx.entry else None
        except KeyError:
            entry = None
        if entry is None:
            self.say(_p(Text(DONT_KNOW)))
            return
        self.heard(Text(entry.title))
        self.say(_entry(entry))

    # -------------------------------------------------------------- commands

    def command(self, command: str, typed: str | None = None) -> None:
        if command not in COMMANDS and command not in BUTTON_LABELS:
            self.say(_p(Text(GENERAL_HELP)))
            return
        if typed is not None:
            self.heard_text(typed)
        elif command in COMMANDS:
            self.heard(Text(COMMANDS[command][0]))
        elif command in BUTTON_LABELS:
            self.heard(Text(BUTTON_LABELS[command]))
        if command != CONFIRM_RESTART:
            self.state["awaiting"] = None
        getattr(self, f"_command_{command}")()

    def _command_back(self) -> None:
        found = self.previous_question()
        if found is None:
            self.say(_p(Text(FIRST_QUESTION)))
            return
        self.ask(found, revisit=True)

    def _command_keep(self) -> None:
        self.advance()

    def _command_skip(self) -> None:
        found = self.current()
        if found is None:
            self.say(_p(Text(NO_QUESTION)))
            return
        step, question = found
        if question.required:
            parts = [_p(Text(CANNOT_SKIP))]
            if question.escapes:
                escape = Text(ESCAPE_LABELS[question.escapes[0]])
                parts.append(_p(Text(CANNOT_SKIP_ESCAPE, {"escape": escape})))
            self.say(*parts)
            return
        self.store(step, question, None)

    def _command_help(self) -> None:
        found = self.current()
        if found is None:
            self.say(_p(Text(GENERAL_HELP)), _p(Text(ASK_ANYTHING)))
            return
        _step, question = found
        parts = [_p(Text(t), "help") for t in (question.hint, question.help) if t]
        if not parts:
            parts.append(_p(Text(NO_HELP)))
        query = " ".join(self.ctx.translate(t) for t in (question.label, question.hint) if t)
        if self.ctx.entry is not None:
            for hit in self.ctx.search(query[:QUERY_LIMIT])[:2]:
                if self.ctx.is_confident([hit]):
                    parts.append(_entry(self.ctx.entry(hit.entry_id)))
        parts.append(_p(Text(ASK_ANYTHING)))
        self.say(*parts)

    def _command_why(self) -> None:
        found = self.current()
        if found is None:
            self.say(_p(Text(NO_QUESTION)))
            return
        self.say(_p(Text(WHY_INTRO)), _p(Text(found[1].why), "why"))

    def _command_change(self) -> None:
        items = []
        for step, question, kept in self.walk():
            if question.id in kept.get(step.key, {}):
                items.append({"ref": ref_of(step, question), "t": pack(Text(question.label)),
                              **self._member(step)})
        if not items:
            self.say(_p(Text(NOTHING_ANSWERED)))
            return
        self.state["awaiting"] = "change"
        self.say(_p(Text(PICK_QUESTION)), {"k": "change", "items": items})

    def pick(self, ref: str) -> None:
        self.state["awaiting"] = None
        found = self.find(ref)
        if found is None:
            self.say(_p(Text(GONE_QUESTION)))
            current = self.current()
            if current is not None:
                self.ask(current, revisit=self.state["revisit"])
            return
        self.heard(Text(found[1].label))
        self.ask(found, revisit=True)

    def _command_summary(self) -> None:
        steps, kept = self.planned()
        groups = []
        for area in household_summary(self.ctx.questionnaire, steps, kept):
            for part in area.steps:
                rows = [{"t": pack(Text(row.question.label)),
                         "a": pack(answer_text(row.question, row.value))}
                        for row in part.rows if row.value is not None]
                if rows:
                    groups.append({"t": pack(Text(part.step.page.title)),
                                   **self._member(part.step), "rows": rows})
        if not groups:
            self.say(_p(Text(SUMMARY_EMPTY)))
            return
        self.say(_p(Text(SUMMARY_INTRO)), {"k": "summary", "groups": groups},
                 _link("intake.check", CHECK_LINK))

    def _command_restart(self) -> None:
        self.state["awaiting"] = "restart"
        self.say(_p(Text(RESTART_QUESTION)))

    def _command_confirm_restart(self) -> None:
        if self.state["awaiting"] != "restart":
            self.say(_p(Text(GENERAL_HELP)))
            return
        # Only the transcript goes; answers, skipped questions and pages stay as they are.
        self.state.update(asking=None, revisit=False, awaiting=None, step=None, count=0)
        self.out = Outcome(self.state, saves=self.out.saves, restart=True)
        self.say(_p(Text(RESTARTED)), _p(Text(GREETING_HELP)))
        self.advance()

    def _command_person(self) -> None:
        self.say(_p(Text(PERSON, {"municipality": self.ctx.municipality,
                                  "phone": self.ctx.office_phone})), _p(Text(PERSON_MORE)))

    def _command_cancel(self) -> None:
        self.say(_p(Text(RESTART_CANCELLED)))
        current = self.current()
        if current is not None:
            self.ask(current, revisit=self.state["revisit"])
        else:
            self.advance()


def _p(text: Text, style: str | None = None) -> dict[str, Any]:
    return {"k": "p", "t": pack(text), "c": style}


def _link(endpoint: str, label: str) -> dict[str, Any]:
    return {"k": "link", "endpoint": endpoint, "t": pack(Text(label))}


def _entry(entry: Any) -> dict[str, Any]:
    return {"k": "entry", "id": entry.id, "title": pack(Text(entry.title)),
            "text": pack(entry.shown_text())}


# ------------------------------------------------------------------ the turns

def asking(ctx: Context, state: dict[str, Any],
           answers: Answers) -> tuple[Step, Question] | None:
    """Return the question the chat is asking now, if it still applies."""
    return _Talk(ctx, state, answers).current()



def begin(ctx: Context, state: dict[str, Any] | None, answers: Answers) -> Outcome:
    """Open a conversation: greet, then ask the first question not dealt with."""
    talk = _Talk(ctx, state or new_state(), answers)
    talk.say(_p(Text(GREETING)), _p(Text(GREETING_HELP)))
    talk.advance()
    return talk.finish()


def resume(ctx: Context, state: dict[str, Any], answers: Answers) -> Outcome:
    """Catch up with answers given in the web form since the chat last spoke."""
    talk = _Talk(ctx, state, answers)
    current = talk.current()
    if current is not None:
        if talk.state["revisit"] or not talk._resolved(*current, talk.planned()[1]):
            return talk.finish()
    elif talk.state["asking"] is None and talk.next_question() is None:
        return talk.finish()
    talk.say(_p(Text(WELCOME_BACK)))
    talk.advance()
    return talk.finish()


def respond(ctx: Context, state: dict[str, Any], answers: Answers, turn: Turn) -> Outcome:
    """Take one turn: understand what the person sent, save what it answers, reply."""
    talk = _Talk(ctx, state, answers)
    typed = turn.text.strip()
    if turn.command:
        talk.command(turn.command)
    elif turn.change:
        talk.pick(turn.change)
    elif turn.entry:
        talk.show_entry(turn.entry)
    elif typed and (command := match_command(ctx, typed)):
        talk.command(command, typed=typed)
    elif talk.state["awaiting"] == "restart" and typed and _yes_or_no(ctx, typed):
        if _yes_or_no(ctx, typed) == "yes":
            talk.command(CONFIRM_RESTART, typed=typed)
        else:
            talk.command(CANCEL, typed=typed)
    else:
        talk.state["awaiting"] = None
        talk.answer(turn)
    return talk.finish()
