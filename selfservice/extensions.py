"""Extensions created unbound here and bound to the app in ``create_app``."""

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

babel = Babel()
# Text responses are sent compressed: the page-weight budget is 30 KB on a slow phone.
compress = Compress()
# Counters live in memory for the embedded set-up; RATELIMIT_STORAGE_URI shares them (Redis).
limiter = Limiter(key_func=get_remote_address, default_limits=[])
