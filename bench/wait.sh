#!/usr/bin/env bash
# `pgctl wait` latency (issue 13): how long after a service reports readiness does a
# `pgctl wait` that was already waiting return — compared with the real `s6-svwait -U`
# waiting for the same event at the same time (when s6 is installed).
#
# Each of RUNS rounds (default 20): the service is down; `pgctl wait notify` (and
# `s6-svwait -U`) are started and the driver waits until their listener FIFOs are in
# `event/` (so both are subscribed before anything happens); then `pgctl start notify`.
# `run` writes its readiness line to its notification fd and notes the time right after the
# write(2) returned (bash's $EPOCHREALTIME, no fork); each waiter's end is noted by its
# subshell right after it exited. The difference is the latency.
#
# Usage: bench/wait.sh [runs=20]   (after `swift build -c release`; BIN=dir overrides)
set -euo pipefail
RUNS=${1:-20}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/.build/release}
[ -x "$BIN/pgctl" ] || { echo "build first: swift build -c release" >&2; exit 1; }
SVWAIT=/usr/bin/s6-svwait
[ -x "$SVWAIT" ] || SVWAIT=
# WORK, HOME and the clean-up of $WORK/project (project_work in services.sh)
. "$(dirname "$0")/services.sh"
project_work
mkdir -p "$HOME" "$WORK/project/playground/notify"
cat > "$WORK/project/playground/notify/run" <<'SCRIPT'
#!/bin/bash
printf 'ready\n' >&5
stamp=$EPOCHREALTIME
exec 5>&-
printf '%s\n' "$stamp" > "$PGCTL_SCRATCH/notified"
exec sleep infinity
SCRIPT
printf '#!/bin/sh\nexit 0\n' > "$WORK/project/playground/notify/ready"
chmod +x "$WORK/project/playground/notify/run" "$WORK/project/playground/notify/ready"
cd "$WORK/project"
SERVICE=$WORK/project/playground/notify
SCRATCH=$HOME/.run/pgctl$SERVICE
# A first start and stop creates event/ (a never-started service has none, and `wait` creates nothing).
"$BIN/pgctl" start notify 2>/dev/null
"$BIN/pgctl" stop notify 2>/dev/null
listeners() { find "$SERVICE/event" -maxdepth 1 -name 'ftrig1*' 2>/dev/null | wc -l; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", (a - b) * 1000}'; }

: > "$WORK/pgctl.samples"; : > "$WORK/s6.samples"
for _ in $(seq 1 "$RUNS"); do
    rm -f "$SCRATCH/notified" "$WORK/pgctl.end" "$WORK/s6.end"
    expected=1
    ( "$BIN/pgctl" wait notify --timeout 30; echo "$EPOCHREALTIME" > "$WORK/pgctl.end" ) &
    if [ -n "$SVWAIT" ]; then
        expected=2
        ( "$SVWAIT" -U -t 30000 "$SERVICE"; echo "$EPOCHREALTIME" > "$WORK/s6.end" ) &
    fi
    until [ "$(listeners)" -ge "$expected" ]; do sleep 0.001; done
    "$BIN/pgctl" start notify 2>/dev/null
    wait
    notified=$(cat "$SCRATCH/notified")
    ms "$(cat "$WORK/pgctl.end")" "$notified" >> "$WORK/pgctl.samples"; echo >> "$WORK/pgctl.samples"
    if [ -n "$SVWAIT" ]; then ms "$(cat "$WORK/s6.end")" "$notified" >> "$WORK/s6.samples"; echo >> "$WORK/s6.samples"; fi
    "$BIN/pgctl" stop notify 2>/dev/null
done

report() {
    sort -n "$WORK/$1.samples" > "$WORK/$1.sorted"
    awk -v name="$2" '{ v[NR] = $1 } END {
        median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%-14s runs %d  median %.3f ms  min %.3f ms  max %.3f ms\n", name, NR, median, v[1], v[NR]
    }' "$WORK/$1.sorted"
    echo "               samples (ms, sorted): $(tr '\n' ' ' < "$WORK/$1.sorted")"
}
echo "cores: $(nproc)   $(uname -sr)   bin: $BIN"
report pgctl "pgctl wait"
[ -z "$SVWAIT" ] || report s6 "s6-svwait -U"
