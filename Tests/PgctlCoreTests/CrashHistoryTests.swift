import SuperviseStatus
import Testing
@testable import PgctlCore

/// Crash forensics (issue 14): the history read from death tally records, its JSON keys and
/// the words `status` appends.
@Suite("Engine: crash history")
struct CrashHistoryTests {
    let now = TAI64N(unixSeconds: 1_000_000, nanoseconds: 500)

    func record(secondsAgo: Int64, exitCode: UInt8 = 0, signal: UInt8 = 0) -> DeathRecord {
        DeathRecord(stamp: TAI64N(unixSeconds: 1_000_000 - secondsAgo, nanoseconds: 0), exitCode: exitCode, signal: signal)
    }

    @Test("no deaths: zero, two nulls, and no text")
    func none() {
        let history = CrashHistory(records: [], now: now)
        #expect(history.json == ["deaths": .int(0), "last_exit": .null, "last_death": .null])
        #expect(CrashHistoryText.summary(history, status: ServiceReport(state: .ready, pid: 4, seconds: 3)) == nil)
    }

    @Test("the last death names its signal or exit code; up services get the 'ago' form")
    func lastDeath() {
        let killed = CrashHistory(records: [record(secondsAgo: 90, exitCode: 3), record(secondsAgo: 4, exitCode: 137, signal: 9)], now: now)
        #expect(killed.json == ["deaths": .int(2), "last_exit": .mapping(["signal": .string("SIGKILL")]), "last_death": .int(4)])
        let ready = ServiceReport(state: .ready, pid: 4211, seconds: 3)
        #expect(CrashHistoryText.summary(killed, status: ready) == "died 2 times, last killed by SIGKILL 4 seconds ago")
        let exited = CrashHistory(records: [record(secondsAgo: 95, exitCode: 3)], now: now)
        #expect(exited.json["last_exit"] == .mapping(["code": .int(3)]))
        #expect(CrashHistoryText.summary(exited, status: ready) == "died 1 time, last exited with code 3, 1.6 minutes ago")
        // Down on request (not restarting): the same form.
        #expect(CrashHistoryText.summary(exited, status: ServiceReport(state: .down, exitcode: 3, seconds: 95))
            == "died 1 time, last exited with code 3, 1.6 minutes ago")
    }

    @Test("down and restarting: died N times in S seconds, from the first recorded death")
    func crashLoop() {
        let loop = CrashHistory(records: (0..<14).map { record(secondsAgo: Int64(15 - $0), exitCode: 3) }, now: now)
        let restarting = ServiceReport(state: .down, exitcode: 3, seconds: 0, process: "starting")
        #expect(CrashHistoryText.summary(loop, status: restarting) == "died 14 times in 15 seconds")
        let segfaults = CrashHistory(records: [record(secondsAgo: 2, exitCode: 139, signal: 11), record(secondsAgo: 1, exitCode: 139, signal: 11)], now: now)
        #expect(CrashHistoryText.summary(segfaults, status: ServiceReport(state: .down, seconds: 0, process: "starting"))
            == "died 2 times in 2 seconds, last killed by SIGSEGV")
    }

    @Test("status text: the history follows the └─ line's fields")
    func statusText() {
        var status = ServiceReport(state: .ready, pid: 4211, seconds: 3)
        status.crashes = CrashHistory(records: [record(secondsAgo: 9, exitCode: 137, signal: 9), record(secondsAgo: 4, exitCode: 137, signal: 9)], now: now)
        #expect(StatusPrinter.text([("web", status)], colors: false)
            == " ● web: ready\n   └─ pid: 4211, 3 seconds — died 2 times, last killed by SIGKILL 4 seconds ago\n")
        status.crashes = CrashHistory(records: [], now: now)
        #expect(StatusPrinter.text([("web", status)], colors: false) == " ● web: ready\n   └─ pid: 4211, 3 seconds\n")
    }

    @Test("the --json change report: sorted keys, escaping through the one encoder")
    func changeReport() {
        let report = ChangeReport(doneKey: "stopped")
        report.recordDone(Service(path: "/p/db"))
        report.recordFailure(.init(service: "bad", reason: "r", exitCode: nil, signal: "SIGKILL", status: "up",
                                   log: ["a\u{1}b\u{FFFD}"]))
        report.recordNotStarted(Service(path: "/p/web"), reason: "its dependency 'bad' failed to start")
        report.recordDone(Service(path: "/p/bad"))  // already reported: ignored
        #expect(report.hasFailures)
        // A restart whose stop failed: the stop's failures, the others not started.
        let restart = ChangeReport(doneKey: "started")
        restart.recordFailedStop(report, of: [Service(path: "/p/bad"), Service(path: "/p/db")], error: PgctlError("x"))
        #expect(restart.failed.map(\.service) == ["bad"])
        #expect(restart.notStarted.map(\.reason) == ["the restart stopped because bad failed to stop"])
        #expect(report.json == """
            {
                "failed": [
                    {
                        "exit_code": null,
                        "log": [
                            "a\\u0001b\\ufffd"
                        ],
                        "reason": "r",
                        "service": "bad",
                        "signal": "SIGKILL",
                        "status": "up"
                    }
                ],
                "not_started": [
                    {
                        "reason": "its dependency 'bad' failed to start",
                        "service": "web"
                    }
                ],
                "stopped": [
                    "db"
                ]
            }

            """)
    }
}
