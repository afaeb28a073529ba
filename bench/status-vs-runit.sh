#!/usr/bin/env bash
# `pgctl status` against runit's `sv status` (issue #11) in CPU time: N trivial services under
# our supervisors (started with `pgctl start`) and N under runit's `runsv`, for N = 10 and 50;
# then `pgctl status` and `sv status <the N dirs>` are run alternately ROUNDS times by
# bench/ab_cpu.py (posix_spawn + wait4: user + system time of the command alone) and the
# medians compared. `pgctl --version` (start-up and argument parsing only) is timed in the same
# rounds, for scale. With BASE_PGCTL, a second pgctl (e.g. a build of an earlier commit; it
# needs its own s6-supervise next to it) is timed on the same playgrounds too.
#
# The playgrounds go to TMPDIR (default /var/tmp): every pgctl command lists each parent of
# the project for `pgctl.*` files (spec §3.1), so a crowded /tmp costs every command.
#
# Usage: [TMPDIR=dir] bench/status-vs-runit.sh [BIN_DIR] [ROUNDS] [BASE_PGCTL]
#   BIN_DIR     directory with our built pgctl and s6-supervise (default .build-release/release)
#   ROUNDS      alternations (default 300)
#   BASE_PGCTL  another pgctl binary to compare with (optional)
set -euo pipefail

BIN=$(cd "${1:-.build-release/release}" && pwd)
ROUNDS=${2:-300}
BASE=${3:-}
HERE=$(cd "$(dirname "$0")" && pwd)
for tool in runsv sv python3; do
    command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y runit python3)" >&2; exit 1; }
done
WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/pgctl-status-bench.XXXXXX")
export HOME=$WORK/home PGCTL_NO_GLOBAL_CONFIG=true
unset XDG_RUNTIME_DIR PGCTL_VERBOSE
mkdir -p "$HOME"
RUNSV_PIDS=()

cleanup() {
    for dir in "$WORK"/runit*/*; do sv exit "$dir" >/dev/null 2>&1 || true; done
    for project in "$WORK"/project*; do (cd "$project" && "$BIN/pgctl" stop >/dev/null 2>&1) || true; done
    for pid in "${RUNSV_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

# make_services DIR COUNT
. "$(dirname "$0")/services.sh"

spec() { # name cwd argv... -> a JSON spec for ab_cpu.py
    python3 -c 'import json, sys; print(json.dumps({"name": sys.argv[1], "cwd": sys.argv[2], "argv": sys.argv[3:]}))' "$@"
}

echo "| services | command | CPU (ms, median) | wall (ms, median) | CPU ratio to \`sv status\` |"
echo "|---:|---|---:|---:|---:|"
for n in 10 50; do
    project=$WORK/project$n runit=$WORK/runit$n
    make_services "$project/playground" "$n"
    make_services "$runit" "$n"
    for svc in "$runit"/*; do runsv "$svc" </dev/null >/dev/null 2>&1 & RUNSV_PIDS+=($!); done
    (cd "$project" && "$BIN/pgctl" start 2>/dev/null)
    for svc in "$runit"/*; do until sv status "$svc" 2>/dev/null | grep -q '^run:'; do sleep 0.01; done; done
    specs=("$(spec "pgctl status" "$project" "$BIN/pgctl" status)")
    [ -z "$BASE" ] || specs+=("$(spec "pgctl status (base)" "$project" "$BASE" status)")
    specs+=("$(spec "pgctl --version" "$project" "$BIN/pgctl" --version)")
    specs+=("$(spec "sv status" "$WORK" "$(command -v sv)" status "$runit"/*)")
    python3 "$HERE/ab_cpu.py" "$ROUNDS" "${specs[@]}" > "$WORK/result.$n"
    sv_cpu=$(awk -F'\t' '$1 == "sv status" {print $2}' "$WORK/result.$n")
    while IFS=$'\t' read -r name cpu wall; do
        echo "| $n | \`$name\` | $cpu | $wall | $(awk -v a="$cpu" -v b="$sv_cpu" 'BEGIN {printf "%.2f", a/b}') |"
    done < "$WORK/result.$n"
    (cd "$project" && "$BIN/pgctl" stop >/dev/null 2>&1)
    for svc in "$runit"/*; do sv exit "$svc" >/dev/null 2>&1 || true; done
done
echo
echo "nproc: $(nproc); rounds: $ROUNDS; playgrounds in $(dirname "$WORK") ($(ls -A "$(dirname "$WORK")" | wc -l) entries there)"
