#!/usr/bin/env bash
# Times `pgctl start`, `stop` and `status` on playgrounds of 10 and 50 trivial services, and
# the same work done with a raw supervisor and the s6 client tools (start N supervisors, wait
# for all up with s6-svwait -u; stop with s6-svc -dx, wait for all down with s6-svwait -D and
# for the supervisors to exit); `status` is also compared with runit's `sv status` on as many
# `runsv` services (when runit is installed). Prints a Markdown table with medians and ratios.
#
# Usage: bench/pgctl.sh [BIN_DIR] [ROUNDS]
#   BIN_DIR  directory with our built pgctl and s6-supervise (default .build/release)
#   ROUNDS   repetitions per measurement, the median is reported (default 7)
# The raw baseline uses the real s6 (/usr/bin) when installed, else our own tools.
set -euo pipefail

BIN=$(cd "${1:-.build/release}" && pwd)
ROUNDS=${2:-7}
if [ -x /usr/bin/s6-supervise ] && [ -x /usr/bin/s6-svwait ]; then S6=/usr/bin; else S6=$BIN; fi
WORK=$(mktemp -d /tmp/pgctl-bench.XXXXXX)
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

make_services() { # dir count
    mkdir -p "$1"
    for i in $(seq -w 1 "$2"); do
        mkdir -p "$1/svc$i"
        printf '#!/bin/sh\nexec sleep infinity\n' > "$1/svc$i/run"
        chmod +x "$1/svc$i/run"
    done
}

raw_round() { # dir count -> "start_ns stop_ns"
    local dir=$1 t0 t1 t2
    rm -rf "$dir"; make_services "$dir" "$2"
    t0=${EPOCHREALTIME/./}000
    for svc in "$dir"/*; do "$S6/s6-supervise" "$svc" </dev/null >/dev/null 2>&1 & done
    # s6-svwait needs supervise/status: wait for the supervisors to have written it.
    for svc in "$dir"/*; do while [ ! -e "$svc/supervise/status" ]; do :; done; done
    "$S6/s6-svwait" -u -a "$dir"/*
    t1=${EPOCHREALTIME/./}000
    for svc in "$dir"/*; do "$S6/s6-svc" -dx "$svc"; done
    "$S6/s6-svwait" -D -a "$dir"/* 2>/dev/null || true
    wait
    t2=${EPOCHREALTIME/./}000
    echo "$((t1 - t0)) $((t2 - t1))"
}

pgctl_round() { # project count -> "start_ns stop_ns status_ns"
    local project=$1 t0 t1 t2 t3 t4
    [ -d "$project/playground" ] || make_services "$project/playground" "$2"
    cd "$project"
    t0=${EPOCHREALTIME/./}000; "$BIN/pgctl" start 2>/dev/null; t1=${EPOCHREALTIME/./}000
    # status of a settled playground: the supervisors just started are still busy for a few ms.
    sleep 0.3
    t4=${EPOCHREALTIME/./}000; "$BIN/pgctl" status >/dev/null; t2=${EPOCHREALTIME/./}000
    "$BIN/pgctl" stop 2>/dev/null; t3=${EPOCHREALTIME/./}000
    cd - >/dev/null
    echo "$((t1 - t0)) $((t3 - t2)) $((t2 - t4))"
}

runit_status() { # dir count -> median ns of `sv status` over all services, ROUNDS times
    local dir=$1 t0 t1 pids=()
    rm -rf "$dir"; make_services "$dir" "$2"
    for svc in "$dir"/*; do runsv "$svc" </dev/null >/dev/null 2>&1 & pids+=($!); done
    for svc in "$dir"/*; do until sv status "$svc" 2>/dev/null | grep -q '^run:'; do sleep 0.01; done; done
    sleep 0.3
    for _ in $(seq "$ROUNDS"); do
        t0=${EPOCHREALTIME/./}000; sv status "$dir"/* >/dev/null; t1=${EPOCHREALTIME/./}000
        echo "$((t1 - t0))"
    done | median
    for svc in "$dir"/*; do sv exit "$svc" >/dev/null 2>&1 || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}

echo "| services | measurement | pgctl (ms) | raw $( [ "$S6" = /usr/bin ] && echo s6 || echo supervisor ) (ms) | ratio |"
echo "|---:|---|---:|---:|---:|"
for n in 10 50; do
    : > "$WORK/raw.$n"; : > "$WORK/pg.$n"
    for _ in $(seq "$ROUNDS"); do
        raw_round "$WORK/raw$n" "$n" >> "$WORK/raw.$n"
        pgctl_round "$WORK/project$n" "$n" >> "$WORK/pg.$n"
    done
    raw_start=$(cut -d' ' -f1 "$WORK/raw.$n" | median); raw_stop=$(cut -d' ' -f2 "$WORK/raw.$n" | median)
    pg_start=$(cut -d' ' -f1 "$WORK/pg.$n" | median); pg_stop=$(cut -d' ' -f2 "$WORK/pg.$n" | median)
    pg_status=$(cut -d' ' -f3 "$WORK/pg.$n" | median)
    echo "| $n | start | $(ms "$pg_start") | $(ms "$raw_start") | $(awk -v a="$pg_start" -v b="$raw_start" 'BEGIN {printf "%.2f", a/b}') |"
    echo "| $n | stop | $(ms "$pg_stop") | $(ms "$raw_stop") | $(awk -v a="$pg_stop" -v b="$raw_stop" 'BEGIN {printf "%.2f", a/b}') |"
    if command -v runsv >/dev/null && command -v sv >/dev/null; then
        rn_status=$(runit_status "$WORK/runit$n" "$n")
        echo "| $n | status (all up) vs runit \`sv status\` | $(ms "$pg_status") | $(ms "$rn_status") | $(awk -v a="$pg_status" -v b="$rn_status" 'BEGIN {printf "%.2f", a/b}') |"
    else
        echo "| $n | status (all up) | $(ms "$pg_status") | – (runit not installed) | – |"
    fi
done
# What the timing harness itself costs: starting and reaping a process that does nothing.
: > "$WORK/true"
for _ in $(seq 20); do
    t0=${EPOCHREALTIME/./}000; /bin/true; t1=${EPOCHREALTIME/./}000; echo "$((t1 - t0))" >> "$WORK/true"
done
echo
echo "nproc: $(nproc); rounds: $ROUNDS (median); supervisor baseline: $S6;" \
    "harness (/bin/true timed the same way): $(ms "$(median < "$WORK/true")") ms"
