#!/usr/bin/env bash
# Run the two README commands (`./dev setup`, `./dev test`) on Debian 13
# (trixie) in a tree made with debootstrap on this machine, and report the
# result: Debian, PostgreSQL, pgvector, plpgsql_check and pg_cron versions,
# the time of a first and a second `./dev setup`, the test summary line and
# every failure. docs/debian13.md holds the latest report.
#
# Usage (as root, or through sudo):
#   scripts/debian13-check.sh [--fresh] [--setup-only] [--update-docs]
#                             [--dir DIR] [--port PORT]
#   ./dev debian13 [same flags]
#
#   --fresh        delete the tree and debootstrap it again (else it is reused)
#   --setup-only   run `./dev setup` twice, not `./dev test`
#   --update-docs  write the report into docs/debian13.md of this checkout
#   --dir DIR      the tree (default /var/cache/memory-orchestrator/debian13,
#                  outside the checkout; logs go to DIR-logs/<time>/)
#   --port PORT    MO_PGPORT of the project's cluster inside the tree
#   -k EXPR        only the tests matching EXPR (pytest -k), for iterating on
#                  one failure; a report for the docs runs the whole suite
#                  (default 54381: the tree shares this machine's network)
#
# What it does:
#   1. debootstrap trixie (default variant, plus git and ca-certificates: a
#      machine with a checkout has git, and tests/test_upgrade.py reads the
#      history) from
#      the Debian mirror this machine's own apt sources name: no host name is
#      written in the project. apt sources in the tree: trixie,
#      trixie-updates and, when this machine has a security entry,
#      trixie-security.
#   2. /usr/sbin/policy-rc.d in the tree forbids every service start: when
#      `./dev setup` installs postgresql-17, Debian creates its default
#      cluster 17/main (port 5432) and would start it; here it stays down.
#      The report shows it (pg_lsclusters). /etc/resolv.conf and the CA
#      certificates this machine added (/usr/local/share/ca-certificates)
#      are copied in, so the tree reaches the package registries as it does.
#   3. `git clone` of this checkout's committed HEAD into /root/memory-
#      orchestrator in the tree (uncommitted changes are not included: a
#      clean clone is what CI runs).
#   4. In a private mount namespace: /proc, /sys, /dev, /dev/pts and a fresh
#      /dev/shm mounted in the tree; chroot; `./dev setup` twice (timed),
#      then `./dev test`, as root with MO_PGPORT=PORT and a clean environment.
#   5. On exit (also on error or Ctrl-C): stops the project's cluster in the
#      tree, ends any process still running in the tree (by pid), unmounts.
#
# Exit status: that of `./dev test` (of `./dev setup` with --setup-only).
set -euo pipefail

log() { printf '==> [debian13] %s\n' "$*"; }
die() { printf 'debian13-check: error: %s\n' "$*" >&2; exit 2; }

CHECKOUT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
DIR=${MO_DEBIAN13_DIR:-/var/cache/memory-orchestrator/debian13}
PORT=${MO_DEBIAN13_PGPORT:-54381}
FRESH=0 SETUP_ONLY=0 UPDATE_DOCS=0 SELECT=
ARGS=("$@")
while [[ $# -gt 0 ]]; do
    case $1 in
        --fresh) FRESH=1 ;;
        --setup-only) SETUP_ONLY=1 ;;
        --update-docs) UPDATE_DOCS=1 ;;
        --dir) DIR=${2:?--dir needs a directory}; shift ;;
        --port) PORT=${2:?--port needs a number}; shift ;;
        -k) SELECT=${2:?-k needs an expression}; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
