"""A question's block on a step page and in the chat: label, hint, input, help and why.

Drawn for every question on every look at a step. As nested Jinja macros (each text, hint
and link a call through the template context) it took some forty per cent of the time a
step's templates took (issue 20). What a block says apart from the answer – label, hints,
choices, help, why we ask, the glossary links – reads the same for everyone in one language
and view, so it is put together once per process (:class:`Wording`); the answer, the ticks
and the error are filled in on each look. The question's type says which widget it is
(``kind.widget``, ``kind.layout``), its input attributes and unit; this module only draws
them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app, request, url_for
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

from selfservice.glossary import current_knowledge
from selfservice.glossary.terms import terms_in
from selfservice.i18n import N_, current_locale, interpreter_view, t, translated_markup
from selfservice.questionnaire.answers import ESCAPE_LABELS
from selfservice.questionnaire.model import Question
from selfservice.questionnaire.types import escape_field_name
from selfservice.site import asset_url

OR = N_("eller")
OPTIONAL = N_("frivilligt")
NO_IDENTITY_HERE = N_("Skriv inte personnummer, telefonnummer eller e-post här.")
ALREADY_ANSWERED = N_("Du har redan svarat. Svaret visas inte här, så att ingen annan ser det. "
                      "Välj igen bara om du vill ändra det.")


@dataclass(frozen=True)
class Option:
    """One choice as the page shows it."""

    code: str  # the stored value
    value: Markup  # the code escaped, like the id: written as they are
    id: Markup
    label: Markup
    hint: Markup | None
    divider_before: bool  # "or" above the first of the honest non-answers


@dataclass(frozen=True)
class Wording:
    """Everything a question's block says, in one language and view: the same for everyone."""

    question: Question  # held, so that no other question can take its id in the cache
    label: Markup
    speak: Markup
    hint: Markup
    explanations: Markup
    options: tuple[Option, ...]
    escape_boxes: tuple[tuple[Markup, Markup], ...]  # (field name, label)
    low: Markup
    high: Markup
    unit: Markup | None
    or_: Markup
    input_type: str
    input_attributes: Markup  # the type's other input attributes, ready to write


def question_field(form: Any, question: Question, errors: Mapping[str, Any],
                   reveal: dict[str, Any] | None = None, *,
                   private_answered: Collection[str] = (), glossary: bool = False) -> Markup:
    """Return a question's block with its answer; ``glossary`` links the terms it names."""
    # Built with f-strings, every value escaped on the way in (``escape``) or safe already
    # (Markup): Markup.format runs Python's string.Formatter, slower than the macros were.
    field = form[question.id]
    words = wording(question, getattr(field, "choices", None) or (), glossary=glossary)
    error = errors.get(question.id)
    qid = escape(question.id)
    described = f"{qid}-hint {qid}-error" if error else f"{qid}-hint"
    classes = "question" + (" question--error" if error else "") \
        + (" question--conditional" if reveal else "")
    shown_if = f' data-reveal="{escape(str(_as_json(reveal)))}"' if reveal else ""
    hint_and_error = f"{words.hint}"  # a str: Markup + str would escape the error's markup
    if error:
        hint_and_error += (
            f'\n<p class="error-message" id="{qid}-error"><span class="visually-hidden">'
            f'{translated_markup("Fel:", escaped=False)}</span> {t(error)}</p>')
    if question.kind.layout == "scale":
        body = _scale(words, qid, field, described, hint_and_error)
    elif question.kind.widget == "choices":
        body = _choices(words, question, qid, field, described, hint_and_error)
    else:
        body = _typed(words, question, qid, form, field, described, hint_and_error)
    note = f'<p class="notice" data-private-answered>{t(ALREADY_ANSWERED)}</p>\n' \
        if question.private and question.id in private_answered else ""
    return Markup(f'<div class="{classes}"{shown_if}>\n{body}{note}{words.explanations}'  # noqa: S704
                  '</div>\n')


def _as_json(value: Any) -> Markup:
    """Return ``value`` as the template's ``tojson`` writes it."""
    policies = current_app.jinja_env.policies
    return htmlsafe_json_dumps(value, dumps=policies["json.dumps_function"],
                               **policies["json.dumps_kwargs"])


def _scale(words: Wording, qid: str, field: Any, described: str, hint_and_error: str) -> str:
    name = escape(field.name)
    steps = "".join(
        f'<div class="scale__step">\n<input type="radio" id="{option.id}" name="{name}" '
        f'value="{option.value}"{" checked" if option.code == field.data else ""}>\n'
        f'<label for="{option.id}" dir="ltr">{option.label}</label>\n</div>\n'
        for option in words.options)
    return (f'<fieldset class="fieldset scale" aria-describedby="{described} {qid}-ends">\n'
            f'<legend class="label" {words.speak}>{words.label}</legend>\n{hint_and_error}\n'
            f'<p class="scale__ends" id="{qid}-ends"><span>{words.low}</span> '
            f'<span>{words.high}</span></p>\n'
            f'<div class="scale__steps">\n{steps}</div>\n</fieldset>\n')


