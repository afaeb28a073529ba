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

    @Test("a shell that did not exec is judged with its children: settled once they all sleep, not while one is busy")
    func wholeTree() throws {
        let sleeping = try spawn(["/bin/sh", "-c", "/bin/sleep 1000; :"])
        let busy = try spawn(["/bin/sh", "-c", "/bin/sh -c 'while :; do :; done'; :"])
        defer {
            for shell in [sleeping, busy] {
                for child in ProcInfo.children(shell) { kill(child, SIGKILL) }
                stop(shell)
            }
        }
        try waitUntil("the sleeping shell's tree to settle", timeout: 10) { ProcessSettling.isSettled(sleeping) }
        #expect(try ProcInfo.stat(sleeping).state == "S", "the shell waits for its child")
        var watch = SettleWatch()
        _ = watch.observe(pid: sleeping, now: 1.0)
        let confirmed = watch.observe(pid: sleeping, now: 1.002)
        #expect(confirmed, "two looks 2 ms apart, nothing ran in between")
        try waitUntil("the busy shell's child to exist", timeout: 10) { !ProcInfo.children(busy).isEmpty }
        for _ in 0..<200 {
            #expect(!ProcessSettling.isSettled(busy), "its child is running")
        }
    }

    @Test("a thread that ran between two looks is not settled, even if asleep at both")
    func ranInBetween() throws {
        // Wakes up every millisecond: asleep at almost every look, but its switch count moves.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            print("skipped: /usr/bin/python3 is not installed")
            return
        }
        let pid = try spawn(["/usr/bin/python3", "-c", "import time\nwhile True: time.sleep(0.0005)"])
        defer { stop(pid) }
        try waitUntil("python to loop in its sleep", timeout: 10) { ProcessSettling.isSettled(pid) }
        var watch = SettleWatch()
        var settled = 0
        var now = 1.0
        for _ in 0..<100 {
            now += 0.002
            if watch.observe(pid: pid, now: now) { settled += 1 }
            usleep(2_000)
        }
        #expect(settled < 10, "seen settled \(settled) times out of 100")
    }

    @Test("the status fields: state and context switches")
    func threadStatus() {
        let text = Array("Name:\tsleep\nState:\tS (sleeping)\nTgid:\t7\nvoluntary_ctxt_switches:\t12\nnonvoluntary_ctxt_switches:\t3\n".utf8)
        #expect(ThreadStatus.parse(text) == ThreadStatus(state: UInt8(ascii: "S"), switches: 15))
        #expect(ThreadStatus.parse(Array("State:\tR (running)\n".utf8)) == nil, "no switch counts")
        #expect(ThreadStatus.parse([]) == nil)
    }

    @Test("no such process, pid 0: not settled")
    func missing() {
        #expect(!ProcessSettling.isSettled(0))
        #expect(!ProcessSettling.isSettled(Int32.max))
    }
}
