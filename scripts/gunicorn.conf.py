"""gunicorn settings for scripts/serve.sh, the tests' and the benchmarks' servers.

Threaded workers (gthread): a client that sends its request slowly holds one thread, not a
whole worker, so two slow clients cannot stall the service (issue 20; with nginx in front,
README "Production", they never reach gunicorn at all). One process by default; the
rate-limit counters live in the database (selfservice/rate_limits.py), so the limits hold as
written with any number of processes (WORKERS) too.
"""

import os

worker_class = "gthread"
workers = int(os.environ.get("WORKERS", "1"))
threads = int(os.environ.get("THREADS", "8"))
# A request's body and headers must arrive within this many seconds of the connection, or
# the thread is freed; longer than a PDF may take (PDF_RENDER_SECONDS, 20).
timeout = 30
keepalive = 5
