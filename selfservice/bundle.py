"""Every file in forms/, loaded once per process, checked, and put on the app.

A municipality adapts the service by editing forms/; a file that is wrong stops start-up with
a message naming file and line. The files depend on each other (the MI prompts, the
self-rating and the record layout refer to questionnaire ids), so they are loaded together,
in that order. Loading is cached while the files are unchanged on disk, so the several apps a
process may create (tests, CLI commands) share one immutable bundle.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from flask import Flask

from selfservice.glossary import Knowledge, Retriever, load_knowledge
from selfservice.questionnaire.definition import load_questionnaire
from selfservice.questionnaire.files import DefinitionError, FormsFile, read_forms_file
from selfservice.questionnaire.model import Questionnaire
from selfservice.questionnaire.self_rating import ScoringRule, load_scoring
from selfservice.questionnaire.vocabulary import (
    CaseworkerTerms,
    Checklists,
    load_caseworker_terms,
    load_checklists,
)
from selfservice.records.layout import RecordLayout, load_record_layout
from selfservice.review.flags import FlagFile, load_flags
from selfservice.review.mi_prompts import MiGuide, load_mi_guide
from selfservice.review.obstacles import Obstacle, load_obstacles


@dataclass(frozen=True)
class FormsBundle:
    questionnaire: Questionnaire
    self_rating: ScoringRule
    mi_guide: MiGuide
    record_layout: RecordLayout
    knowledge: Knowledge
    caseworker_terms: CaseworkerTerms
    checklists: Checklists
    flags: FlagFile
    obstacles: tuple[Obstacle, ...]


# The files of the folder besides the questionnaire, in the order they are loaded.
_OTHER_FILES = ("record.yaml", "self_rating.yaml", "mi_prompts.yaml", "glossary.yaml",
                "caseworker.yaml", "checklists.yaml", "flags.yaml", "follow_up.yaml")


def load_bundle(forms_path: str | Path, questionnaire_name: str) -> FormsBundle:
    """Read and check every file of the forms folder; raise DefinitionError naming the file."""
    folder = Path(forms_path)
    try:
        # One object per file while it is unchanged on disk (files.read_forms_file): together
        # they say whether the bundle built from them still holds.
        files = tuple(read_forms_file(folder / name)
                      for name in (f"{questionnaire_name}.yaml", *_OTHER_FILES))
    except DefinitionError:
        return _load(folder, questionnaire_name)  # the first problem in the order of loading
    return _load_unchanged(folder, questionnaire_name, files)


@lru_cache(maxsize=8)
def _load_unchanged(folder: Path, questionnaire_name: str,
                    _files: tuple[FormsFile, ...]) -> FormsBundle:
    return _load(folder, questionnaire_name)


def _load(folder: Path, questionnaire_name: str) -> FormsBundle:
    questionnaire = load_questionnaire(folder / f"{questionnaire_name}.yaml")
    layout = load_record_layout(folder / "record.yaml", questionnaire)
    self_rated = questionnaire.question(layout.person.self_rated_category)
    return FormsBundle(
        questionnaire=questionnaire,
        self_rating=load_scoring(folder / "self_rating.yaml", questionnaire),
        mi_guide=load_mi_guide(folder / "mi_prompts.yaml", questionnaire),
        record_layout=layout,
        knowledge=load_knowledge(folder / "glossary.yaml"),
        caseworker_terms=load_caseworker_terms(folder / "caseworker.yaml", self_rated),
        checklists=load_checklists(folder / "checklists.yaml", questionnaire),
        flags=load_flags(folder / "flags.yaml", questionnaire),
        obstacles=load_obstacles(folder / "follow_up.yaml", questionnaire),
    )


@cache
def _retriever(knowledge: Knowledge) -> Retriever:
    # The search indexes are built per language on first use; apps sharing a glossary share them.
    return Retriever(knowledge)


def init_app(app: Flask) -> None:
    """Load the forms bundle into ``app.extensions`` (one entry per file, and the retriever)."""
    bundle = load_bundle(app.config["FORMS_PATH"], app.config["QUESTIONNAIRE"])
    app.extensions["forms"] = bundle
    app.extensions["questionnaire"] = bundle.questionnaire
    app.extensions["self_rating"] = bundle.self_rating
    app.extensions["mi_guide"] = bundle.mi_guide
    app.extensions["record_layout"] = bundle.record_layout
    app.extensions["caseworker_terms"] = bundle.caseworker_terms
    app.extensions["checklists"] = bundle.checklists
    app.extensions["flags"] = bundle.flags
    app.extensions["obstacles"] = bundle.obstacles
    app.extensions["retriever"] = _retriever(bundle.knowledge)
