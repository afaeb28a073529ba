import Foundation
@testable import PgctlCore
import Testing
import TestSupport

/// ``ProcessSettling`` with real processes: a sleeping process settles; a busy one, one with a
/// child and a missing pid never do.
@Suite("process settling (start without a ready check)", .serialized, .timeLimit(.minutes(1)))
struct ProcessSettlingTests {
    /// Spawns `argv` with an empty environment and returns its pid.
    private func spawn(_ argv: [String]) throws -> pid_t {
        let arguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, argv[0], nil, nil, arguments, [nil])
        guard result == 0 else { throw TestFailure("posix_spawn \(argv[0]): error \(result)") }
        return pid
    }

    private func stop(_ pid: pid_t) {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    @Test("a process blocked in sleep settles, and two observations 1 ms apart confirm it")
    func sleeper() throws {
        let pid = try spawn(["/bin/sleep", "1000"])
        defer { stop(pid) }
        try waitUntil("sleep to settle", timeout: 10) { ProcessSettling.isSettled(pid) }
        var watch = SettleWatch()
        let first = watch.observe(pid: pid, now: 1.0)
        let tooSoon = watch.observe(pid: pid, now: 1.0005)
        let confirmed = watch.observe(pid: pid, now: 1.0011)
        let otherPid = watch.observe(pid: pid + 1_000_000, now: 1.01)
        #expect(!first, "one observation is not enough")
        #expect(!tooSoon, "nor two closer than the interval")
        #expect(confirmed)
        #expect(!otherPid, "another (missing) pid is not settled")
    }

    @Test("a busy process is never settled")
    func busy() throws {
        let pid = try spawn(["/bin/sh", "-c", "while :; do :; done"])
        defer { stop(pid) }
        try waitUntil("sh to run its loop", timeout: 10) { (try? ProcInfo.arguments(pid).first) == "/bin/sh" }
        for _ in 0..<200 {
            #expect(!ProcessSettling.isSettled(pid))
        }
    }

    @Test("a process with a child is not settled (a shell that did not exec; a child may still fail)")
    func withChild() throws {
        let pid = try spawn(["/bin/sh", "-c", "/bin/sleep 1000; :"])
        defer {
            for child in ProcInfo.children(pid) { kill(child, SIGKILL) }
            stop(pid)
        }
        try waitUntil("the shell's child to sleep", timeout: 10) {
            ProcInfo.children(pid).contains { ProcessSettling.isSettled($0) }
        }
        #expect(try ProcInfo.stat(pid).state == "S", "the shell waits for its child")
        #expect(!ProcessSettling.isSettled(pid))
    }

    @Test("no such process, pid 0: not settled")
    func missing() {
        #expect(!ProcessSettling.isSettled(0))
        #expect(!ProcessSettling.isSettled(Int32.max))
    }
}
