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


def _add_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    hsts = current_app.config["HSTS_SECONDS"]
    if hsts:
        response.headers.setdefault("Strict-Transport-Security",
                                    f"max-age={hsts}; includeSubDomains")
    if "Cache-Control" not in response.headers:
        # Pages may show personal data: nothing may keep a copy, not even the back button cache.
        # A view that says how its response may be kept (a static file, the icon) is obeyed.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    if is_staff_path(request.path):
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def init_app(app: Flask) -> None:
    hops = app.config["PROXY_HOPS"]
    if hops:
        # Only proxies we run may say who the client is: rate limits count per client
        # address, and a header an applicant could forge would let them reset their count.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.before_request(_refuse_cross_site_requests)
    app.after_request(_add_headers)
