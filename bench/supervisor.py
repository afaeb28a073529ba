#!/usr/bin/env python3
"""Benchmark: our s6-supervise against the real s6-supervise 2.11.

Run `swift build -c release` first. Then:  python3 bench/supervisor.py [--ours PATH] [-n 10] [--runs 21]

1. Memory: starts N of our supervisors and N real ones at once (each on its own service dir
   whose run is `exec sleep 1000`), waits until every service is up, and reads
   /proc/<pid>/smaps_rollup of each supervisor: Pss, private (clean + dirty) and Rss.
2. Start-to-up: for `--runs` rounds (ours and the real one alternately), the time from starting
   the supervisor to the `u` event arriving on a listener FIFO in event/ (subscribed before
   the start, the way s6's listeners do). Median and spread are reported.

Prints a Markdown report (also written to --output if given) with ratios ours/s6.
Everything started is stopped (`dx` on the control FIFO, then SIGKILL of what is left).
"""
import argparse, os, select, shutil, signal, statistics, sys, tempfile, time, secrets, subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def make_service(base, name):
    d = os.path.join(base, name)
    os.makedirs(d)
    with open(os.path.join(d, "run"), "w") as f:
        f.write("#!/bin/sh\nexec sleep 1000\n")
    os.chmod(os.path.join(d, "run"), 0o755)
    return d


def default_signals():
    for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE, signal.SIGCHLD):
        signal.signal(s, signal.SIG_DFL)


def start(executable, directory):
    """Starts a supervisor with default dispositions and an empty mask; returns its pid."""
    devnull = os.open("/dev/null", os.O_RDWR)
    try:
        return os.posix_spawn(executable, [executable, directory], os.environ,
                              file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1),
                                            (os.POSIX_SPAWN_DUP2, devnull, 2)],
                              setsigmask=set(), setsigdef=set(signal.valid_signals()) - {signal.SIGKILL, signal.SIGSTOP})
    finally:
        os.close(devnull)


def read_status_pid(directory):
    try:
        with open(os.path.join(directory, "supervise/status"), "rb") as f:
            data = f.read()
    except OSError:
        return None
    if len(data) < 35:
        return None
    pid = int.from_bytes(data[24:32], "big")
    finishing = data[34] & 0x02
    return pid if pid and not finishing else None


def wait_for(what, condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.002)
    raise RuntimeError("timed out waiting for " + what)


def subscribe(directory):
    """Creates event/ (if needed) and a listener FIFO named like s6's; returns (read fd, path)."""
    event = os.path.join(directory, "event")
    os.makedirs(event, exist_ok=True)
    name = "ftrig1:@" + secrets.token_hex(12) + ":" + secrets.token_hex(3)
    temporary, final = os.path.join(event, "." + name), os.path.join(event, name)
    os.mkfifo(temporary, 0o600)
    fd = os.open(temporary, os.O_RDONLY | os.O_NONBLOCK)
    keep = os.open(temporary, os.O_WRONLY | os.O_NONBLOCK)
    os.rename(temporary, final)
    return fd, keep, final


def stop(directory, pid):
    """`dx` through the control FIFO, then make sure the supervisor and the service are gone."""
    service = read_status_pid(directory)
    try:
        fd = os.open(os.path.join(directory, "supervise/control"), os.O_WRONLY | os.O_NONBLOCK)
        os.write(fd, b"dx")
        os.close(fd)
    except OSError:
        pass
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.005)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    if service:
        try:
            os.killpg(service, signal.SIGKILL)
        except OSError:
            pass


def smaps_rollup(pid):
    values = {}
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[2] == "kB":
                values[parts[0].rstrip(":")] = int(parts[1])
    return {"pss": values.get("Pss", 0), "rss": values.get("Rss", 0),
            "private": values.get("Private_Clean", 0) + values.get("Private_Dirty", 0),
            "anon": values.get("Anonymous", 0)}


