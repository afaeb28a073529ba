# Shared by the benchmark scripts (sourced, not run).

# make_services DIR COUNT: COUNT trivial service directories svc01… in DIR, each `run` an
# `exec sleep infinity`.
make_services() {
    mkdir -p "$1"
    for i in $(seq -w 1 "$2"); do
        mkdir -p "$1/svc$i"
        printf '#!/bin/sh\nexec sleep infinity\n' > "$1/svc$i/run"
        chmod +x "$1/svc$i/run"
    done
}

# project_work: a fresh WORK directory whose project ($WORK/project) is stopped (`pgctl stop
# --all` with $BIN/pgctl) and removed at exit, and a clean pgctl environment (HOME inside WORK,
# no global configuration, no timeout or poll settings inherited).
project_work() {
    WORK=$(mktemp -d)
    trap 'project_work_cleanup' EXIT
    export HOME="$WORK/home" PGCTL_NO_GLOBAL_CONFIG=true
    unset XDG_RUNTIME_DIR PGCTL_TIMEOUT PGCTL_POLL
}

project_work_cleanup() {
    (cd "$WORK/project" 2>/dev/null && "$BIN/pgctl" stop --all >/dev/null 2>&1) || true
    rm -rf "$WORK"
}
