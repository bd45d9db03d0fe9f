"""Extensions created unbound here and bound to the app in ``create_app``."""

from flask import Flask
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user

babel = Babel()
# Text responses are sent compressed: the page-weight budget is 30 KB on a slow phone.
compress = Compress()
# Counters live where RATELIMIT_STORAGE_URI says: the service's own database by default
# (selfservice/rate_limits.py), shared by every process; Redis when configured.
# Behind a reverse proxy, PROXY_HOPS makes the client's address the one counted.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def signed_in_user() -> str:
    """Count look-ups per caseworker: colleagues behind one office address share no budget."""
    return f"user:{current_user.get_id()}"


def limits_checked_in_their_views(app: Flask, limiter: Limiter = limiter) -> None:
    """Leave out Flask-Limiter's look before every request when no limit needs it.

    Every limit here decorates its view, and a decorated view checks its own limits. The look
    before each request is for default, application and blueprint limits, of which there are
    none, and costs every page a twentieth of a step's time (issue 20). Call it once the
    blueprints are registered; should such a limit ever be set, the look stays.
    """
    manager = limiter.limit_manager
    if manager.default_limits or manager.application_limits \
            or manager._blueprint_limits or limiter._meta_limits:
        return
    app.before_request_funcs[None].remove(limiter._check_request_limit)
