import Testing
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