def measure_memory(base, implementations, n):
    results = {}
    running = []
    try:
        for label, exe in implementations:
            for i in range(n):
                d = make_service(base, "%s-mem-%d" % (label, i))
                running.append((label, d, start(exe, d)))
        for label, d, pid in running:
            wait_for(d + " up", lambda: read_status_pid(d))
        for label, d, pid in running:
            results.setdefault(label, []).append(smaps_rollup(pid))
    finally:
        for label, d, pid in running:
            stop(d, pid)
    return results


def measure_start_to_up(base, implementations, runs):
    times = {label: [] for label, _ in implementations}
    for r in range(runs):
        order = implementations if r % 2 == 0 else list(reversed(implementations))
        for label, exe in order:
            d = make_service(base, "%s-start-%d" % (label, r))
            fd, keep, fifo = subscribe(d)
            poller = select.poll()
            poller.register(fd, select.POLLIN)
            t0 = time.monotonic()
            pid = start(exe, d)
            seen = b""
            try:
                while b"u" not in seen:
                    if not poller.poll(10000):
                        raise RuntimeError("no u event from " + exe)
                    try:
                        seen += os.read(fd, 64)
                    except BlockingIOError:
                        pass
                times[label].append(time.monotonic() - t0)
            finally:
                stop(d, pid)
                os.close(fd)
                os.close(keep)
    return times


def median(values):
    return statistics.median(values)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ours", default=os.path.join(ROOT, ".build/release/s6-supervise"))
    parser.add_argument("--real", default="/usr/bin/s6-supervise")
    parser.add_argument("-n", type=int, default=10, help="supervisors of each kind for the memory test")
    parser.add_argument("--runs", type=int, default=21, help="start-to-up rounds per implementation")
    parser.add_argument("--output", help="also write the report to this file")
    args = parser.parse_args()
    default_signals()
    for exe in (args.ours, args.real):
        if not os.access(exe, os.X_OK):
            sys.exit("not executable: %s (run `swift build -c release`; apt-get install s6)" % exe)
    implementations = [("ours", os.path.realpath(args.ours)), ("s6", args.real)]
    base = tempfile.mkdtemp(prefix="bench-supervisor.")
    try:
        memory = measure_memory(base, implementations, args.n)
        timing = measure_start_to_up(base, implementations, args.runs)
    finally:
        shutil.rmtree(base, ignore_errors=True)

    lines = []
    lines.append("Machine: %d cores (`nproc`), %s; ours = `%s` (%d bytes)." % (
        os.cpu_count(), os.uname().release, os.path.relpath(args.ours, ROOT), os.path.getsize(args.ours)))
    lines.append("")
    lines.append("| per supervisor (median of %d) | ours | s6-supervise 2.11 | ours/s6 |" % args.n)
    lines.append("|---|---|---|---|")
    for key, title in (("pss", "PSS (kB)"), ("private", "private clean+dirty (kB)"), ("anon", "anonymous (kB)"), ("rss", "RSS (kB)")):
        o = median([m[key] for m in memory["ours"]])
        s = median([m[key] for m in memory["s6"]])
        lines.append("| %s | %d | %d | %.2f |" % (title, o, s, o / s if s else float("nan")))
    o, s = median(timing["ours"]), median(timing["s6"])
    lines.append("| start → `u` event, median of %d runs (ms) | %.2f | %.2f | %.2f |" % (args.runs, o * 1000, s * 1000, o / s))
    lines.append("| start → `u` event, min … max (ms) | %.2f … %.2f | %.2f … %.2f | |" % (
        min(timing["ours"]) * 1000, max(timing["ours"]) * 1000, min(timing["s6"]) * 1000, max(timing["s6"]) * 1000))
    report = "\n".join(lines) + "\n"
    sys.stdout.write(report)
    if args.output:
        with open(args.output, "w") as f:
            f.write(report)


if __name__ == "__main__":
    main()