done
[[ -n $SELECT && $UPDATE_DOCS -eq 1 ]] && die "--update-docs reports the whole suite: drop -k"
[[ $EUID -eq 0 ]] || exec sudo -- "$0" "${ARGS[@]}"
[[ $DIR == /* && $DIR != / ]] || die "--dir must be an absolute path other than /"
DIR=$(realpath -m "$DIR")
[[ $PORT =~ ^[0-9]+$ ]] || die "--port must be a number"

# Everything below runs in a private mount namespace: the mounts made in the
# tree are invisible to the rest of the machine and vanish with the run.
if [[ ${MO_DEBIAN13_NS:-} != 1 ]]; then
    MO_DEBIAN13_NS=1 exec unshare --mount --propagation private -- "$0" "${ARGS[@]}"
fi

readonly SUITE=trixie
readonly CLONE=/root/memory-orchestrator   # path inside the tree
readonly STAMP=$DIR/.mo-debootstrap-complete
LOGS=$DIR-logs/$(date -u +%Y%m%dT%H%M%SZ)

mkdir -p "$(dirname "$DIR")"
exec 8>"$DIR.lock"
flock -n 8 || die "another run holds $DIR.lock"

# --- the host's Debian mirror ---------------------------------------------------
# host_uri SUITE: the first URI of an enabled apt source of this machine that
# lists SUITE (deb822 *.sources first, then the one-line sources.list).
host_uri() {
    local want=$1 f uri
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -f $f ]] || continue
        uri=$(awk -v want="$want" '
            function flush() {
                if (deb && ok && on && uris != "") { split(uris, u, " "); print u[1]; done = 1; exit }
                deb = 0; ok = 0; on = 1; uris = ""
            }
            BEGIN { on = 1 }
            /^[[:space:]]*#/ { next }
            /^[[:space:]]*$/ { flush(); next }
            {
                key = tolower($1); sub(/:$/, "", key)
                val = $0; sub(/^[^:]*:[[:space:]]*/, "", val)
                if (key == "uris") uris = val
                else if (key == "types") { n = split(val, t, " "); for (i = 1; i <= n; i++) if (t[i] == "deb") deb = 1 }
                else if (key == "enabled" && tolower(val) == "no") on = 0
                else if (key == "suites") { n = split(val, s, " "); for (i = 1; i <= n; i++) if (s[i] == want) ok = 1 }
            }
            END { if (!done) flush() }' "$f")
        [[ -z $uri ]] || { printf '%s' "$uri"; return 0; }
    done
    [[ -f /etc/apt/sources.list ]] || return 1
    uri=$(sed -e 's/#.*//' -e 's/\[[^]]*\]//' /etc/apt/sources.list \
          | awk -v want="$want" '$1 == "deb" && $3 == want { print $2; exit }')
    [[ -n $uri ]] && printf '%s' "$uri"
}

# shellcheck disable=SC1091
HOST_CODENAME=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
MIRROR=$(host_uri "$HOST_CODENAME") \
    || die "no apt source for '$HOST_CODENAME' in /etc/apt/sources.list{,.d/*.sources} to take the Debian mirror from"
SECURITY=$(host_uri "$HOST_CODENAME-security" || true)

