import S6Compat
import SuperviseStatus
import TestSupport
import Testing

@Suite struct StatusFormatterTests {
    struct GoldenRow: CustomStringConvertible {
        var status: ServiceStatus
        var human: String
        var humanNumeric: String
        var fields: String
        var description: String { "flags \(status.record.flags.rawValue) pid \(status.record.pid) wstat \(status.record.waitStatus.rawValue) normallyUp \(status.normallyUp)" }
    }

    static let captureSecond = TAI64N(unixSeconds: svstatGoldenCaptureSecond, nanoseconds: 0)

    /// The rows of `SvstatGoldenTable.swift`, decoded.
    static let goldenRows: [GoldenRow] = svstatGoldenRows.split(separator: "\n").map { line in
        let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let numbers = parts[0].split(separator: " ").map { UInt64($0)! }
        let record = StatusRecord(
            stamp: TAI64N(unixSeconds: svstatGoldenCaptureSecond - 100, nanoseconds: 0),
            readyStamp: TAI64N(unixSeconds: svstatGoldenCaptureSecond - 40, nanoseconds: 0),
            pid: numbers[1], waitStatus: WaitStatus(rawValue: UInt16(numbers[2])),
            flags: StatusRecord.Flags(rawValue: UInt8(numbers[0])))
        return GoldenRow(status: ServiceStatus(record: record, normallyUp: numbers[3] == 1),
                         human: parts[1], humanNumeric: parts[2], fields: parts[3])
    }

    /// Somewhere inside the capture second.
    static let readingTime = TAI64N(unixSeconds: svstatGoldenCaptureSecond, nanoseconds: 500_000_000)

    @Test func goldenTableCoversEveryFlagCombination() {
        let flags = Set(Self.goldenRows.map(\.status.record.flags.rawValue))
        #expect(flags == Set(0..<16))
        #expect(Self.goldenRows.count > 250)
    }

    @Test func humanLineMatchesTheRealTool() {
        for row in Self.goldenRows {
            let formatter = StatusFormatter(status: row.status, now: Self.readingTime)
            #expect(formatter.humanLine() == row.human + "\n", "\(row)")
        }
    }

    @Test func numericSignalsMatchTheRealTool() {
        for row in Self.goldenRows {
            let formatter = StatusFormatter(status: row.status, now: Self.readingTime)
            #expect(formatter.humanLine(numericSignals: true) == row.humanNumeric + "\n", "\(row)")
        }
    }

    @Test func everyFieldMatchesTheRealTool() {
        for row in Self.goldenRows {
            let formatter = StatusFormatter(status: row.status, now: Self.readingTime)
            #expect(formatter.fieldLine(StatusField.allCases) == row.fields + "\n", "\(row)")
        }
    }

    /// The files captured from a real s6-supervise, with the real `s6-svstat -o` line read at
    /// the same moment (all fields but the two durations).
    @Test(arguments: ["up", "down-file", "paused", "up-ready", "finishing", "down-sigterm", "finish-125",
                      "down-sigpoll-want-down"])
    func capturedStatusFiles(name: String) throws {
        let record = try StatusRecord(decoding: FixtureFiles.bytes(FixtureFiles.s6Capture(name + ".status")))
        let expected = try FixtureFiles.text(FixtureFiles.s6Capture(name + ".svstat"))
        let normallyUp = expected.split(separator: " ")[2] == "true"
        let formatter = StatusFormatter(status: ServiceStatus(record: record, normallyUp: normallyUp),
                                        now: TAI64N(unixSeconds: record.stamp.unixSeconds + 5, nanoseconds: 0))
        let fields: [StatusField] = [.up, .wantedup, .normallyup, .ready, .paused, .pid, .exitcode, .signal, .signum,
                                     .updownsince, .readysince]
        #expect(formatter.fieldLine(fields) == expected + "\n")
    }

