import Foundation
import SuperviseStatus
import Testing
@testable import PgctlCore

/// Issue 16 points 1-2, the pieces: `/proc/<pid>/stat` facts, waiting for a zombie, trusting a
/// recorded pid only while it is the service's, the roots of an escaped tree.
@Suite("Escaped processes: facts, zombies, recorded pids (issue 16)")
struct EscapedProcessTests {
    /// Spawns `/bin/sleep 1000`; the caller kills and reaps it.
    private func spawnSleep() throws -> pid_t {
        var pid: pid_t = 0
        var argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sleep"), strdup("1000"), nil]
        defer { argv.forEach { free($0) } }
        try #require(posix_spawn(&pid, "/bin/sleep", nil, nil, &argv, environ) == 0)
        return pid
    }

    @Test("a stat line is read from the last parenthesis: names with spaces and parentheses")
    func parseStat() throws {
        let line = "4242 (a (b) c) S 17 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 0"
        let facts = try #require(ProcessFacts.parse(Array(line.utf8)))
        #expect(facts == ProcessFacts(state: UInt8(ascii: "S"), parent: 17, startTicks: 987654))
        #expect(!facts.isZombie)
        #expect(ProcessFacts.parse(Array("12 (x) Z 1".utf8)) == nil)
        #expect(try #require(ProcessFacts.read(getpid())).parent == getppid())
    }

    @Test("a killed process counts as present while it is a zombie, gone once reaped")
    func zombieIsNotGone() throws {
        let pid = try spawnSleep()
        var watch = ProcessWatch()
        watch.add([pid])
        kill(pid, SIGKILL)
        let deadline = Date().addingTimeInterval(10)
        while ProcessFacts.read(pid)?.isZombie != true && Date() < deadline { usleep(1000) }
        #expect(ProcessFacts.read(pid)?.isZombie == true)
        #expect(watch.present() == [pid])
        #expect(ProcessWatch.describe(pid).contains("a zombie: its parent, pid \(getpid()), has not reaped it yet"))
        var status: Int32 = 0
        #expect(waitpid(pid, &status, 0) == pid)
        #expect(watch.present().isEmpty)
    }

    @Test("a recorded pid is trusted only if its process started by the time the record says it went up")
    func recordedPidMustNotBeRecycled() throws {
        let pid = try spawnSleep()
        defer { kill(pid, SIGKILL); var status: Int32 = 0; waitpid(pid, &status, 0) }
        let now = WallClockNow.tai()
        let up = StatusRecord(stamp: now, readyStamp: now, pid: UInt64(pid), waitStatus: WaitStatus(rawValue: 0), flags: [.wantUp])
        // Up since now: the sleep started before, it is the recorded process (start time; its
        // environment has no marker for this path).
        #expect(RecordedMainProcess.alive(in: up, servicePath: "/nonexistent/service") == pid)
        #expect(RecordedMainProcess.present(in: up) == pid)
        // Up since an hour ago: a process that started a moment ago has taken the pid since.
        var old = up
        old.stamp = TAI64N(unixSeconds: now.unixSeconds - 3600, nanoseconds: 0)
        #expect(RecordedMainProcess.alive(in: old, servicePath: "/nonexistent/service") == nil)
        #expect(RecordedMainProcess.present(in: old) == nil)
        // A record that says down names nobody.
        var down = up
        down.pid = 0
        #expect(RecordedMainProcess.alive(in: down, servicePath: "/nonexistent/service") == nil)
    }

    @Test("the roots of an escaped tree are those whose parent is not escaped")
    func roots() throws {
        let child = try spawnSleep()
        defer { kill(child, SIGKILL); var status: Int32 = 0; waitpid(child, &status, 0) }
        #expect(EscapedStop.roots(of: [getpid(), child]) == [getpid()])
        #expect(EscapedStop.roots(of: [child]) == [child])
        #expect(EscapedStop.roots(of: []) == [])
    }
}

/// Now as a TAI64N label.
private enum WallClockNow {
    static func tai() -> TAI64N {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return TAI64N(unixSeconds: Int64(now.tv_sec), nanoseconds: UInt32(now.tv_nsec))
    }
}
