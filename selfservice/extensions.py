"""Extensions created unbound here and bound to the app in ``create_app``."""

from flask import request
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user

babel = Babel()
# Text responses are sent compressed: the page-weight budget is 30 KB on a slow phone.
compress = Compress()
# Counters live in memory for the embedded set-up; RATELIMIT_STORAGE_URI shares them (Redis).
# Behind a reverse proxy, PROXY_HOPS makes the client's address the one counted.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def account_tried() -> str:
    """Count sign-in attempts per account name, so guessing one password is slow even when
    the guesses come from many addresses, while a whole office behind one address is not."""
    return "account:" + (request.form.get("username") or "").strip().casefold()


def signed_in_user() -> str:
    """Count look-ups per caseworker: colleagues behind one office address share no budget."""
    return f"user:{current_user.get_id()}"
