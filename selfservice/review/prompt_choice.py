"""Which MI prompts a caseworker sees for each adult, and in what order.

Forty prompts in one block, none naming the adult it concerns, cannot be used in a 30-minute
meeting ("Du har nämnt alkohol …" must not be raised with the wrong person, in front of the
partner and the interpreter). A prompt whose condition and area are about adults is chosen
per adult, with that adult's answers and facts; the rest once for the household. Each group
shows at most five, most relevant first: a rating that differs from the person's own, then the
situations the answers raise, then the general ones; the rest are folded.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from selfservice.questionnaire.answers import display
from selfservice.questionnaire.engine import Answers, Step
from selfservice.questionnaire.model import Condition, Questionnaire
from selfservice.review.mi_prompts import MiGuide, MiPrompt, check_facts, condition_holds

SHOWN_PER_GROUP = 5
FIRST_FACT = "ratings_differ"  # the caseworker's view differs from the person's own


@dataclass(frozen=True)
class ChosenPrompt:
    prompt: MiPrompt
    fill: str | None = None  # the answer that replaces the prompt's "…"

    @property
    def id(self) -> str:
        return self.prompt.id


@dataclass(frozen=True)
class PromptGroup:
    """The prompts for one adult (``number``) or for the household (``number`` None)."""

    number: int | None
    shown: list[ChosenPrompt]
    folded: list[ChosenPrompt] = field(default_factory=list)


def _leaves(condition: Condition | None) -> Iterator[Condition]:
    if condition is None:
        return
    for key in ("all", "any"):
        for sub in condition.get(key, ()):
            yield from _leaves(sub)
    if "not" in condition:
        yield from _leaves(condition["not"])
    if "question" in condition or "fact" in condition:
        yield condition


def is_about_one_adult(prompt: MiPrompt, questionnaire: Questionnaire, group: str) -> bool:
    """Whether a prompt is about one adult: its area's pages and every question its
    condition reads are on pages repeated per adult (facts are per adult too)."""
    section = questionnaire.section(prompt.area)
    if section is None or any(page.repeat != group for page in section.pages):
        return False
    return all("fact" in leaf or questionnaire.page(
        leaf["question"].partition(".")[0]).repeat == group for leaf in _leaves(prompt.when))


def _relevance(prompt: MiPrompt, risks: frozenset[str]) -> int:
    """0: the ratings differ; 1: about a risk the flags watch (forms/flags.yaml); 2: about
    another answer; 3: general."""
    leaves = list(_leaves(prompt.when))
    if any(leaf.get("fact") == FIRST_FACT for leaf in leaves):
        return 0
    if any(leaf.get("question") in risks for leaf in leaves):
        return 1
    return 2 if leaves else 3


def _group(number: int | None, prompts: list[ChosenPrompt],
           risks: frozenset[str]) -> PromptGroup:
    ordered = sorted(prompts, key=lambda chosen: _relevance(chosen.prompt, risks))  # stable
    return PromptGroup(number, ordered[:SHOWN_PER_GROUP], ordered[SHOWN_PER_GROUP:])


def choose_prompts(guide: MiGuide, questionnaire: Questionnaire, answers: Answers,
                   adults: list[Step], facts_by_adult: Mapping[int, Mapping[str, bool]],
                   household_facts: Mapping[str, bool], group: str,
                   risks: frozenset[str] = frozenset()) -> list[PromptGroup]:
    """Return the household's prompts first, then each adult's (``adults``: one page of
    each adult, to read that adult's answers by); ``risks`` are the page.question answers
    the flags watch, whose prompts come right after a differing rating."""
    check_facts(household_facts)
    for facts in facts_by_adult.values():
        check_facts(facts)
    household, per_adult = [], {step.number: [] for step in adults}
    for prompt in guide.prompts:
        if is_about_one_adult(prompt, questionnaire, group):
            for step in adults:
                if condition_holds(questionnaire, prompt.when, answers,
                                   facts_by_adult.get(step.number, {}), step):
                    per_adult[step.number].extend(
                        _filled(prompt, questionnaire, answers, step.number))
        elif condition_holds(questionnaire, prompt.when, answers, household_facts):
            household.extend(_filled(prompt, questionnaire, answers, None))
    return [_group(None, household, risks),
            *(_group(n, p, risks) for n, p in per_adult.items())]


def _filled(prompt: MiPrompt, questionnaire: Questionnaire, answers: Answers,
            number: int | None) -> list[ChosenPrompt]:
    """Return the prompt with its "…" filled from the answers, or nothing when the answer
    is missing (a sentence with a gap the caseworker cannot fill reads wrong)."""
    if prompt.fills is None:
        return [ChosenPrompt(prompt)]
    page_id, _, question_id = prompt.fills.partition(".")
    page = questionnaire.page(page_id)
    key = f"{page_id}.{number}" if page.repeat is not None and number else page_id
    value = answers.get(key, {}).get(question_id)
    shown = display(page.question(question_id), value) if value is not None else ""
    return [ChosenPrompt(prompt, shown)] if shown else []
