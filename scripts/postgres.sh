#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite, on 127.0.0.1 and a free port, with its
# data and socket in a temporary directory that is removed when it stops.
#
#   bash scripts/postgres.sh COMMAND [ARG...]   # start, run COMMAND with
#                                               # SELFSERVICE_TEST_POSTGRES_URL set, stop
#   source scripts/postgres.sh; selfservice_pg_start; ...; selfservice_pg_stop
#
# selfservice_pg_start exports SELFSERVICE_TEST_POSTGRES_URL
# (postgresql+psycopg://postgres@127.0.0.1:PORT/selfservice_test) and PGHOST/PGPORT/PGUSER
# for psql. The caller must make sure selfservice_pg_stop runs (a trap on EXIT).
# Needs Debian's postgresql package; PG_BINDIR overrides where its binaries are found.

SELFSERVICE_PG_DB="${SELFSERVICE_PG_DB:-selfservice_test}"
SELFSERVICE_PG_TMP=""
SELFSERVICE_PG_BIN=""
SELFSERVICE_PG_PORT=""

_pg_log() { printf 'postgres: %s\n' "$*" >&2; }

# Runs a command as the server's owner: root cannot run postgres, so as root that is the
# 'postgres' user; anyone else runs the server as themselves.
_pg_as_owner() {
    if [ "$(id -u)" -ne 0 ]; then
        (cd "$SELFSERVICE_PG_TMP" && "$@")
    elif command -v runuser >/dev/null 2>&1; then
        (cd "$SELFSERVICE_PG_TMP" && runuser -u postgres -- "$@")
    else
        (cd "$SELFSERVICE_PG_TMP" && su postgres -s /bin/sh -c "$(printf '%q ' "$@")")
    fi
}

_pg_find_bindir() {
    local dir="${PG_BINDIR:-}"
    if [ -z "$dir" ]; then
        dir="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    fi
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
        printf '%s\n' "$dir"
        return 0
    fi
    return 1
}

_pg_free_port() {
    local python
    for python in python3 "${SELFSERVICE_VENV:-}/bin/python"; do
        if command -v "$python" >/dev/null 2>&1; then
            "$python" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' && return 0
        fi
    done
    echo 55432
}

_pg_fail() {
    _pg_log "FAILED: $*"
    if [ -n "$SELFSERVICE_PG_TMP" ] && [ -f "$SELFSERVICE_PG_TMP/server.log" ]; then
        _pg_log "server log follows:"
        sed 's/^/  | /' "$SELFSERVICE_PG_TMP/server.log" >&2 || true
    fi
    selfservice_pg_stop
    return 1
}

selfservice_pg_start() {
    if ! SELFSERVICE_PG_BIN="$(_pg_find_bindir)"; then
        _pg_log "FAILED: no PostgreSQL server binaries (initdb, pg_ctl) in" \
            "${PG_BINDIR:-/usr/lib/postgresql/*/bin}; install Debian's postgresql package"
        return 1
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        _pg_log "FAILED: running as root but there is no 'postgres' user to run the server as"
        return 1
    fi
    SELFSERVICE_PG_TMP="$(mktemp -d /tmp/selfservice-pg.XXXXXX)" || {
        _pg_log "FAILED: cannot create a temporary directory"
        return 1
    }
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$SELFSERVICE_PG_TMP" || { _pg_fail "chown postgres $SELFSERVICE_PG_TMP"; return 1; }
    fi
    local data="$SELFSERVICE_PG_TMP/data"
    local version
    version="$("$SELFSERVICE_PG_BIN/postgres" --version 2>/dev/null || echo "?")"
    _pg_log "initdb ($version) in $data"
    if ! _pg_as_owner "$SELFSERVICE_PG_BIN/initdb" -D "$data" -A trust -U postgres \
        -E UTF8 --locale=C --no-sync >"$SELFSERVICE_PG_TMP/initdb.log" 2>&1; then
        cat "$SELFSERVICE_PG_TMP/initdb.log" >&2
        _pg_fail "initdb"
        return 1
    fi

    local attempt started=""
    for attempt in 1 2 3; do
        SELFSERVICE_PG_PORT="$(_pg_free_port)"
        if _pg_as_owner "$SELFSERVICE_PG_BIN/pg_ctl" -D "$data" -l "$SELFSERVICE_PG_TMP/server.log" \
            -w -t 60 -o "-c listen_addresses=127.0.0.1 -p $SELFSERVICE_PG_PORT \
-k $SELFSERVICE_PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null; then
            started=1
            break
        fi
        _pg_log "start on port $SELFSERVICE_PG_PORT failed (attempt $attempt)"
    done
    if [ -z "$started" ]; then
        _pg_fail "pg_ctl start"
        return 1
    fi

    if ! "$SELFSERVICE_PG_BIN/createdb" -h 127.0.0.1 -p "$SELFSERVICE_PG_PORT" -U postgres \
        "$SELFSERVICE_PG_DB"; then
        _pg_fail "createdb $SELFSERVICE_PG_DB"
        return 1
    fi
    export PGHOST=127.0.0.1 PGPORT="$SELFSERVICE_PG_PORT" PGUSER=postgres
    export SELFSERVICE_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$SELFSERVICE_PG_PORT/$SELFSERVICE_PG_DB"
    _pg_log "running on 127.0.0.1:$SELFSERVICE_PG_PORT, database $SELFSERVICE_PG_DB"
}

# Stops the server (fast, then immediate, then SIGKILL) and removes its directory.
# Safe to call more than once, and when nothing was started.
selfservice_pg_stop() {
    local tmp="$SELFSERVICE_PG_TMP"
    [ -n "$tmp" ] || return 0
    local data="$tmp/data"
    if [ -f "$data/postmaster.pid" ]; then
        if ! _pg_as_owner "$SELFSERVICE_PG_BIN/pg_ctl" -D "$data" -m fast -w -t 30 stop \
            >/dev/null 2>&1; then
            _pg_as_owner "$SELFSERVICE_PG_BIN/pg_ctl" -D "$data" -m immediate -w -t 10 stop \
                >/dev/null 2>&1 || true
        fi
        if [ -f "$data/postmaster.pid" ]; then
            local pid
            pid="$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)"
            if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
                _pg_log "server $pid did not stop; killing it"
                kill -KILL "$pid" 2>/dev/null || true
                sleep 1
            fi
        fi
        _pg_log "stopped"
    fi
    rm -rf "$tmp"
    SELFSERVICE_PG_TMP=""
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    if [ "$#" -eq 0 ]; then
        echo "usage: $0 COMMAND [ARG...]   (e.g. $0 psql, or $0 bash)" >&2
        exit 2
    fi
    trap selfservice_pg_stop EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    selfservice_pg_start
    status=0
    "$@" || status=$?
    exit "$status"
fi
