"""Writing the PDF file with pydyf 0.13: streams deflated at zlib's default level, and the
list of page references made once per page rather than once per tagged element."""

from __future__ import annotations

import zlib

import pydyf

from .guard import written_for


class _Deflate:
    """zlib for pydyf, which writes every stream of the PDF at zlib's slowest level, 9: here
    they are written at zlib's own default, 6, which takes a third of the time (a twentieth
    of a render went to level 9) for a file 3 % larger (108 KB became 111 KB)."""

    LEVEL = 6

    def __getattr__(self, name: str):
        return getattr(zlib, name)

    def compressobj(self, level: int = zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs):
        return zlib.compressobj(min(level, self.LEVEL), *args, **kwargs)


pydyf.zlib = _Deflate()


# WeasyPrint 70's tagged PDF asks pydyf for the reference of an element's page once per
# element, and pydyf's page_references makes the references of all pages each time it is
# asked: 0.8 % of a render. Here they are made again only when a page has been added.
WEASYPRINT_PAGE_REFERENCES = pydyf.PDF.page_references
_PAGE_REFERENCES_SHA256 = "060bf90aad55931bc24c3575a52af9478a89916aa307e5323142663841cb7798"


def _page_references(self: pydyf.PDF) -> tuple[bytes, ...]:
    kids = self.pages["Kids"]
    made = self.__dict__.get("_page_references_made")
    if made is None or made[0] != len(kids):  # pages are only ever added
        made = self._page_references_made = (len(kids), WEASYPRINT_PAGE_REFERENCES.fget(self))
    return made[1]


def _page_references_made_once() -> bool:
    if not written_for(_PAGE_REFERENCES_SHA256, WEASYPRINT_PAGE_REFERENCES.fget,
                       what="PDF.page_references"):
        return False
    pydyf.PDF.page_references = property(_page_references)
    return True


PAGE_REFERENCES_MADE_ONCE = _page_references_made_once()
