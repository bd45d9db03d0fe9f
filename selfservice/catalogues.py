"""Check the gettext catalogues: complete, consistent with the code, and compiled.

One function finds every problem so that the CLI command and the test suite report the same
thing. Adding a language needs no code: a new folder under ``translations/`` is picked up.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from selfservice.config import PROJECT_ROOT

# counted_text(singular, plural, num): a plural like ngettext, shown through `t`;
# N_plural(singular, plural) marks one where it is defined.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "t": None,
            "counted_text": (1, 2), "N_plural": (1, 2)}
PLACEHOLDER = re.compile(r"%\([A-Za-z_]+\)[sd]")
# Babel's Arabic header orders "many" and "other" unlike CLDR (babel issue 816).
CLDR_ARABIC_PLURAL = ("(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
                      "n%100>=11 ? 4 : 5)")


def extract_messages(root: Path = PROJECT_ROOT) -> Catalog:
    """Extract every translatable text from code, templates and forms, as pybabel would."""
    with open(root / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    catalog = Catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
            str(root), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def _ids(catalog: Iterable) -> set:
    return {m.id for m in catalog if m.id}


def _language_folders(translations: Path) -> list[Path]:
    return sorted(p for p in translations.iterdir() if (p / "LC_MESSAGES").is_dir())


def _entry_problems(language: str, catalog: Catalog, template_ids: set) -> Iterable[str]:
    for message in catalog:
        if not message.id:
            continue
        first = message.id if isinstance(message.id, str) else message.id[0]
        label = f"{language}: {first[:60]!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id not in template_ids:
            yield f"{label} is obsolete (no longer in messages.pot)"
        if message.fuzzy:
            yield f"{label} is fuzzy"
        if not all(strings):
            yield f"{label} is not translated"
        source = message.id[-1] if isinstance(message.id, tuple) else message.id
        wanted = sorted(PLACEHOLDER.findall(source))
        if any(s and sorted(PLACEHOLDER.findall(s)) != wanted for s in strings):
            yield f"{label} has placeholders that differ from the Swedish text"
    for missing in sorted(template_ids - _ids(catalog), key=str):
        yield f"{language}: {str(missing)[:60]!r} is missing"
    if catalog.obsolete:
        yield f"{language}: {len(catalog.obsolete)} obsolete entries (#~) remain"


def _compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def _as_dict(catalog: Catalog) -> dict:
    def frozen(value):
        return tuple(value) if isinstance(value, list | tuple) else value
    return {frozen(m.id): frozen(m.string) for m in catalog if m.id}


def _mo_problems(language: str, folder: Path, catalog: Catalog) -> Iterable[str]:
    mo_path = folder / "LC_MESSAGES" / "messages.mo"
    if not mo_path.exists():
        yield f"{language}: messages.mo is missing (run pybabel compile)"
        return
    with open(mo_path, "rb") as handle:
        compiled = read_mo(handle)
    fresh = read_mo(io.BytesIO(_compiled(catalog)))
    if _as_dict(compiled) != _as_dict(fresh):
        yield f"{language}: messages.mo is out of date (run pybabel compile)"


def catalogue_problems(root: Path = PROJECT_ROOT) -> list[str]:
    """Return every problem with the catalogues; an empty list means all is well."""
    translations = root / "translations"
    with open(translations / "messages.pot", "rb") as handle:
        template = read_po(handle)
    problems = []
    extracted = _ids(extract_messages(root))
    template_ids = _ids(template)
    if extracted != template_ids:
        problems.append(f"messages.pot is stale: {len(extracted - template_ids)} new, "
                        f"{len(template_ids - extracted)} removed texts (run pybabel extract)")
    for folder in _language_folders(translations):
        language = folder.name
        with open(folder / "LC_MESSAGES" / "messages.po", "rb") as handle:
            catalog = read_po(handle, locale=language)
        problems += _entry_problems(language, catalog, template_ids)
        problems += _mo_problems(language, folder, catalog)
        if language == "ar" and catalog.plural_expr != CLDR_ARABIC_PLURAL:
            problems.append(f"ar: Plural-Forms is not in CLDR order: {catalog.plural_expr}")
    return problems


def update_catalogues(root: Path = PROJECT_ROOT) -> None:
    """Re-extract messages.pot, merge it into every catalogue and compile them, like pybabel."""
    from babel.messages.frontend import CommandLineInterface

    translations = str(root / "translations")
    pot = str(root / "translations" / "messages.pot")
    # pybabel's -k: "t", or "counted_text:1,2" for a singular and a plural.
    keywords = [arg for name, spec in KEYWORDS.items() if name not in DEFAULT_KEYWORDS
                for arg in ("-k", name if spec is None else f"{name}:{spec[0]},{spec[1]}")]
    # Extracted from the project root as ".", so that references read "forms/x.yaml:12"
    # on every machine rather than naming the folder this checkout happens to be in.
    for args in (["extract", "-F", str(root / "babel.cfg"), *keywords, "--no-wrap",
                  "--sort-by-file", "--omit-header", "-o", pot, "."],
                 ["update", "-i", pot, "-d", translations, "--no-wrap", "--ignore-obsolete",
                  "--no-fuzzy-matching"],
                 ["compile", "-d", translations]):
        with contextlib.chdir(root):
            CommandLineInterface().run(["pybabel", "-q", *args])
