#!/bin/bash
# Captures supervise/status and supervise/death_tally files from the REAL s6-supervise 2.11
# in several states, next to the real s6-svstat's reading of each (the "truth" the codec
# tests compare against). Usage: bash capture.sh [output-dir]   (default: this directory)
# Needs /usr/bin/s6-supervise, s6-svc, s6-svstat, s6-svdt. Takes about 15 seconds.
set -euo pipefail
out=$(cd "${1:-$(dirname "$0")}" && pwd)
work=$(mktemp -d /tmp/s6-capture.XXXXXX)
supervisors=()
cleanup() {
    local p f
    for p in "${supervisors[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
    # Each service runs in its own session (pgid = its pid): kill the recorded ones.
    for f in "$work"/*/supervise/status "$work"/*/*.pid; do
        [ -s "$f" ] || continue
        case $f in
            *.pid) p=$(cat "$f");;
            *) p=$((16#$(od -An -tx1 -j24 -N8 "$f" | tr -d ' \n')));;
        esac
        [ "$p" -gt 1 ] && kill -KILL -- "-$p" "$p" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
fields=up,wantedup,normallyup,ready,paused,pid,exitcode,signal,signum,updownsince,readysince

# wait_for DIR PREDICATE-COMMAND: polls every 10 ms, up to 10 s.
wait_for() {
    local i
    for i in $(seq 1000); do
        if eval "$2"; then return 0; fi
        sleep 0.01
    done
    echo "timed out waiting for: $2 (in $1)" >&2
    exit 1
}

# service NAME RUN-BODY [FILE=CONTENT...]: makes a service dir and starts s6-supervise on it.
service() {
    local name=$1 body=$2; shift 2
    mkdir -p "$work/$name"
    printf '#!/bin/sh\n%s\n' "$body" > "$work/$name/run"
    chmod +x "$work/$name/run"
    local kv
    for kv in "$@"; do
        printf '%s' "${kv#*=}" > "$work/$name/${kv%%=*}"
        case ${kv%%=*} in finish) chmod +x "$work/$name/finish";; esac
    done
    env --default-signal=INT,QUIT s6-supervise "$work/$name" 2>>"$work/$name.stderr" &
    supervisors+=($!)
    wait_for "$name" "[ -s '$work/$name/supervise/status' ]"
}

flags() { od -An -tx1 -j34 -N1 "$work/$1/supervise/status" | tr -d ' '; }

# capture NAME LABEL: copies status (and death_tally) with the real s6-svstat's view.
capture() {
    local name=$1 label=$2
    cp "$work/$name/supervise/status" "$out/$label.status"
    s6-svstat -o "$fields" "$work/$name" > "$out/$label.svstat"
}

# 1. up, never ready: want up.
service up 'exec sleep 1000'
wait_for up '[ "$(flags up)" = 04 ]'
capture up up

# 2. down file: not started, down and ready.
service downfile 'exec sleep 1000' down=
capture downfile down-file

# 3. paused (s6-svc -p): flags paused + want up.
service paused 'exec sleep 1000'
wait_for paused '[ "$(flags paused)" = 04 ]'
s6-svc -p "$work/paused"
wait_for paused '[ "$(flags paused)" = 05 ]'
capture paused paused

# 4. ready through notification-fd.
service ready 'echo >&3; exec sleep 1000' notification-fd=3
wait_for ready '[ "$(flags ready)" = 0c ]'
capture ready up-ready

# 5. finish running after a SIGTERM death (pid = finish's pid, flags finishing).
service finishing 'exec sleep 1000' finish=$'#!/bin/sh\necho $$ > finish.pid\nexec sleep 1000\n' timeout-finish=0
wait_for finishing '[ "$(flags finishing)" = 04 ]'
s6-svc -d "$work/finishing"
wait_for finishing '[ "$(flags finishing)" = 02 ] && [ -s "$work/finishing/finish.pid" ]'
capture finishing finishing
cp "$work/finishing/finish.pid" "$out/finishing.pid"

# 6. down and ready after SIGTERM (want down).
service downterm 'exec sleep 1000'
wait_for downterm '[ "$(flags downterm)" = 04 ]'
s6-svc -d "$work/downterm"
wait_for downterm '[ "$(flags downterm)" = 08 ]'
capture downterm down-sigterm

# 7. finish exited 125 after run exited 7: want up cleared, wstat 0x0700.
service permfail 'sleep 0.2; exit 7' finish=$'#!/bin/sh\nexit 125\n'
wait_for permfail '[ "$(flags permfail)" = 08 ] && [ "$(od -An -tx1 -j32 -N1 "$work/permfail/supervise/status" | tr -d " ")" = 07 ]'
capture permfail finish-125

# 8. death tally: run exits 3 quickly, max-death-tally 3, four deaths or more.
service tally 'sleep 0.1; exit 3' max-death-tally=3
wait_for tally '[ "$(stat -c %s "$work/tally/supervise/death_tally")" = 42 ]'
s6-svc -O "$work/tally"
cp "$work/tally/supervise/death_tally" "$out/exit3-x3.death_tally"
s6-svdt "$work/tally" > "$out/exit3-x3.svdt"

# 9. death tally of signals: SIGTERM then SIGKILL then SIGPOLL (29).
service sigs 'exec sleep 1000' max-death-tally=10
for sig in t k; do
    wait_for sigs '[ "$(flags sigs)" = 04 ]'
    s6-svc -$sig "$work/sigs"
    wait_for sigs '[ "$(flags sigs)" = 0c ]'
done
wait_for sigs '[ "$(flags sigs)" = 04 ]'
kill -29 "$(s6-svstat -o pid "$work/sigs")"
wait_for sigs '[ "$(stat -c %s "$work/sigs/supervise/death_tally")" = 42 ]'
s6-svc -O "$work/sigs"
cp "$work/sigs/supervise/death_tally" "$out/signals.death_tally"
s6-svdt "$work/sigs" > "$out/signals.svdt"
capture sigs down-sigpoll-want-down

echo "captured into $out"
