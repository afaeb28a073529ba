/// A TAI64N label: the 12-byte timestamp s6 stores in status files, death tallies and listener
/// FIFO names.
///
/// skalibs 2.13 turns a UTC wall-clock reading into TAI by adding 37 seconds (10 + the 27 leap
/// seconds of its table, valid for any date after 2017-01-01) and offsets it by 2^62.
public struct TAI64N: Equatable, Comparable, Hashable, Sendable {
    /// The offset between a Unix time in seconds and the TAI64 seconds field (2^62 + 37).
    public static let unixOffset: UInt64 = 0x4000_0000_0000_0025

    /// The TAI64 seconds field.
    public var seconds: UInt64
    /// Nanoseconds, 0 ... 999 999 999.
    public var nanoseconds: UInt32

    /// Creates a label from its raw fields.
    public init(seconds: UInt64, nanoseconds: UInt32) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// Creates the label of a Unix wall-clock time.
    public init(unixSeconds: Int64, nanoseconds: UInt32) {
        self.seconds = UInt64(bitPattern: unixSeconds &+ Int64(bitPattern: Self.unixOffset))
        self.nanoseconds = nanoseconds
    }

    /// The Unix time in seconds this label stands for.
    public var unixSeconds: Int64 { Int64(bitPattern: seconds &- Self.unixOffset) }

    /// The 12 big-endian bytes of the label.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(12)
        out.appendBigEndian(seconds)
        out.appendBigEndian(nanoseconds)
        return out
    }

    /// Decodes 12 big-endian bytes starting at `offset`; nil if fewer are available.
    @inlinable
    public init?(bytes: some RandomAccessCollection<UInt8>, at offset: Int = 0) {
        guard let sec: UInt64 = bytes.readBigEndian(at: offset),
            let nano: UInt32 = bytes.readBigEndian(at: offset + 8)
        else { return nil }
        self.init(seconds: sec, nanoseconds: nano)
    }

    /// The label as s6 prints it: `@` followed by 24 lowercase hexadecimal digits.
    public var label: String { "@" + Hex.encode(bytes) }

    /// Parses `@` + 24 hex digits.
    public init?(label: String) {
        let utf8 = Array(label.utf8)
        guard utf8.count == 25, utf8[0] == UInt8(ascii: "@"), let raw = Hex.decode(utf8[1...]) else { return nil }
        self.init(bytes: raw)
    }

    public static func < (lhs: TAI64N, rhs: TAI64N) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// Whole seconds from `self` to `later`, truncated; 0 if `later` is not later.
    public func wholeSeconds(until later: TAI64N) -> UInt64 {
        guard later > self else { return 0 }
        var seconds = later.seconds - self.seconds
        if later.nanoseconds < self.nanoseconds { seconds -= 1 }
        return seconds
    }
}

/// Lowercase hexadecimal encoding and decoding.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Encodes bytes as lowercase hex.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out = [UInt8]()
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hex digits (either case); nil on odd length or a non-hex character.
    public static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        var high: UInt8? = nil
        for char in text {
            guard let value = nibble(char) else { return nil }
            if let h = high {
                out.append(h << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
