#!/usr/bin/env bash
# Run the whole test suite: set up (Debian packages, .venv with the [test] extras), start a
# throwaway PostgreSQL server and a Redis server (for shared rate-limit counters), then ruff,
# lint-imports (the layers in pyproject.toml) and pytest. Extra arguments go to pytest:
#
#   bash scripts/test.sh                 # everything
#   bash scripts/test.sh -k intake -x    # a selection
#
# Exits with pytest's status, or 1 if pytest passed but ruff or lint-imports did not.
# If SELFSERVICE_TEST_POSTGRES_URL is already set, that database is used instead of
# starting a server (it must be a scratch database: the tests write to it); likewise
# SELFSERVICE_TEST_REDIS_URL for Redis.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PYTHONDONTWRITEBYTECODE=1

# shellcheck source=scripts/setup.sh
source "$ROOT/scripts/setup.sh"
# shellcheck source=scripts/postgres.sh
source "$ROOT/scripts/postgres.sh"
# shellcheck source=scripts/redis.sh
source "$ROOT/scripts/redis.sh"

phase() { printf '\n==> %s\n' "$*"; }

trap 'selfservice_pg_stop; selfservice_redis_stop' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

phase "[1/4] set-up: Debian packages and .venv (extras: test)"
# chromium: /usr/bin/chromium for the Playwright browser tests (never 'playwright install');
# postgresql: the server below; fonts-noto-core: Arabic glyphs in PDFs and pages;
# poppler-utils: pdftoppm renders page 1 of the test PDFs to PNG in test-artifacts/;
# redis-server: rate-limit counters shared by two app processes; nginx-light: the README's
# nginx configuration in front of gunicorn, with slow clients (tests/test_slow_clients.py).
selfservice_setup test chromium postgresql fonts-noto-core poppler-utils redis-server nginx-light

phase "[2/4] PostgreSQL and Redis"
if [ -n "${SELFSERVICE_TEST_POSTGRES_URL:-}" ]; then
    echo "using the given SELFSERVICE_TEST_POSTGRES_URL; not starting a server"
else
    if ! selfservice_pg_start; then
        echo "ERROR: could not start PostgreSQL; the suite must run against it" >&2
        exit 1
    fi
    echo "SELFSERVICE_TEST_POSTGRES_URL=$SELFSERVICE_TEST_POSTGRES_URL"
fi
if [ -n "${SELFSERVICE_TEST_REDIS_URL:-}" ]; then
    echo "using the given SELFSERVICE_TEST_REDIS_URL; not starting a server"
elif ! selfservice_redis_start; then
    echo "ERROR: could not start Redis; the suite must run against it" >&2
    exit 1
fi

phase "[3/4] ruff check . and lint-imports"
ruff_status=0
"$SELFSERVICE_VENV/bin/ruff" check . || ruff_status=$?
"$SELFSERVICE_VENV/bin/lint-imports" --no-cache || ruff_status=$?

# One pytest-xdist worker per CPU; each has its own PostgreSQL database (tests/conftest.py).
# SELFSERVICE_TEST_WORKERS=0 runs everything in this one process. The slowest tests are
# listed at the end, so that a suite growing slower shows where.
workers="${SELFSERVICE_TEST_WORKERS:-auto}"
phase "[4/4] pytest -n $workers --durations=30 $*"
pytest_status=0
"$SELFSERVICE_VENV/bin/python" -m pytest -n "$workers" --durations=30 "$@" || pytest_status=$?

echo
if [ "$ruff_status" -ne 0 ]; then
    echo "==> ruff check or lint-imports FAILED (status $ruff_status)"
fi
echo "==> pytest exited with status $pytest_status"
if [ "$pytest_status" -ne 0 ]; then
    exit "$pytest_status"
fi
if [ "$ruff_status" -ne 0 ]; then
    exit 1
fi
exit 0
