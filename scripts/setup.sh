#!/usr/bin/env bash
# Prepare this checkout to run: Debian packages the service needs at run time, and a
# virtual environment in .venv with the project installed in editable mode.
#
#   bash scripts/setup.sh [EXTRAS] [DEBIAN-PACKAGE...]     # e.g. bash scripts/setup.sh postgresql
#   source scripts/setup.sh; selfservice_setup test chromium postgresql
#
# Idempotent: Debian packages already installed are never touched (apt is skipped
# entirely when nothing is missing), and the pip install is skipped while the stamp
# .venv/.installed-<hash of pyproject.toml and python>-<extras> exists.
# Environment: PYTHON (default python3) is the interpreter the venv is made from.

SELFSERVICE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SELFSERVICE_VENV="$SELFSERVICE_ROOT/.venv"
# Fonts and libraries WeasyPrint needs to render the PDFs (Noto Naskh Arabic for Arabic).
SELFSERVICE_RUNTIME_DEBS=(libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-dejavu-core tzdata)
_selfservice_apt_updated=""

_setup_log() { printf 'setup: %s\n' "$*" >&2; }

# Runs a command as root: directly when we are root, otherwise through sudo.
_setup_as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        _setup_log "need root (or sudo) to run: $*"
        return 1
    fi
}

_setup_deb_installed() {
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = "installed" ]
}

# Installs those of the given Debian packages that are not installed yet.
# 'apt-get update' runs at most once per shell, and only when something is missing.
selfservice_ensure_debs() {
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        _setup_log "not a Debian system; make sure these are installed yourself: $*"
        return 0
    fi
    local missing=() pkg
    for pkg in "$@"; do
        _setup_deb_installed "$pkg" || missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    _setup_log "installing Debian packages: ${missing[*]}"
    local apt_opts=(-o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0)
    if [ -z "$_selfservice_apt_updated" ]; then
        _setup_as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" -qq update
        _selfservice_apt_updated=1
    fi
    _setup_as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" -qq install -y \
        --no-install-recommends "${missing[@]}" >/dev/null
    for pkg in "${missing[@]}"; do
        if ! _setup_deb_installed "$pkg"; then
            _setup_log "Debian package $pkg is still not installed"
            return 1
        fi
    done
}

_setup_python_can_venv() {
    "$1" -m venv --help >/dev/null 2>&1 && "$1" -c 'import ensurepip' >/dev/null 2>&1
}

_setup_venv_ok() {
    [ -x "$SELFSERVICE_VENV/bin/python" ] \
        && "$SELFSERVICE_VENV/bin/python" -c 'import pip' >/dev/null 2>&1
}

# Creates .venv (when missing or broken) and installs the project with the given extras
# (comma-separated, may be empty) unless the matching stamp file is present.
selfservice_venv() {
    local extras="${1:-}"
    local python="${PYTHON:-python3}"

    if ! _setup_venv_ok; then
        if ! command -v "$python" >/dev/null 2>&1; then
            selfservice_ensure_debs python3 python3-venv
        fi
        if ! _setup_python_can_venv "$python"; then
            selfservice_ensure_debs python3-venv
        fi
        _setup_log "creating virtual environment in $SELFSERVICE_VENV"
        rm -rf "$SELFSERVICE_VENV"
        if ! "$python" -m venv "$SELFSERVICE_VENV"; then
            # Debian's python3 without python3-venv may pass the checks above yet fail here.
            rm -rf "$SELFSERVICE_VENV"
            selfservice_ensure_debs python3-venv
            "$python" -m venv "$SELFSERVICE_VENV"
        fi
    fi

    local key
    key="$(
        {
            cat "$SELFSERVICE_ROOT/pyproject.toml"
            "$SELFSERVICE_VENV/bin/python" -c 'import sys; print(sys.version)'
        } | sha256sum | cut -c1-16
    )"
    local stamp="$SELFSERVICE_VENV/.installed-$key-${extras//[^A-Za-z0-9_-]/_}"
    if [ -e "$stamp" ]; then
        return 0
    fi

    local target="."
    [ -n "$extras" ] && target=".[$extras]"
    _setup_log "installing the project into .venv: pip install -e \"$target\""
    local pip=("$SELFSERVICE_VENV/bin/python" -m pip --disable-pip-version-check)
    export PIP_PROGRESS_BAR=off
    "${pip[@]}" install --quiet --upgrade pip
    (cd "$SELFSERVICE_ROOT" && "${pip[@]}" install --quiet -e "$target")
    # Stamps of other extras stay valid while pyproject.toml is unchanged (pip only adds).
    local old
    for old in "$SELFSERVICE_VENV"/.installed-*; do
        case "$old" in
            "$SELFSERVICE_VENV/.installed-$key-"*) ;;
            *) rm -f "$old" ;;
        esac
    done
    touch "$stamp"
}

# The whole set-up: runtime Debian packages plus any extra ones, then the venv.
selfservice_setup() {
    local extras="${1:-}"
    shift || true
    selfservice_ensure_debs "${SELFSERVICE_RUNTIME_DEBS[@]}" "$@"
    selfservice_venv "$extras"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    selfservice_setup "${1-postgresql}" "${@:2}"
fi
