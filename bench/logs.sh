#!/usr/bin/env bash
# Times `pgctl log --merge -n 100` and `pgctl log --since 1m` (issue 13) over 5 services with
# full logs: each has 5 archives of 10 MiB (`@<tai64n>.s`) and a 5 MiB `current`, 80-byte
# records stamped as the supervisor stamps them (archives: 5 days up to 6 hours ago;
# `current`: the last 6 hours, ≈ 180 records per service per minute). For scale, the same run
# times `tail -n 100` of one `current`, pgctl's default `log` (last 30 per service),
# `pgctl status`, and `cat` of every file (what reading whole files would cost), and counts
# the bytes each command reads (strace, when installed). Wall times include fork/exec from
# bash; "CPU ms" is `perf stat`'s mean task-clock (user + system time of the command itself),
# which a loaded machine disturbs much less.
#
# Usage: bench/logs.sh [BIN_DIR] [ROUNDS]
#   BIN_DIR  directory with our built pgctl (default .build-release/release)
#   ROUNDS   runs per measurement; the median and the minimum are reported (default 21)
set -euo pipefail

BIN=$(cd "${1:-.build-release/release}" && pwd)
ROUNDS=${2:-21}
WORK=$(mktemp -d /tmp/pgctl-logbench.XXXXXX)
export HOME=$WORK/home PGCTL_NO_GLOBAL_CONFIG=true
unset XDG_RUNTIME_DIR NO_COLOR
mkdir -p "$HOME"
trap 'rm -rf "$WORK"' EXIT

SERVICES="alpha bravo charlie delta echo"
cd "$WORK"
# Generation: one Python process writes the first service's 6 files (≈ 55 MiB, `current`
# last, ending at the moment it is written); the other services get copies.
cat >"$WORK/generate.py" <<'PYTHON'
import os, sys, time
logs = sys.argv[1]
archive_size, current_size, line_bytes = 10 * 1024 * 1024, 5 * 1024 * 1024, 80
def write(path, count, start, end):
    step = (end - start) / count
    with open(path, "w") as out:
        buffer, last_second, prefix = [], None, ""
        for i in range(count):
            t = start + i * step
            seconds = int(t)
            if seconds != last_second:
                last_second, prefix = seconds, time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(seconds))
            text = f"request {i:09d} GET /api/items 200 0.{i % 1000:03d}s"
            buffer.append(f"{prefix}.{int((t - seconds) * 1e9):09d}  {text:<47}\n")
            if len(buffer) == 10000:
                out.write("".join(buffer))
                buffer = []
        out.write("".join(buffer))
os.makedirs(logs, exist_ok=True)
now = time.time()
old_start, old_end = now - 5 * 86400, now - 6 * 3600
span = (old_end - old_start) / 5
for a in range(5):
    write(f"{logs}/@40000000{0x6b000000 + a:08x}00000000.s", archive_size // line_bytes,
          old_start + a * span, old_start + (a + 1) * span)
now = time.time()
write(f"{logs}/current", current_size // line_bytes, now - 6 * 3600, now)
PYTHON
python3 "$WORK/generate.py" "$WORK/playground/alpha/logs"
for name in $SERVICES; do
    mkdir -p "$WORK/playground/$name"
    printf '#!/bin/sh\nexec sleep infinity\n' >"$WORK/playground/$name/run"
    chmod +x "$WORK/playground/$name/run"
    [ "$name" = alpha ] || cp -r "$WORK/playground/alpha/logs" "$WORK/playground/$name/logs"
done
du -sh "$WORK/playground" | sed 's/^/log data: /'

now_ns() { echo "${EPOCHREALTIME/./}000"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
minimum() { sort -n | head -1; }
ms() { awk -v ns="$1" 'BEGIN {printf "%.2f", ns/1e6}'; }

# time_command LABEL COMMAND...: runs it ROUNDS times (after one warm-up), prints a table row.
time_command() {
    local label=$1; shift
    "$@" >/dev/null
    local samples=() t0 t1
    for _ in $(seq "$ROUNDS"); do
        t0=$(now_ns); "$@" >/dev/null; t1=$(now_ns)
        samples+=($((t1 - t0)))
    done
    local med min lines read_bytes="-" cpu="-"
    med=$(printf '%s\n' "${samples[@]}" | median)
    min=$(printf '%s\n' "${samples[@]}" | minimum)
    lines=$("$@" | wc -l)
    if command -v strace >/dev/null; then
        strace -f -e trace=read,pread64 -e signal=none -o "$WORK/strace.out" "$@" >/dev/null 2>&1
        read_bytes="$(awk '/read(64)?\(/ {n=$NF; if (n ~ /^[0-9]+$/) s+=n} END {printf "%.0f", s/1024}' "$WORK/strace.out") KiB"
    fi
    if command -v perf >/dev/null; then
        cpu=$(perf stat -r "$ROUNDS" -x, -e task-clock "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ {printf "%.2f", $1}')
    fi
    printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "$(ms "$med")" "$(ms "$min")" "${cpu:--}" "$lines" "$read_bytes"
}

echo "machine: $(nproc) cores, $(uname -sr), $ROUNDS runs each"
echo
echo "| command | median ms | min ms | CPU ms | lines out | bytes read |"
echo "|---|---|---|---|---|---|"
time_command '`pgctl log --merge -n 100 --no-follow`' "$BIN/pgctl" log -a --merge -n 100 --no-follow
time_command '`pgctl log --since 1m --no-follow`' "$BIN/pgctl" log -a --since 1m --no-follow
time_command '`pgctl log --merge --since 1m --no-follow`' "$BIN/pgctl" log -a --merge --since 1m --no-follow
time_command '`pgctl log --merge --json -n 100 --no-follow`' "$BIN/pgctl" log -a --merge --json -n 100 --no-follow
time_command '`pgctl log --since <2 days ago> -n 100 --no-follow` (backwards, 100 each)' \
    "$BIN/pgctl" log -a --since "$(date -d '2 days ago' '+%Y-%m-%d %H:%M')" -n 100 --no-follow
time_command '`pgctl log --merge --since <2 days ago> --no-follow \| head -100` (search in an archive)' \
    sh -c "'$BIN/pgctl' log -a --merge --since '$(date -d '2 days ago' '+%Y-%m-%d %H:%M')' --no-follow | head -100"
time_command '`pgctl log --no-follow` (default: last 30 each)' "$BIN/pgctl" log -a --no-follow
time_command '`pgctl status` (start-up and config, for scale)' "$BIN/pgctl" status -a
time_command '`tail -n 100` of one `current` (reference)' tail -n 100 "$WORK/playground/alpha/logs/current"
time_command '`cat` of all 30 files (reading whole files)' sh -c "cat $WORK/playground/*/logs/* >/dev/null"
