"""Load a questionnaire file, check it, and report every problem with file and line."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from selfservice.config import PROJECT_ROOT
from selfservice.questionnaire.files import (
    DefinitionError,
    FormsFile,
    PathParts,
    read_forms_file,
    schema_problems,
)
from selfservice.questionnaire.model import Choice, Page, Question, Questionnaire, Repeat, Section
from selfservice.questionnaire.schema import ESCAPES, QUESTIONNAIRE_SCHEMA
from selfservice.questionnaire.types import question_type

# Recordings a form names (a question's `audio`) are served as static files from here.
AUDIO_FOLDER = PROJECT_ROOT / "selfservice" / "static" / "audio"

__all__ = ["DefinitionError", "load_questionnaire"]


def _referenced(condition: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    if "question" in condition:
        yield condition, condition["question"]
    for key in ("all", "any"):
        for sub in condition.get(key, ()):
            yield from _referenced(sub)
    if "not" in condition:
        yield from _referenced(condition["not"])


def _problems_in_meaning(data: dict[str, Any]) -> Iterator[tuple[PathParts, str]]:
    """Check what a schema cannot: unique ids, resolvable references, matching types."""
    seen_pages: dict[str, dict[str, str]] = {}
    seen_sections: set[str] = set()
    repeats = data.get("repeats", {})
    for s_index, section in enumerate(data["sections"]):
        s_path: PathParts = ("sections", s_index)
        if section["id"] in seen_sections:
            yield (*s_path, "id"), f"section id {section['id']!r} is used twice"
        for required in section.get("requires", ()):
            if required not in seen_sections:
                yield (*s_path, "requires"), f"requires unknown or later section {required!r}"
        seen_sections.add(section["id"])
        for p_index, page in enumerate(section["pages"]):
            p_path = (*s_path, "pages", p_index)
            yield from _problems_in_page(page, p_path, seen_pages, repeats)
            seen_pages[page["id"]] = {q["id"]: q["type"] for q in page["questions"]}
    for name, repeat in repeats.items():
        page_id, _, question_id = repeat["count"]["question"].partition(".")
        if question_id not in seen_pages.get(page_id, {}):
            yield ("repeats", name, "count"), f"unknown question {page_id}.{question_id}"
        if "name_question" in repeat:
            page_id, _, question_id = repeat["name_question"].partition(".")
            if question_id not in seen_pages.get(page_id, {}):
                yield (("repeats", name, "name_question"),
                       f"unknown question {page_id}.{question_id}")


def _problems_in_page(page: dict[str, Any], path: PathParts, seen_pages: dict[str, dict[str, str]],
                      repeats: dict[str, Any]) -> Iterator[tuple[PathParts, str]]:
    if page["id"] in seen_pages:
        yield (*path, "id"), f"page id {page['id']!r} is used twice"
    if page.get("repeat") and page["repeat"] not in repeats:
        yield (*path, "repeat"), f"unknown repeat group {page['repeat']!r}"
    for _condition, ref in _referenced(page.get("when") or {}):
        if "." not in ref or ref.split(".")[1] not in seen_pages.get(ref.split(".")[0], {}):
            yield (*path, "when"), f"condition refers to unknown earlier question {ref!r}"
    earlier_here: dict[str, str] = {}
    goals_here: set[str] = set()
    for q_index, question in enumerate(page["questions"]):
        q_path = (*path, "questions", q_index)
        yield from _problems_in_question(question, q_path)
        yield from _problems_in_goal(question, q_path, goals_here)
        if question["id"] in earlier_here:
            yield (*q_path, "id"), f"question id {question['id']!r} is used twice on the page"
        for condition, ref in _referenced(question.get("when") or {}):
            page_id, _, question_id = ref.rpartition(".")
            known = seen_pages.get(page_id, {}) if page_id else earlier_here
            if question_id not in known:
                yield (*q_path, "when"), f"condition refers to unknown earlier question {ref!r}"
            elif isinstance(condition.get("equals"), bool):
                yield (*q_path, "when"), 'write yes/no in quotes ("yes") so YAML keeps them text'
        earlier_here[question["id"]] = question["type"]
    yield from _problems_in_groups(page, path)


def _problems_in_goal(question: dict[str, Any], path: PathParts,
                      goals_here: set[str]) -> Iterator[tuple[PathParts, str]]:
    """A ruler names its ends and the goal it rates, an earlier goal on the same page, so the
    caseworker's view can put "importance 6" beside the person's own words."""
    marks = set(question.get("marks", ()))
    if "goal" in marks:
        goals_here.add(question["id"])
    is_ruler = question["type"] == "ruler"
    if is_ruler and not ("low" in question and "high" in question):
        yield path, "a ruler needs `low` and `high`: what 0 and 10 mean"
    if not is_ruler and ("low" in question or "high" in question):
        yield path, "only a ruler has `low` and `high`"
    rates = marks & {"importance", "confidence"}
    if rates and not is_ruler:
        yield (*path, "marks"), f"only a ruler can be marked {sorted(rates)[0]}"
    if rates and "about" not in question:
        yield path, "a ruler marked importance or confidence needs `about`: the goal it rates"
    if "about" in question and question["about"] not in goals_here:
        yield (*path, "about"), (f"`about` must name an earlier question on this page marked "
                                 f"goal, not {question['about']!r}")


def _problems_in_groups(page: dict[str, Any], path: PathParts) -> Iterator[tuple[PathParts, str]]:
    order = [question["id"] for question in page["questions"]]
    for question_id in page.get("offer_same", ()):
        if question_id not in order:
            yield (*path, "offer_same"), f"unknown question {question_id!r} on this page"
    if page.get("offer_same") and not page.get("repeat"):
        yield (*path, "offer_same"), "only a repeated page has a first member to copy"
    grouped: set[str] = set()
    for index, group in enumerate(page.get("ask_together", ())):
        g_path = (*path, "ask_together", index)
        unknown = [question_id for question_id in group if question_id not in order]
        if unknown:
            yield g_path, f"unknown question {unknown[0]!r} on this page"
            continue
        if [question_id for question_id in order if question_id in group] != list(group):
            yield g_path, "list the questions in the page's order"
        if grouped & set(group):
            yield g_path, f"{sorted(grouped & set(group))[0]!r} is in two lists"
        grouped |= set(group)


def _problems_in_question(question: dict[str, Any], path: PathParts,
                          ) -> Iterator[tuple[PathParts, str]]:
    has_choices = "choices" in question
    takes_choices = question_type(question["type"]).takes_choices
    if takes_choices and not has_choices:
        yield path, f"a {question['type']} question needs choices"
    if not takes_choices and has_choices:
        yield (*path, "choices"), f"a {question['type']} question takes no choices"
    values = [c["value"] for c in question.get("choices", ())]
    if len(values) != len(set(values)):
        yield (*path, "choices"), "choice values must be unique"
    if set(values) & set(ESCAPES):
        yield (*path, "choices"), "use 'escapes' for dont_know and prefer_not_to_answer"
    if question.get("past_only") and question.get("future_only"):
        yield path, "a date cannot be both past_only and future_only"
    for lang, file in question.get("audio", {}).items():
        if not (AUDIO_FOLDER / file).is_file():
            yield (*path, "audio", lang), f"no recording {file!r} in {AUDIO_FOLDER}"


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Read, check and build the questionnaire in ``path``; raise DefinitionError if invalid.

    The built questionnaire is immutable and cached while the file is unchanged, so every
    app in a process shares one.
    """
    return _questionnaire_in(read_forms_file(path))