# --- processes and mounts of the tree ----------------------------------------------
MOUNTED=()
tree_pids() {   # processes whose root directory is the tree
    local p
    for p in /proc/[0-9]*; do
        [[ $(readlink "$p/root" 2>/dev/null) == "$DIR" ]] && printf '%s\n' "${p#/proc/}"
    done
    return 0
}
stop_tree() {
    local pids i
    if [[ -f $DIR$CLONE/.cluster/data/postmaster.pid ]]; then
        log "stopping the project's cluster in the tree"
        chroot "$DIR" sh -c "runuser -u postgres -- /usr/lib/postgresql/*/bin/pg_ctl -D $CLONE/.cluster/data -m fast -w stop" \
            >/dev/null 2>&1 || true
    fi
    for i in 1 2 3 4 5 6 7 8 9 10; do
        mapfile -t pids < <(tree_pids)
        [[ ${#pids[@]} -gt 0 ]] || return 0
        [[ $i -gt 1 ]] || log "ending processes still running in the tree: ${pids[*]}"
        kill "$([[ $i -lt 6 ]] && echo -TERM || echo -KILL)" "${pids[@]}" 2>/dev/null || true
        sleep 1
    done
}
unmount_all() {
    local i
    for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
        umount "${MOUNTED[i]}" 2>/dev/null || umount -l "${MOUNTED[i]}" || true
    done
    MOUNTED=()
}
cleanup() {
    local rc=$?
    # Finish the clean-up even when the terminal or a pipe reading our output
    # has gone away: nothing here may stop half-way.
    trap '' PIPE INT TERM HUP
    trap - EXIT
    set +e
    if [[ -d $DIR/proc ]]; then stop_tree; fi
    unmount_all
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
trap 'exit 141' PIPE   # a closed output pipe must still run cleanup (untrapped, SIGPIPE kills bash without it)
mount_in() {   # mount_in TARGET MOUNT-ARGS...
    local target=$DIR$1; shift
    mkdir -p "$target"
    mount "$@" "$target"
    MOUNTED+=("$target")
}

# --- 1. the tree --------------------------------------------------------------------
if [[ $FRESH -eq 1 || ! -f $STAMP ]]; then
    if [[ -e $DIR ]]; then
        grep -q " $DIR[/ ]" /proc/mounts && die "something is mounted under $DIR; not deleting it"
        [[ -z $(tree_pids) ]] || die "processes are running in $DIR; not deleting it"
        log "deleting the old tree $DIR"
        rm -rf --one-file-system "$DIR"
    fi
    command -v debootstrap >/dev/null || { log "apt-get install debootstrap"; apt-get install -y -q debootstrap; }
    mkdir -p "$LOGS"
    log "debootstrap $SUITE into $DIR from $MIRROR (log: $LOGS/debootstrap.log)"
    t0=$(date +%s)
    debootstrap --include=git,ca-certificates "$SUITE" "$DIR" "$MIRROR" >"$LOGS/debootstrap.log" 2>&1 \
        || { tail -n 20 "$LOGS/debootstrap.log" >&2; die "debootstrap failed"; }
    log "debootstrap done in $(( $(date +%s) - t0 )) s"
    rm -f "$DIR/etc/apt/sources.list"
    {
        printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
            "$MIRROR" "$SUITE" "$SUITE"
        [[ -z $SECURITY ]] || printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
            "$SECURITY" "$SUITE"
    } >"$DIR/etc/apt/sources.list.d/debian.sources"
    printf '#!/bin/sh\n# memory-orchestrator debian13-check: no service starts in this chroot\nexit 101\n' \
        >"$DIR/usr/sbin/policy-rc.d"
    chmod 755 "$DIR/usr/sbin/policy-rc.d"
    touch "$STAMP"
    TREE="fresh (debootstrap in this run)"
else
    TREE="reused (made $(date -u -r "$STAMP" +%Y-%m-%d))"
    log "reusing the tree $DIR (--fresh rebuilds it)"
fi
mkdir -p "$LOGS"
# The tree reaches the network as this machine does: its resolver, and the CA
# certificates added locally to its trust store (pip then reaches PyPI
# through whatever TLS-inspecting proxy this machine's network uses).
cp -L /etc/resolv.conf "$DIR/etc/resolv.conf"
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    mkdir -p "$DIR/usr/local/share/ca-certificates"
    if ! diff -rq /usr/local/share/ca-certificates "$DIR/usr/local/share/ca-certificates" >/dev/null 2>&1; then
        log "copying this machine's local CA certificates into the tree"
        cp -L /usr/local/share/ca-certificates/*.crt "$DIR/usr/local/share/ca-certificates/"
        chroot "$DIR" update-ca-certificates >/dev/null
    fi
fi

# --- 2. the checkout ----------------------------------------------------------------
HEAD=$(git -C "$CHECKOUT" rev-parse HEAD)
[[ -z $(git -C "$CHECKOUT" status --porcelain --untracked-files=no) ]] \
    || log "warning: $CHECKOUT has uncommitted changes; the tree runs the committed HEAD only"
log "git clone of $CHECKOUT at ${HEAD:0:12} into $CLONE"
[[ ! -e $DIR$CLONE/.cluster/data/postmaster.pid ]] || stop_tree
rm -rf --one-file-system "$DIR$CLONE"
git clone --quiet --no-hardlinks "$CHECKOUT" "$DIR$CLONE"
git -C "$DIR$CLONE" checkout --quiet --detach "$HEAD"

# --- 3. mounts ----------------------------------------------------------------------
if ss -Hltn "sport = :$PORT" | grep -q .; then die "port $PORT is in use on this machine (--port chooses another)"; fi
mount_in /proc -t proc proc
mount_in /sys -t sysfs sysfs
mount_in /dev --bind /dev
mount_in /dev/pts --bind /dev/pts
mount_in /dev/shm -t tmpfs -o mode=1777,nosuid,nodev tmpfs

in_tree() {   # in_tree COMMAND: run a shell command in the clone, clean environment
    chroot "$DIR" /usr/bin/env -i HOME=/root USER=root LOGNAME=root TERM="${TERM:-dumb}" LANG=C.UTF-8 \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin MO_PGPORT="$PORT" \
        bash -c "cd $CLONE && $1"
}

# run_timed NAME COMMAND: run, print and log its output, set ELAPSED and RC.
run_timed() {
    local t0 t1
    log "$1: $2 (log: $LOGS/$1.log)"
    t0=$(date +%s.%N)
    set +e
    in_tree "$2" 2>&1 | tee "$LOGS/$1.log"
    RC=${PIPESTATUS[0]}
    set -e
    t1=$(date +%s.%N)
    ELAPSED=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    log "$1: exit $RC after $ELAPSED s"
}

# --- 4. the two commands ------------------------------------------------------------
run_timed setup-1 "./dev setup"; SETUP1=$ELAPSED; RC_SETUP1=$RC
run_timed setup-2 "./dev setup"; SETUP2=$ELAPSED; RC_SETUP2=$RC
RC_FINAL=$(( RC_SETUP1 || RC_SETUP2 ))
TEST_LINE="(not run: --setup-only)" TEST_TIME="" FAILURES="" MESSAGES=""
if [[ $SETUP_ONLY -eq 0 ]]; then
    run_timed test "./dev test${SELECT:+ -k '$SELECT'}"; TEST_TIME=$ELAPSED; RC_FINAL=$RC
    TEST_LINE=$(grep -E '^=+ .*(passed|failed|error).* in [0-9.]+s' "$LOGS/test.log" | tail -n1 | sed -E 's/^=+ //; s/ =+$//')
    [[ -n $TEST_LINE ]] || TEST_LINE="(no pytest summary line; exit $RC)"
    FAILURES=$(grep -E '^(FAILED|ERROR) ' "$LOGS/test.log" || true)
    # Each failure's heading and its first 12 `E` lines (the short summary
    # above is cut at the terminal's width).
    MESSAGES=$(awk '
        /^=+ (FAILURES|ERRORS) =+$/ { on = 1; next }
        on && /^=+ .* =+$/ { on = 0 }
        on && /^_+ .* _+$/ { name = $0; gsub(/^_+ | _+$/, "", name); print name; n = 0; next }
        on && /^E / && n < 12 {   # pytest indents by "E" and 7 spaces; keep what is deeper
            line = substr($0, 2); if (substr(line, 1, 7) == "       ") line = substr(line, 8)
            print "  " line; n++ }' "$LOGS/test.log")
fi

# --- 5. the report ------------------------------------------------------------------
pkg_version() { chroot "$DIR" dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "not installed"; }
PG_MAJOR=$(chroot "$DIR" sh -c 'ls /usr/lib/postgresql' 2>/dev/null | sort -n | tail -n1)
PG_FULL=$(chroot "$DIR" "/usr/lib/postgresql/$PG_MAJOR/bin/postgres" --version 2>/dev/null | awk '{print $3}' || true)
CLUSTERS=$(chroot "$DIR" pg_lsclusters 2>/dev/null || echo "(pg_lsclusters failed)")
REPORT=$LOGS/report.md
{
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit \`${HEAD:0:12}\`; tree $TREE"
    echo "- command: \`scripts/debian13-check.sh${ARGS[*]:+ ${ARGS[*]}}\`"
    echo "- Debian $(cat "$DIR/etc/debian_version") ($SUITE), kernel of the host $(uname -r)"
    echo "- PostgreSQL ${PG_FULL:-?} (\`postgresql-$PG_MAJOR\` $(pkg_version "postgresql-$PG_MAJOR"))"
    echo "- pgvector \`postgresql-$PG_MAJOR-pgvector\` $(pkg_version "postgresql-$PG_MAJOR-pgvector")"
    echo "- plpgsql_check \`postgresql-$PG_MAJOR-plpgsql-check\` $(pkg_version "postgresql-$PG_MAJOR-plpgsql-check")"
    echo "- pg_cron \`postgresql-$PG_MAJOR-cron\` $(pkg_version "postgresql-$PG_MAJOR-cron")"
    echo "- pgTAP $(pkg_version "postgresql-$PG_MAJOR-pgtap"), sqitch $(pkg_version sqitch), Python $(chroot "$DIR" python3 -c 'import platform; print(platform.python_version())' 2>/dev/null || echo '?')"
    echo "- \`./dev setup\`, first run: $SETUP1 s (exit $RC_SETUP1); second run: $SETUP2 s (exit $RC_SETUP2)"
    echo "- \`./dev test\`: ${TEST_LINE}${TEST_TIME:+ (wall clock $TEST_TIME s)}"
    echo
    if [[ $SETUP_ONLY -eq 0 ]]; then
        if [[ -n $FAILURES ]]; then
            echo "Failures (pytest's short summary, \`-ra\`):"
            echo
            echo '```'
            echo "$FAILURES"
            echo '```'
            echo
            echo "Their messages (first lines of each, from \`test.log\`):"
            echo
            echo '```'
            echo "$MESSAGES"
            echo '```'
        else
            echo "No failures."
        fi
        echo
    fi
    echo "Clusters in the tree after the run (\`pg_lsclusters\`; the project's own cluster is in the checkout, not listed):"
    echo
    echo '```'
    echo "$CLUSTERS"
    echo '```'
} >"$REPORT"
log "report ($REPORT):"
cat "$REPORT"

if [[ $UPDATE_DOCS -eq 1 ]]; then
    DOC=$CHECKOUT/docs/debian13.md
    grep -q '^<!-- debian13:begin -->$' "$DOC" && grep -q '^<!-- debian13:end -->$' "$DOC" \
        || die "$DOC lacks the <!-- debian13:begin --> / <!-- debian13:end --> markers"
    awk -v report="$REPORT" '
        /^<!-- debian13:begin -->$/ { print; while ((getline line < report) > 0) print line; skip = 1; next }
        /^<!-- debian13:end -->$/ { skip = 0 }
        !skip' "$DOC" >"$DOC.tmp" && mv "$DOC.tmp" "$DOC"
    log "wrote the report into $DOC"
fi
exit "$RC_FINAL"
