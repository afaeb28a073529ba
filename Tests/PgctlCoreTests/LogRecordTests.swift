import Foundation
import Testing
import SuperviseSystem
import TestSupport
@testable import PgctlCore

/// The pieces of `pgctl log` that need no files: stamps, moments, `--since` values.
@Suite("Log records: stamps, UTC times, --since values")
struct LogRecordTests {
    @Test("RFC 3339 in UTC, around the epoch, leap days and far years")
    func rfc3339() {
        #expect(LogInstant(seconds: 0, nanoseconds: 0).rfc3339 == "1970-01-01T00:00:00.000000000Z")
        #expect(LogInstant(seconds: -1, nanoseconds: 5).rfc3339 == "1969-12-31T23:59:59.000000005Z")
        #expect(LogInstant(seconds: 951_782_400, nanoseconds: 123_456_789).rfc3339 == "2000-02-29T00:00:00.123456789Z")
        #expect(LogInstant(seconds: 1_796_292_001, nanoseconds: 123_456_789).rfc3339 == "2026-12-03T10:00:01.123456789Z")
        #expect(LogInstant(seconds: 253_402_300_799, nanoseconds: 999_999_999).rfc3339 == "9999-12-31T23:59:59.999999999Z")
    }

    @Test("a stamp is parsed only in s6-log T's exact shape")
    func stamps() throws {
        let line = Array("2026-12-03 10:00:01.123456789  GET / 200".utf8)
        let stamp = try #require(LogStamp.parse(line[...]))
        #expect(stamp.length == 31)
        #expect(stamp.nanoseconds == 123_456_789)
        #expect(stamp.local.year == 2026 && stamp.local.month == 12 && stamp.local.day == 3)
        #expect(stamp.local.hour == 10 && stamp.local.minute == 0 && stamp.local.second == 1)
        for bad in ["2026-12-03 10:00:01.123456789 one space", "2026-12-03 10:00:01.123456  short fraction",
                    "2026-13-03 10:00:01.123456789  month 13", "no stamp", "", "2026-12-03T10:00:01.123456789  T"] {
            #expect(LogStamp.parse(Array(bad.utf8)[...]) == nil, "\(bad)")
        }
    }

    @Test("--since: durations and local times; anything else is refused")
    func since() {
        #expect(LogSince.parse("90s") == .secondsAgo(90))
        #expect(LogSince.parse("5m") == .secondsAgo(300))
        #expect(LogSince.parse("2h") == .secondsAgo(7200))
        #expect(LogSince.parse("1d") == .secondsAgo(86400))
        #expect(LogSince.parse("0s") == .secondsAgo(0))
        if case .unixSeconds = LogSince.parse("2026-12-03 10:00") {} else { Issue.record("minute form refused") }
        if case .unixSeconds = LogSince.parse("2024-02-29 23:59:59") {} else { Issue.record("leap day refused") }
        for bad in ["yesterdayish", "", "s", "5", "5x", "-5m", "1.5h", "5 m", "2026-12-03", "2026-12-03 10",
                    "2026-12-03 24:00", "2026-02-29 10:00", "2026-12-03 10:60", "2026-12-03 10:00:60",
                    "2026-12-03T10:00", "1234567890s"] {
            #expect(LogSince.parse(bad) == nil, "\(bad)")
        }
    }
}

/// The readers and the `--since` search on files, against a plain filter of every line.
@Suite("Log records: backward reading and the --since search on files")
struct LogFileReadingTests {
    /// A file of `count` records whose seconds grow by 0–2 (so many share a second), with a
    /// line without a stamp now and then, and lines of varied length (some 9000 bytes).
    private func craft(_ path: String, count: Int, seed: UInt64) throws -> [(line: String, second: Int?)] {
        var generator = SplitMix(seed: seed)
        var second = 1_796_290_000
        var lines: [(line: String, second: Int?)] = []
        for index in 0..<count {
            second += Int(generator.next() % 3)
            if generator.next() % 50 == 0 {
                lines.append(("no stamp \(index)", nil))
                continue
            }
            let length = generator.next() % 40 == 0 ? 9000 : Int(generator.next() % 120)
            let parts = LocalTime(unixSeconds: second)
            let local = String(format: "%04d-%02d-%02d %02d:%02d:%02d.000000000", parts.year, parts.month, parts.day,
                               parts.hour, parts.minute, parts.second)
            lines.append((local + "  record \(index) " + String(repeating: "x", count: length), second))
        }
        try lines.map { $0.line + "\n" }.joined().write(toFile: path, atomically: false, encoding: .utf8)
        return lines
    }

    @Test("the last N lines, read backwards through blocks, are the file's last N")
    func backwards() throws {
        let temp = try TemporaryDirectory(prefix: "log-reading")
        defer { temp.remove() }
        let lines = try craft(temp.child("current"), count: 3000, seed: 7)
        var reader = BackwardLineReader(LogFileSpan(archive: temp.child("current")))
        var read: [String] = []
        while let line = reader.next() { read.append(String(decoding: line, as: UTF8.self)) }
        #expect(read == lines.map(\.line).reversed())
    }

    @Test("the search finds the first stamped line at or after any moment")
    func since() throws {
        let temp = try TemporaryDirectory(prefix: "log-reading")
        defer { temp.remove() }
        let lines = try craft(temp.child("current"), count: 4000, seed: 11)
        let spans = [LogFileSpan(archive: temp.child("current"))]
        let seconds = lines.compactMap(\.second)
        var generator = SplitMix(seed: 3)
        var moments = [seconds.first! - 5, seconds.first!, seconds.last!, seconds.last! + 1]
        for _ in 0..<60 { moments.append(seconds.first! + Int(generator.next() % UInt64(seconds.last! - seconds.first! + 1))) }
        for moment in moments {
            var search = LogSinceSearch()
            let position = search.start(in: spans, since: LogInstant(seconds: moment, nanoseconds: 0))
            var source = ForwardRecordSource(service: 0, spans: spans, from: position)
            let first = source.next().map { String(decoding: $0.line, as: UTF8.self) }
            let expected = lines.first { ($0.second ?? .min) >= moment }?.line
            #expect(first == expected, "since \(moment)")
        }
    }
}

/// A small deterministic random number generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
