"""The suggested labour-market category (AM1–AM3) from a person's own ratings.

The rule is data (``forms/self_rating.yaml``): points per step, a weight per variable,
thresholds on the weighted mean and single ratings that push the suggestion up. The person's
own choice always counts; the suggestion is only where the conversation can start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selfservice.i18n import N_, Number, Text
from selfservice.questionnaire.files import read_forms_file, schema_problems
from selfservice.questionnaire.model import Questionnaire

_NUMBER = {"type": "number"}
SCORING_SCHEMA = {
    "type": "object",
    "required": ["id", "page", "points", "minimum_answered", "variables", "thresholds"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string"},
        "page": {"type": "string"},
        "points": {"type": "object", "additionalProperties": _NUMBER, "minProperties": 2},
        "minimum_answered": {"type": "integer", "minimum": 1},
        "variables": {"type": "object", "minProperties": 1, "additionalProperties": {
            "type": "object", "required": ["weight", "label"], "additionalProperties": False,
            "properties": {"weight": {"type": "number", "exclusiveMinimum": 0},
                           "label": {"type": "string"}}}},
        "thresholds": {"type": "array", "minItems": 2, "items": {
            "type": "object", "required": ["category"], "additionalProperties": False,
            "properties": {"category": {"type": "string"}, "below": _NUMBER}}},
        "at_least": {"type": "array", "items": {
            "type": "object", "required": ["variable", "points", "category"],
            "additionalProperties": False,
            "properties": {"variable": {"type": "string"}, "points": _NUMBER,
                           "category": {"type": "string"}}}},
    },
}

TOO_FEW_ANSWERS = N_("Vi föreslår ingen grupp, eftersom du har svarat på för få frågor. "
                     "Välj den grupp som du själv tycker passar.")
MEAN_REASON = N_("Dina svar ger i genomsnitt %(mean)s på en skala från 1 (nära arbete) till 4 "
                 "(längre från arbete).")
STRONGEST_REASON = N_("Mest stöd tycks du behöva när det gäller: %(variables)s.")
PUSHED_REASON = N_("Ditt svar om %(variable)s gör att förslaget blir minst %(category)s.")


@dataclass(frozen=True)
class ScoringRule:
    page: str
    points: dict[str, float]
    minimum_answered: int
    variables: dict[str, dict[str, Any]]
    thresholds: list[dict[str, Any]]
    at_least: list[dict[str, Any]] = field(default_factory=list)

    @property
    def categories(self) -> list[str]:
        return [row["category"] for row in self.thresholds]


@dataclass(frozen=True)
class Suggestion:
    category: str | None
    mean: float | None
    reasons: list[Text]


def load_scoring(path: str | Path, questionnaire: Questionnaire) -> ScoringRule:
    """Read and check the scoring rule against its schema and the questionnaire."""
    file = read_forms_file(path)
    data = file.data
    problems = list(schema_problems(SCORING_SCHEMA, data))
    if not problems:
        page = questionnaire.page(data["page"])
        known = {q.id for q in page.questions} if page else set()
        problems += [(("variables", v), f"no such question on page {data['page']!r}")
                     for v in data["variables"] if v not in known]
        categories = [row["category"] for row in data["thresholds"]]
        problems += [(("at_least", i), f"unknown category or variable in {row}")
                     for i, row in enumerate(data.get("at_least", ()))
                     if row["category"] not in categories or row["variable"] not in known]
    file.refuse("Scoring rule has errors", problems)
    return ScoringRule(page=data["page"], points=data["points"],
                       minimum_answered=data["minimum_answered"], variables=data["variables"],
                       thresholds=data["thresholds"], at_least=data.get("at_least", []))


def _rated(rule: ScoringRule, ratings: dict[str, Any]) -> dict[str, float]:
    return {name: rule.points[ratings[name]] for name in rule.variables
            if isinstance(ratings.get(name), str) and ratings[name] in rule.points}


def _category_for(rule: ScoringRule, mean: float) -> str:
    return next(row["category"] for row in rule.thresholds
                if "below" not in row or mean < row["below"])


def suggest(rule: ScoringRule, ratings: dict[str, Any]) -> Suggestion:
    """Return the suggested category for one person's ratings, and why, in one or two lines."""
    rated = _rated(rule, ratings)
    if len(rated) < rule.minimum_answered:
        return Suggestion(None, None, [Text(TOO_FEW_ANSWERS)])
    weights = {name: rule.variables[name]["weight"] for name in rated}
    mean = sum(rated[n] * weights[n] for n in rated) / sum(weights.values())
    category = _category_for(rule, mean)
    # A number, not a string: "2,5" in Swedish beneath "2.5" in English.
    reasons = [Text(MEAN_REASON, {"mean": Number(round(mean, 1))})]
    for push in rule.at_least:
        if rated.get(push["variable"], 0) >= push["points"] and \
                rule.categories.index(push["category"]) > rule.categories.index(category):
            category = push["category"]
            reasons.append(Text(PUSHED_REASON, {
                "variable": Text(rule.variables[push["variable"]]["label"]),
                "category": category.upper()}))
            return Suggestion(category, mean, reasons)
    highest = max(rated.values())
    if highest > min(rule.points.values()):
        strongest = [Text(rule.variables[n]["label"]) for n in rated if rated[n] == highest]
        reasons.append(Text(STRONGEST_REASON, {"variables": strongest}))
    return Suggestion(category, mean, reasons)


def suggestion_at(rule: ScoringRule, step: Any, answers: dict[str, Any]) -> Suggestion | None:
    """Return the suggestion for a suggestion page's person from their ratings, else None."""
    if not step.page.suggestion:
        return None
    key = rule.page if step.number is None else f"{rule.page}.{step.number}"
    return suggest(rule, answers.get(key, {}))
