#!/usr/bin/env bash
# Times `pgctl __complete services` — the query the completion scripts run on every TAB after a
# service-taking command — on a playground of 50 services with a pgctl.yaml of 5 aliases,
# from inside the project and from a service directory three levels down, and outside any
# playground. Also times `pgctl --version` (the bare start-up cost) in the same run. Prints
# the wall-clock median and 90th percentile of ROUNDS runs, each measured around
# fork+exec+wait, and — with linux-perf installed — the CPU time per run (`perf stat`
# task-clock), which a loaded machine does not inflate the way it inflates wall time.
#
# Usage: bench/completion.sh [BIN_DIR] [ROUNDS]
#   BIN_DIR  directory with the built pgctl (default .build-release/release)
#   ROUNDS   runs per measurement (default 300)
set -euo pipefail

BIN=$(cd "${1:-.build-release/release}" && pwd)
ROUNDS=${2:-300}
WORK=$(mktemp -d /tmp/pgctl-complete-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home" "$WORK/project/playground" "$WORK/outside"
for i in $(seq -w 1 50); do
    mkdir -p "$WORK/project/playground/service-$i"
    printf '#!/bin/sh\nexec sleep infinity\n' > "$WORK/project/playground/service-$i/run"
    chmod +x "$WORK/project/playground/service-$i/run"
done
printf 'aliases:\n  a1: [service-01]\n  a2: [service-02]\n  a3: [a1, a2]\n  a4: service-04\n  a5: [service-05]\n' \
    > "$WORK/project/pgctl.yaml"
mkdir -p "$WORK/project/playground/service-01/deep/er"

echo "machine: $(nproc) cores; pgctl: $BIN/pgctl; $ROUNDS runs each"
HOME=$WORK/home PGCTL_NO_GLOBAL_CONFIG=true python3 - "$BIN/pgctl" "$WORK" "$ROUNDS" <<'PY'
import os, subprocess, sys, time
pgctl, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
cases = [
    ("pgctl --version", [pgctl, "--version"], work + "/project"),
    ("__complete services start (project root, 50 services)", [pgctl, "__complete", "services", "start"], work + "/project"),
    ("__complete services start (3 levels inside a service)", [pgctl, "__complete", "services", "start"], work + "/project/playground/service-01/deep/er"),
    ("__complete services --pgdir playground start", [pgctl, "__complete", "services", "--pgdir", "playground", "start"], work + "/project"),
    ("__complete services start (outside a playground)", [pgctl, "__complete", "services", "start"], work + "/outside"),
]
first = subprocess.run(cases[1][1], cwd=cases[1][2], capture_output=True, text=True)
print(f"names answered: {len(first.stdout.splitlines())} (50 services + 5 aliases + default)")
import re, shutil
perf = shutil.which("perf")
def cpu_ms(argv, cwd):
    if not perf: return "n/a"
    out = subprocess.run([perf, "stat", "-r", str(rounds), "-e", "task-clock"] + argv, cwd=cwd,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    match = re.search(r"([0-9.]+) msec task-clock", out)
    return match.group(1) if match else "n/a"
print("| query | wall median ms | wall p90 ms | CPU ms per run |")
print("|---|---:|---:|---:|")
for name, argv, cwd in cases:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"| {name} | {times[len(times)//2]:.2f} | {times[int(len(times)*0.9)]:.2f} | {cpu_ms(argv, cwd)} |")
PY
