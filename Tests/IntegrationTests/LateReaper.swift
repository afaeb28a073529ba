import Foundation
import Testing
import TestSupport

/// A parent that reaps late, to make a zombie linger deterministically (issue 16 point 2).
///
/// A python3 process makes itself a *child subreaper* (`prctl(PR_SET_CHILD_SUBREAPER)`), runs
/// `pgctl start …` as its child and waits for pgctl only. The supervisor pgctl leaves behind
/// is then re-parented to it (not to init), and so is the service once the supervisor is
/// killed. It reaps each of its zombies only `delay` seconds after first seeing it — as init
/// does in some containers (1–2 s here), or never in others — until the test ends it.
final class LateReaper {
    /// The python process.
    let process: BackgroundProcess
    private let stopFile: String
    private let output: String

    /// Runs `pgctl arguments` for `project` under a late reaper that keeps each zombie `delay`
    /// seconds. Returns once pgctl has exited (its exit code in ``pgctlExitCode``).
    init(project: PgctlProject, delay: Double, pgctl arguments: [String]) throws {
        let script = project.temp.path + "/late-reaper.py"
        try Self.script.write(toFile: script, atomically: false, encoding: .utf8)
        stopFile = project.temp.path + "/late-reaper.stop"
        output = project.temp.path + "/late-reaper.out"
        let environment = [
            "PATH": Executables.productsDirectory.path + ":/usr/local/bin:/usr/bin:/bin",
            "HOME": project.home, "PGCTL_NO_GLOBAL_CONFIG": "true", "LANG": "C.UTF-8",
        ]
        process = try BackgroundProcess(
            ["/usr/bin/python3", script, String(delay), stopFile, Executables.ours("pgctl")] + arguments,
            in: project.root, environment: environment, output: output)
        try waitUntil("pgctl under the late reaper to exit", timeout: 120) { pgctlExitCode != nil }
    }

    /// pgctl's exit code, once it has exited.
    var pgctlExitCode: Int32? {
        guard let text = try? String(contentsOfFile: output, encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("pgctl exited ") }) else { return nil }
        return Int32(line.dropFirst("pgctl exited ".count))
    }

    /// Everything the reaper and pgctl printed.
    var log: String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }

    /// Ends the reaper (its remaining children go to init) and reaps it.
    func end() {
        #expect(FileManager.default.createFile(atPath: stopFile, contents: nil))
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(2000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    static let script = #"""
        import ctypes, os, sys, time
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(36, 1, 0, 0, 0) != 0:  # PR_SET_CHILD_SUBREAPER
            sys.exit("prctl failed")
        delay, stop_file, argv = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
        child = os.fork()
        if child == 0:
            os.execv(argv[0], argv)
        _, status = os.waitpid(child, 0)
        print("pgctl exited %d" % os.waitstatus_to_exitcode(status), flush=True)
        me, seen = os.getpid(), {}
        while not os.path.exists(stop_file):
            now = time.monotonic()
            for name in os.listdir("/proc"):
                if not name.isdigit():
                    continue
                try:
                    with open("/proc/%s/stat" % name) as f:
                        stat = f.read()
                except OSError:
                    continue
                fields = stat[stat.rindex(")") + 2:].split()
                if int(fields[1]) != me or fields[0] not in "ZX":
                    continue
                pid = int(name)
                first = seen.setdefault(pid, now)
                if now - first >= delay:
                    os.waitpid(pid, os.WNOHANG)
                    seen.pop(pid)
            time.sleep(0.02)
        """#
}