@lru_cache(maxsize=16)
def _questionnaire_in(file: FormsFile) -> Questionnaire:
    problems = list(schema_problems(QUESTIONNAIRE_SCHEMA, file.data))
    if not problems:
        problems = list(_problems_in_meaning(file.data))
    file.refuse("Questionnaire definition has errors", problems)
    return _build(file.data)


def _build(data: dict[str, Any]) -> Questionnaire:
    repeats = {
        name: Repeat(id=name, count_question=r["count"]["question"], label=r["label"],
                     count_map=r["count"].get("map", {}), max=r.get("max", 10),
                     name_question=r.get("name_question"))
        for name, r in data.get("repeats", {}).items()
    }
    sections = tuple(
        Section(id=s["id"], title=s["title"], intro=s.get("intro"),
                requires=tuple(s.get("requires", ())),
                pages=tuple(_build_page(p, s["id"]) for p in s["pages"]))
        for s in data["sections"]
    )
    return Questionnaire(id=data["id"], version=data["version"], title=data["title"],
                         sections=sections, repeats=repeats)


def _build_page(page: dict[str, Any], section_id: str) -> Page:
    questions = []
    for q in page["questions"]:
        fields = dict(q)
        fields["choices"] = tuple(Choice(**c) for c in q.get("choices", ()))
        fields["escapes"] = tuple(q.get("escapes", ()))
        fields["marks"] = tuple(q.get("marks", ()))
        fields["audio"] = tuple(sorted(q.get("audio", {}).items()))
        questions.append(Question(**fields))
    return Page(id=page["id"], title=page["title"], section_id=section_id,
                questions=tuple(questions), intro=page.get("intro"),
                repeat=page.get("repeat"), when=page.get("when"),
                suggestion=page.get("suggestion", False),
                ask_together=tuple(tuple(group) for group in page.get("ask_together", ())),
                offer_same=tuple(page.get("offer_same", ())))
