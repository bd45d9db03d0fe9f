"""The JSON Schema every questionnaire file must satisfy before the engine reads it."""

from __future__ import annotations

from typing import Any

from selfservice.questionnaire.types import QUESTION_TYPES

ESCAPES = ("dont_know", "prefer_not_to_answer")
PERSONAL_DATA = ("name", "identity", "contact", "address", "free_text")
# What a question means to the product beyond its answer (forms/README.md, "Marks"). The
# guidance marks lead to a page of their own, in this order when one page raises several.
GUIDANCE_MARKS = ("urgent", "safety")
# A person's own goal, the rulers that rate it, and an answer only staff may read.
GOAL_MARKS = ("goal", "importance", "confidence")
# The language (or dialect) the household wants an interpreter in: the agenda names it.
MARKS = (*GUIDANCE_MARKS, *GOAL_MARKS, "private", "interpreter_language")

_IDENT = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_TEXT = {"type": "string", "minLength": 1}
_SCALAR = {"type": ["string", "integer"]}

_CONDITION: dict[str, Any] = {
    "type": "object",
    "oneOf": [
        {"required": ["question"]},
        {"required": ["all"]},
        {"required": ["any"]},
        {"required": ["not"]},
    ],
    "properties": {
        "question": {"type": "string", "pattern": r"^([a-z][a-z0-9_]*\.)?[a-z][a-z0-9_]*$"},
        "equals": _SCALAR,
        "in": {"type": "array", "items": _SCALAR, "minItems": 1},
        "not_in": {"type": "array", "items": _SCALAR, "minItems": 1},
        "includes": {"type": "string"},
        "greater_than": {"type": "integer"},
        "answered": {"type": "boolean"},
        "all": {"type": "array", "items": {"$ref": "#/$defs/condition"}, "minItems": 1},
        "any": {"type": "array", "items": {"$ref": "#/$defs/condition"}, "minItems": 1},
        "not": {"$ref": "#/$defs/condition"},
    },
    "additionalProperties": False,
}

_CHOICE = {
    "type": "object",
    "required": ["value", "label"],
    "properties": {"value": _IDENT, "label": _TEXT, "hint": _TEXT, "aliases": _TEXT,
                   "exclusive": {"type": "boolean"}},
    "additionalProperties": False,
}

_QUESTION = {
    "type": "object",
    "required": ["id", "type", "label", "why"],
    "properties": {
        "id": _IDENT,
        "type": {"enum": list(QUESTION_TYPES)},
        "label": _TEXT,
        "hint": _TEXT,
        "help": _TEXT,
        "why": _TEXT,
        "required": {"type": "boolean"},
        "escapes": {"type": "array", "items": {"enum": list(ESCAPES)}, "uniqueItems": True},
        "when": {"$ref": "#/$defs/condition"},
        "personal_data": {"enum": list(PERSONAL_DATA)},
        "marks": {"type": "array", "items": {"enum": list(MARKS)}, "uniqueItems": True},
        "choices": {"type": "array", "items": _CHOICE, "minItems": 2},
        "max_length": {"type": "integer", "minimum": 1, "maximum": 20000},
        "min": {"type": "integer"},
        "max": {"type": "integer"},
        "past_only": {"type": "boolean"},
        "future_only": {"type": "boolean"},
        "low": _TEXT,
        "high": _TEXT,
        "about": _IDENT,
        # A recording per language: {ar: household-applying-ar.mp3} under static/audio/.
        "audio": {"type": "object", "minProperties": 1,
                  "propertyNames": {"pattern": "^[a-z]{2,3}(_[A-Z]{2})?$"},
                  "additionalProperties": {
                      "type": "string",
                      "pattern": r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.(wav|mp3|ogg|oga|m4a|webm)$"}},
    },
    "additionalProperties": False,
}

_PAGE = {
    "type": "object",
    "required": ["id", "title", "questions"],
    "properties": {
        "id": _IDENT,
        "title": _TEXT,
        "intro": _TEXT,
        "repeat": _IDENT,
        "when": {"$ref": "#/$defs/condition"},
        "suggestion": {"type": "boolean"},
        "offer_same": {"type": "array", "items": _IDENT, "uniqueItems": True},
        "ask_together": {"type": "array", "items": {
            "type": "array", "items": _IDENT, "minItems": 2, "uniqueItems": True}},
        "questions": {"type": "array", "items": _QUESTION, "minItems": 1},
    },
    "additionalProperties": False,
}

_SECTION = {
    "type": "object",
    "required": ["id", "title", "pages"],
    "properties": {
        "id": _IDENT,
        "title": _TEXT,
        "intro": _TEXT,
        "requires": {"type": "array", "items": _IDENT},
        "pages": {"type": "array", "items": _PAGE, "minItems": 1},
    },
    "additionalProperties": False,
}

_REPEAT = {
    "type": "object",
    "required": ["count", "label"],
    "properties": {
        "count": {
            "type": "object",
            "required": ["question"],
            "properties": {
                "question": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"},
                "map": {"type": "object", "additionalProperties": {"type": "integer"}},
            },
            "additionalProperties": False,
        },
        "label": _TEXT,
        "name_question": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"},
        "max": {"type": "integer", "minimum": 1, "maximum": 50},
    },
    "additionalProperties": False,
}

QUESTIONNAIRE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {"condition": _CONDITION},
    "type": "object",
    "required": ["id", "version", "title", "sections"],
    "properties": {
        "id": _IDENT,
        "version": {"type": "integer", "minimum": 1},
        "title": _TEXT,
        "repeats": {"type": "object", "additionalProperties": _REPEAT},
        "sections": {"type": "array", "items": _SECTION, "minItems": 1},
    },
    "additionalProperties": False,
}
