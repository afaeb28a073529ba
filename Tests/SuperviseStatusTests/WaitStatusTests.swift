import SuperviseStatus
import Testing

@Suite("WaitStatus, DeathRecord")
struct WaitStatusTests {
    @Test("observed values: 0x0300 exit 3, 0x000f SIGTERM, 0x0009 SIGKILL")
    func observedValues() {
        let exit3 = WaitStatus(rawValue: 0x0300)
        #expect(exit3.exited && !exit3.signaled && exit3.exitCode == 3)
        let term = WaitStatus(rawValue: 0x000f)
        #expect(term.signaled && !term.exited && term.signal == 15)
        let kill = WaitStatus(rawValue: 0x0009)
        #expect(kill.signaled && kill.signal == 9)
        #expect(WaitStatus.exited(3) == exit3)
        #expect(WaitStatus.signaled(15) == term)
    }

    @Test("a core-dump bit does not hide the signal; 0x7f (stopped) is neither exited nor signaled")
    func coreAndStopped() {
        let segvCore = WaitStatus(rawValue: 0x008b)
        #expect(segvCore.signaled && segvCore.signal == 11)
        let stopped = WaitStatus(rawValue: 0x137f)
        #expect(!stopped.exited && !stopped.signaled)
    }

    @Test("waitpid's Int32 keeps its low 16 bits")
    func fromWaitpid() {
        #expect(WaitStatus(waitpidStatus: 0x0001_0700).rawValue == 0x0700)
    }

    @Test("death records: exit code, or 128 + signal and the signal")
    func deathRecords() {
        let stamp = TAI64N(seconds: 0x4000_0000_6b0b_9f2b, nanoseconds: 0x10dd_df0b)
        let term = DeathRecord(stamp: stamp, waitStatus: .signaled(15))
        // Observed in the protocol notes §2.5.
        #expect(term.bytes == [0x40, 0, 0, 0, 0x6b, 0x0b, 0x9f, 0x2b, 0x10, 0xdd, 0xdf, 0x0b, 0x8f, 0x0f])
        #expect(DeathRecord(stamp: stamp, waitStatus: .exited(3)).bytes.suffix(2) == [3, 0])
    }

    @Test("appending keeps the newest `limit` records, at most 4096")
    func appending() {
        let records = (0..<5).map { DeathRecord(stamp: TAI64N(seconds: UInt64($0), nanoseconds: 0), exitCode: UInt8($0), signal: 0) }
        let new = DeathRecord(stamp: TAI64N(seconds: 9, nanoseconds: 0), exitCode: 9, signal: 0)
        #expect(DeathRecord.decodeAll(DeathRecord.appending(new, to: records, limit: 3)).map(\.exitCode) == [3, 4, 9])
        #expect(DeathRecord.decodeAll(DeathRecord.appending(new, to: records, limit: 100)).count == 6)
        #expect(DeathRecord.appending(new, to: records, limit: 0).isEmpty)
        let many = [DeathRecord](repeating: new, count: 5000)
        #expect(DeathRecord.appending(new, to: many, limit: 10_000).count == 4096 * DeathRecord.size)
    }

    @Test("a tally whose size is not a multiple of 14 reads as empty")
    func misaligned() {
        #expect(DeathRecord.decodeAll([UInt8](repeating: 0, count: 15)).isEmpty)
        #expect(DeathRecord.decodeAll([]).isEmpty)
        #expect(DeathRecord.decodeAll([UInt8](repeating: 0, count: 28)).count == 2)
    }
}
