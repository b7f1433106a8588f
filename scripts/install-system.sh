#!/usr/bin/env bash
# Install every OS-level dependency of memory-orchestrator on Debian 12
# (bookworm, PostgreSQL 15) or Debian 13 (trixie, PostgreSQL 17).
#
# Idempotent: when everything is already present it makes no change and does
# not touch the network (no apt-get update), so it is cheap to run at the top
# of CI and of every developer setup.
#
# Environment:
#   MO_PG_VERSION   PostgreSQL major version to target (default: detected).
#
# --ha also installs pg_auto_failover (postgresql-N-auto-failover and
# pg-auto-failover-cli) for `./dev ha` and `./dev ha-failover-test`.
#
# It installs packages only; it never creates, starts or stops a cluster.
set -euo pipefail

readonly MIN_PG=15          # oldest PostgreSQL major the project supports
readonly MIN_PGVECTOR=0.8   # the project needs pgvector >= 0.8 (0.8.0 added iterative index scans)
readonly SRC_LIST=/etc/apt/sources.list.d/memory-orchestrator-src.sources
readonly CACHE_DIR=/var/cache/memory-orchestrator
readonly BUILD_DIR=$CACHE_DIR/build
readonly KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

log() { printf '==> %s\n' "$*"; }
die() { printf 'install-system: error: %s\n' "$*" >&2; exit 1; }

# --- 1. root --------------------------------------------------------------
# apt and `make install` into the PostgreSQL tree need root. Re-exec through
# sudo rather than asking the caller to remember it; MO_PG_VERSION is passed
# explicitly because sudo's env_reset would otherwise drop it.
if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 \
        || die "must run as root, and sudo is not installed (run it as root instead)"
    self=$(readlink -f -- "${BASH_SOURCE[0]}")
    log "not root: re-running with sudo"
    if [[ -n ${MO_PG_VERSION:-} ]]; then
        exec sudo -- env "MO_PG_VERSION=$MO_PG_VERSION" bash "$self" "$@"
    fi
    exec sudo -- bash "$self" "$@"
fi

# Two concurrent runs would fight over the dpkg lock and the build directory.
mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/install-system.lock"
flock 9

export DEBIAN_FRONTEND=noninteractive

# --- apt helpers ----------------------------------------------------------
APT_UPDATED=0
apt_update_once() {
    # Refresh the package lists at most once per run, and only when we are
    # about to install something: this keeps the all-installed path offline.
    if [[ $APT_UPDATED -eq 0 ]]; then
        log "apt-get update"
        apt-get update -q
        APT_UPDATED=1
    fi
}

is_installed() {
    [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == "install ok installed" ]]
}

