"""The app's class: Flask, with what every request repeats done once per process.

A step is asked for again and again, and Flask does some of the same work on each (issue 20):

- ``url_for`` builds each link through Werkzeug's routing and the app's URL defaults (the
  page's language, a static file's hash): a tenth of a step's time. Inside a request, an
  address without host, scheme or method depends only on the endpoint, its values in their
  order, the page's language and where the app is mounted (the routes match no host or
  subdomain), so those are the key of a bounded cache.
- ``ensure_sync`` asks of every hook, on every request, whether it is a coroutine function.
- The session cookie's serializer is made anew for each request; it depends only on the keys.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from flask import Flask
from flask.globals import _cv_request
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from selfservice.i18n import current_locale

# Bounded: values can come from a query string (a page's own address in another language).
ADDRESSES_KEPT = 4096
# Bounded: a response's own callbacks (after_this_request) are new functions each time.
FUNCTIONS_KEPT = 1024


class KeptSerializerSession(SecureCookieSessionInterface):
    """Flask's signed-cookie session, its serializer made once per set of keys."""

    def __init__(self) -> None:
        self._serializers: dict[tuple[Any, ...], URLSafeTimedSerializer] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        key = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if key not in self._serializers:
            self._serializers = {key: super().get_signing_serializer(app)}  # the current keys
        return self._serializers[key]


class Service(Flask):
    """The application: Flask, with links, hooks and the session's signer prepared once."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session_interface = KeptSerializerSession()  # one per app: apps have own keys
        self._page_address = lru_cache(maxsize=ADDRESSES_KEPT)(self._build_page_address)
        self._synced = lru_cache(maxsize=FUNCTIONS_KEPT)(super().ensure_sync)

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        try:
            return self._synced(func)
        except TypeError:  # a function that cannot be a key
            return super().ensure_sync(func)

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
