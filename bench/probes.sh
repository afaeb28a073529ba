#!/usr/bin/env bash
# Readiness probes (issue #14): how long after a probe passes does `pgctl start` return, and how
# much memory does a supervisor with an active probe take, against the real s6-supervise.
#
# 1. Latency. Four services, each started and stopped RUNS times (default 20) with the release
#    pgctl; each sample is the time from the moment the probe passes to the moment the driver
#    sees `pgctl start` exit ($EPOCHREALTIME right after it; all stamps are the same wall clock):
#      log   ready-log: `run` (bash) prints the matching line after 20 ms and takes the time
#            right after that write(2) returned — the supervisor sees the line at once;
#      tcp   ready-tcp: a python listener starts (after python's own start-up, so the probe
#            has been refused a few times) and takes the time right after accept() returned
#            for the probe's connection; also reported: from listen() to the return, which adds
#            the wait for the next attempt (at most one back-off step, 100 ms at the cap);
#      http  ready-http: python's http.server takes the time when it handles the probe's GET,
#            just before answering 200;
#      notify the reference of the same run: `run` prints the same line as `log` (so the
#            supervisor has the same line to log), then writes s6's readiness line to its
#            notification descriptor itself (as bench/readiness.sh), no probe.
# 2. Memory: bench/probes_pss.py (10 of ours with an active ready-tcp probe, 10 of ours without,
#    10 real s6-supervise; median PSS and the ratio to s6).
#
# Usage: bench/probes.sh [runs=20]   (builds with `swift build -c release --scratch-path
# .build-release` unless BIN=dir names a build)
set -euo pipefail
RUNS=${1:-20}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${BIN:-}" ]; then
    (cd "$ROOT" && swift build -c release --scratch-path .build-release >/dev/null)
    BIN=$ROOT/.build-release/release
fi
[ -x "$BIN/pgctl" ] && [ -x "$BIN/s6-supervise" ] || { echo "no build in $BIN" >&2; exit 1; }
WORK=$(mktemp -d)
cleanup() {
    (cd "$WORK/project" 2>/dev/null && "$BIN/pgctl" stop --all >/dev/null 2>&1) || true
    rm -rf "$WORK"
}
trap cleanup EXIT
export HOME="$WORK/home" PGCTL_NO_GLOBAL_CONFIG=true PGCTL_TIMEOUT=20
unset XDG_RUNTIME_DIR PGCTL_POLL
P=$WORK/project/playground
mkdir -p "$HOME" "$P/log" "$P/tcp" "$P/http" "$P/notify"
read -r TCP_PORT HTTP_PORT < <(python3 -c 'import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')

cat > "$P/log/run" <<'EOF2'
#!/bin/bash
sleep 0.02
echo "accepting connections"
printf '%s\n' "$EPOCHREALTIME" > "$PGCTL_SCRATCH/passed"
exec sleep infinity
EOF2
echo 'accepting connections$' > "$P/log/ready-log"

cat > "$P/tcp/run" <<EOF2
#!/bin/sh
exec python3 -c 'import socket, time, os
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", $TCP_PORT)); s.listen(64)
listened = time.time()
c, _ = s.accept()
open(os.environ["PGCTL_SCRATCH"] + "/listened", "w").write("%.6f\n" % listened)
open(os.environ["PGCTL_SCRATCH"] + "/passed", "w").write("%.6f\n" % time.time())
time.sleep(100000)'
EOF2
echo "127.0.0.1:$TCP_PORT" > "$P/tcp/ready-tcp"

cat > "$P/http/run" <<EOF2
#!/bin/sh
exec python3 -c 'import http.server, os, time
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        open(os.environ["PGCTL_SCRATCH"] + "/passed", "w").write("%.6f\n" % time.time())
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args):
        pass
http.server.HTTPServer.allow_reuse_address = True
http.server.HTTPServer(("127.0.0.1", $HTTP_PORT), H).serve_forever()'
EOF2
echo "http://127.0.0.1:$HTTP_PORT/" > "$P/http/ready-http"
cat > "$P/notify/run" <<'EOF2'
#!/bin/bash
sleep 0.02
echo "accepting connections"
printf 'ready\n' >&5
printf '%s\n' "$EPOCHREALTIME" > "$PGCTL_SCRATCH/passed"
exec 5>&-
exec sleep infinity
EOF2
printf '#!/bin/sh\nexit 0\n' > "$P/notify/ready"
chmod +x "$P"/*/run "$P/notify/ready"

cd "$WORK/project"
scratch() { echo "$HOME/.run/pgctl$P/$1"; }

summary() {  # name file
    sort -n "$2" > "$2.sorted"
    awk -v name="$1" '{ v[NR] = $1 } END {
        median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%-14s runs %d  median %.3f ms  min %.3f ms  max %.3f ms\n", name, NR, median, v[1], v[NR]
    }' "$2.sorted"
    echo "               samples (ms, sorted): $(tr '\n' ' ' < "$2.sorted")"
}

measure() {
    local service=$1
    : > "$WORK/$service.samples"; : > "$WORK/$service.listen"
    for _ in $(seq 1 "$RUNS"); do
        rm -f "$(scratch "$service")/passed" "$(scratch "$service")/listened"
        "$BIN/pgctl" start "$service" 2>/dev/null
        local ended=$EPOCHREALTIME
        until [ -s "$(scratch "$service")/passed" ]; do sleep 0.001; done
        awk -v a="$ended" -v b="$(cat "$(scratch "$service")/passed")" 'BEGIN{printf "%.3f\n", (a - b) * 1000}' >> "$WORK/$service.samples"
        if [ -s "$(scratch "$service")/listened" ]; then
            awk -v a="$ended" -v b="$(cat "$(scratch "$service")/listened")" 'BEGIN{printf "%.3f\n", (a - b) * 1000}' >> "$WORK/$service.listen"
        fi
        "$BIN/pgctl" stop "$service" 2>/dev/null
    done
    summary "$service" "$WORK/$service.samples"
    [ -s "$WORK/$service.listen" ] && summary "$service (listen)" "$WORK/$service.listen"
    return 0
}

echo "cores: $(nproc)   $(uname -sr)   bin: $BIN"
echo "## probe passes → pgctl start returns"
measure notify
measure log
measure tcp
measure http
echo
echo "## memory with an active TCP probe"
python3 "$ROOT/bench/probes_pss.py" --ours "$BIN/s6-supervise" -n 10
