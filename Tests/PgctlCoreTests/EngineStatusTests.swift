import Foundation
import SuperviseStatus
import Testing
@testable import PgctlCore

/// Status rendering (spec §9.34, §2.5), humanised seconds and the §1.8 interpretation of
/// status records.
@Suite("Engine: status rendering")
struct EngineStatusTests {
    @Test("§9.34 text blocks")
    func formatting() {
        let statuses: [(name: String, status: ServiceReport)] = [
            ("derp", ServiceReport(state: .down, pid: 5678, exitcode: 1, seconds: 23, process: "starting")),
            ("herp", ServiceReport(state: .up, pid: 1234, seconds: 23)),
        ]
        #expect(StatusPrinter.text(statuses, colors: false) == """
             ● derp: down
               └─ pid: 5678, exitcode: 1, 23 seconds, starting
             ● herp: up
               └─ pid: 1234, 23 seconds

            """)
    }

    @Test("§9.35 colours on a terminal")
    func colors() {
        let text = StatusPrinter.text([("ohhi", ServiceReport.unsupervised)], colors: true)
        #expect(text == " \u{1B}[91m●\u{1B}[0m \u{1B}[1mohhi\u{1B}[0m: \u{1B}[1m\u{1B}[91mdown\u{1B}[0m\n")
        let ready = StatusPrinter.text([("a", ServiceReport(state: .ready, pid: 1, seconds: 2))], colors: true)
        #expect(ready.hasPrefix(" \u{1B}[92m●"))
        let up = StatusPrinter.text([("a", ServiceReport(state: .up, pid: 1, seconds: 2))], colors: true)
        #expect(up.contains("\u{1B}[1m\u{1B}[93mup\u{1B}[0m"))
    }

    @Test("§2.5 humanised seconds", arguments: [
        (0, "0 seconds"), (59, "59 seconds"), (60, "1.0 minutes"), (7000, "1.9 hours"),
        (3599, "60.0 minutes"), (86400, "1.0 days"), (200000, "2.3 days"),
    ])
    func humanize(seconds: Int, text: String) {
        #expect(StatusPrinter.humanize(seconds: seconds) == text)
    }

    @Test("§2.5 one decimal exactly as printf's %.1f of the Double quotient, decimal ties included")
    func oneDecimalMatchesPrintf() {
        var mismatches: [String] = []
        for divisor in [60, 3600, 86400] {
            for seconds in stride(from: divisor, to: divisor * 1000, by: max(1, divisor / 60)) {
                let expected = String(format: "%.1f", Double(seconds) / Double(divisor))
                let got = StatusPrinter.oneDecimal(seconds, per: divisor)
                if got != expected { mismatches.append("\(seconds)/\(divisor): \(got) ≠ \(expected)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        #expect(StatusPrinter.oneDecimal(63, per: 60) == String(format: "%.1f", 63.0 / 60))
    }

    @Test("§9.29 JSON, keys sorted, four-space indent")
    func json() {
        let text = StatusPrinter.json([
            ("sleep", .unsupervised),
            ("a", ServiceReport(state: .ready, pid: 12, seconds: 3)),
        ])
        #expect(text == """
            {
                "a": {
                    "exitcode": null,
                    "pid": 12,
                    "process": null,
                    "seconds": 3,
                    "state": "ready"
                },
                "sleep": {
                    "exitcode": null,
                    "pid": null,
                    "process": null,
                    "seconds": null,
                    "state": "down"
                }
            }

            """)
        #expect(StatusPrinter.json([]) == "{}\n")
    }

    @Test("§2.8 status summaries in errors")
    func summary() {
        #expect(ServiceReport(state: .up, pid: 4711, seconds: 1).summary == "up (pid 4711) 1 seconds")
        #expect(ServiceReport(state: .down, exitcode: 0, seconds: 0, process: "starting").summary == "down (exitcode 0) 0 seconds, starting")
    }

    static let base = TAI64N(unixSeconds: 1_800_000_000, nanoseconds: 0)
    static func record(pid: UInt64, flags: StatusRecord.Flags, wait: WaitStatus = .exited(0), readyAfter: UInt64 = 0) -> StatusRecord {
        StatusRecord(stamp: base, readyStamp: TAI64N(seconds: base.seconds + readyAfter, nanoseconds: 0), pid: pid, waitStatus: wait, flags: flags)
    }
    static let later = TAI64N(seconds: base.seconds + 23, nanoseconds: 500)

    @Test("§1.8 up without notification-fd counts as ready; with it, only once notified")
    func upStates() {
        let up = Self.record(pid: 1234, flags: [.wantUp])
        #expect(ServiceReport(record: up, now: Self.later, hasNotificationFD: false) == ServiceReport(state: .ready, pid: 1234, seconds: 23))
        #expect(ServiceReport(record: up, now: Self.later, hasNotificationFD: true) == ServiceReport(state: .up, pid: 1234, seconds: 23))
        let ready = Self.record(pid: 1234, flags: [.wantUp, .ready], readyAfter: 20)
        #expect(ServiceReport(record: ready, now: Self.later, hasNotificationFD: true) == ServiceReport(state: .ready, pid: 1234, seconds: 3))
        let stopping = Self.record(pid: 1234, flags: [])
        #expect(ServiceReport(record: stopping, now: Self.later, hasNotificationFD: true).process == "stopping")
    }

    @Test("§1.8 down states: exit code, signals, starting, exit-0 flapping")
    func downStates() {
        let crashed = Self.record(pid: 0, flags: [.wantUp, .ready], wait: .exited(1))
        #expect(ServiceReport(record: crashed, now: Self.later, hasNotificationFD: false)
            == ServiceReport(state: .down, exitcode: 1, seconds: 23, process: "starting"))
        let killed = Self.record(pid: 0, flags: [.ready], wait: .signaled(15))
        #expect(ServiceReport(record: killed, now: Self.later, hasNotificationFD: false) == ServiceReport(state: .down, seconds: 23))
        let flapping = Self.record(pid: 0, flags: [.wantUp, .ready])
        #expect(ServiceReport(record: flapping, now: Self.base, hasNotificationFD: false).state == .ready)
        #expect(ServiceReport(record: flapping, now: Self.base, hasNotificationFD: true).state == .down)
        let finishing = Self.record(pid: 99, flags: [.wantUp, .finishing], wait: .exited(2))
        #expect(ServiceReport(record: finishing, now: Self.later, hasNotificationFD: false)
            == ServiceReport(state: .down, exitcode: 2, seconds: 23, process: "starting"))
    }
}
