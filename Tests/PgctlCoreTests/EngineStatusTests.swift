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
        let statuses: [(name: String, status: ServiceStatus)] = [
            ("derp", ServiceStatus(state: .down, pid: 5678, exitcode: 1, seconds: 23, process: "starting")),
            ("herp", ServiceStatus(state: .up, pid: 1234, seconds: 23)),
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
        let text = StatusPrinter.text([("ohhi", ServiceStatus.unsupervised)], colors: true)
        #expect(text == " \u{1B}[91m●\u{1B}[0m \u{1B}[1mohhi\u{1B}[0m: \u{1B}[1m\u{1B}[91mdown\u{1B}[0m\n")
        let ready = StatusPrinter.text([("a", ServiceStatus(state: .ready, pid: 1, seconds: 2))], colors: true)
        #expect(ready.hasPrefix(" \u{1B}[92m●"))
        let up = StatusPrinter.text([("a", ServiceStatus(state: .up, pid: 1, seconds: 2))], colors: true)
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
            ("a", ServiceStatus(state: .ready, pid: 12, seconds: 3)),
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
        #expect(ServiceStatus(state: .up, pid: 4711, seconds: 1).summary == "up (pid 4711) 1 seconds")
        #expect(ServiceStatus(state: .down, exitcode: 0, seconds: 0, process: "starting").summary == "down (exitcode 0) 0 seconds, starting")
    }

    static let base = TAI64N(unixSeconds: 1_800_000_000, nanoseconds: 0)
    static func record(pid: UInt64, flags: StatusRecord.Flags, wait: WaitStatus = .exited(0), readyAfter: UInt64 = 0) -> StatusRecord {
        StatusRecord(stamp: base, readyStamp: TAI64N(seconds: base.seconds + readyAfter, nanoseconds: 0), pid: pid, waitStatus: wait, flags: flags)
    }
    static let later = TAI64N(seconds: base.seconds + 23, nanoseconds: 500)

    @Test("§1.8 up without notification-fd counts as ready; with it, only once notified")
    func upStates() {
        let up = Self.record(pid: 1234, flags: [.wantUp])
        #expect(ServiceStatus(record: up, now: Self.later, hasNotificationFD: false) == ServiceStatus(state: .ready, pid: 1234, seconds: 23))
        #expect(ServiceStatus(record: up, now: Self.later, hasNotificationFD: true) == ServiceStatus(state: .up, pid: 1234, seconds: 23))
        let ready = Self.record(pid: 1234, flags: [.wantUp, .ready], readyAfter: 20)
        #expect(ServiceStatus(record: ready, now: Self.later, hasNotificationFD: true) == ServiceStatus(state: .ready, pid: 1234, seconds: 3))
        let stopping = Self.record(pid: 1234, flags: [])
        #expect(ServiceStatus(record: stopping, now: Self.later, hasNotificationFD: true).process == "stopping")
    }

    @Test("§1.8 down states: exit code, signals, starting, exit-0 flapping")
    func downStates() {
        let crashed = Self.record(pid: 0, flags: [.wantUp, .ready], wait: .exited(1))
        #expect(ServiceStatus(record: crashed, now: Self.later, hasNotificationFD: false)
            == ServiceStatus(state: .down, exitcode: 1, seconds: 23, process: "starting"))
        let killed = Self.record(pid: 0, flags: [.ready], wait: .signaled(15))
        #expect(ServiceStatus(record: killed, now: Self.later, hasNotificationFD: false) == ServiceStatus(state: .down, seconds: 23))
        let flapping = Self.record(pid: 0, flags: [.wantUp, .ready])
        #expect(ServiceStatus(record: flapping, now: Self.base, hasNotificationFD: false).state == .ready)
        #expect(ServiceStatus(record: flapping, now: Self.base, hasNotificationFD: true).state == .down)
        let finishing = Self.record(pid: 99, flags: [.wantUp, .finishing], wait: .exited(2))
        #expect(ServiceStatus(record: finishing, now: Self.later, hasNotificationFD: false)
            == ServiceStatus(state: .down, exitcode: 2, seconds: 23, process: "starting"))
    }
}
