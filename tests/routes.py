"""Every route of an app and every parameter it reads, found by asking the app itself.

Routes come from ``app.url_map``; the parameters of each are what its view looks up in the
query string and the form (recorded while it runs), what the pages' own forms and links send,
and the values those forms and links offer. A new route or parameter is found without
changing the tests that use this.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlsplit

from bs4 import BeautifulSoup
from flask import Flask, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Rule

_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
SKIPPED_METHODS = {"HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    rule: str
    arguments: tuple[str, ...]

    def url(self, values: dict[str, str]) -> str:
        """The route's address with each argument filled in (quoted, whatever it is)."""
        return _ARGUMENT.sub(lambda m: quote(str(values[m.group(1)]), safe=""), self.rule)


def routes_of(app: Flask) -> list[Route]:
    """Every rule and method the app answers, HEAD and OPTIONS aside."""
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - SKIPPED_METHODS):
            found.append(Route(rule.endpoint, method, rule.rule, tuple(rule.arguments)))
    return sorted(found, key=lambda r: (r.rule, r.method))


class _Recording(ImmutableMultiDict):
    """A request's query string or form that notes every name the view asks for."""

    sink: set[str]

    def __contains__(self, key: object) -> bool:
        self.sink.add(str(key))
        return super().__contains__(key)

    def __getitem__(self, key):
        self.sink.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None, type=None):
        self.sink.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):
        self.sink.add(key)
        return super().getlist(key, type)


@dataclass
class Parameters:
    """What each endpoint reads, and values seen for it, for query string and form alike."""

    query: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    form: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    values: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    arguments: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))

    def record_reads(self, app: Flask) -> None:
        """Note, from now on, which parameters each view reads (call before any request)."""
        def swap() -> None:
            if request.endpoint is None:
                return
            for name, sink in (("args", self.query), ("form", self.form)):
                recording = _Recording(getattr(request, name))
                recording.sink = sink[request.endpoint]
                request.__dict__[name] = recording
        app.before_request(swap)

    def harvest(self, app: Flask, html: str, here: str) -> list[str]:
        """Take the forms' fields and the links' parameters from a page; return its links."""
        soup = BeautifulSoup(html, "html.parser")
        links = []
        for form in soup.select("form"):
            method = (form.get("method") or "get").upper()
            endpoint = self._match(app, form.get("action") or here, method)
            if endpoint is None:
                continue
            names = self.query if method == "GET" else self.form
            for tag in form.select("input[name], select[name], textarea[name], button[name]"):
                names[endpoint].add(tag["name"])
                for value in self._offered(tag):
                    self.values[endpoint, tag["name"]].add(value)
        for anchor in soup.select("a[href]"):
            if self._match(app, anchor["href"], "GET") is not None:
                links.append(anchor["href"])
        for resource in soup.select("link[href], script[src], img[src]"):
            self._match(app, resource.get("href") or resource["src"], "GET")
        return links

    @staticmethod
    def _offered(tag) -> list[str]:
        if tag.name == "select":
            return [option.get("value", option.get_text()) for option in tag.select("option")]
        if tag.name == "textarea":
            return [tag.get_text()]
        return [tag["value"]] if tag.get("value") is not None else []

    def _match(self, app: Flask, address: str, method: str) -> str | None:
        parts = urlsplit(address)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            return None
        try:
            rule, arguments = app.url_map.bind("localhost").match(
                parts.path, method=method, return_rule=True)
        except HTTPException:
            return None
        endpoint = rule.endpoint if isinstance(rule, Rule) else str(rule)
        for name, value in arguments.items():
            self.arguments[endpoint, name].add(str(value))
        names = self.query
        for name, value in parse_qsl(parts.query, keep_blank_values=True):
            names[endpoint].add(name)
            self.values[endpoint, name].add(value)
        return endpoint
