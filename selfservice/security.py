"""Response headers and request checks that keep pages private and out of other sites' reach."""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

from selfservice.site import is_staff_path

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _refuse_cross_site_requests() -> None:
    """Refuse state-changing requests from other sites, on top of the CSRF tokens.

    Browsers say where a request comes from in Sec-Fetch-Site; older ones send only Origin.
    """
    if request.method not in STATE_CHANGING:
        return
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        if site not in {"same-origin", "none"}:
            abort(403)
        return
    origin = request.headers.get("Origin")
    if origin and origin != "null" and origin.rstrip("/") != request.host_url.rstrip("/"):
        abort(403)


# Every response carries these unless its view set them itself.
PAGE_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
# Pages may show personal data: nothing may keep a copy, not even the back button cache. A view
# that says how its response may be kept (a static file, the icon) is obeyed.
NOT_KEPT = (("Cache-Control", "no-store"), ("Pragma", "no-cache"))


def _add_headers(response: Response) -> Response:
    # The names the view set, looked at once: asking the headers for each name in turn
    # scans them all every time.
    present = {name.lower() for name in response.headers.keys()}  # noqa: SIM118
    wanted = [*PAGE_HEADERS, *current_app.extensions["page_headers"]]
    if "cache-control" not in present:
        wanted.extend(NOT_KEPT)
    if is_staff_path(request.path):
        wanted.append(("X-Robots-Tag", "noindex, nofollow"))
    response.headers.extend([(name, value) for name, value in wanted
                             if name.lower() not in present])
    return response


def init_app(app: Flask) -> None:
    hops = app.config["PROXY_HOPS"]
    if hops:
        # Only proxies we run may say who the client is: rate limits count per client
        # address, and a header an applicant could forge would let them reset their count.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    hsts = app.config["HSTS_SECONDS"]
    app.extensions["page_headers"] = (
        ("Strict-Transport-Security", f"max-age={hsts}; includeSubDomains"),) if hsts else ()
    app.before_request(_refuse_cross_site_requests)
    app.after_request(_add_headers)
