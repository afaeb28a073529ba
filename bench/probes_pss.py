#!/usr/bin/env python3
"""Memory of our supervisor with an active readiness probe, against the real s6-supervise 2.11.

Usage: python3 bench/probes_pss.py --ours PATH [-n 10]   (bench/probes.sh runs it)

Starts, at the same time, N of our supervisors whose service has a `ready-tcp` file naming a
port nothing listens on (so the probe stays active, retrying every 100 ms), N of ours without a
probe file, and N real `s6-supervise` (each service's run is `exec sleep 1000`). Once every
service is up and the probes are in their steady state (2.5 s of refused attempts, past the
one-time "not passed" notice at 2 s), reads
/proc/<pid>/smaps_rollup of each supervisor and prints the medians and the ratios to s6 as
Markdown. Everything started is stopped (`dx`, then SIGKILL of what is left).
"""
import argparse, os, shutil, socket, statistics, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import supervisor as sv  # noqa: E402  (bench/supervisor.py: start, stop, smaps_rollup, wait_for)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ours", required=True)
    parser.add_argument("--real", default="/usr/bin/s6-supervise")
    parser.add_argument("-n", type=int, default=10)
    args = parser.parse_args()
    base = tempfile.mkdtemp(prefix="probe-pss")
    port = free_port()
    kinds = [("ours + active ready-tcp", args.ours, True), ("ours, no probe", args.ours, False)]
    if os.access(args.real, os.X_OK):
        kinds.append(("s6-supervise 2.11", args.real, False))
    running = []
    results = {}
    try:
        for label, exe, probe in kinds:
            for i in range(args.n):
                d = sv.make_service(base, "%s-%d" % ("probe" if probe else os.path.basename(os.path.dirname(exe)) + label[:4], i))
                if probe:
                    with open(os.path.join(d, "ready-tcp"), "w") as f:
                        f.write("127.0.0.1:%d\n" % port)
                running.append((label, d, sv.start(exe, d), probe))
        for label, d, pid, probe in running:
            sv.wait_for(d + " up", lambda: sv.read_status_pid(d))
            if probe:
                sv.wait_for(d + " probe refused", lambda: os.path.exists(os.path.join(d, "supervise/readiness-probe"))
                            and b"was refused" in open(os.path.join(d, "supervise/readiness-probe"), "rb").read())
        # Past the back-off's climb to its 100 ms cap and the one-time "has not passed after 2
        # seconds" notice: the steady state of a probe that keeps failing.
        time.sleep(2.5)
        for label, d, pid, probe in running:
            results.setdefault(label, []).append(sv.smaps_rollup(pid))
    finally:
        for label, d, pid, probe in running:
            sv.stop(d, pid)
        shutil.rmtree(base, ignore_errors=True)
    reference = results.get("s6-supervise 2.11")
    print("| per supervisor (median of %d) | PSS (kB) | private (kB) | RSS (kB) | PSS / s6 |" % args.n)
    print("|---|---|---|---|---|")
    for label, _, _ in kinds:
        values = results[label]
        pss = statistics.median(v["pss"] for v in values)
        private = statistics.median(v["private"] for v in values)
        rss = statistics.median(v["rss"] for v in values)
        ratio = "%.2f" % (pss / statistics.median(v["pss"] for v in reference)) if reference else "-"
        print("| %s | %d | %d | %d | %s |" % (label, pss, private, rss, ratio))


if __name__ == "__main__":
    main()
