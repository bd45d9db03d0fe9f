#!/usr/bin/env bash
# Run the service: set up (Debian packages, .venv with the [postgresql] extras), create or
# upgrade the database, then serve in the foreground on http://127.0.0.1:5000.
# HOST and PORT override the address; WORKERS the number of gunicorn processes (1) and THREADS
# the threads of each (8): scripts/gunicorn.conf.py.
# Keys and the SQLite database are made by the app itself in instance/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# shellcheck source=scripts/setup.sh
source "$ROOT/scripts/setup.sh"
selfservice_setup postgresql

"$SELFSERVICE_VENV/bin/flask" --app wsgi init-db

host="${HOST:-127.0.0.1}"
port="${PORT:-5000}"
echo "serving on http://$host:$port/ (Ctrl-C to stop)"
exec "$SELFSERVICE_VENV/bin/gunicorn" --config scripts/gunicorn.conf.py --bind "$host:$port" wsgi:app
