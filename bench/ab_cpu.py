#!/usr/bin/env python3
"""CPU time of commands, alternated (A B C, C B A, A B C, ...) so that each sees the same load.

Each command is started with posix_spawn (no Python work in the child before exec) and reaped
with wait4; its CPU time is the user + system time wait4 reports (exec to exit, the command's
own children included), its wall time spawn to reap. Prints the median of each, in ms.

Usage: ab_cpu.py ROUNDS SPEC [SPEC ...]
  SPEC  a JSON object: {"name": "...", "cwd": "dir", "argv": ["/abs/path", ...], "env": {...}}
        (env is added to this process's environment; output goes to /dev/null)
"""
import json
import os
import statistics
import sys
import time


def main() -> None:
    rounds = int(sys.argv[1])
    specs = [json.loads(arg) for arg in sys.argv[2:]]
    environments = [dict(os.environ, **spec.get("env", {})) for spec in specs]
    devnull = os.open("/dev/null", os.O_WRONLY)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    cpu = [[] for _ in specs]
    wall = [[] for _ in specs]
    for round_number in range(rounds):
        order = range(len(specs)) if round_number % 2 == 0 else reversed(range(len(specs)))
        for index in order:
            spec = specs[index]
            os.chdir(spec["cwd"])
            started = time.perf_counter()
            pid = os.posix_spawn(spec["argv"][0], spec["argv"], environments[index], file_actions=actions)
            _, status, usage = os.wait4(pid, 0)
            wall[index].append((time.perf_counter() - started) * 1000)
            cpu[index].append((usage.ru_utime + usage.ru_stime) * 1000)
            if status != 0:
                sys.exit(f"{spec.get('name', spec['argv'][0])} failed (wait status {status})")
    for index, spec in enumerate(specs):
        print(f"{spec.get('name', spec['argv'][0])}\t{statistics.median(cpu[index]):.3f}\t{statistics.median(wall[index]):.3f}")


if __name__ == "__main__":
    main()
