"""Synthetic households' answers, filled in through the form engine.

Each household is filled in step by step as the engine plans it: for every step that
applies, every visible question gets a value typed as a person would type it and read by
the question type's own parser, just as a submitted form is. Nothing here knows the
questionnaire's pages beyond a few question ids that make the mix realistic (names, ages,
gender, ratings), so a changed questionnaire still yields valid households.

The people are invented: obviously fictional names, identity numbers in the Swedish test
range (serial 980–999, correct check digit), phone numbers in the range PTS keeps for
fiction (070-174 06 05–99) and e-mail addresses at example.org.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask_babel import force_locale

from selfservice.questionnaire.engine import Answers, Step, holds, plan
from selfservice.questionnaire.model import Condition, Question, Questionnaire
from selfservice.questionnaire.self_rating import ScoringRule
from selfservice.questionnaire.types import fictional_identity_number, luhn_digit

__all__ = ["fictional_identity_number", "households", "luhn_digit", "new_household"]

FIRST_NAMES = ("Testa", "Provia", "Exempla", "Demo", "Fiktiva", "Påhitta", "Låtsas", "Mockus",
               "Skissa", "Utkastia", "Prototyp", "Modella", "Testar", "Dummy", "Exempel")
LAST_NAMES = ("Exempelsson", "Påhittad", "Testberg", "Demodotter", "Låtsasson", "Fiktivsson",
              "Provström", "Skisslund", "Modellqvist", "Utkastberg")
CITIES = ("Exempelstad", "Testby", "Demoköping", "Påhittsala")
LOCALES = {"sv": 50, "ar": 20, "fi": 15, "en": 15}
INTERPRETER_LANGUAGES = {"ar": "arabiska", "fi": "finska", "en": "engelska", "sv": "somaliska"}
# The interpreter's language chosen from the list: the household's own, Somali for Swedish.
INTERPRETER_CHOICES = {"ar": "arabic", "fi": "finnish", "en": "english", "sv": "somali"}

@dataclass
class Household:
    """What one synthetic household is like, decided before its steps are filled in."""

    rng: random.Random
    locale: str
    today: date
    rule: ScoringRule
    adults: int
    children: int
    distance: dict[int, float] = field(default_factory=dict)  # per adult: 1 near work .. 4 far


def _born(household: Household, youngest: int, oldest: int) -> date:
    age_days = household.rng.randint(youngest * 366 + 1, oldest * 365 + 300)
    return household.today - timedelta(days=age_days)


def _adult_birth(household: Household) -> date:
    # Most applicants are young adults; a few are over 65.
    youngest, oldest = household.rng.choices(
        ((18, 24), (25, 29), (30, 39), (40, 49), (50, 59), (60, 67)), (22, 18, 25, 17, 12, 6))[0]
    return _born(household, youngest, oldest)


# --- raw input as a person would type it, shaped by the household where it matters -----

def _shaped_text(question: Question, household: Household) -> str | None:
    rng = household.rng
    special: dict[str, Callable[[], str]] = {
        "first_name": lambda: rng.choice(FIRST_NAMES),
        "last_name": lambda: rng.choice(LAST_NAMES),
        "address_street": lambda: f"Exempelvägen {rng.randint(1, 120)}",
        "address_postcode": lambda: f"{rng.randint(100, 999)} {rng.randint(10, 99)}",
        "address_city": lambda: rng.choice(CITIES),
        "interpreter_language": lambda: INTERPRETER_LANGUAGES[household.locale],
        "interpreter_speaks": lambda: INTERPRETER_CHOICES[household.locale]}
    if question.id not in special:
        return None
    text = special[question.id]()
    return text[:question.max_length] if question.max_length else text


def _shaped_count(question: Question, household: Household) -> str | None:
    chosen = {"child_count": household.children, "adults_living": household.adults,
              "children_living": household.children}.get(question.id)
    if chosen is None:
        return None
    low = question.min if question.min is not None else 0
    high = question.max if question.max is not None else 10
    return str(max(low, min(high, chosen)))


def _shaped_birth(question: Question, household: Household, step: Step) -> str | None:
    if question.id != "date_of_birth" or question.personal_data != "identity":
        return None
    born = _born(household, 0, 17) if step.page.repeat == "children" \
        else _adult_birth(household)
    return born.isoformat()


def _shaped_yes_no(question: Question, household: Household) -> str | None:
    share_yes = {"has_identity_number": 0.93,
                 "interpreter_needed": 0.05 if household.locale == "sv" else 0.6,
                 "has_contact_children": 0.15}.get(question.id)
    if "safety" in question.marks:
        share_yes = 0.03  # few households have protected personal data
    if share_yes is None:
        return None
    return "yes" if household.rng.random() < share_yes else "no"


def _raw(question: Question, household: Household, step: Step) -> Any:
    """Return raw input for one question: shaped by the household, else the type's sample."""
    shapers = (lambda: _shaped_text(question, household),
               lambda: _shaped_count(question, household),
               lambda: _shaped_birth(question, household, step),
               lambda: _shaped_yes_no(question, household))
    for shaper in shapers:
        shaped = shaper()
        if shaped is not None:
            return shaped
    return question.kind.sample(question, household.rng, household.locale)


# --- the questions that shape the mix -------------------------------------------------

def _level(household: Household, number: int) -> str:
    distance = household.distance.setdefault(number, household.rng.uniform(1.0, 4.0))
    level = round(distance + household.rng.gauss(0, 0.7))
    return f"level_{max(1, min(4, level))}"


