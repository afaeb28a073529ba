#!/usr/bin/env bash
# Service dependencies (issue 12): what they cost `pgctl start`.
#
# 1. Resolving and ordering: a playground of 200 services with 400 dependency edges (a random
#    DAG, half declared in dependencies.d/, half in dependencies files), all started; then
#    `pgctl start` (which loads, checks and orders the graph before finding everything already
#    started) is timed ROUNDS times with the declarations in place and ROUNDS times with them
#    renamed away. Reported: pgctl's own trace of the graph work (`timing: dependencies`), and
#    the difference of the two medians of the whole command.
# 2. Hand-over in a chain: 20 services, each depending on the one before, started with one
#    `pgctl start c20`, ROUNDS times, in two variants: readiness by notification-fd (run writes
#    a newline on fd 5 at once) and no readiness check (pgctl's own "started" verdict). For each
#    link: the dependency's verdict (pgctl's trace, wall clock) to the dependent's run (the
#    stamp its supervisor wrote when it spawned run), split into pgctl's bookkeeping (verdict →
#    request) and the supervisor's launch (request → run); plus, with notification-fd, the
#    supervisor's own readiness stamp to the dependent's run (everything in between).
# 3. The machine's floor for the last step: a `u` byte written (by the shell, no process
#    started) to a supervisor holding its service down, to the stamp of run's spawn.
#
# Usage: bench/dependencies.sh [BIN_DIR] [ROUNDS]
#   BIN_DIR  directory with our built pgctl and s6-supervise (default .build-release/release)
#   ROUNDS   repetitions (default 15)
set -euo pipefail

BIN=$(cd "${1:-.build-release/release}" && pwd)
ROUNDS=${2:-15}
WORK=$(mktemp -d /tmp/pgctl-deps-bench.XXXXXX)
export HOME=$WORK/home PGCTL_NO_GLOBAL_CONFIG=true PATH="$BIN:$PATH"
unset XDG_RUNTIME_DIR PGCTL_VERBOSE
mkdir -p "$HOME"

