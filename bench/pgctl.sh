#!/usr/bin/env bash
# Times `pgctl start`, `stop` and `status` on playgrounds of 10 and 50 trivial services, and
# the same work done with a raw supervisor and the s6 client tools (start N supervisors, wait
# for all up with s6-svwait -u; stop with s6-svc -dx, wait for all down with s6-svwait -D and
# for the supervisors to exit); `status` is also compared with runit's `sv status` on as many
# `runsv` services (when runit is installed), timed in the same round right after `pgctl
# status`, so both see the same machine load. Prints a Markdown table with medians and ratios
# (the status ratio is also given as the median of the per-round ratios).
#
# `pgctl status` (like every pgctl command) lists the project directory and each parent for
# `pgctl.*` configuration files (spec §3.1, a glob in pgctl 5.2.1): under a crowded /tmp that
# listing alone costs 0.4 µs per entry of /tmp. TMPDIR picks where the playgrounds go.
#
# Usage: [TMPDIR=dir] bench/pgctl.sh [BIN_DIR] [ROUNDS]
#   BIN_DIR  directory with our built pgctl and s6-supervise (default .build/release)
#   ROUNDS   repetitions per measurement, the median is reported (default 7)
# The raw baseline uses the real s6 (/usr/bin) when installed, else our own tools.
set -euo pipefail

BIN=$(cd "${1:-.build/release}" && pwd)
ROUNDS=${2:-7}
if [ -x /usr/bin/s6-supervise ] && [ -x /usr/bin/s6-svwait ]; then S6=/usr/bin; else S6=$BIN; fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pgctl-bench.XXXXXX")
export HOME=$WORK/home PGCTL_NO_GLOBAL_CONFIG=true
unset XDG_RUNTIME_DIR
mkdir -p "$HOME"

