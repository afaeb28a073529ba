import SuperviseStatus
import Testing

@Suite("StatusRecord")
struct StatusRecordTests {
    /// The example of the protocol notes §3.3: up, pid 9441, never ready since its spawn.
    static let specExample: [UInt8] = [
        0x40, 0, 0, 0, 0x6b, 0x0b, 0x9e, 0x77, 0x3b, 0x4d, 0x9d, 0x26,
        0x40, 0, 0, 0, 0x6b, 0x0b, 0x9e, 0x77, 0x3b, 0x45, 0xff, 0x25,
        0, 0, 0, 0, 0, 0, 0x24, 0xe1,
        0, 0,
        0x04,
    ]

    @Test("decodes the §3.3 example field by field")
    func decodesSpecExample() throws {
        let record = try StatusRecord(decoding: Self.specExample)
        #expect(record.stamp == TAI64N(seconds: 0x4000_0000_6b0b_9e77, nanoseconds: 0x3b4d_9d26))
        #expect(record.readyStamp == TAI64N(seconds: 0x4000_0000_6b0b_9e77, nanoseconds: 0x3b45_ff25))
        #expect(record.pid == 9441)
        #expect(record.waitStatus.rawValue == 0)
        #expect(record.flags == [.wantUp])
        #expect(record.isUp)
        #expect(record.stamp.unixSeconds == 1_795_923_538)
        #expect(record.bytes == Self.specExample)
    }

    @Test("encodes big-endian, in the documented layout")
    func encodesLayout() {
        let record = StatusRecord(
            stamp: TAI64N(seconds: 0x0102_0304_0506_0708, nanoseconds: 0x090a_0b0c),
            readyStamp: TAI64N(seconds: 0x1112_1314_1516_1718, nanoseconds: 0x191a_1b1c),
            pid: 0x2122_2324_2526_2728, waitStatus: WaitStatus(rawValue: 0x3132), flags: [.paused, .ready])
        #expect(record.bytes == Array(1...12) + Array(0x11...0x1c) + Array(0x21...0x28) + [0x31, 0x32, 0x09])
    }

    @Test("flag bits are 0x01 paused, 0x02 finishing, 0x04 want up, 0x08 ready")
    func flagBits() {
        #expect(StatusRecord.Flags.paused.rawValue == 0x01)
        #expect(StatusRecord.Flags.finishing.rawValue == 0x02)
        #expect(StatusRecord.Flags.wantUp.rawValue == 0x04)
        #expect(StatusRecord.Flags.ready.rawValue == 0x08)
    }

    @Test("fewer than 35 bytes is an error, at every length", arguments: 0..<35)
    func truncated(length: Int) {
        #expect(throws: StatusDecodingError.truncated(count: length)) {
            try StatusRecord(decoding: Array(Self.specExample.prefix(length)))
        }
    }

    @Test("bytes after the 35th are ignored, as s6's readers do")
    func extraBytesIgnored() throws {
        let record = try StatusRecord(decoding: Self.specExample + [0xff, 0xee])
        #expect(record == (try StatusRecord(decoding: Self.specExample)))
    }

    @Test("decodes from a slice that does not start at index 0")
    func decodesSlice() throws {
        let padded = [0xaa, 0xbb] + Self.specExample
        let record = try StatusRecord(decoding: padded[2...])
        #expect(record.pid == 9441)
    }

    @Test("up means a pid and not finishing")
    func upDefinition() {
        var record = StatusRecord(stamp: TAI64N(seconds: 0, nanoseconds: 0), readyStamp: TAI64N(seconds: 0, nanoseconds: 0),
                                  pid: 0, waitStatus: WaitStatus(rawValue: 0), flags: [])
        #expect(!record.isUp)
        record.pid = 42
        #expect(record.isUp)
        record.flags.insert(.finishing)
        #expect(!record.isUp)
    }

    @Test("random records round-trip", arguments: 0..<20)
    func roundTrip(seed: Int) throws {
        var generator = SplitMix(seed: UInt64(seed))
        let record = StatusRecord(
            stamp: TAI64N(seconds: generator.next(), nanoseconds: UInt32.random(in: 0..<1_000_000_000, using: &generator)),
            readyStamp: TAI64N(seconds: generator.next(), nanoseconds: UInt32.random(in: 0..<1_000_000_000, using: &generator)),
            pid: generator.next(), waitStatus: WaitStatus(rawValue: UInt16.random(in: 0...UInt16.max, using: &generator)),
            flags: StatusRecord.Flags(rawValue: UInt8.random(in: 0...15, using: &generator)))
        #expect(record.bytes.count == 35)
        #expect(try StatusRecord(decoding: record.bytes) == record)
    }
}

/// A small deterministic generator so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
