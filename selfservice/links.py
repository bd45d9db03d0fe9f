"""The app's class: Flask, with a page's own addresses built once per process.

A step links the task list, the chat, the quick exit, the glossary and the step before, and
``url_for`` builds each through Werkzeug's routing and the app's URL defaults (the page's
language, a static file's hash) on every page: a tenth of a step's time (issue 20). Inside a
request, an address without host, scheme or method depends only on the endpoint, its values,
the page's language and where the app is mounted (the routes match no host or subdomain), so
those are the key of a bounded cache.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Flask
from flask.globals import _cv_request

from selfservice.i18n import current_locale

# Bounded: values can come from a query string (a page's own address in another language).
ADDRESSES_KEPT = 4096


class Service(Flask):
    """The application: a Flask app whose page addresses are built once per process."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_address = lru_cache(maxsize=ADDRESSES_KEPT)(self._build_page_address)

    def url_for(self, endpoint: str, *, _anchor: str | None = None, _method: str | None = None,
                _scheme: str | None = None, _external: bool | None = None,
                **values: Any) -> str:
        request_context = _cv_request.get(None)
        if request_context is None or _method or _scheme or _external:
            return super().url_for(endpoint, _anchor=_anchor, _method=_method,
                                   _scheme=_scheme, _external=_external, **values)
        key = tuple(values.items())  # in the order given: the query string keeps it
        try:
            hash(key)
        except TypeError:  # a list of values: built every time
            return super().url_for(endpoint, _anchor=_anchor, **values)
        if endpoint[:1] == ".":
            blueprint = request_context.request.blueprint
            endpoint = f"{blueprint}{endpoint}" if blueprint is not None else endpoint[1:]
        return self._page_address(request_context.request.script_root, current_locale(),
                                  endpoint, _anchor, key)

    def _build_page_address(self, _script_root: str, _locale: str, endpoint: str,
                            anchor: str | None, values: tuple[tuple[str, Any], ...]) -> str:
        # Called inside the request that asked first: its mount point and language are the key.
        return super().url_for(endpoint, _anchor=anchor, **dict(values))
