"""The one check every speedup passes before it changes WeasyPrint or pydyf: the functions it
replaces or relies on still have, to the character, the source it was written for."""

from __future__ import annotations

import hashlib
import inspect
import logging
import sys

logger = logging.getLogger(__name__)


def source_digest(*functions) -> str:
    """Return the SHA-256 of the functions' source, one after the other ("" if not installed)."""
    try:
        source = "".join(inspect.getsource(function) for function in functions)
    except (OSError, TypeError):  # pragma: no cover - no source installed
        source = ""
    return hashlib.sha256(source.encode()).hexdigest()


def written_for(pinned: str, *functions, what: str) -> bool:
    """Return whether ``functions`` are the ones a speedup was written for; if not, say so:
    WeasyPrint's own code then runs as it is, slower but right."""
    if source_digest(*functions) == pinned:
        return True
    logger.warning("%s changed in WeasyPrint or pydyf; that speedup is left out", what)
    return False


def replace_everywhere(name: str, original, replacement) -> None:
    """Put replacement in the place of original in every module of WeasyPrint that holds it
    (``from .percent import resolve_percentages`` made a name of its own in each)."""
    for module in list(sys.modules.values()):
        if (getattr(module, "__name__", "").startswith("weasyprint.")
                and getattr(module, name, None) is original):
            setattr(module, name, replacement)
