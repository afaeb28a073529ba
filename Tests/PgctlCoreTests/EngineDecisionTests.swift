import Foundation
import SuperviseStatus
import Testing
@testable import PgctlCore

/// The start verdict (§10.1.5 fixed), the timeout decision (§2.8), environment tracing
/// (§9.65), runaway texts (§9.68) and tail formatting (§2.6).
@Suite("Engine: decisions and texts")
struct EngineDecisionTests {
    static let t0 = TAI64N(unixSeconds: 1_800_000_000, nanoseconds: 0)
    static func at(_ seconds: Double) -> TAI64N {
        TAI64N(seconds: t0.seconds + UInt64(seconds), nanoseconds: UInt32((seconds - seconds.rounded(.down)) * 1e9))
    }
    static func up(since: Double, ready: Bool = false) -> StatusRecord {
        StatusRecord(stamp: at(since), readyStamp: at(since), pid: 42, waitStatus: .exited(0), flags: ready ? [.wantUp, .ready] : [.wantUp])
    }
    static let down = StatusRecord(stamp: at(0), readyStamp: at(0), pid: 0, waitStatus: .exited(3), flags: [.wantUp, .ready])
    static func death(_ at: Double, code: UInt8 = 3, signal: UInt8 = 0) -> DeathRecord {
        DeathRecord(stamp: Self.at(at), exitCode: code, signal: signal)
    }

    @Test("no supervisor yet: wait")
    func noSupervisor() {
        #expect(StartVerdict.evaluate(record: nil, now: Self.at(1), hasNotificationFD: false, deaths: []) == .waiting(recheckAfter: nil))
    }