# ensure_packages PKG...: install only the packages that are missing.
ensure_packages() {
    local missing=() p
    for p in "$@"; do
        is_installed "$p" || missing+=("$p")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        return 0
    fi
    apt_update_once
    log "apt-get install ${missing[*]}"
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# control_version FILE: the default_version of an extension .control file.
control_version() {
    [[ -f $1 ]] || return 0
    sed -n "s/^[[:space:]]*default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" "$1" | head -n1
}

# version_ge A B: A >= B by Debian version ordering (fine for 0.8.0 vs 0.8).
version_ge() { dpkg --compare-versions "$1" ge "$2"; }

# --- 2. PostgreSQL major version -------------------------------------------
# Highest installed server >= MIN_PG, judged by the server binary itself (a
# leftover /usr/lib/postgresql/N directory without it does not count).
installed_pg_version() {
    local d n best=""
    for d in /usr/lib/postgresql/*/bin/postgres; do
        [[ -x $d ]] || continue
        n=${d#/usr/lib/postgresql/}; n=${n%%/*}
        [[ $n =~ ^[0-9]+$ ]] || continue
        (( n >= MIN_PG )) || continue
        if [[ -z $best ]] || (( n > best )); then best=$n; fi
    done
    printf '%s' "$best"
}

# Sets PG. Not run in $(...) so that apt's state (APT_UPDATED) and die()
# take effect in this shell.
detect_pg_version() {
    if [[ -n ${MO_PG_VERSION:-} ]]; then
        PG=$MO_PG_VERSION
        [[ $PG =~ ^[0-9]+$ ]] \
            || die "MO_PG_VERSION must be a major version number like 15 or 17, got '$PG'"
        (( PG >= MIN_PG )) \
            || die "MO_PG_VERSION=$PG is not supported: memory-orchestrator needs PostgreSQL >= $MIN_PG"
        return
    fi
    PG=$(installed_pg_version)
    [[ -z $PG ]] || return 0
    # Nothing suitable installed: take the distribution's default. The
    # `postgresql` metapackage depends on exactly that postgresql-N, so
    # installing it and looking again gives the answer without hard-coding N.
    log "no PostgreSQL >= $MIN_PG installed: installing the distribution default (postgresql)"
    ensure_packages postgresql-common postgresql
    PG=$(installed_pg_version)
    if [[ -z $PG ]]; then
        # The default exists but is too old: say which one it is.
        local all
        all=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f ' 2>/dev/null || true)
        die "this distribution's PostgreSQL (${all:-none found}) is older than $MIN_PG; memory-orchestrator needs PostgreSQL >= $MIN_PG"
    fi
}

PG=""
detect_pg_version
log "PostgreSQL major version: $PG"
PG_CONFIG=/usr/lib/postgresql/$PG/bin/pg_config

# --- 3. packages ------------------------------------------------------------
# pg_prove lives in libtap-parser-sourcehandler-pgtap-perl (the `pgtap`
# metapackage depends on it); it is named explicitly so it is not lost if
# the metapackage's dependencies change. acl provides setfacl, used to let
# the unprivileged cluster user traverse the checkout; python3-venv
# lets ./dev create the project virtualenv with Debian's python3.
PACKAGES=(
    "postgresql-$PG"
    "postgresql-$PG-cron"
    "postgresql-$PG-pgtap"
    pgtap
    libtap-parser-sourcehandler-pgtap-perl
    sqitch
    libdbd-pg-perl
    "postgresql-$PG-plpgsql-check"
    "postgresql-plpython3-$PG"
    acl
    python3-venv
)
if [[ ${1:-} == --ha ]]; then
    PACKAGES+=("postgresql-$PG-auto-failover" pg-auto-failover-cli)
fi
ensure_packages "${PACKAGES[@]}"
[[ -x $PG_CONFIG ]] || die "$PG_CONFIG is missing after installing postgresql-$PG"

# --- 4. pgvector >= MIN_PGVECTOR ---------------------------------------------
SHAREDIR=$("$PG_CONFIG" --sharedir)
VECTOR_CONTROL=$SHAREDIR/extension/vector.control
VECTOR_SO=$("$PG_CONFIG" --pkglibdir)/vector.so

# The next Debian release for each one we may run on: its pgvector source is
# built against our PostgreSQL when our release has no (new enough) package.
next_codename() {
    case $1 in
        bullseye) echo bookworm ;;
        bookworm) echo trixie ;;
        trixie)   echo forky ;;
        *)        return 1 ;;
    esac
}

# The archive URI this machine already uses for suite $1, so that no host
# name is baked into the project: first the deb822 sources, then the
# one-line sources.list format.
configured_debian_uri() {
    local codename=$1 f uri=""
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -f $f && $f != "$SRC_LIST" ]] || continue
        # Each blank-line-separated stanza is one entry; take the first URI
        # of an enabled entry whose Suites list our codename exactly.
        uri=$(awk -v want="$codename" '
            function flush() {
                if (suite_ok && enabled && uris != "") { split(uris, u, " "); print u[1]; found = 1; exit }
                suite_ok = 0; enabled = 1; uris = ""
            }
            BEGIN { enabled = 1 }
            /^[[:space:]]*#/ { next }
            /^[[:space:]]*$/ { flush(); next }
            {
                key = tolower($1); sub(/:$/, "", key)
                val = $0; sub(/^[^:]*:[[:space:]]*/, "", val)
                if (key == "uris") uris = val
                else if (key == "enabled" && tolower(val) == "no") enabled = 0
                else if (key == "suites") { n = split(val, s, " "); for (i = 1; i <= n; i++) if (s[i] == want) suite_ok = 1 }
            }
            END { if (!found) flush() }
        ' "$f")
        if [[ -n $uri ]]; then printf '%s' "$uri"; return 0; fi
    done
    if [[ -f /etc/apt/sources.list ]]; then
        # deb [options] URI suite component...   (options may contain spaces)
        uri=$(sed -e 's/#.*//' -e 's/\[[^]]*\]//' /etc/apt/sources.list \
              | awk -v want="$codename" '$1 == "deb" && $3 == want { print $2; exit }')
        if [[ -n $uri ]]; then printf '%s' "$uri"; return 0; fi
    fi
    return 1
}

# Write the deb-src entry for the next release; rewrite only when it differs.
write_src_list() {
    local uri=$1 next=$2 content
    content="# Managed by memory-orchestrator scripts/install-system.sh: source
# packages of the next Debian release, used only to build pgvector for the
# installed PostgreSQL. Binary packages are not taken from this entry.
Types: deb-src
URIs: $uri
Suites: $next
Components: main
Signed-By: $KEYRING
"
    if [[ -f $SRC_LIST ]] && [[ $(cat "$SRC_LIST") == "${content%$'\n'}" ]]; then
        return 0
    fi
    log "writing $SRC_LIST (deb-src $next from $uri)"
    printf '%s' "$content" > "$SRC_LIST"
}