def _suggested(rule: ScoringRule, ratings: dict[str, Any]) -> str | None:
    """Return the category the rule's weighted mean points to (the page's own suggestion)."""
    rated = {name: rule.points[value] for name, value in ratings.items()
             if name in rule.variables and isinstance(value, str) and value in rule.points}
    if len(rated) < rule.minimum_answered:
        return None
    weights = {name: rule.variables[name]["weight"] for name in rated}
    mean = sum(rated[name] * weights[name] for name in rated) / sum(weights.values())
    return next(row["category"] for row in rule.thresholds
                if "below" not in row or mean < row["below"])


def _category(household: Household, answers: Answers, step: Step) -> Any:
    rule = household.rule
    rng = household.rng
    suggested = _suggested(rule, answers.get(f"{rule.page}.{step.number}", {}))
    categories = rule.categories
    draw = rng.random()
    if draw < 0.04 or suggested is None:
        return {"escape": "dont_know"}
    index = categories.index(suggested)
    if draw < 0.2:  # young people in particular tend to rate themselves nearer work (003)
        index = max(0, index - 1)
    elif draw < 0.27:
        index = min(len(categories) - 1, index + 1)
    return categories[index]


def _special(question: Question, step: Step, household: Household, answers: Answers) -> Any:
    """Return a value for the few questions that make the mix realistic, else None."""
    rng = household.rng
    if step.page.id == household.rule.page and question.kind.is_choice \
            and not question.kind.multiple:
        if rng.random() < 0.03 and question.escapes:
            return {"escape": question.escapes[0]}
        return _level(household, step.number or 1)
    if question.id == "applying":
        return "together" if household.adults == 2 else "alone"
    if question.id == "gender":
        # Women and men alike; the last choice ("other") and not answering are rare.
        *common, rare = (c.value for c in question.choices)
        weights = [96 / len(common)] * len(common) + [1.5, 2.5]
        return rng.choices([*common, rare, {"escape": "prefer_not_to_answer"}], weights)[0]
    if question.id == "category" and step.page.suggestion:
        return _category(household, answers, step)
    return None


def _value(question: Question, step: Step, household: Household, answers: Answers) -> Any:
    """Return the stored value for one question, parsed by its type, or None to skip it."""
    rng = household.rng
    special = _special(question, step, household, answers)
    if special is not None:
        if isinstance(special, dict) or not question.kind.is_choice or question.kind.multiple:
            return special
        return question.kind.read_posted(question, special)
    if not question.required and rng.random() < 0.5:
        return None
    if question.escapes and rng.random() < 0.03:
        return {"escape": rng.choice(question.escapes)}
    return question.kind.read_posted(question, _raw(question, household, step))


def fill_step(questionnaire: Questionnaire, step: Step, household: Household,
              answers: Answers) -> dict[str, Any]:
    """Return one step's values: every question that applies, in order, gets an answer."""
    values: dict[str, Any] = {}
    for question in step.page.questions:
        if not holds(questionnaire, question.when, answers, step, values):
            continue
        value = _value(question, step, household, answers)
        if value is not None:
            values[question.id] = value
    return values


def deciding_pages(questionnaire: Questionnaire) -> set[str]:
    """Return the pages whose answers decide which steps apply (repeat counts, page rules)."""
    refs = [repeat.count_question for repeat in questionnaire.repeats.values()]

    def collect(condition: Condition | None) -> None:
        if not condition:
            return
        for key in ("all", "any"):
            for part in condition.get(key, ()):
                collect(part)
        collect(condition.get("not"))
        if "question" in condition:
            refs.append(condition["question"])

    for page in questionnaire.pages:
        collect(page.when)
    return {ref.rpartition(".")[0] for ref in refs if "." in ref}


def household_answers(questionnaire: Questionnaire, household: Household,
                      deciding: set[str]) -> Answers:
    """Fill in every step the engine plans for the household, in the engine's order."""
    answers: Answers = {}
    replan = True
    while replan:
        replan = False
        steps, _kept = plan(questionnaire, answers)
        for step in steps:
            if step.key in answers:
                continue
            answers[step.key] = fill_step(questionnaire, step, household, answers)
            if step.page.id in deciding:
                replan = True
                break
    return answers


def new_household(rng: random.Random, rule: ScoringRule, today: date) -> Household:
    """Return what a household will be like: language, adults (1–2) and children (0–4)."""
    locale = rng.choices(list(LOCALES), list(LOCALES.values()))[0]
    return Household(rng=rng, locale=locale, today=today, rule=rule,
                     adults=rng.choices((1, 2), (62, 38))[0],
                     children=rng.choices((0, 1, 2, 3, 4), (45, 20, 18, 11, 6))[0])


def households(questionnaire: Questionnaire, rule: ScoringRule, *, seed: int, count: int,
               today: date) -> list[tuple[str, Answers]]:
    """Return ``count`` households' (language, answers), the same for the same seed.

    Needs an application context (free text records the language it was written in).
    """
    deciding = deciding_pages(questionnaire)
    rng = random.Random(seed)  # noqa: S311 -- reproducible demo data, never a secret
    made = []
    for _ in range(count):
        household = new_household(rng, rule, today)
        with force_locale(household.locale):
            made.append((household.locale,
                         household_answers(questionnaire, household, deciding)))
    return made