def _choices(words: Wording, question: Question, qid: str, field: Any, described: str,
             hint_and_error: str) -> str:
    kind = "checkbox" if question.kind.multiple else "radio"
    selected = field.data if field.data is not None else ([] if kind == "checkbox" else "")
    name = escape(field.name)
    parts = []
    for option in words.options:
        chosen = option.code in selected if kind == "checkbox" else option.code == selected
        divider = f'<p class="choice-divider">{words.or_}</p>\n' if option.divider_before \
            else ""
        hint = f'<div class="hint hint--choice">{option.hint}</div>\n' if option.hint else ""
        parts.append(
            f'{divider}<div class="{kind}">\n<input type="{kind}" id="{option.id}" '
            f'name="{name}" value="{option.value}"{" checked" if chosen else ""}>\n'
            f'<label for="{option.id}">{option.label}</label>\n{hint}</div>\n')
    return (f'<fieldset class="fieldset" aria-describedby="{described}" '
            f'data-speak="choices">\n<legend class="label" {words.speak}>{words.label}'
            f'</legend>\n{hint_and_error}\n{"".join(parts)}</fieldset>\n')


def _typed(words: Wording, question: Question, qid: str, form: Any, field: Any,
           described: str, hint_and_error: str) -> str:
    name, value = escape(field.name), escape(field.data or "")
    label = (f'<label class="label" for="{qid}" {words.speak}>{words.label}</label>\n'
             f'{hint_and_error}\n')
    if question.kind.widget == "textarea":
        return (f'{label}<textarea class="textarea" id="{qid}" name="{name}" rows="5" '
                f'aria-describedby="{described}">{value}</textarea>\n')
    typed = (f'<input id="{qid}" name="{name}" value="{value}" type="{words.input_type}" '
             f'aria-describedby="{described}"{words.input_attributes}>')
    if words.unit is not None:
        typed = (f'<div class="input-suffix">{typed}<span class="input-suffix__unit">'
                 f'{words.unit}</span></div>')
    boxes = ""
    if words.escape_boxes:
        boxes = f'<p class="choice-divider">{words.or_}</p>\n' + "".join(
            f'<div class="checkbox checkbox--escape">\n<input type="checkbox" id="{box}" '
            f'name="{box}" value="y"{" checked" if form[box].data else ""}>\n'
            f'<label for="{box}">{box_label}</label>\n</div>\n'
            for box, box_label in words.escape_boxes)
    return f"{label}{typed}\n{boxes}"


def wording(question: Question, choices: Any, *, glossary: bool) -> Wording:
    """Return what a question's block says in this page's language and view, made once."""
    key = (id(question), current_locale(), interpreter_view(), request.script_root, glossary)
    kept = current_app.extensions.setdefault("question_wording", {})
    found = kept.get(key)
    if found is None or found.question is not question:
        found = kept[key] = _word(question, choices, glossary=glossary)
    return found


def _word(question: Question, choices: Any, *, glossary: bool) -> Wording:
    audio = question.audio_file(current_locale())
    speak = Markup('data-speak data-speak-hint="{}-hint"{}').format(
        question.id, Markup(' data-audio="{}"').format(asset_url("audio/" + audio))
        if audio else "")
    escapes = question.escapes
    scale = question.kind.layout == "scale"  # its choices are numbers, not translated
    options = []
    for index, choice in enumerate(choices):
        value = choice.value
        hint = question.choice_hint(value)
        options.append(Option(
            code=value, value=escape(value),
            id=escape(question.id if index == 0 else f"{question.id}-{index + 1}"),
            label=escape(choice.label) if scale else t(choice.label),
            hint=t(hint) if hint else None,
            divider_before=value in escapes and (index == 0
                                                 or choices[index - 1].value not in escapes)))
    return Wording(
        question=question, label=t(question.label), speak=speak, hint=_hint(question),
        explanations=_explanations(question, glossary=glossary), options=tuple(options),
        escape_boxes=tuple((escape(escape_field_name(question, escape_)),
                            t(ESCAPE_LABELS[escape_]))
                           for escape_ in escapes) if not question.kind.is_choice else (),
        low=t(question.low), high=t(question.high),
        unit=translated_markup(question.kind.unit, escaped=False)
        if question.kind.unit else None,
        or_=t(OR),
        input_type=escape(question.kind.input_attributes.get("type") or "text"),
        input_attributes=Markup("").join(
            Markup(' {}="{}"').format(name, value)
            for name, value in question.kind.input_attributes.items() if name != "type"))


def _hint(question: Question) -> Markup:
    kind = question.kind
    parts = [t(question.hint)] if question.hint else []
    if kind.format_hint:
        parts.append(Markup('<span class="hint__format" data-format-hint>{}</span>').format(
            t(kind.format_hint)))
    text = Markup(" ").join(parts)
    if not question.required:
        text += Markup(' <span class="optional">({})</span>').format(t(OPTIONAL))
    if question.may_hold_identity:
        text += Markup(' <span class="hint__privacy" data-privacy-hint>{}</span>').format(
            t(NO_IDENTITY_HERE))
    return Markup('<div class="hint" id="{}-hint">{}</div>').format(question.id, text)


def _explanations(question: Question, *, glossary: bool) -> Markup:
    parts = []
    if question.help:
        parts.append(_details("details", t("Mer hjälp om frågan"), t(question.help)))
    entries = terms_in(current_knowledge(), question) if glossary else []
    if entries:
        knowledge, page = current_knowledge(), url_for("intake.glossary")
        links = Markup(", ").join(
            Markup('<a href="{}#{}">{}</a>').format(page, entry_id,
                                                    t(knowledge.entry(entry_id).title))
            for entry_id in entries)
        parts.append(Markup('<p class="terms">{} {}</p>\n').format(t("Ord i frågan:"), links))
    parts.append(_details("details details--why", t("Varför frågar vi?"), t(question.why)))
    return Markup("").join(parts)


def _details(classes: str, summary: Markup, words: Markup) -> Markup:
    return Markup('<details class="{}">\n<summary>{}</summary>\n<div class="details__text">'
                  '<p class="details__words" data-speak>{}</p></div>\n</details>\n').format(
                      classes, summary, words)