cleanup() {
    # Stop whatever is left, by pid (processes started for this benchmark only).
    for dir in "$WORK"/runit*/*; do sv exit "$dir" >/dev/null 2>&1 || true; done
    for dir in "$WORK"/*/playground/* "$WORK"/raw*/*; do
        [ -d "$dir" ] || continue
        "$S6/s6-svc" -dx "$dir" 2>/dev/null || true
    done
    sleep 0.2
    for pid in $(grep -l "PGCTL_SERVICE=$WORK/" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3); do
        kill -9 "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

# Timestamps are read as ${EPOCHREALTIME/./}000: nanoseconds (µs resolution) without starting a
# process — a `$(date +%s%N)` per reading added ~1 ms to every measurement.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { awk -v ns="$1" 'BEGIN {printf "%.1f", ns/1e6}'; }

# make_services DIR COUNT
. "$(dirname "$0")/services.sh"

raw_round() { # dir count -> "start_ns stop_ns"
    local dir=$1 t0 t1 t2 pids=()
    rm -rf "$dir"; make_services "$dir" "$2"
    t0=${EPOCHREALTIME/./}000
    for svc in "$dir"/*; do "$S6/s6-supervise" "$svc" </dev/null >/dev/null 2>&1 & pids+=($!); done
    # s6-svwait needs supervise/status: wait for the supervisors to have written it.
    for svc in "$dir"/*; do while [ ! -e "$svc/supervise/status" ]; do :; done; done
    "$S6/s6-svwait" -u -a "$dir"/*
    t1=${EPOCHREALTIME/./}000
    for svc in "$dir"/*; do "$S6/s6-svc" -dx "$svc"; done
    "$S6/s6-svwait" -D -a "$dir"/* 2>/dev/null || true
    wait "${pids[@]}"  # these supervisors only (the runsv services keep running)
    t2=${EPOCHREALTIME/./}000
    echo "$((t1 - t0)) $((t2 - t1))"
}

pgctl_round() { # project count runit_dir -> "start_ns stop_ns status_ns sv_status_ns"
    local project=$1 runit=$3 t0 t1 t2 t2b t3 t4 t5=0 t6=0 cpu_pg cpu_sv
    [ -d "$project/playground" ] || make_services "$project/playground" "$2"
    cd "$project"
    t0=${EPOCHREALTIME/./}000; "$BIN/pgctl" start 2>/dev/null; t1=${EPOCHREALTIME/./}000
    # status of a settled playground: the supervisors just started are still busy for a few ms.
    sleep 0.3
    t4=${EPOCHREALTIME/./}000; "$BIN/pgctl" status >/dev/null; t2=${EPOCHREALTIME/./}000
    # runit's `sv status` on as many services, at once: the same moment's machine load.
    if [ -n "$runit" ]; then
        t5=${EPOCHREALTIME/./}000; sv status "$runit"/* >/dev/null; t6=${EPOCHREALTIME/./}000
    fi
    # CPU time (task-clock) of the same two commands, when perf is there: wall times on a
    # loaded machine are mostly the wait for a core.
    cpu_pg=0 cpu_sv=0
    if [ -n "$HAVE_PERF" ]; then
        cpu_pg=$(task_clock_ns "$BIN/pgctl" status)
        [ -z "$runit" ] || cpu_sv=$(task_clock_ns sv status "$runit"/*)
    fi
    t2b=${EPOCHREALTIME/./}000
    "$BIN/pgctl" stop 2>/dev/null; t3=${EPOCHREALTIME/./}000
    cd - >/dev/null
    echo "$((t1 - t0)) $((t3 - t2b)) $((t2 - t4)) $((t6 - t5)) $cpu_pg $cpu_sv"
}

HAVE_PERF=$(perf stat -x, -e task-clock true 2>/dev/null >/dev/null && echo yes || true)
task_clock_ns() { # command... -> its task-clock in ns (perf stat), output discarded
    perf stat -x, -e task-clock -o "$WORK/perf.out" "$@" >/dev/null 2>&1
    awk -F, '/task-clock/ {printf "%d", $1 * 1e6}' "$WORK/perf.out"
}

RUNSV_PIDS=()
start_runit() { # dir count: N runsv services, all running
    local dir=$1
    rm -rf "$dir"; make_services "$dir" "$2"
    for svc in "$dir"/*; do runsv "$svc" </dev/null >/dev/null 2>&1 & RUNSV_PIDS+=($!); done
    for svc in "$dir"/*; do until sv status "$svc" 2>/dev/null | grep -q '^run:'; do sleep 0.01; done; done
    sleep 0.3
}

stop_runit() { # dir
    for svc in "$1"/*; do sv exit "$svc" >/dev/null 2>&1 || true; done
    for pid in "${RUNSV_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    RUNSV_PIDS=()
}

echo "| services | measurement | pgctl (ms) | raw $( [ "$S6" = /usr/bin ] && echo s6 || echo supervisor ) (ms) | ratio |"
echo "|---:|---|---:|---:|---:|"
HAVE_RUNIT=$(command -v runsv >/dev/null && command -v sv >/dev/null && echo yes || true)
for n in 10 50; do
    : > "$WORK/raw.$n"; : > "$WORK/pg.$n"
    runit_dir=
    if [ -n "$HAVE_RUNIT" ]; then runit_dir=$WORK/runit$n; start_runit "$runit_dir" "$n"; fi
    for _ in $(seq "$ROUNDS"); do
        raw_round "$WORK/raw$n" "$n" >> "$WORK/raw.$n"
        pgctl_round "$WORK/project$n" "$n" "$runit_dir" >> "$WORK/pg.$n"
    done
    [ -z "$runit_dir" ] || stop_runit "$runit_dir"
    raw_start=$(cut -d' ' -f1 "$WORK/raw.$n" | median); raw_stop=$(cut -d' ' -f2 "$WORK/raw.$n" | median)
    pg_start=$(cut -d' ' -f1 "$WORK/pg.$n" | median); pg_stop=$(cut -d' ' -f2 "$WORK/pg.$n" | median)
    pg_status=$(cut -d' ' -f3 "$WORK/pg.$n" | median)
    echo "| $n | start | $(ms "$pg_start") | $(ms "$raw_start") | $(awk -v a="$pg_start" -v b="$raw_start" 'BEGIN {printf "%.2f", a/b}') |"
    echo "| $n | stop | $(ms "$pg_stop") | $(ms "$raw_stop") | $(awk -v a="$pg_stop" -v b="$raw_stop" 'BEGIN {printf "%.2f", a/b}') |"
    if [ -n "$runit_dir" ]; then
        rn_status=$(cut -d' ' -f4 "$WORK/pg.$n" | median)
        paired=$(awk '{printf "%.4f\n", $3/$4}' "$WORK/pg.$n" | median)
        echo "| $n | status (all up) vs runit \`sv status\` | $(ms "$pg_status") | $(ms "$rn_status") | $(awk -v a="$pg_status" -v b="$rn_status" 'BEGIN {printf "%.2f", a/b}') (per round: $(awk -v r="$paired" 'BEGIN {printf "%.2f", r}')) |"
    else
        echo "| $n | status (all up) | $(ms "$pg_status") | – (runit not installed) | – |"
    fi
    if [ -n "$HAVE_PERF" ] && [ -n "$runit_dir" ]; then
        cpu_pg=$(cut -d' ' -f5 "$WORK/pg.$n" | median); cpu_sv=$(cut -d' ' -f6 "$WORK/pg.$n" | median)
        echo "| $n | status CPU time (perf task-clock) vs runit \`sv status\` | $(awk -v ns="$cpu_pg" 'BEGIN {printf "%.2f", ns/1e6}') | $(awk -v ns="$cpu_sv" 'BEGIN {printf "%.2f", ns/1e6}') | $(awk -v a="$cpu_pg" -v b="$cpu_sv" 'BEGIN {printf "%.2f", a/b}') |"
    fi
done
# What the timing harness itself costs: starting and reaping a process that does nothing.
: > "$WORK/true"
for _ in $(seq 20); do
    t0=${EPOCHREALTIME/./}000; /bin/true; t1=${EPOCHREALTIME/./}000; echo "$((t1 - t0))" >> "$WORK/true"
done
echo
echo "nproc: $(nproc); rounds: $ROUNDS (median); supervisor baseline: $S6;" \
    "harness (/bin/true timed the same way): $(ms "$(median < "$WORK/true")") ms;" \
    "playgrounds in $(dirname "$WORK") ($(ls -A "$(dirname "$WORK")" | wc -l) entries there)"
