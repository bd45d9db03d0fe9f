"""What the site serves besides its pages: static files, the favicon and robots.txt.

A stylesheet or script is linked with its content hash (``/static/app.css?v=1a2b3c4d5e6f``),
so a phone keeps it for a year without asking again between steps, and a new version is a new
address. A request without the current hash gets the file too, but only revalidated caching.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, request, send_from_directory, url_for

STAFF_AREA = "/caseworker"
HASH_LENGTH = 12
IMMUTABLE = "public, max-age=31536000, immutable"
# /favicon.ico has a fixed address, so a changed icon reaches every browser within 30 days.
FAVICON_CACHE = "public, max-age=2592000"
# Pages a search engine may show: the start page and the information pages. Everything else
# (the applicant's own pages, the staff area, new pages by default) is disallowed.
PUBLIC_ENDPOINTS = frozenset({
    "intake.start", "intake.resume", "intake.safety", "intake.privacy", "intake.glossary",
    "intake.accessibility", "static", "favicon", "robots",
})


def is_staff_path(path: str) -> bool:
    """Tell whether a path is in the caseworkers' area."""
    return path == STAFF_AREA or path.startswith(STAFF_AREA + "/")


def content_hashes(folder: Path) -> dict[str, str]:
    """Return a short SHA-256 of every file under ``folder``, by its path relative to it."""
    return {path.relative_to(folder).as_posix():
            hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _add_content_hash(endpoint: str, values: dict[str, Any]) -> None:
    if endpoint == "static" and "v" not in values:
        digest = current_app.extensions["static_hashes"].get(values.get("filename"))
        if digest:
            values["v"] = digest


def asset_url(filename: str) -> str:
    """Return a static file's address with its hash; every page links the same few files, so
    each address is built once per process (and mount point) instead of on every page."""
    built = current_app.extensions["asset_urls"]
    key = (request.script_root, filename)
    if key not in built:
        built[key] = url_for("static", filename=filename)
    return built[key]


def static_file(filename: str) -> Response:
    """Send a static file; cached for a year only when asked for by its current hash."""
    response = current_app.send_static_file(filename)
    current = current_app.extensions["static_hashes"].get(filename)
    if current is not None and request.args.get("v") == current:
        response.headers["Cache-Control"] = IMMUTABLE
    return response


def favicon() -> Response:
    """Send the icon browsers ask for at the root, whatever the page links."""
    response = send_from_directory(current_app.static_folder, "favicon.ico",
                                   mimetype="image/vnd.microsoft.icon")
    response.headers["Cache-Control"] = FAVICON_CACHE
    return response


def robots() -> Response:
    """Tell crawlers to keep out of the staff area and every applicant's own pages."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in private_paths(current_app))]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


def private_paths(app: Flask) -> list[str]:
    """Return the shortest path prefixes that cover every page not in PUBLIC_ENDPOINTS."""
    prefixes = {rule.rule.split("<", 1)[0] for rule in app.url_map.iter_rules()
                if rule.endpoint not in PUBLIC_ENDPOINTS and "GET" in (rule.methods or ())}
    prefixes.add(STAFF_AREA)
    return sorted(path for path in prefixes
                  if not any(other != path and path.startswith(other.rstrip("/") + "/")
                             for other in prefixes))


def init_app(app: Flask) -> None:
    # Hashed once per process, when it starts: static files change only with a deployment.
    app.extensions["static_hashes"] = content_hashes(Path(app.static_folder))
    app.extensions["asset_urls"] = {}
    app.url_defaults(_add_content_hash)
    app.jinja_env.globals["asset_url"] = asset_url
    app.view_functions["static"] = static_file
    app.add_url_rule("/favicon.ico", "favicon", favicon)
    app.add_url_rule("/robots.txt", "robots", robots)
