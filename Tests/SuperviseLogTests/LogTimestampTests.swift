import Foundation
import SuperviseLog
import Testing

@Suite("LogTimestamp")
struct LogTimestampTests {
    @Test("formats like s6-log T: local date, time, nine digits, two spaces")
    func formatsLikeS6Log() {
        let seconds = 1_795_923_538
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone.current
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let expected = formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
        #expect(LogTimestamp.format(seconds: seconds, nanoseconds: 38_464_005) == expected + ".038464005  ")
        #expect(LogTimestamp.format(seconds: seconds, nanoseconds: 0) == expected + ".000000000  ")
        #expect(LogTimestamp.format(seconds: seconds, nanoseconds: 999_999_999) == expected + ".999999999  ")
    }

    @Test("the per-second cache is refreshed when the second changes")
    func cacheFollowsSeconds() {
        var stamp = LogTimestamp()
        var first = [UInt8](), second = [UInt8]()
        stamp.append(seconds: 100, nanoseconds: 5, to: &first)
        stamp.append(seconds: 101, nanoseconds: 5, to: &second)
        #expect(String(decoding: first, as: UTF8.self) == LogTimestamp.format(seconds: 100, nanoseconds: 5))
        #expect(String(decoding: second, as: UTF8.self) == LogTimestamp.format(seconds: 101, nanoseconds: 5))
        #expect(first != second)
        #expect(first.count == LogTimestamp.typicalLength)
    }
}

@Suite("LineAssembler")
struct LineAssemblerTests {
    private func lines(_ chunks: [String], limit: Int = 8192, flush: Bool = false) -> [String] {
        var assembler = LineAssembler(maximumLineLength: limit)
        var out = [String]()
        for chunk in chunks {
            Array(chunk.utf8).withUnsafeBytes { raw in
                assembler.feed(raw) { out.append(String(decoding: $0, as: UTF8.self)) }
            }
        }
        if flush { assembler.flush { out.append(String(decoding: $0, as: UTF8.self)) } }
        return out
    }

    @Test("splits at newlines and keeps a partial line for the next chunk")
    func splitsAndJoins() {
        #expect(lines(["a\nb", "c\n", "\n"]) == ["a", "bc", ""])
        #expect(lines(["ab", "c", "d\ne"]) == ["abcd"])
        #expect(lines(["ab", "c", "d\ne"], flush: true) == ["abcd", "e"])
    }

    @Test("splits lines longer than the limit, as s6-log does")
    func splitsLongLines() {
        #expect(lines(["abcdefg\n"], limit: 3) == ["abc", "def", "g"])
        #expect(lines(["ab", "cdef", "g\n"], limit: 3) == ["abc", "def", "g"])
        #expect(lines(["abc\n"], limit: 3) == ["abc"])
    }
}