    func status(stamp: TAI64N, readyStamp: TAI64N, pid: UInt64 = 0, flags: UInt8 = 0x08) -> ServiceStatus {
        ServiceStatus(record: StatusRecord(stamp: stamp, readyStamp: readyStamp, pid: pid,
                                           waitStatus: WaitStatus(rawValue: 0), flags: StatusRecord.Flags(rawValue: flags)),
                      normallyUp: true)
    }

    @Test func stampInTheFutureIsClampedToNow() {
        let now = TAI64N(unixSeconds: 1_800_000_000, nanoseconds: 123)
        let future = TAI64N(unixSeconds: 1_800_000_100, nanoseconds: 0)
        let formatter = StatusFormatter(status: status(stamp: future, readyStamp: now), now: now)
        #expect(formatter.upDownSince == now)
        #expect(formatter.value(of: .updownfor) == "0")
        #expect(formatter.value(of: .updownsince) == now.label)
        #expect(formatter.humanLine() == "down (exitcode 0) 0 seconds, normally up, ready 0 seconds\n")
    }

    /// Observed on the real tool: a ready stamp 100 s in the future prints
    /// `ready 18446744073709551516 seconds` (skalibs subtracts modulo 2^64).
    @Test func readyStampInTheFutureWrapsAround() {
        let now = TAI64N(unixSeconds: 1_800_000_000, nanoseconds: 500)
        let formatter = StatusFormatter(status: status(stamp: now, readyStamp: TAI64N(unixSeconds: 1_800_000_100, nanoseconds: 0)), now: now)
        #expect(formatter.value(of: .readyfor) == "18446744073709551516")
    }

    @Test func secondsAreTruncatedUsingNanoseconds() {
        let start = TAI64N(unixSeconds: 1_800_000_000, nanoseconds: 900_000_000)
        #expect(StatusClock.wholeSeconds(from: start, to: TAI64N(unixSeconds: 1_800_000_002, nanoseconds: 899_999_999)) == 1)
        #expect(StatusClock.wholeSeconds(from: start, to: TAI64N(unixSeconds: 1_800_000_002, nanoseconds: 900_000_000)) == 2)
        #expect(StatusClock.wholeSeconds(from: start, to: start) == 0)
    }

    /// Observed: an all-zero status prints the TAI64 seconds of now (2^62 + Unix + 37), and an
    /// all-0xff status (stamp in the future, nanoseconds out of range) prints 0 and now too.
    @Test func degenerateStamps() {
        let now = TAI64N(unixSeconds: 1_795_929_029, nanoseconds: 400_000_000)
        let zero = TAI64N(seconds: 0, nanoseconds: 0)
        let formatter = StatusFormatter(status: status(stamp: zero, readyStamp: zero), now: now)
        #expect(formatter.value(of: .updownfor) == String(now.seconds))
        let ones = TAI64N(seconds: .max, nanoseconds: .max)
        let saturated = StatusFormatter(status: status(stamp: ones, readyStamp: ones), now: now)
        #expect(saturated.value(of: .updownfor) == "0")
        #expect(saturated.value(of: .readyfor) == String(now.seconds))
        #expect(saturated.value(of: .readysince) == "@ffffffffffffffffffffffff")
    }

    @Test func pidIsReadAsASigned32BitNumber() {
        let now = TAI64N(unixSeconds: 1_800_000_000, nanoseconds: 0)
        func line(_ pid: UInt64) -> String {
            StatusFormatter(status: status(stamp: now, readyStamp: now, pid: pid, flags: 0x04), now: now).fieldLine([.up, .pid])
        }
        #expect(line(4242) == "true 4242\n")
        #expect(line(1 << 31) == "true -2147483648\n")
        #expect(line((1 << 32) + 5) == "true 5\n")
        #expect(line(1 << 63) == "false -1\n")
        #expect(line(UInt64.max) == "true -1\n")
    }

    @Test func noFieldsGivesAnEmptyLine() {
        let now = TAI64N(unixSeconds: 1_800_000_000, nanoseconds: 0)
        #expect(StatusFormatter(status: status(stamp: now, readyStamp: now), now: now).fieldLine([]) == "\n")
    }
}
