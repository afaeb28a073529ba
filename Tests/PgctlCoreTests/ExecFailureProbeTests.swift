import Foundation
import SuperviseSystem
import Testing
import TestSupport
@testable import PgctlCore

/// Finding the supervisor's "unable to spawn ./run" report in a service log (issue 10, defect 5).
@Suite("Engine: exec failures read from the log")
struct ExecFailureProbeTests {
    static let stamp = "2026-12-03 06:35:52.625123456  "

    static func newest(_ lines: [String], trailing: String = "") -> String? {
        ExecFailureProbe.newestFailure(in: ArraySlice(Array((lines.map { stamp + $0 + "\n" }.joined() + trailing).utf8)))
    }

    @Test("the reason is the supervisor line logged just before 'unable to spawn ./run'")
    func reasonBeforeSpawnFailure() {
        #expect(Self.newest([
            "service output",
            "s6-supervise /p/svc (child): fatal: unable to exec run: No such file or directory",
            "s6-supervise /p/svc: warning: unable to spawn ./run - waiting 10 seconds",
        ]) == "unable to exec run: No such file or directory")
        #expect(Self.newest([
            "s6-supervise /p/svc: warning: unable to use notification-fd 3: descriptor 3 was inherited by the supervisor and is passed on to run",
            "s6-supervise /p/svc: warning: unable to spawn ./run - waiting 10 seconds",
        ]) == "unable to use notification-fd 3: descriptor 3 was inherited by the supervisor and is passed on to run")
    }

    @Test("without a reason line, or with none at all, or only a partial line")
    func noReason() {
        #expect(Self.newest(["s6-supervise /p/svc: warning: unable to spawn ./run - waiting 10 seconds"]) == "unable to spawn ./run")
        #expect(Self.newest(["hello", "s6-supervise /p/svc (child): fatal: unable to exec run: Permission denied"]) == nil)
        #expect(Self.newest(["hello"], trailing: Self.stamp + "s6-supervise /p/svc: warning: unable to spawn ./run - waiting 10 seconds") == nil)
        #expect(Self.newest(["  s6-supervise fake: warning: unable to spawn ./run - waiting 10 seconds"]) == nil)
    }

    @Test("only lines appended after the probe was created count")
    func onlyNewLines() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let log = temp.child("current")
        let old = Self.stamp + "s6-supervise /p/svc (child): fatal: unable to exec run: Exec format error\n"
            + Self.stamp + "s6-supervise /p/svc: warning: unable to spawn ./run - waiting 10 seconds\n"
        try ServiceDirectoryBuilder.write(log, old)
        var probe = ExecFailureProbe(logFile: log)
        #expect(probe.failure() == nil)
        let fd = open(log, O_WRONLY | O_APPEND | O_CLOEXEC)
        defer { close(fd) }
        let new = Self.stamp + "s6-supervise /p/svc (child): fatal: unable to exec run: No such file or directory\n"
            + Self.stamp + "s6-supervise /p/svc: warning: unable to spawn ./run - waiting 10 seconds\n"
        #expect(new.withCString { write(fd, $0, strlen($0)) } > 0)
        #expect(probe.failure() == "unable to exec run: No such file or directory")
    }

    static func append(_ path: String, _ text: String) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        defer { close(fd) }
        #expect(text.withCString { write(fd, $0, strlen($0)) } == text.utf8.count)
    }

    static let reasonLine = stamp + "s6-supervise /p/svc (child): fatal: unable to exec run: No such file or directory\n"
    static let spawnFailedLine = stamp + "s6-supervise /p/svc: warning: unable to spawn ./run - waiting 10 seconds\n"

    @Test("each look reads only what was appended since the last one; a line or a pair split across looks still counts")
    func incremental() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let log = temp.child("current")
        try ServiceDirectoryBuilder.write(log, String(repeating: "old output\n", count: 1000))
        var probe = ExecFailureProbe(logFile: log)
        #expect(probe.offset == 11_000)
        Self.append(log, "service output\n")
        #expect(probe.failure() == nil)
        #expect(probe.offset == 11_015, "only the new line was read")
        Self.append(log, Self.reasonLine)
        #expect(probe.failure() == nil)
        let half = Self.spawnFailedLine.utf8.count / 2
        Self.append(log, String(Self.spawnFailedLine.prefix(half)))
        #expect(probe.failure() == nil, "a partial line does not count")
        Self.append(log, String(Self.spawnFailedLine.dropFirst(half)))
        #expect(probe.failure() == "unable to exec run: No such file or directory")
        #expect(probe.offset == Int(try FileSystem.metadata(of: log).size))
        #expect(probe.failure() == "unable to exec run: No such file or directory", "what was found stays found")
    }

    @Test("a rotated log (another file under the name) and a truncated one are read from their start")
    func rotationAndTruncation() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let log = temp.child("current")
        try ServiceDirectoryBuilder.write(log, String(repeating: "old output\n", count: 100))
        var rotated = ExecFailureProbe(logFile: log)
        var truncated = ExecFailureProbe(logFile: log)
        #expect(rename(log, temp.child("@400000000000000000000000.s")) == 0)
        // The new file is larger than the old offset: only its identity tells it is new.
        Self.append(log, String(repeating: "new output\n", count: 200) + Self.reasonLine + Self.spawnFailedLine)
        #expect(rotated.failure() == "unable to exec run: No such file or directory")

        let other = temp.child("other")
        try ServiceDirectoryBuilder.write(other, String(repeating: "old output\n", count: 100))
        truncated = ExecFailureProbe(logFile: other)
        #expect(truncate(other, 0) == 0)
        Self.append(other, Self.reasonLine + Self.spawnFailedLine)
        #expect(truncated.failure() == "unable to exec run: No such file or directory")
    }

    @Test("more than the window appended at once: only the newest window is read, its cut first line skipped")
    func window() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let log = temp.child("current")
        var probe = ExecFailureProbe(logFile: log)  // no log yet: read from the start once it exists
        Self.append(log, Self.reasonLine + Self.spawnFailedLine)
        Self.append(log, String(repeating: "x", count: ExecFailureProbe.window * 2) + "\n")
        #expect(probe.failure() == nil, "lines older than the newest window are not read (a spawn is retried 10 s later)")
        var fresh = ExecFailureProbe(logFile: log)
        Self.append(log, String(repeating: "y", count: ExecFailureProbe.window * 2) + "\n" + Self.reasonLine + Self.spawnFailedLine)
        #expect(fresh.failure() == "unable to exec run: No such file or directory")
        #expect(fresh.offset == Int(try FileSystem.metadata(of: log).size))
    }
}
