import Foundation
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
        let probe = ExecFailureProbe(logFile: log)
        #expect(probe.failure() == nil)
        let fd = open(log, O_WRONLY | O_APPEND | O_CLOEXEC)
        defer { close(fd) }
        let new = Self.stamp + "s6-supervise /p/svc (child): fatal: unable to exec run: No such file or directory\n"
            + Self.stamp + "s6-supervise /p/svc: warning: unable to spawn ./run - waiting 10 seconds\n"
        #expect(new.withCString { write(fd, $0, strlen($0)) } > 0)
        #expect(probe.failure() == "unable to exec run: No such file or directory")
    }
}
