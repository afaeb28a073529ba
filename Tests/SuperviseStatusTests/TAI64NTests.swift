import SuperviseStatus
import Testing

@Suite("TAI64N")
struct TAI64NTests {
    @Test("a Unix time maps to 2^62 + unix + 37 (observed: 1795923538 → 40000000 6b0b9e77)")
    func offset() {
        let label = TAI64N(unixSeconds: 1_795_923_538, nanoseconds: 0)
        #expect(label.seconds == 0x4000_0000_6b0b_9e77)
        #expect(TAI64N.unixOffset == (1 << 62) + 37)
        #expect(label.unixSeconds == 1_795_923_538)
    }

    @Test("12 big-endian bytes, and the @-hex label s6 prints")
    func bytesAndLabel() {
        let label = TAI64N(seconds: 0x4000_0000_6b0b_9e77, nanoseconds: 0x3b4d_9d26)
        #expect(label.bytes == [0x40, 0, 0, 0, 0x6b, 0x0b, 0x9e, 0x77, 0x3b, 0x4d, 0x9d, 0x26])
        #expect(label.label == "@400000006b0b9e773b4d9d26")
        #expect(TAI64N(label: "@400000006b0b9e773b4d9d26") == label)
        #expect(TAI64N(bytes: label.bytes) == label)
    }

    @Test("malformed labels are rejected",
          arguments: ["", "@", "400000006b0b9e773b4d9d26", "@400000006b0b9e773b4d9d2", "@400000006b0b9e773b4d9d26f",
                      "@400000006b0b9e773b4d9dzz", "#400000006b0b9e773b4d9d26"])
    func malformedLabel(_ text: String) {
        #expect(TAI64N(label: text) == nil)
    }

    @Test("fewer than 12 bytes decode to nil")
    func shortBytes() {
        #expect(TAI64N(bytes: [UInt8](repeating: 0, count: 11)) == nil)
        #expect(TAI64N(bytes: [UInt8](repeating: 0, count: 24), at: 13) == nil)
        #expect(TAI64N(bytes: [UInt8](repeating: 0, count: 24), at: 12) != nil)
    }

    @Test("whole seconds between labels truncate, and never go negative")
    func wholeSeconds() {
        let a = TAI64N(seconds: 100, nanoseconds: 900_000_000)
        #expect(a.wholeSeconds(until: TAI64N(seconds: 101, nanoseconds: 899_999_999)) == 0)
        #expect(a.wholeSeconds(until: TAI64N(seconds: 101, nanoseconds: 900_000_000)) == 1)
        #expect(a.wholeSeconds(until: TAI64N(seconds: 112, nanoseconds: 0)) == 11)
        #expect(a.wholeSeconds(until: TAI64N(seconds: 50, nanoseconds: 0)) == 0)
    }

    @Test("ordering compares seconds, then nanoseconds")
    func ordering() {
        #expect(TAI64N(seconds: 1, nanoseconds: 999) < TAI64N(seconds: 2, nanoseconds: 0))
        #expect(TAI64N(seconds: 2, nanoseconds: 1) < TAI64N(seconds: 2, nanoseconds: 2))
    }

    @Test("hex round-trips and rejects odd or non-hex input")
    func hex() {
        #expect(Hex.encode([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
        #expect(Hex.decode(Array("000FA5ff".utf8)) == [0x00, 0x0f, 0xa5, 0xff])
        #expect(Hex.decode(Array("abc".utf8)) == nil)
        #expect(Hex.decode(Array("0g".utf8)) == nil)
    }
}