build_pgvector_from_source() {
    local codename next uri srcdir upstream
    # shellcheck disable=SC1091  # a system file, not part of the project
    codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
    [[ -n $codename ]] || die "cannot read VERSION_CODENAME from /etc/os-release"
    next=$(next_codename "$codename") \
        || die "no next-release mapping for Debian '$codename'; add it to next_codename()"
    uri=$(configured_debian_uri "$codename") \
        || die "found no apt source for suite '$codename' in /etc/apt/sources.list{,.d/*.sources} to take the archive URI from"
    [[ -r $KEYRING ]] || ensure_packages debian-archive-keyring

    # dpkg-dev for apt-get source (dpkg-source), the server headers and a
    # compiler for PGXS.
    ensure_packages dpkg-dev build-essential "postgresql-server-dev-$PG"

    write_src_list "$uri" "$next"
    # Refresh only the new list: the machine's other sources are untouched
    # and their lists are kept (List-Cleanup=0).
    log "apt-get update (deb-src $next only)"
    apt-get update -q \
        -o Dir::Etc::sourcelist="$SRC_LIST" \
        -o Dir::Etc::sourceparts=- \
        -o APT::Get::List-Cleanup=0

    # A fresh directory each time so an old extracted tree is never reused.
    log "apt-get source pgvector (into $BUILD_DIR)"
    rm -rf "$BUILD_DIR"
    mkdir -p "$BUILD_DIR"
    # As root, apt downloads unsandboxed; giving _apt the directory avoids
    # the warning about it, when that user exists.
    if id _apt >/dev/null 2>&1; then chown _apt "$BUILD_DIR"; fi
    (cd "$BUILD_DIR" && apt-get source -q pgvector)

    srcdir=$(find "$BUILD_DIR" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
    [[ -n $srcdir ]] || die "apt-get source pgvector produced no pgvector-* directory in $BUILD_DIR"
    # Upstream version: the changelog version less epoch and Debian revision.
    upstream=$(dpkg-parsechangelog -l "$srcdir/debian/changelog" -S Version)
    upstream=${upstream#*:}; upstream=${upstream%-*}
    version_ge "$upstream" "$MIN_PGVECTOR" \
        || die "Debian $next ships pgvector $upstream, older than the required $MIN_PGVECTOR"
    log "building pgvector $upstream for PostgreSQL $PG"

    # OPTFLAGS="" keeps upstream's -march=native out of the build so the
    # library does not depend on this exact CPU (the machine image may move
    # to another host). Debian's patches already disable it; passing it
    # anyway keeps that true for a source without the patch.
    make -C "$srcdir" -j"$(nproc)" PG_CONFIG="$PG_CONFIG" OPTFLAGS=""
    log "installing pgvector $upstream"
    make -C "$srcdir" PG_CONFIG="$PG_CONFIG" OPTFLAGS="" install
}

ensure_pgvector() {
    local have cand
    have=$(control_version "$VECTOR_CONTROL")
    # The library must be there too: a control file alone (say, from a
    # half-removed install) would make CREATE EXTENSION fail later.
    if [[ -n $have ]] && version_ge "$have" "$MIN_PGVECTOR" && [[ -f $VECTOR_SO ]]; then
        log "pgvector $have already installed for PostgreSQL $PG"
        return 0
    fi
    log "pgvector >= $MIN_PGVECTOR needed for PostgreSQL $PG (found: ${have:-none})"

    # Prefer the distribution's binary package (Debian 13 has one).
    apt_update_once
    cand=$(apt-cache policy "postgresql-$PG-pgvector" 2>/dev/null \
           | sed -n 's/^[[:space:]]*Candidate:[[:space:]]*//p' | head -n1)
    if [[ -n $cand && $cand != "(none)" ]] && version_ge "$cand" "$MIN_PGVECTOR"; then
        log "installing postgresql-$PG-pgvector $cand from apt"
        apt-get install -y -q --no-install-recommends "postgresql-$PG-pgvector"
    else
        log "no postgresql-$PG-pgvector >= $MIN_PGVECTOR in apt (candidate: ${cand:-none}): building from Debian source"
        build_pgvector_from_source
    fi

    have=$(control_version "$VECTOR_CONTROL")
    if [[ -z $have ]] || ! version_ge "$have" "$MIN_PGVECTOR"; then
        die "pgvector install finished but $VECTOR_CONTROL reports '${have:-nothing}'"
    fi
}

ensure_pgvector

# --- 5. summary ---------------------------------------------------------------
PG_FULL=$("$PG_CONFIG" --version | awk '{print $2}')
VECTOR_VER=$(control_version "$VECTOR_CONTROL")
CRON_VER=$(control_version "$SHAREDIR/extension/pg_cron.control")
log "ready: PostgreSQL $PG ($PG_FULL), pgvector ${VECTOR_VER:-missing}, pg_cron ${CRON_VER:-missing}"
