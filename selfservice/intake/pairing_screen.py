"""What a follower's device shows: the applicant's current question in Swedish and in the
applicant's language, with its help, "why we ask" and choices.

Read from the draft at each look, never copied: the pairing says only where the applicant
is. Answers on the page are shown only when the applicant allows it, and never names,
identity numbers, contact details or addresses; a typed answer is shown with any identity
typed into it masked, as staff see free text before a reveal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import force_locale

from selfservice.i18n import SOURCE_LANGUAGE, Text, TwoLanguages, in_two_languages
from selfservice.intake import services
from selfservice.intake.models import Pairing
from selfservice.intake.pairing import CHAT, STEP
from selfservice.questionnaire.answers import display, written_in
from selfservice.questionnaire.engine import Answers, Step, find_step, holds, is_escape, plan
from selfservice.questionnaire.forms import local_condition, shown_questions
from selfservice.questionnaire.model import Question, Questionnaire
from selfservice.questionnaire.types import ESCAPE_LABELS
from selfservice.records.layout import IDENTIFYING
from selfservice.records.masking import household_names, mask


@dataclass(frozen=True)
class ChoiceShown:
    label: TwoLanguages
    hint: TwoLanguages | None
    chosen: bool


@dataclass(frozen=True)
class QuestionShown:
    id: str
    label: TwoLanguages
    hint: TwoLanguages | None
    help: TwoLanguages | None
    why: TwoLanguages | None
    choices: list[ChoiceShown]
    ends: tuple[TwoLanguages | None, TwoLanguages | None] | None  # a ruler's 0 and 10
    answer: str | None  # a typed answer, when answers are shown (masked free text)
    answer_lang: str | None  # the language free text was written in
    withheld: bool  # an identity or contact answer: never shown to a follower
    follows_on: bool  # shown only when an answer on the page asks for it


@dataclass(frozen=True)
class Screen:
    where: str  # "step", "chat", "tasks", "check" or "waiting"
    lang: str
    section: TwoLanguages | None = None
    title: TwoLanguages | None = None
    member: TwoLanguages | None = None
    intro: TwoLanguages | None = None
    questions: list[QuestionShown] = field(default_factory=list)
    answers_shown: bool = False


def screen_of(pairing: Pairing) -> Screen:
    """Return what the follower of an open pairing sees now."""
    where, _, rest = (pairing.position or "").partition(":")
    draft = services.find_draft(pairing.draft_id)
    if where not in (STEP, CHAT) or draft is None:
        return Screen(where if where in ("tasks", "check") else "waiting", pairing.locale)
    questionnaire = current_app.extensions["questionnaire"]
    steps, answers = plan(questionnaire, services.answers_of(draft))
    key, _, asked = rest.partition(":")
    page_id, _, number = key.partition(".")
    step = find_step(steps, page_id, int(number) if number.isdigit() else None)
    if step is None:
        return Screen("waiting", pairing.locale)
    questions = shown_questions(questionnaire, step, answers)
    if where == CHAT and asked:
        together = step.page.asked_with(asked)
        questions = [q for q in questions if q.id in together]
    saved = {qid: value for qid, value in answers.get(step.key, {}).items()
             if not _withheld(step.page.question(qid))} if pairing.show_answers else {}
    names = household_names(questionnaire, answers) if saved else []
    both = _in(pairing.locale)
    section = questionnaire.section(step.section_id)
    return Screen(
        where=where, lang=pairing.locale, section=both(section.title if section else None),
        title=both(step.page.title), intro=both(step.page.intro),
        member=_member(questionnaire, step, both),
        questions=[_question(q, saved, both, _follows_on(questionnaire, q, step, answers),
                             names) for q in questions],
        answers_shown=pairing.show_answers)


def _in(locale: str):
    def both(text: str | Text | None) -> TwoLanguages | None:
        return in_two_languages(text, locale)
    return both


def _member(questionnaire: Questionnaire, step: Step, both) -> TwoLanguages | None:
    """"Person 2", never with the name the member label carries elsewhere."""
    if step.number is None or step.page.repeat is None:
        return None
    return both(Text(questionnaire.repeats[step.page.repeat].label, {"number": step.number}))


def _withheld(question: Question | None) -> bool:
    return question is None or question.personal_data in IDENTIFYING \
        or question.kind.identifies


def _follows_on(questionnaire: Questionnaire, question: Question, step: Step,
                answers: Answers) -> bool:
    """Tell whether a question waits for an answer on its page that is not saved yet."""
    local = local_condition(question)
    return bool(local) and not holds(questionnaire, local, answers, step,
                                     answers.get(step.key, {}))


def _question(question: Question, saved: dict[str, Any], both, follows_on: bool,
              names: list[str]) -> QuestionShown:
    value = saved.get(question.id)
    chosen = _chosen_codes(value)
    choices = [ChoiceShown(both(c.label), both(c.hint), c.value in chosen)
               for c in question.choices]
    choices += [ChoiceShown(both(ESCAPE_LABELS[e]), None, e in chosen)
                for e in question.escapes]
    answer = None
    if value is not None and not question.choices and not is_escape(value):
        # Any typed answer may hold an identity number or a phone number (a language
        # question is not free text, yet "tigrinja, ring 070…" is typed): all are masked.
        with force_locale(SOURCE_LANGUAGE):
            answer = mask(display(question, value), names)
    ends = (both(question.low), both(question.high)) if question.low or question.high else None
    return QuestionShown(
        id=question.id, label=both(question.label), hint=both(question.hint),
        help=both(question.help), why=both(question.why), choices=choices, ends=ends,
        answer=answer, answer_lang=written_in(question, value) if answer else None,
        withheld=_withheld(question), follows_on=follows_on)


def _chosen_codes(value: Any) -> set[str]:
    if value is None:
        return set()
    if is_escape(value):
        return {value["escape"]}
    if isinstance(value, list):
        return {str(v) for v in value}
    return {str(value)}
