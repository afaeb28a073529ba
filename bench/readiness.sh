#!/usr/bin/env bash
# Readiness latency: how long after a service reports readiness does `pgctl start` return?
#
# Two services, each started and stopped RUNS times (default 20); prints every sample and the
# median, minimum and maximum in milliseconds:
#   notify     `run` writes the readiness line to its notification fd itself, then notes the time
#              (bash's $EPOCHREALTIME, no fork) right after the write(2) returned;
#   poll-ready `run` is `pgctl-poll-ready`, whose `./ready` passes at once and notes the time just
#              before it exits: this includes the monitor noticing the exit, logging the success
#              line, waiting for the supervisor to take it, and writing the notification.
# The end is the time the driver sees `pgctl start` exit ($EPOCHREALTIME after the command).
# Both clocks are the same wall clock, so the difference is the latency.
#
# Usage: bench/readiness.sh [runs=20]   (after `swift build -c release`; BIN=dir overrides)
set -euo pipefail
RUNS=${1:-20}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/.build/release}
[ -x "$BIN/pgctl" ] && [ -x "$BIN/pgctl-poll-ready" ] || { echo "build first: swift build -c release" >&2; exit 1; }
# WORK, HOME and the clean-up of $WORK/project (project_work in services.sh)
. "$(dirname "$0")/services.sh"
project_work
mkdir -p "$HOME" "$WORK/project/playground/notify" "$WORK/project/playground/poll-ready"

# The service writes its own readiness line (pgctl writes notification-fd = 5 because `ready` exists).
cat > "$WORK/project/playground/notify/run" <<'EOF'
#!/bin/bash
printf 'ready\n' >&5
stamp=$EPOCHREALTIME
exec 5>&-
printf '%s\n' "$stamp" > "$PGCTL_SCRATCH/notified"
exec sleep infinity
EOF
printf '#!/bin/sh\nexit 0\n' > "$WORK/project/playground/notify/ready"

cat > "$WORK/project/playground/poll-ready/run" <<'EOF'
#!/bin/sh
exec pgctl-poll-ready sleep infinity
EOF
cat > "$WORK/project/playground/poll-ready/ready" <<'EOF'
#!/bin/bash
printf '%s\n' "$EPOCHREALTIME" > "$PGCTL_SCRATCH/notified"
EOF
echo 0.01 > "$WORK/project/playground/poll-ready/poll-ready"
chmod +x "$WORK"/project/playground/*/run "$WORK"/project/playground/*/ready

cd "$WORK/project"
scratch() { echo "$HOME/.run/pgctl$WORK/project/playground/$1"; }

measure() {
    local service=$1 samples=()
    for _ in $(seq 1 "$RUNS"); do
        rm -f "$(scratch "$service")/notified"
        "$BIN/pgctl" start "$service" 2>/dev/null
        local ended=$EPOCHREALTIME
        local notified
        until [ -s "$(scratch "$service")/notified" ]; do sleep 0.001; done
        notified=$(cat "$(scratch "$service")/notified")
        samples+=("$(awk -v a="$ended" -v b="$notified" 'BEGIN{printf "%.3f", (a - b) * 1000}')")
        "$BIN/pgctl" stop "$service" 2>/dev/null
    done
    printf '%s\n' "${samples[@]}" | sort -n > "$WORK/$service.samples"
    awk -v name="$service" '{ v[NR] = $1 } END {
        median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%-10s runs %d  median %.3f ms  min %.3f ms  max %.3f ms\n", name, NR, median, v[1], v[NR]
    }' "$WORK/$service.samples"
    echo "           samples (ms, sorted): $(tr '\n' ' ' < "$WORK/$service.samples")"
}

echo "cores: $(nproc)   $(uname -sr)   bin: $BIN"
measure notify
measure poll-ready
