#!/bin/bash
# Supervisor benchmark: builds the release s6-supervise, then compares it with the real
# s6-supervise 2.11 (memory per supervisor and start-to-up time). See bench/supervisor.py.
# SCRATCH_PATH=<dir> builds in that scratch path instead of .build.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v s6-supervise >/dev/null || { echo "needs the real s6 (apt-get install -y s6)" >&2; exit 1; }
scratch=()
[ -n "${SCRATCH_PATH:-}" ] && scratch=(--scratch-path "$SCRATCH_PATH")
swift build -c release --product s6-supervise "${scratch[@]}" >&2
bin=$(swift build -c release "${scratch[@]}" --show-bin-path)
echo "linked libraries: $(ldd "$bin/s6-supervise" 2>&1 | tr -s ' \n\t' ' ')" >&2
echo "Foundation symbols: $(nm "$bin/s6-supervise" | grep -c 10Foundation || true)" >&2
exec python3 bench/supervisor.py --ours "$bin/s6-supervise" "$@"