    @Test("without a ready check: a service that never settles is started after the busy grace period, re-checked less often after 50 ms")
    func grace() {
        let fresh = StartVerdict.evaluate(record: Self.up(since: 1), now: Self.at(1.01), hasNotificationFD: false, deaths: [])
        #expect(fresh == .waiting(recheckAfter: StartVerdict.settleCheckInterval))
        let later = StartVerdict.evaluate(record: Self.up(since: 1), now: Self.at(1.5), hasNotificationFD: false, deaths: [])
        #expect(later == .waiting(recheckAfter: StartVerdict.slowCheckInterval))
        let late = StartVerdict.evaluate(record: Self.up(since: 1), now: Self.at(1.998), hasNotificationFD: false, deaths: [])
        guard case .waiting(let last?) = late else { Issue.record("expected waiting, got \(late)"); return }
        #expect(abs(last - 0.002) < 0.0005, "never re-checked later than the grace period's end")
        #expect(StartVerdict.evaluate(record: Self.up(since: 1), now: Self.at(1.2), hasNotificationFD: false, deaths: []) != .ready,
                "50 ms up no longer counts as started (issue #10, defect 4)")
        #expect(StartVerdict.evaluate(record: Self.up(since: 1), now: Self.at(2), hasNotificationFD: false, deaths: []) == .ready)
    }

    @Test("without a ready check: started at once when run's process has settled, else re-checked soon")
    func settled() {
        let early = Self.at(1.004)
        #expect(StartVerdict.evaluate(record: Self.up(since: 1), now: early, hasNotificationFD: false, deaths: [], settled: { $0 == 42 }) == .ready)
        #expect(StartVerdict.evaluate(record: Self.up(since: 1), now: early, hasNotificationFD: false, deaths: [], settled: { _ in false })
            == .waiting(recheckAfter: StartVerdict.settleCheckInterval))
        var asked = false
        let withReadyCheck = StartVerdict.evaluate(record: Self.up(since: 1), now: early, hasNotificationFD: true, deaths: [],
                                                   settled: { _ in asked = true; return true })
        #expect(withReadyCheck == .waiting(recheckAfter: nil), "a ready check is the only way to start then")
        #expect(!asked)
        #expect(StartVerdict.evaluate(record: Self.down, now: early, hasNotificationFD: false, deaths: [Self.death(1), Self.death(1.001)],
                                      settled: { _ in true }) == .failed("it keeps exiting (exit code 3)"))
    }

    @Test("with a ready check: started only once the supervisor recorded readiness")
    func readiness() {
        #expect(StartVerdict.evaluate(record: Self.up(since: 0), now: Self.at(5), hasNotificationFD: true, deaths: []) == .waiting(recheckAfter: nil))
        #expect(StartVerdict.evaluate(record: Self.up(since: 0, ready: true), now: Self.at(5), hasNotificationFD: true, deaths: []) == .ready)
    }

    @Test("a second death since the request is a crash loop; a first one is tolerated")
    func crashLoop() {
        #expect(StartVerdict.evaluate(record: Self.down, now: Self.at(1), hasNotificationFD: false, deaths: [Self.death(0.1)]) == .waiting(recheckAfter: nil))
        #expect(StartVerdict.evaluate(record: Self.down, now: Self.at(2), hasNotificationFD: false, deaths: [Self.death(0.1), Self.death(1.1)])
            == .failed("it keeps exiting (exit code 3)"))
        #expect(StartVerdict.evaluate(record: Self.down, now: Self.at(2), hasNotificationFD: true, deaths: [Self.death(0.1), Self.death(1.1, code: 137, signal: 9)])
            == .failed("it keeps exiting (killed by signal SIGKILL)"))
        // Up again after one death: the grace period decides.
        #expect(StartVerdict.evaluate(record: Self.up(since: 1), now: Self.at(3), hasNotificationFD: false, deaths: [Self.death(0.1)]) == .ready)
    }

    @Test("exiting 0 counts as started without a ready check (exec date > file), never with one")
    func exitZero() {
        let finished = StatusRecord(stamp: Self.at(0), readyStamp: Self.at(0), pid: 0, waitStatus: .exited(0), flags: [.wantUp, .ready])
        #expect(StartVerdict.evaluate(record: finished, now: Self.at(0.5), hasNotificationFD: false, deaths: [Self.death(0.01, code: 0)]) == .ready)
        #expect(StartVerdict.evaluate(record: finished, now: Self.at(0.5), hasNotificationFD: true, deaths: [Self.death(0.01, code: 0)]) == .waiting(recheckAfter: nil))
        // A fresh supervisor's record looks like "exited 0" but nothing ran yet.
        #expect(StartVerdict.evaluate(record: finished, now: Self.at(0.5), hasNotificationFD: false, deaths: []) == .waiting(recheckAfter: nil))
    }

    @Test("timeout reasons")
    func timeoutReasons() {
        #expect(StartVerdict.timeoutReason(record: nil, status: .unsupervised, deaths: []) == "its status is could not get status, supervisor is down")
        let status = ServiceReport(state: .up, pid: 42, seconds: 2)
        #expect(StartVerdict.timeoutReason(record: Self.up(since: 0), status: status, deaths: []) == "its status is up (pid 42) 2 seconds")
        #expect(StartVerdict.timeoutReason(record: Self.down, status: status, deaths: [Self.death(0.5)]) == "it keeps exiting (exit code 3)")
    }

    @Test("§2.8 timeout decision: fire when the next check would overshoot")
    func deadline() {
        let deadline = ChangeDeadline(start: 100, timeout: 2)
        #expect(!deadline.hasExpired(now: 101, checkDuration: 0.01))
        #expect(deadline.hasExpired(now: 101.995, checkDuration: 0.01))
        #expect(deadline.hasExpired(now: 102.5, checkDuration: 0))
        #expect(deadline.failureTime(now: 102.05) == "2.00")
        #expect(deadline.failureTime(now: 102.5) == "2.00 (it took 2.5s to poll)")
        #expect(deadline.earlyFailureTime(now: 101.234) == "1.23")
        #expect(deadline.remaining(now: 103) == 0)
    }

    @Test("§9.65 environment tracing matches exactly the given pairs; garbage is ignored")
    func environmentTracing() {
        let environ = Array("A=1\0B=two\0junk\0=nokey\0PGCTL_SERVICE=/p/svc\0PGCTL_SERVICE_PROCESS=true\0".utf8) + [0xff, 0xfe, 0]
        #expect(EnvironmentTracing.matches(environ, ["A": "1", "B": "two"]))
        #expect(!EnvironmentTracing.matches(environ, ["A": "1", "B": "2"]))
        #expect(!EnvironmentTracing.matches(environ, ["junk": ""]))
        #expect(EnvironmentTracing.value(of: "PGCTL_SERVICE", in: environ).map { Array($0) } == Array("/p/svc".utf8))
        #expect(EnvironmentTracing.value(of: "junk", in: environ) == nil, "an entry without = has no value")
        #expect(EnvironmentTracing.tracedService(environ) == "/p/svc")
        #expect(EnvironmentTracing.tracedService(Array("PGCTL_SERVICE=/p/svc\0".utf8)) == nil)
        #expect(EnvironmentTracing.tracedService([]) == nil)
        let repeated = Array("A=1\0A=2\0AB=3\0PGCTL_SERVICE_PROCESS=truex\0PGCTL_SERVICE=/q\0".utf8)
        #expect(EnvironmentTracing.matches(repeated, ["A": "1", "AB": "3"]), "the first entry of a key wins")
        #expect(!EnvironmentTracing.matches(repeated, ["A": "2"]))
        #expect(EnvironmentTracing.tracedService(repeated) == nil, "the marker must be exactly true")
        let invalidFirst = [UInt8]("K=".utf8) + [0xff, 0] + Array("K=ok\0".utf8)
        #expect(EnvironmentTracing.matches(invalidFirst, ["K": "ok"]), "non-UTF-8 entries are skipped, as parse does")
    }

    @Test("issue 16: the force-kill warning names the signal sent, the time given and the files that change them")
    func runawayKillWarning() {
        let listing = ProcessListing(text: "UID PID\nroot 1 sleep\n")
        let advice = StopAdvice(signal: StopSignal(number: SIGTERM), timeout: 2, directory: "playground/db")
        #expect(RunawayText.killingRunaways(listing, advice: advice) == """
            [pgctl] WARNING: Killing these runaway processes which did not stop:
            UID PID
            root 1 sleep

            They were still running 2.00 seconds after the service was sent SIGTERM (its stop signal), so pgctl sent them SIGKILL.
            A server that stops on another signal needs it in playground/db/down-signal (postgres: SIGINT, nginx: SIGQUIT);
            one that needs more time needs the seconds in playground/db/timeout-stop.
            Learn more: https://pgctl.readthedocs.org/en/latest/user/quickstart.html#writing-playground-services


            """)
        #expect(!RunawayText.killingRunaways(listing, advice: advice).contains("buggy"))
        #expect(StopSignal(number: 2).name == "SIGINT")
        #expect(StopSignal(number: 3).name == "SIGQUIT")
        #expect(StopSignal(number: 64).name == "signal 64")
        #expect(StopAdvice.seconds(0.5) == "0.50" && StopAdvice.seconds(12.345) == "12.35" && StopAdvice.seconds(2) == "2.00")
    }

    @Test("runaway reason text, with and without the --no-force line")
    func runawayReason() {
        let listing = ProcessListing(text: "UID PID\nroot 1 sleep\n")
        let advice = StopAdvice(signal: StopSignal(number: SIGINT), timeout: 1.5, directory: "playground/db")
        #expect(RunawayText.runawaysDidNotStop(listing, cause: .signalled(advice), lockHeld: false) == """
            these runaway processes did not stop:
            UID PID
            root 1 sleep

            They were still running 1.50 seconds after the service was sent SIGINT (its stop signal).
            A server that stops on another signal needs it in playground/db/down-signal (postgres: SIGINT, nginx: SIGQUIT);
            one that needs more time needs the seconds in playground/db/timeout-stop.
            Learn more: https://pgctl.readthedocs.org/en/latest/user/quickstart.html#writing-playground-services

            """)
        #expect(RunawayText.runawaysDidNotStop(listing, cause: .signalled(advice), lockHeld: true).contains(
            "timeout-stop.\nNormally pgctl would kill these automatically for you, but you specified the --no-force option.\nLearn more"))
        #expect(RunawayText.runawaysDidNotStop(listing, cause: .survivedKill, lockHeld: false).contains("They survived SIGKILL"))
        #expect(ProcessListing(text: "UID PID\n").isEmpty)
    }

    @Test("§2.6 tail -n 30 --verbose formatting")
    func tail() throws {
        let lines = (1...40).map { "l\($0)\n" }.joined()
        #expect(LogTail.lastLines(of: Array(lines.utf8), count: 30) == Array((11...40).map { "l\($0)\n" }.joined().utf8))
        #expect(LogTail.lastLines(of: Array("a\nb\nc".utf8), count: 2) == Array("b\nc".utf8))
        #expect(LogTail.lastLines(of: Array("a\nb\n".utf8), count: 30) == Array("a\nb\n".utf8))
        #expect(LogTail.lastLines(of: Array("\n\n\n".utf8), count: 2) == Array("\n\n".utf8))
        #expect(LogTail.lastLines(of: [], count: 30) == [])
        let dir = NSTemporaryDirectory() + "engine-tail-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "x\ny".write(toFile: dir + "/a", atomically: true, encoding: .utf8)
        try "".write(toFile: dir + "/b", atomically: true, encoding: .utf8)
        let big = (1...100_000).map { "line number \($0)\n" }.joined()
        try big.write(toFile: dir + "/c", atomically: true, encoding: .utf8)
        let output = String(decoding: LogTail.render([("a", dir + "/a"), ("b", dir + "/b"), ("c", dir + "/c"), ("missing", dir + "/none")]), as: UTF8.self)
        #expect(output == "==> a <==\nx\ny\n==> b <==\n\n==> c <==\n" + (99_971...100_000).map { "line number \($0)\n" }.joined() + "\n==> missing <==\n")
    }
}
