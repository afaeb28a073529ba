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
