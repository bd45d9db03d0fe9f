#!/usr/bin/env bash
# A throwaway Redis server for the test suite's shared rate-limit counters, on 127.0.0.1
# and a free port, keeping nothing on disk; its directory is removed when it stops.
#
#   source scripts/redis.sh; selfservice_redis_start; ...; selfservice_redis_stop
#
# selfservice_redis_start exports SELFSERVICE_TEST_REDIS_URL (redis://127.0.0.1:PORT/0).
# The caller must make sure selfservice_redis_stop runs (a trap on EXIT).
# Needs Debian's redis-server package.

SELFSERVICE_REDIS_TMP=""
SELFSERVICE_REDIS_PORT=""

_redis_log() { printf 'redis: %s\n' "$*" >&2; }

selfservice_redis_start() {
    if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
        _redis_log "FAILED: no redis-server/redis-cli; install Debian's redis-server package"
        return 1
    fi
    SELFSERVICE_REDIS_TMP="$(mktemp -d /tmp/selfservice-redis.XXXXXX)" || return 1
    local attempt
    for attempt in 1 2 3; do
        SELFSERVICE_REDIS_PORT="$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')"
        redis-server --bind 127.0.0.1 --port "$SELFSERVICE_REDIS_PORT" --save "" \
            --appendonly no --daemonize yes --dir "$SELFSERVICE_REDIS_TMP" \
            --pidfile "$SELFSERVICE_REDIS_TMP/redis.pid" \
            --logfile "$SELFSERVICE_REDIS_TMP/redis.log" >/dev/null
        local wait
        for wait in $(seq 1 50); do
            if [ "$(redis-cli -p "$SELFSERVICE_REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; then
                export SELFSERVICE_TEST_REDIS_URL="redis://127.0.0.1:$SELFSERVICE_REDIS_PORT/0"
                _redis_log "running on 127.0.0.1:$SELFSERVICE_REDIS_PORT"
                return 0
            fi
            sleep 0.1
        done
        _redis_log "start on port $SELFSERVICE_REDIS_PORT failed (attempt $attempt)"
        selfservice_redis_stop_server
    done
    cat "$SELFSERVICE_REDIS_TMP/redis.log" >&2 2>/dev/null || true
    selfservice_redis_stop
    return 1
}

selfservice_redis_stop_server() {
    local pidfile="$SELFSERVICE_REDIS_TMP/redis.pid"
    if [ -f "$pidfile" ]; then
        kill "$(cat "$pidfile")" 2>/dev/null || true
        sleep 0.2
    fi
}

# Stops the server and removes its directory; safe to call more than once.
selfservice_redis_stop() {
    [ -n "$SELFSERVICE_REDIS_TMP" ] || return 0
    selfservice_redis_stop_server
    rm -rf "$SELFSERVICE_REDIS_TMP"
    SELFSERVICE_REDIS_TMP=""
    _redis_log "stopped"
}
