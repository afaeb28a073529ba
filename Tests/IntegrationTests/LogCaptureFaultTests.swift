import Foundation
import Testing
import TestSupport

/// Logging mode under faults (issue 10, defects 5 and 8): the supervisor's own messages reach
/// the log at once, a dying run's unfinished line is ended, and a write that fails (file too
/// large, disk full) never leaves a torn record behind.
@Suite("Supervisor logging mode: own messages, unfinished lines, failed writes", .serialized, .timeLimit(.minutes(3)))
struct LogCaptureFaultTests {
    nonisolated(unsafe) static let stamped = #/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9}  (.*)$/#

    /// `s6-supervise -l logs <svc>`, after `prefix` (e.g. `prlimit --fsize=…`).
    private func supervise(_ svc: String, prefix: [String] = []) throws -> BackgroundSupervisor {
        try BackgroundSupervisor(executable: "logs", serviceDirectory: svc,
                                 launcher: prefix + ["/usr/bin/env", "--default-signal", Executables.ours("s6-supervise"), "-l"])
    }

    /// The raw bytes of `logs/current`.
    private func current(_ svc: String) -> [UInt8] {
        (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: svc + "/logs/current")))) ?? []
    }

    /// The lines of `logs/current` without their stamps; throws on a line without a stamp or
    /// on a final piece without newline (a torn record).
    private func loggedLines(_ svc: String) throws -> [String] {
        let data = current(svc)
        guard data.isEmpty || data.last == 0x0a else {
            throw TestFailure("logs/current ends inside a record: …\(String(decoding: data.suffix(60), as: UTF8.self))")
        }
        return try data.split(separator: 0x0a, omittingEmptySubsequences: false).dropLast().map { raw in
            let line = String(decoding: raw, as: UTF8.self)
            guard let match = line.wholeMatch(of: Self.stamped) else {
                throw TestFailure("unstamped line: \(line.prefix(120))")
            }
            return String(match.1)
        }
    }

    @Test("the supervisor's own messages (an exec failure) are in logs/current at once, stamped")
    func ownMessagesAtOnce() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let svc = try ServiceDirectoryBuilder.make(at: temp.child("svc"), run: "")
        try ServiceDirectoryBuilder.write(svc + "/run", "#!/nonexistent/interp\n", executable: true)
        let started = ProcessInfo.processInfo.systemUptime
        let supervisor = try supervise(svc)
        defer { supervisor.stop() }
        let expected = [
            "s6-supervise \(svc) (child): fatal: unable to exec run: No such file or directory",
            "s6-supervise \(svc): warning: unable to spawn ./run - waiting 10 seconds",
        ]
        // Well before the 10 s retry (before the fix nothing was written until the supervisor exited).
        let waited = try? waitUntil("the exec failure in logs/current", timeout: 5) { (try? loggedLines(svc)) == expected }
        #expect(waited != nil, "logs/current: \(String(decoding: current(svc), as: UTF8.self))")
        let elapsed = ProcessInfo.processInfo.systemUptime - started
        print("[issue 10 figures] exec failure in logs/current \(String(format: "%.3f", elapsed)) s after the supervisor started")
        #expect(supervisor.output == "", "nothing on the supervisor's stderr in logging mode")
    }

    @Test("a run's unfinished last line ends when the run dies: not glued to the next run's first line")
    func unfinishedLineEndsAtDeath() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let svc = try ServiceDirectoryBuilder.make(at: temp.child("svc"), run: """
            if [ -e ran ]; then echo second-run-line; exec sleep 1000; fi
            : > ran
            printf no-newline-at-exit
            exit 3
            """)
        let supervisor = try supervise(svc)
        defer { supervisor.stop() }
        try waitUntil("the second run's line", timeout: 10) {
            String(decoding: current(svc), as: UTF8.self).contains("second-run-line\n")
        }
        #expect(try loggedLines(svc) == ["no-newline-at-exit", "second-run-line"])
    }

    @Test("a finish script's unfinished line ends when it exits, before run's next line")
    func unfinishedFinishLine() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let svc = try ServiceDirectoryBuilder.make(at: temp.child("svc"), run: """
            if [ -e ran ]; then echo run-again; exec sleep 1000; fi
            : > ran
            exit 0
            """, files: ["finish": "#!/bin/sh\nprintf finish-no-newline\n"])
        let supervisor = try supervise(svc)
        defer { supervisor.stop() }
        try waitUntil("the second run's line", timeout: 10) {
            String(decoding: current(svc), as: UTF8.self).contains("run-again\n")
        }
        #expect(try loggedLines(svc) == ["finish-no-newline", "run-again"])
    }

    /// `prlimit --fsize=<bytes>:unlimited`: the supervisor's writes to `logs/current` beyond
    /// `bytes` are cut short, then fail with EFBIG (and SIGXFSZ, which must not kill it).
    private static func fileSizeLimit(_ bytes: Int) -> [String] { ["/usr/bin/prlimit", "--fsize=\(bytes):unlimited"] }

    /// A 300-byte line: it cannot fit under a 200-byte file size limit.
    private static let longLine = String(repeating: "L", count: 300)

    @Test("a write cut short leaves only whole records; the next supervisor's lines are not glued",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit"), "needs util-linux prlimit"))
    func shortWriteLeavesWholeRecords() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let svc = try ServiceDirectoryBuilder.make(at: temp.child("svc"), run: """
            echo first
            while [ ! -e go ]; do sleep 0.01; done
            echo \(Self.longLine)
            exec sleep 1000
            """)
        let limited = try supervise(svc, prefix: Self.fileSizeLimit(200))
        defer { limited.stop() }
        try waitUntil("the first line") { (try? loggedLines(svc)) == ["first"] }
        let pid = try StatusFileReader.waitFor(svc, "up") { $0.isUp }.pid
        #expect(FileManager.default.createFile(atPath: svc + "/go", contents: nil))
        try waitUntil("run to exec sleep") { (try? ProcInfo.arguments(Int32(pid)).first) == "sleep" }
        // Exit now: its last flush cannot write the long line.
        try ControlWriter.send("dx", to: svc)
        #expect(try limited.waitForExit() == 0, "the supervisor survives SIGXFSZ and exits normally")
        #expect(try loggedLines(svc) == ["first"], "only whole records")
        #expect(limited.output.contains("warning: unable to write"), "the loss is reported on stderr: \(limited.output)")

        // Space is back: a new supervisor appends whole records, nothing glued.
        let next = try supervise(svc)
        defer { next.stop() }
        try waitUntil("the second run's lines") { (try? loggedLines(svc))?.count == 3 }
        #expect(try loggedLines(svc) == ["first", "first", Self.longLine])
    }

    @Test("when space returns the held-back lines are written whole and the failure is reported once",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit"), "needs util-linux prlimit"),
          .enabled(if: Self.canReadPollTimeout, "reads the poll timeout from /proc/<pid>/syscall (x86-64 only)"))
    func failureReportedOnceSpaceReturns() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let svc = try ServiceDirectoryBuilder.make(at: temp.child("svc"), run: """
            echo first
            while [ ! -e go ]; do sleep 0.01; done
            echo \(Self.longLine)
            echo after
            exec sleep 1000
            """)
        let supervisor = try supervise(svc, prefix: Self.fileSizeLimit(200))
        defer { supervisor.stop() }
        try waitUntil("the first line") { (try? loggedLines(svc)) == ["first"] }
        #expect(FileManager.default.createFile(atPath: svc + "/go", contents: nil))
        // The failed write shows as the 2 s retry timer of the supervisor's poll.
        try waitUntil("the log retry to be armed", timeout: 10) {
            guard let timeout = Self.pollTimeout(of: supervisor.pid) else { return false }
            return timeout > 0 && timeout <= 2000
        }
        #expect(supervisor.isRunning, "SIGXFSZ did not kill the supervisor")
        #expect(try loggedLines(svc) == ["first"], "no torn record while writes fail")
        let raise = try Command.run("/usr/bin/prlimit", ["--pid", String(supervisor.pid), "--fsize=unlimited:unlimited"])
        #expect(raise.exitCode == 0, "\(raise)")
        try waitUntil("the held-back lines", timeout: 10) { (try? loggedLines(svc))?.contains("after") == true }
        let lines = try loggedLines(svc)
        let warnings = lines.filter { $0.hasPrefix("s6-supervise \(svc): warning: ") }
        #expect(warnings.count == 1, "\(lines)")
        #expect(warnings.first?.contains("File too large") == true, "\(warnings)")
        #expect(lines.filter { !$0.hasPrefix("s6-supervise ") } == ["first", Self.longLine, "after"])
    }

    /// Whether ``pollTimeout(of:)`` works on this architecture.
    static var canReadPollTimeout: Bool {
        #if arch(x86_64)
        return true
        #else
        return false
        #endif
    }

    /// The timeout our supervisor passes to poll(2) while it sleeps in its loop, from
    /// /proc/<pid>/syscall (x86-64: poll is syscall 7, the timeout its third argument); nil
    /// when not in poll or on another architecture.
    static func pollTimeout(of pid: Int32) -> Int64? {
        #if arch(x86_64)
        let text = (try? String(contentsOfFile: "/proc/\(pid)/syscall", encoding: .utf8)) ?? ""
        let fields = text.split(separator: " ")
        guard fields.count > 3, fields[0] == "7" else { return nil }
        return Int64(bitPattern: UInt64(fields[3].dropFirst(2), radix: 16) ?? UInt64.max)
        #else
        return nil
        #endif
    }
}
