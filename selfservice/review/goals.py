"""Each adult's own goals for the caseworker: their words, their rulers, and MI prompts that
start from them ("You put importance at 6 – why 6 and not 3?").

MI's rulers work by asking about the person's own number: why not lower (which draws out
their reasons for change) and what would take it higher (what would help). The prompts are
data (``goal_prompts`` in ``forms/mi_prompts.yaml``); this module fills in the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from selfservice.i18n import Text
from selfservice.questionnaire.engine import Answers, Step
from selfservice.questionnaire.goals import Goal, goals_by_member
from selfservice.review.mi_prompts import GoalPrompt, MiGuide

HIGHEST = 10
STEP_UP = 2  # "what would it take to go from 4 to 6?": a step the person can picture


@dataclass(frozen=True)
class GoalView:
    goal: Goal
    prompts: list[tuple[str, Text]]  # (kind, the prompt with the person's numbers)

    @property
    def importance(self) -> int | None:
        return self.goal.rulers.get("importance")

    @property
    def confidence(self) -> int | None:
        return self.goal.rulers.get("confidence")


def _numbers(number: int) -> dict[str, int | None]:
    return {"number": number, "lower": number // 2 if number > 0 else None,
            "higher": min(number + STEP_UP, HIGHEST) if number < HIGHEST else None}


def _prompt_for(prompt: GoalPrompt, goal: Goal) -> Text | None:
    number = goal.rulers.get(prompt.ruler) if prompt.ruler else None
    if number is None:
        return None
    values = _numbers(number)
    needed = [name for name in ("lower", "higher") if f"%({name})s" in prompt.text]
    if any(values[name] is None for name in needed):
        return None  # "why 0 and not lower?" cannot be asked
    return Text(prompt.text, {name: value for name, value in values.items()
                              if f"%({name})s" in prompt.text})


def goal_views(guide: MiGuide | None, steps: list[Step],
               answers: Answers) -> dict[int, list[GoalView]]:
    """Return each adult's goals with the prompts that start from them (none without a guide)."""
    prompts = guide.goal_prompts if guide is not None else ()
    views: dict[int, list[GoalView]] = {}
    for number, goals in goals_by_member(steps, answers).items():
        views[number] = []
        for goal in goals:
            chosen = [(p.kind, text) for p in prompts
                      if p.ruler and (text := _prompt_for(p, goal)) is not None]
            # No number to ask from (no ruler answered, or both at an end): ask about the goal.
            chosen = chosen or [(p.kind, Text(p.text)) for p in prompts if not p.ruler]
            views[number].append(GoalView(goal, chosen))
    return views
