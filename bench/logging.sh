#!/usr/bin/env bash
# Log throughput: our supervisor's logging mode vs the real `s6-log -b n5 s10485760 T`, on the
# same input, in one run. Prints MB/s for each and the ratio ours/s6-log; checks nothing is lost.
# Usage: bench/logging.sh [megabytes=200] [line-bytes=100]   (after `swift build -c release`)
set -euo pipefail
MB=${1:-200}
LINE=${2:-100}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OURS="$ROOT/.build/release/s6-supervise"
[ -x "$OURS" ] || { echo "build first: swift build -c release" >&2; exit 1; }
command -v s6-log >/dev/null || { echo "s6-log not installed (apt-get install -y s6)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
LINES=$(( MB * 1024 * 1024 / LINE ))
PAD=$(printf 'x%.0s' $(seq 1 $((LINE - 10))))
seq -f "%08g $PAD" 1 "$LINES" > "$WORK/input"
BYTES=$(stat -c %s "$WORK/input")

now() { date +%s.%N; }
count_lines() { cat "$1"/@* "$1"/current 2>/dev/null | wc -l; }

# Real s6-log: reads stdin until EOF.
mkdir "$WORK/s6"
t0=$(now)
s6-log -b n5 s10485760 T "$WORK/s6/logs" < "$WORK/input"
t1=$(now)
S6_SECONDS=$(awk "BEGIN{print $t1 - $t0}")

# Ours: the service cats the same input; done when its final marker line is logged.
mkdir -p "$WORK/svc"
printf '#!/bin/sh\ncat %s\necho BENCH-DONE\nexec sleep 1000\n' "$WORK/input" > "$WORK/svc/run"
chmod +x "$WORK/svc/run"
t0=$(now)
"$OURS" -l logs "$WORK/svc" &
SUP=$!
until tail -c 64 "$WORK/svc/logs/current" 2>/dev/null | grep -q 'BENCH-DONE'; do sleep 0.005; done
t1=$(now)
OUR_SECONDS=$(awk "BEGIN{print $t1 - $t0}")
printf 'dx' > "$WORK/svc/supervise/control"
wait $SUP

S6_KEPT=$(count_lines "$WORK/s6/logs")
OUR_KEPT=$(( $(count_lines "$WORK/svc/logs") - 1 ))
echo "cores: $(nproc)   input: $((BYTES / 1048576)) MiB, $LINES lines of $LINE bytes"
printf 's6-log T : %6.3f s  %7.1f MiB/s  (lines kept after rotation: %s)\n' "$S6_SECONDS" "$(awk "BEGIN{print $BYTES/1048576/$S6_SECONDS}")" "$S6_KEPT"
printf 'ours     : %6.3f s  %7.1f MiB/s  (lines kept after rotation: %s)\n' "$OUR_SECONDS" "$(awk "BEGIN{print $BYTES/1048576/$OUR_SECONDS}")" "$OUR_KEPT"
if [ $(( LINES * (LINE + 31) )) -lt $(( 55 * 1048576 )) ]; then
  echo "input fits in 5 archives + current: every line must be kept: s6-log lost $((LINES - S6_KEPT)), ours lost $((LINES - OUR_KEPT))"
fi
printf 'throughput ratio ours/s6-log: %.2f\n' "$(awk "BEGIN{print $S6_SECONDS/$OUR_SECONDS}")"
