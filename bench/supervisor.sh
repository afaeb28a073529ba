#!/bin/bash
# Supervisor benchmark: builds the release s6-supervise, then compares it with the real
# s6-supervise 2.11 (memory per supervisor and start-to-up time). See bench/supervisor.py.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v s6-supervise >/dev/null || { echo "needs the real s6 (apt-get install -y s6)" >&2; exit 1; }
swift build -c release --product s6-supervise "${SWIFT_BUILD_ARGS[@]:-}" >&2
exec python3 bench/supervisor.py --ours "$(swift build -c release --show-bin-path)/s6-supervise" "$@"
