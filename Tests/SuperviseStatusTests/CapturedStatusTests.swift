import SuperviseStatus
import TestSupport
import Testing

/// What the real `s6-svstat -o up,wantedup,normallyup,ready,paused,pid,exitcode,signal,signum,updownsince,readysince`
/// printed for a captured status file.
struct SvstatReading {
    var up: Bool, wantedUp: Bool, ready: Bool, paused: Bool
    var pid: Int64, exitCode: Int, signal: String, signalNumber: Int
    var upDownSince: String, readySince: String

    init(_ line: String) throws {
        let f = line.split(separator: " ").map(String.init)
        guard f.count == 11 else { throw TestFailure("unexpected svstat line \(line)") }
        up = f[0] == "true"
        wantedUp = f[1] == "true"
        ready = f[3] == "true"
        paused = f[4] == "true"
        pid = Int64(f[5])!
        exitCode = Int(f[6])!
        signal = f[7]
        signalNumber = Int(f[8])!
        upDownSince = f[9]
        readySince = f[10]
    }
}

/// Decodes the status files a real s6-supervise 2.11.3.2 wrote (Fixtures/s6-captures) and checks
/// every field against the real s6-svstat's reading of the same file.
@Suite("Status files captured from the real s6-supervise")
struct CapturedStatusTests {
    /// Fixture name → the flag byte and wait status it must hold.
    static let cases: [(name: String, flags: UInt8, waitStatus: UInt16)] = [
        ("up", 0x04, 0x0000),
        ("down-file", 0x08, 0x0000),
        ("paused", 0x05, 0x0000),
        ("up-ready", 0x0c, 0x0000),
        ("finishing", 0x02, 0x000f),
        ("down-sigterm", 0x08, 0x000f),
        ("finish-125", 0x08, 0x0700),
        ("down-sigpoll-want-down", 0x08, 0x001d),
    ]

    @Test("decodes every field as the real s6-svstat reads it", arguments: cases)
    func decodesLikeRealSvstat(_ fixture: (name: String, flags: UInt8, waitStatus: UInt16)) throws {
        let bytes = try FixtureFiles.bytes(FixtureFiles.s6Capture(fixture.name + ".status"))
        let truth = try SvstatReading(FixtureFiles.text(FixtureFiles.s6Capture(fixture.name + ".svstat")))
        #expect(bytes.count == StatusRecord.size)
        let record = try StatusRecord(decoding: bytes)

        #expect(record.flags.rawValue == fixture.flags)
        #expect(record.waitStatus.rawValue == fixture.waitStatus)
        #expect(record.stamp.label == truth.upDownSince)
        #expect(record.readyStamp.label == truth.readySince)
        #expect(record.isUp == truth.up)
        #expect(record.flags.contains(.wantUp) == truth.wantedUp)
        #expect(record.flags.contains(.paused) == truth.paused)
        // s6-svstat's `ready` is "pid != 0 and ready flag".
        #expect((record.pid != 0 && record.flags.contains(.ready)) == truth.ready)
        if truth.up {
            #expect(Int64(record.pid) == truth.pid)
        } else if record.flags.contains(.finishing) {
            let finishPID = try FixtureFiles.text(FixtureFiles.s6Capture(fixture.name + ".pid"))
            #expect(String(record.pid) == finishPID)
        } else {
            #expect(record.pid == 0)
        }
        if !truth.up {
            if truth.signalNumber >= 0 {
                #expect(record.waitStatus.signaled)
                #expect(Int(record.waitStatus.signal) == truth.signalNumber)
                #expect("SIG" + SignalNames.name(of: record.waitStatus.signal) == truth.signal)
            } else {
                #expect(record.waitStatus.exited)
                #expect(record.waitStatus.exitCode == truth.exitCode)
            }
        }
        // Both stamps carry the skalibs offset: 2^62 + unix + 37 for a date after 2017.
        #expect(record.stamp.seconds >> 62 == 1)
        #expect(record.stamp.unixSeconds > 1_483_228_800)
        #expect(record.stamp.nanoseconds < 1_000_000_000)
        #expect(record.readyStamp.nanoseconds < 1_000_000_000)
        #expect(record.readyStamp <= record.stamp || record.flags.contains(.ready))

        #expect(record.bytes == bytes, "re-encoding gives the captured bytes")
    }

    @Test("the finishing capture stores finish's pid, flags finishing only")
    func finishingStoresFinishPID() throws {
        let record = try StatusRecord(decoding: FixtureFiles.bytes(FixtureFiles.s6Capture("finishing.status")))
        #expect(record.pid != 0)
        #expect(!record.isUp)
        #expect(record.flags == [.finishing])
    }
}

/// Decodes the death tallies a real s6-supervise 2.11.3.2 wrote, against the real s6-svdt.
@Suite("Death tallies captured from the real s6-supervise")
struct CapturedDeathTallyTests {
    @Test("decodes every record as the real s6-svdt prints it", arguments: ["exit3-x3", "signals"])
    func decodesLikeRealSvdt(_ name: String) throws {
        let bytes = try FixtureFiles.bytes(FixtureFiles.s6Capture(name + ".death_tally"))
        let lines = try FixtureFiles.text(FixtureFiles.s6Capture(name + ".svdt")).split(separator: "\n").map(String.init)
        let records = DeathRecord.decodeAll(bytes)
        #expect(bytes.count == 3 * DeathRecord.size)
        #expect(records.count == 3)
        #expect(lines.count == 3)
        for (record, line) in zip(records, lines) {
            let description: String
            if record.signal != 0 {
                #expect(Int(record.exitCode) == 128 + Int(record.signal))
                description = "signal SIG" + SignalNames.name(of: Int32(record.signal))
            } else {
                description = "exitcode \(record.exitCode)"
            }
            #expect("\(record.stamp.label) \(description)" == line)
        }
        #expect(zip(records, records.dropFirst()).allSatisfy { $0.stamp < $1.stamp }, "oldest first")
        #expect(records.flatMap(\.bytes) == bytes, "re-encoding gives the captured bytes")
    }

    @Test("exit-3 deaths have code 3 and no signal")
    func exitRecords() throws {
        let records = DeathRecord.decodeAll(try FixtureFiles.bytes(FixtureFiles.s6Capture("exit3-x3.death_tally")))
        #expect(records.map(\.exitCode) == [3, 3, 3])
        #expect(records.map(\.signal) == [0, 0, 0])
        for record in records {
            #expect(DeathRecord(stamp: record.stamp, waitStatus: .exited(3)) == record)
        }
    }

    @Test("signal deaths: SIGTERM 143/15, SIGKILL 137/9, SIGPOLL 157/29")
    func signalRecords() throws {
        let records = DeathRecord.decodeAll(try FixtureFiles.bytes(FixtureFiles.s6Capture("signals.death_tally")))
        #expect(records.map(\.exitCode) == [143, 137, 157])
        #expect(records.map(\.signal) == [15, 9, 29])
        for (record, signal) in zip(records, [Int32(15), 9, 29]) {
            #expect(DeathRecord(stamp: record.stamp, waitStatus: .signaled(signal)) == record)
        }
    }

    @Test("the last record of a signal tally equals the status stamp of that death")
    func lastRecordMatchesStatusStamp() throws {
        let records = DeathRecord.decodeAll(try FixtureFiles.bytes(FixtureFiles.s6Capture("signals.death_tally")))
        let status = try StatusRecord(decoding: FixtureFiles.bytes(FixtureFiles.s6Capture("down-sigpoll-want-down.status")))
        #expect(records.last?.stamp == status.stamp)
    }
}