cleanup() {
    for project in "$WORK"/*/; do
        [ -d "$project/playground" ] && (cd "$project" && "$BIN/pgctl" stop >/dev/null 2>&1) || true
    done
    for pid in $(grep -l "PGCTL_SERVICE=$WORK/" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3); do
        kill -9 "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now_us() { echo "${EPOCHREALTIME/./}"; }

# --- 1. resolving and ordering 200 services / 400 edges -------------------------------------
big=$WORK/big
python3 - "$big/playground" <<'PY'
import os, random, sys
root = sys.argv[1]
random.seed(12)
n, wanted = 200, 400
names = [f"s{i:03d}" for i in range(1, n + 1)]
edges = set()
while len(edges) < wanted:
    a, b = sorted(random.sample(range(n), 2))
    edges.add((b, a))          # the later service depends on the earlier one: no cycle
for name in names:
    os.makedirs(f"{root}/{name}")
    with open(f"{root}/{name}/run", "w") as f:
        f.write("#!/bin/sh\nexec sleep infinity\n")
    os.chmod(f"{root}/{name}/run", 0o755)
for k, (b, a) in enumerate(sorted(edges)):
    if k % 2 == 0:
        os.makedirs(f"{root}/{names[b]}/dependencies.d", exist_ok=True)
        open(f"{root}/{names[b]}/dependencies.d/{names[a]}", "w").close()
    else:
        with open(f"{root}/{names[b]}/dependencies", "a") as f:
            f.write(names[a] + "\n")
PY
cd "$big"
"$BIN/pgctl" start 2>/dev/null
graph_us=() cpu_us=() pure_us=() with_us=() without_us=()
for _ in $(seq "$ROUNDS"); do
    trace=$(PGCTL_VERBOSE=2 "$BIN/pgctl" start 2>&1 | grep 'timing: dependencies' || true)
    graph_us+=("$(echo "$trace" | sed -E 's/.*dependencies ([0-9]+) µs.*/\1/')")
    cpu=$(echo "$trace" | sed -E 's/.*cpu ([0-9]+) µs.*/\1/')
    reading=$(echo "$trace" | sed -E 's/.*reading ([0-9]+) µs.*/\1/')
    cpu_us+=("$cpu"); pure_us+=($((cpu - reading)))
    edges_seen=$(echo "$trace" | sed -E 's/.*, ([0-9]+) edges.*/\1/')
done
for _ in $(seq "$ROUNDS"); do
    t0=$(now_us); "$BIN/pgctl" start 2>/dev/null; t1=$(now_us); with_us+=($((t1 - t0)))
done
for d in playground/*/; do
    [ -d "$d/dependencies.d" ] && mv "$d/dependencies.d" "$d/off.d"
    [ -f "$d/dependencies" ] && mv "$d/dependencies" "$d/off"
done
for _ in $(seq "$ROUNDS"); do
    t0=$(now_us); "$BIN/pgctl" start 2>/dev/null; t1=$(now_us); without_us+=($((t1 - t0)))
done
"$BIN/pgctl" stop >/dev/null 2>&1
cd - >/dev/null
graph_median=$(printf '%s\n' "${graph_us[@]}" | median)
cpu_median=$(printf '%s\n' "${cpu_us[@]}" | median)
pure_median=$(printf '%s\n' "${pure_us[@]}" | median)
with_median=$(printf '%s\n' "${with_us[@]}" | median)
without_median=$(printf '%s\n' "${without_us[@]}" | median)

# --- 2. hand-over in a chain -----------------------------------------------------------------
chain_round() { # variant project -> lines "verdict_to_run pgctl_part launch_part ready_to_run"
    local variant=$1 project=$2
    cd "$project"
    PGCTL_VERBOSE=2 "$BIN/pgctl" start c20 2>"$project/trace" >/dev/null
    python3 - "$project" "$variant" <<'PY'
import re, struct, sys
project, variant = sys.argv[1], sys.argv[2]
trace = open(f"{project}/trace", encoding="utf-8").read()
started = {m[0]: int(m[1]) for m in re.findall(r"timing: (c\d+) started at \d+ µs \(wall (\d+)\)", trace)}
released = {m[0]: int(m[1]) for m in re.findall(r"timing: (c\d+) released at \d+ µs \(wall (\d+)\)", trace)}
def micros(label):  # TAI64N label -> Unix microseconds
    secs, nanos = struct.unpack(">QL", label)
    return (secs - 0x4000000000000025) * 1_000_000 + nanos // 1000
status = {}
for i in range(1, 21):
    name = f"c{i:02d}"
    data = open(f"{project}/playground/{name}/supervise/status", "rb").read()
    status[name] = (micros(data[0:12]), micros(data[12:24]))
for i in range(1, 20):
    dep, dependent = f"c{i:02d}", f"c{i + 1:02d}"
    run = status[dependent][0]
    ready = status[dep][1] if variant == "notify" else 0
    print(run - started[dep], released[dependent] - started[dep], run - released[dependent],
          run - ready if variant == "notify" else 0)
PY
    "$BIN/pgctl" stop >/dev/null 2>&1
    cd - >/dev/null
}

make_chain() { # project variant
    for i in $(seq -w 1 20); do
        local dir=$1/playground/c$i
        mkdir -p "$dir"
        if [ "$2" = notify ]; then
            printf '#!/bin/sh\necho >&5\nexec sleep infinity\n' > "$dir/run"
            echo 5 > "$dir/notification-fd"
        else
            printf '#!/bin/sh\nexec sleep infinity\n' > "$dir/run"
        fi
        chmod +x "$dir/run"
        [ "$i" = 01 ] || echo "c$(printf '%02d' $((10#$i - 1)))" > "$dir/dependencies"
    done
}

declare -A chain_results
for variant in notify settle; do
    project=$WORK/chain-$variant
    make_chain "$project" "$variant"
    : > "$WORK/links-$variant"
    for _ in $(seq "$ROUNDS"); do chain_round "$variant" "$project" >> "$WORK/links-$variant"; done
    links=$WORK/links-$variant
    chain_results[$variant]="$(awk '{print $1}' "$links" | median) $(awk '{print $2}' "$links" | median) $(awk '{print $3}' "$links" | median) $(awk '{print $4}' "$links" | median) $(wc -l < "$links")"
done

# --- 3. the machine's floor: a control byte to a supervisor holding its service down -----------
floor=$WORK/floor
mkdir -p "$floor"
printf '#!/bin/sh\nexec sleep infinity\n' > "$floor/run"; chmod +x "$floor/run"; touch "$floor/down"
"$BIN/s6-supervise" "$floor" </dev/null >/dev/null 2>&1 &
floor_pid=$!
while [ ! -e "$floor/supervise/status" ]; do sleep 0.01; done
: > "$WORK/floor-us"
for _ in $(seq "$ROUNDS"); do
    t0=$(now_us)
    printf u > "$floor/supervise/control"
    until python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.exit(0 if int.from_bytes(d[24:32], "big") else 1)' "$floor/supervise/status" 2>/dev/null; do :; done
    python3 - "$floor/supervise/status" "$t0" >> "$WORK/floor-us" <<'PY'
import struct, sys
secs, nanos = struct.unpack(">QL", open(sys.argv[1], "rb").read()[0:12])
print((secs - 0x4000000000000025) * 1_000_000 + nanos // 1000 - int(sys.argv[2]))
PY
    printf d > "$floor/supervise/control"
    until python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.exit(1 if int.from_bytes(d[24:32], "big") else 0)' "$floor/supervise/status" 2>/dev/null; do :; done
done
printf x > "$floor/supervise/control"
wait "$floor_pid" 2>/dev/null || true
floor_median=$(median < "$WORK/floor-us")

ms() { awk -v us="$1" 'BEGIN {printf "%.2f", us/1000}'; }
echo "Machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $ROUNDS rounds; medians."
echo
echo "| measurement | median |"
echo "|---|---|"
echo "| graph of 200 services / $edges_seen edges: read, checked, ordered — elapsed (pgctl's trace) | $(ms "$graph_median") ms |"
echo "| … the same in CPU time | $(ms "$cpu_median") ms |"
echo "| … of which building, checking and ordering (CPU; the rest is reading the files) | $(ms "$pure_median") ms |"
echo "| \`pgctl start\`, all 200 already started, with the declarations | $(ms "$with_median") ms |"
echo "| the same without them | $(ms "$without_median") ms |"
echo "| difference (what dependencies add) | $(ms $((with_median - without_median))) ms |"
for variant in notify settle; do
    read -r total pgctl_part launch ready_total count <<< "${chain_results[$variant]}"
    label=$([ "$variant" = notify ] && echo "notification-fd" || echo "no readiness check")
    echo "| chain ($label): dependency's verdict → dependent's run, $count links | $(ms "$total") ms |"
    echo "| … of which pgctl (verdict → request) | $(ms "$pgctl_part") ms |"
    echo "| … of which request → run (the control byte, the supervisor's fork and exec) | $(ms "$launch") ms |"
    [ "$variant" = notify ] && echo "| chain (notification-fd): supervisor's ready stamp → dependent's run | $(ms "$ready_total") ms |"
done
echo "| floor: \`u\` written to a supervisor holding its service down → run (no pgctl) | $(ms "$floor_median") ms |"
