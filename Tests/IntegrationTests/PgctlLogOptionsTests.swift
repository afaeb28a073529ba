import Foundation
import Testing
import TestSupport

/// Log files written the way the supervisor writes them (`YYYY-MM-DD HH:MM:SS.nnnnnnnnn  text`,
/// archives `@<tai64n>.s`), with stamps in UTC (the tests run pgctl with `TZ=UTC`).
enum CraftedLog {
    static let utc: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter
    }()

    /// A record line (with newline) stamped `date` plus `nanoseconds`.
    static func line(_ date: Date, nanoseconds: Int = 0, _ text: String) -> String {
        utc.string(from: date) + "." + String(format: "%09d", nanoseconds) + "  " + text + "\n"
    }

    /// A record line stamped `base` + `milliseconds`.
    static func line(milliseconds: Int, _ text: String, base: String = "2026-12-03 10:00:00") -> String {
        let date = utc.date(from: base)!.addingTimeInterval(Double(milliseconds / 1000))
        return line(date, nanoseconds: (milliseconds % 1000) * 1_000_000, text)
    }

    /// An archive name `@<tai64n>.s`, ordered by `index`.
    static func archiveName(_ index: Int) -> String {
        "@40000000" + String(format: "%08x", 0x6b0b_a347 + index) + "00000000.s"
    }

    /// Appends `text` (bytes) to `path`, creating the file.
    static func append(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw TestFailure("cannot open \(path): errno \(errno)") }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw TestFailure("short write to \(path)") }
    }

    static func append(_ text: String, to path: String) throws { try append(Array(text.utf8), to: path) }
}

/// `pgctl log`'s options (issue 13): `-n`, `--merge`, `-f`/`--no-follow`, `--since`, `--json`.
@Suite("pgctl log options (end to end)", .serialized, .timeLimit(.minutes(5)))
struct PgctlLogOptionsTests {
    static let utcEnvironment = ["TZ": "UTC"]

    /// The `logs` directory of a fixture service, created.
    private func logs(_ project: PgctlProject, _ service: String) throws -> String {
        let path = project.service(service) + "/logs"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("--merge across three services writing at different rates: time order, aligned names, no gap")
    func mergedOrderOfRealServices() throws {
        let project = try PgctlProject("output")
        defer {
            _ = try? project.pgctl(["stop", "fast", "mid", "slow"])
            project.cleanUp()
        }
        for (name, pause) in [("fast", "0.003"), ("mid", "0.011"), ("slow", "0.037")] {
            try ServiceDirectoryBuilder.make(at: project.service(name),
                                             run: "i=0\nwhile :; do i=$((i+1)); echo \"\(name) $i\"; sleep \(pause); done")
        }
        let start = try project.pgctl(["start", "fast", "mid", "slow"])
        #expect(start.exitCode == 0, "\(start)")
        try waitUntil("30 lines of slow", timeout: 30) {
            (project.logText("slow")?.split(separator: "\n").count ?? 0) >= 30
        }
        let run = try project.pgctl(["log", "fast", "mid", "slow", "--merge", "-n", "100", "--no-follow"])
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.stderr == "")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.count == 100)
        #expect(run.stdout.hasSuffix("\n") && !run.stdout.contains("\u{1b}"))
        let pattern = try NSRegularExpression(pattern: #"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9})  (fast| mid|slow) \| (fast|mid|slow) \d+$"#)
        var stamps: [String] = []
        var seen: [String: Int] = [:]
        for line in lines {
            let match = try #require(pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)), "\(line)")
            let stamp = String(line[Range(match.range(at: 1), in: line)!])
            let name = String(line[Range(match.range(at: 2), in: line)!]).trimmingCharacters(in: .whitespaces)
            #expect(line.hasSuffix("| " + name + " " + String(line.split(separator: " ").last!)))
            stamps.append(stamp)
            seen[name, default: 0] += 1
        }
        #expect(stamps == stamps.sorted(), "merged output is not in time order")
        #expect(Set(seen.keys) == ["fast", "mid", "slow"], "\(seen)")
        #expect(seen["fast", default: 0] > seen["slow", default: 0])
        // No gap: every record of the three files stamped within the printed range is printed.
        let first = try #require(stamps.first), last = try #require(stamps.last)
        var expected: [(stamp: String, line: String)] = []
        for name in ["fast", "mid", "slow"] {
            let text = try #require(project.read("playground/\(name)/logs/current"))
            for record in text.split(separator: "\n") {
                let stamp = String(record.prefix(29))
                if stamp >= first && stamp <= last {
                    expected.append((stamp, stamp + "  " + String(repeating: " ", count: 4 - name.count) + name + " | " + record.dropFirst(31)))
                }
            }
        }
        #expect(expected.sorted { $0.stamp < $1.stamp }.map(\.line) == lines)

        // The same as JSON Lines: same records, same order, times in UTC.
        let json = try project.pgctl(["log", "fast", "mid", "slow", "-m", "-n", "20", "--json", "--no-follow"], environment: Self.utcEnvironment)
        #expect(json.exitCode == 0, "\(json)")
        let objects = try json.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String])
        }
        #expect(objects.count == 20)
        let times = objects.compactMap { $0["time"] }
        #expect(times.count == 20 && times == times.sorted())
        #expect(times.allSatisfy { $0.hasSuffix("Z") && $0.count == 30 && $0.contains("T") })
        #expect(objects.allSatisfy { ($0["text"] ?? "").hasPrefix(($0["service"] ?? "?") + " ") })
    }

    @Test("-n per service and in total with --merge; -n 0; the default is the last 30")
    func counts() throws {
        let project = try PgctlProject("output")
        defer { project.cleanUp() }
        var ohhi = "", sweet = ""
        for index in 0..<40 {
            ohhi += CraftedLog.line(milliseconds: index * 20, "ohhi \(index)")
            sweet += CraftedLog.line(milliseconds: index * 20 + 10, "sweet \(index)")
        }
        try CraftedLog.append(ohhi, to: try logs(project, "ohhi") + "/current")
        try CraftedLog.append(sweet, to: try logs(project, "sweet") + "/current")
        let ohhiLines = ohhi.split(separator: "\n").map { $0 + "\n" }
        let sweetLines = sweet.split(separator: "\n").map { $0 + "\n" }

        let two = try project.pgctl(["log", "-n", "2"])
        #expect(two.stdout == "==> playground/ohhi/logs/current <==\n" + ohhiLines.suffix(2).joined()
                + "\n==> playground/sweet/logs/current <==\n" + sweetLines.suffix(2).joined())
        let byDefault = try project.pgctl(["log"])
        #expect(byDefault.stdout == "==> playground/ohhi/logs/current <==\n" + ohhiLines.suffix(30).joined()
                + "\n==> playground/sweet/logs/current <==\n" + sweetLines.suffix(30).joined())
        let merged = try project.pgctl(["log", "--merge", "--lines", "3"])
        #expect(merged.stdout == """
            2026-12-03 10:00:00.770000000  sweet | sweet 38
            2026-12-03 10:00:00.780000000   ohhi | ohhi 39
            2026-12-03 10:00:00.790000000  sweet | sweet 39

            """)
        let zero = try project.pgctl(["log", "-n", "0"])
        #expect(zero.exitCode == 0)
        #expect(zero.stdout == "==> playground/ohhi/logs/current <==\n\n==> playground/sweet/logs/current <==\n")
        for extra in [["--merge"], ["--json"], ["-m", "--json"]] {
            let none = try project.pgctl(["log", "-n0"] + extra)
            #expect(none.exitCode == 0 && none.stdout == "", "\(extra): \(none)")
        }
    }

    @Test("a last line without its newline: as tail shows it in blocks, a whole record merged")
    func unfinishedLastLine() throws {
        let project = try PgctlProject("output")
        defer { project.cleanUp() }
        let line = CraftedLog.line(milliseconds: 0, "whole") + "2026-12-03 10:00:00.001000000  unfinished"
        try CraftedLog.append(line, to: try logs(project, "ohhi") + "/current")
        let blocks = try project.pgctl(["log", "--no-follow"])
        #expect(blocks.stdout == "==> playground/ohhi/logs/current <==\n" + line + "\n==> playground/sweet/logs/current <==\n")
        let merged = try project.pgctl(["log", "ohhi", "-m", "-n", "1"])
        #expect(merged.stdout == "2026-12-03 10:00:00.001000000  ohhi | unfinished\n")
        let since = try project.pgctl(["log", "ohhi", "--since", "2026-12-03 10:00"], environment: Self.utcEnvironment)
        #expect(since.stdout == "==> playground/ohhi/logs/current <==\n" + line)
    }

    @Test("--json escapes control characters and invalid UTF-8; a line without a stamp has time null")
    func jsonEscaping() throws {
        let project = try PgctlProject("output")
        defer { project.cleanUp() }
        let current = try logs(project, "sweet") + "/current"
        var bytes = Array(CraftedLog.line(milliseconds: 1, "plain").utf8)
        bytes += Array("2026-12-03 10:00:00.002000000  tab\there \u{01}\u{1b}[31mred\u{7f} quote\" back\\slash é ".utf8)
        bytes += [0xff, 0xfe, 0xc3, 0x28, 0x0a]
        bytes += Array("no stamp here\n".utf8)
        try CraftedLog.append(bytes, to: current)
        let run = try project.pgctl(["log", "sweet", "--json", "--no-follow"], environment: Self.utcEnvironment)
        #expect(run.exitCode == 0, "\(run)")
        #expect(run.stdout == """
            {"service": "sweet", "time": "2026-12-03T10:00:00.001000000Z", "text": "plain"}
            {"service": "sweet", "time": "2026-12-03T10:00:00.002000000Z", "text": "tab\\there \\u0001\\u001b[31mred\\u007f quote\\" back\\\\slash \\u00e9 \\ufffd\\ufffd\\ufffd("}
            {"service": "sweet", "time": null, "text": "no stamp here"}

            """)
        for line in run.stdout.split(separator: "\n") {
            #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any])
        }
        // The text forms print the bytes as stored.
        let text = try project.pgctl(["log", "sweet", "--no-follow"])
        #expect(Array(text.stdout.utf8).count > 0)
        let merged = try project.pgctl(["log", "sweet", "-m", "--no-follow"])
        #expect(merged.stdout.hasSuffix("                               sweet | no stamp here\n"), "\(merged)")
    }

    @Test("--since reaches into the archives: local time (minute or second) and durations, with -n and --merge")
    func sinceIntoArchives() throws {
        let project = try PgctlProject("output")
        defer { project.cleanUp() }
        let directory = try logs(project, "sweet")
        let base = CraftedLog.utc.date(from: "2026-11-30 10:00:00")!
        let padding = String(repeating: "x", count: 60)
        func records(_ label: String, from start: Date, count: Int) -> [String] {
            (0..<count).map { CraftedLog.line(start.addingTimeInterval(Double($0 * 10)), "\(label) \($0) \(padding)") }
        }
        let archiveA = records("A", from: base, count: 2000)
        let archiveB = records("B", from: base.addingTimeInterval(6 * 3600), count: 2000)
        let current = records("C", from: base.addingTimeInterval(12 * 3600), count: 100)
        try CraftedLog.append(archiveA.joined(), to: directory + "/" + CraftedLog.archiveName(1))
        try CraftedLog.append(archiveB.joined(), to: directory + "/" + CraftedLog.archiveName(2))
        try CraftedLog.append(current.joined(), to: directory + "/current")
        let header = "==> playground/sweet/logs/current <==\n"

        // 17:00 is record 360 of archive B (16:00 + 360 × 10 s).
        let minute = try project.pgctl(["log", "sweet", "--since", "2026-11-30 17:00"], environment: Self.utcEnvironment)
        #expect(minute.exitCode == 0, "\(minute.stderr)")
        #expect(minute.stdout == header + archiveB[360...].joined() + current.joined())
        let second = try project.pgctl(["log", "sweet", "--since", "2026-11-30 17:00:05"], environment: Self.utcEnvironment)
        #expect(second.stdout == header + archiveB[361...].joined() + current.joined())
        // Inside archive A, before everything, and between two files.
        let early = try project.pgctl(["log", "sweet", "--since", "2026-11-30 10:01:00"], environment: Self.utcEnvironment)
        #expect(early.stdout == header + archiveA[6...].joined() + archiveB.joined() + current.joined())
        let all = try project.pgctl(["log", "sweet", "--since", "2026-11-29 00:00"], environment: Self.utcEnvironment)
        #expect(all.stdout == header + archiveA.joined() + archiveB.joined() + current.joined())
        let between = try project.pgctl(["log", "sweet", "--since", "2026-11-30 15:40"], environment: Self.utcEnvironment)
        #expect(between.stdout == header + archiveB.joined() + current.joined())
        let after = try project.pgctl(["log", "sweet", "--since", "2026-12-01 00:00"], environment: Self.utcEnvironment)
        #expect(after.stdout == header)
        // With -n: the last N of those; merged; JSON.
        let lastFive = try project.pgctl(["log", "sweet", "--since", "2026-11-30 17:00", "-n", "5"], environment: Self.utcEnvironment)
        #expect(lastFive.stdout == header + current.suffix(5).joined())
        let acrossFiles = try project.pgctl(["log", "sweet", "-n", "102"], environment: Self.utcEnvironment)
        #expect(acrossFiles.stdout == header + archiveB.suffix(2).joined() + current.joined())
        // Backwards through many 32 KiB blocks (lines cut at block edges) and across two archives.
        let deep = try project.pgctl(["log", "sweet", "-n", "3050"], environment: Self.utcEnvironment)
        #expect(deep.stdout == header + archiveA.suffix(950).joined() + archiveB.joined() + current.joined())
        let deepMerged = try project.pgctl(["log", "sweet", "ohhi", "-m", "-n", "4100"], environment: Self.utcEnvironment)
        #expect(deepMerged.stdout.split(separator: "\n").count == 4100)
        let capped = try project.pgctl(["log", "sweet", "--since", "2026-11-30 21:33:10", "-n", "500", "-m"], environment: Self.utcEnvironment)
        #expect(capped.stdout.split(separator: "\n").count == 101)
        #expect(capped.stdout.hasPrefix("2026-11-30 21:33:10.000000000  sweet | B 1999 "))
        let json = try project.pgctl(["log", "sweet", "--since", "2026-11-30 22:16:30", "--json"], environment: Self.utcEnvironment)
        #expect(json.stdout == """
            {"service": "sweet", "time": "2026-11-30T22:16:30.000000000Z", "text": "C 99 \(padding)"}

            """)
        // Stamps and --since are local times: in another zone they are other moments.
        let shifted = try project.pgctl(["log", "sweet", "--since", "2026-11-30 22:16:30", "--json"], environment: ["TZ": "Europe/Paris"])
        #expect(shifted.stdout == """
            {"service": "sweet", "time": "2026-11-30T21:16:30.000000000Z", "text": "C 99 \(padding)"}

            """)

        // Durations back from now.
        let now = Date()
        let recent = try logs(project, "ohhi") + "/current"
        try CraftedLog.append(CraftedLog.line(now.addingTimeInterval(-7200), "two hours ago")
                              + CraftedLog.line(now.addingTimeInterval(-1800), "half an hour ago")
                              + CraftedLog.line(now.addingTimeInterval(-5), "just now"), to: recent)
        for (since, expected) in [("1m", ["just now"]), ("90s", ["just now"]), ("2h", ["half an hour ago", "just now"]),
                                  ("1d", ["two hours ago", "half an hour ago", "just now"]), ("3600s", ["half an hour ago", "just now"])] {
            let run = try project.pgctl(["log", "ohhi", "--since", since, "--json"], environment: Self.utcEnvironment)
            let texts = try run.stdout.split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["text"] as? String
            }
            #expect(texts == expected, "--since \(since): \(run)")
        }
        let none = try project.pgctl(["log", "sweet", "--since", "1d", "-m"], environment: Self.utcEnvironment)
        #expect(none.exitCode == 0 && none.stdout == "")
    }

    @Test("-f without a terminal follows a merged view across rotations: every line once, in time order; SIGTERM ends it")
    func followMergedAcrossRotations() throws {
        let project = try PgctlProject("output")
        defer { project.cleanUp() }
        let ohhi = try logs(project, "ohhi"), sweet = try logs(project, "sweet")
        var expected: [String] = []
        func write(_ service: String, _ directory: String, _ milliseconds: Int) throws {
            let line = CraftedLog.line(milliseconds: milliseconds, "\(service) \(milliseconds)")
            try CraftedLog.append(line, to: directory + "/current")
            expected.append(String(line.prefix(29)) + "  " + String(repeating: " ", count: 5 - service.count) + service + " | \(service) \(milliseconds)")
        }
        for time in 0..<6 { try write(time % 2 == 0 ? "ohhi" : "sweet", time % 2 == 0 ? ohhi : sweet, time) }
        let output = project.root + "/follow.out"
        let follower = try project.launch(["log", "ohhi", "sweet", "--merge", "-f", "-n", "100"], output: output)
        defer { if follower.isRunning { kill(follower.processIdentifier, SIGKILL); follower.waitUntilExit() } }
        func printed() -> [String] {
            ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        try waitUntil("the first six lines", timeout: 20) { printed().count >= 6 }
        #expect(printed() == expected)

        // Writes with rotations in between, some several between two polls of the follower.
        var archive = 0
        func rotate(_ directory: String) throws {
            archive += 1
            try FileManager.default.moveItem(atPath: directory + "/current", toPath: directory + "/" + CraftedLog.archiveName(archive))
            try CraftedLog.append("", to: directory + "/current")
        }
        for time in 6..<400 {
            let (service, directory) = time % 3 == 0 ? ("sweet", sweet) : ("ohhi", ohhi)
            try write(service, directory, time)
            if time % 37 == 0 { try rotate(ohhi) }
            if time % 53 == 0 { try rotate(sweet); try rotate(sweet) }
            if time % 50 == 0 { usleep(30_000) }
        }
        try waitUntil("all \(expected.count) lines", timeout: 20) { printed().count >= expected.count }
        usleep(300_000)  // anything repeated would come within the follower's next polls
        #expect(printed() == expected)
        #expect(follower.isRunning)

        kill(follower.processIdentifier, SIGTERM)
        follower.waitUntilExit()
        #expect(follower.terminationStatus == SIGTERM)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
    }

    @Test("-f --merge follows the real supervisor through its 10 MiB rotation: every line once, in order")
    func followRealRotation() throws {
        let project = try PgctlProject("output")
        defer {
            _ = try? project.pgctl(["stop", "flood", "ticker"])
            project.cleanUp()
        }
        // 320 000 numbered lines: ≈ 13 MiB with the stamps, so `current` is rotated once.
        let count = 320_000
        try ServiceDirectoryBuilder.make(at: project.service("flood"),
                                         run: "seq 1 \(count) | sed 's/^/flood /'\nexec sleep infinity")
        try ServiceDirectoryBuilder.make(at: project.service("ticker"),
                                         run: "i=0\nwhile :; do i=$((i+1)); echo \"ticker $i\"; sleep 0.05; done")
        let output = project.root + "/follow.out"
        let follower = try project.launch(["log", "flood", "ticker", "-m", "-f"], output: output)
        defer { if follower.isRunning { kill(follower.processIdentifier, SIGKILL); follower.waitUntilExit() } }
        // The follower is following before anything is written: both `current` files are
        // open in it and it sleeps in its poll loop (so its initial, empty tail is behind it;
        // a follower still starting when the flood begins would show only the last lines).
        let currents = ["flood", "ticker"].map { "/" + $0 + "/logs/current" }
        try waitUntil("the follower to open both logs and wait for new lines", timeout: 20) {
            let open = ((try? ProcInfo.openDescriptors(follower.processIdentifier)) ?? [])
                .compactMap { ProcInfo.descriptorTarget(follower.processIdentifier, $0) }
            return currents.allSatisfy { current in open.contains { $0.hasSuffix(current) } }
                && ProcInfo.isAsleep(follower.processIdentifier)
        }
        let start = try project.pgctl(["start", "flood", "ticker"])
        #expect(start.exitCode == 0, "\(start)")
        let lastLine = " flood | flood \(count)\n"
        try waitUntil("the last flood line", timeout: 120) {
            guard let handle = FileHandle(forReadingAtPath: output) else { return false }
            defer { try? handle.close() }
            let size = (try? handle.seekToEnd()) ?? 0
            guard size > 200 else { return false }
            try? handle.seek(toOffset: 0)
            return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self).contains(lastLine)
        }
        let archives = try FileManager.default.contentsOfDirectory(atPath: project.service("flood") + "/logs").filter { $0.hasPrefix("@") }
        #expect(archives.count == 1, "\(archives)")
        usleep(300_000)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        var expected = 1
        var stamps: [Substring] = []
        var ticks = 0
        for line in text.split(separator: "\n") {
            stamps.append(line.prefix(29))
            if line.dropFirst(31).hasPrefix(" flood | flood ") {
                let number = Int(line.split(separator: " ").last ?? "") ?? -1
                if number != expected { Issue.record("flood line \(number) where \(expected) was due"); break }
                expected += 1
            } else {
                #expect(line.dropFirst(31).hasPrefix("ticker | ticker "), "\(line)")
                ticks += 1
            }
        }
        #expect(expected == count + 1)
        #expect(ticks > 0)
        #expect(stamps == stamps.sorted(), "merged lines out of time order")
        kill(follower.processIdentifier, SIGTERM)
        follower.waitUntilExit()
        #expect(follower.terminationStatus == SIGTERM)
    }

    @Test("blocks and JSON follow with -f; --no-follow never follows")
    func followShapes() throws {
        let project = try PgctlProject("output")
        defer { project.cleanUp() }
        let sweet = try logs(project, "sweet")
        try CraftedLog.append(CraftedLog.line(milliseconds: 0, "first"), to: sweet + "/current")
        let output = project.root + "/blocks.out"
        let follower = try project.launch(["log", "ohhi", "sweet", "--follow"], output: output)
        defer { if follower.isRunning { kill(follower.processIdentifier, SIGKILL); follower.waitUntilExit() } }
        let read = { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }
        try waitUntil("the blocks", timeout: 20) { read().contains("first") }
        try CraftedLog.append(CraftedLog.line(milliseconds: 1, "second"), to: try logs(project, "ohhi") + "/current")
        try waitUntil("ohhi's new line", timeout: 20) { read().contains("second") }
        try CraftedLog.append(CraftedLog.line(milliseconds: 2, "third"), to: sweet + "/current")
        try waitUntil("sweet's new line", timeout: 20) { read().contains("third") }
        #expect(read() == """
            ==> playground/ohhi/logs/current <==

            ==> playground/sweet/logs/current <==
            2026-12-03 10:00:00.000000000  first

            ==> playground/ohhi/logs/current <==
            2026-12-03 10:00:00.001000000  second

            ==> playground/sweet/logs/current <==
            2026-12-03 10:00:00.002000000  third

            """)
        // A cleaned checkout: logs/ removed while following, then a new current.
        try FileManager.default.removeItem(atPath: sweet)
        usleep(150_000)
        _ = try logs(project, "sweet")
        try CraftedLog.append(CraftedLog.line(milliseconds: 3, "after the clean"), to: sweet + "/current")
        try waitUntil("the line in the new current", timeout: 20) { read().contains("after the clean") }
        #expect(read().hasSuffix("2026-12-03 10:00:00.002000000  third\n2026-12-03 10:00:00.003000000  after the clean\n"))
        kill(follower.processIdentifier, SIGTERM)
        follower.waitUntilExit()
        try FileManager.default.removeItem(atPath: sweet + "/current")
        try CraftedLog.append(CraftedLog.line(milliseconds: 2, "third"), to: sweet + "/current")

        let jsonOutput = project.root + "/json.out"
        let jsonFollower = try project.launch(["log", "sweet", "--json", "-f", "-n", "1"], environment: Self.utcEnvironment, output: jsonOutput)
        defer { if jsonFollower.isRunning { kill(jsonFollower.processIdentifier, SIGKILL); jsonFollower.waitUntilExit() } }
        let readJSON = { (try? String(contentsOfFile: jsonOutput, encoding: .utf8)) ?? "" }
        try waitUntil("the last record", timeout: 20) { readJSON().contains("third") }
        try CraftedLog.append(CraftedLog.line(milliseconds: 3, "fourth"), to: sweet + "/current")
        try waitUntil("the new record", timeout: 20) { readJSON().contains("fourth") }
        #expect(readJSON() == """
            {"service": "sweet", "time": "2026-12-03T10:00:00.002000000Z", "text": "third"}
            {"service": "sweet", "time": "2026-12-03T10:00:00.003000000Z", "text": "fourth"}

            """)
        kill(jsonFollower.processIdentifier, SIGTERM)
        jsonFollower.waitUntilExit()
        #expect(jsonFollower.terminationStatus == SIGTERM)

        // --no-follow (and no terminal) returns at once.
        let once = try project.pgctl(["log", "sweet", "--no-follow", "-n", "1"], timeout: 20)
        #expect(once.exitCode == 0)
        #expect(once.stdout == "==> playground/sweet/logs/current <==\n2026-12-03 10:00:00.003000000  fourth\n")
    }

    @Test("bad values and log options with other commands are usage errors (exit 2) that change nothing")
    func badValues() throws {
        let project = try PgctlProject("output")
        defer { project.cleanUp() }
        let cases: [([String], String)] = [
            (["log", "-n", "-1"], "argument -n/--lines: invalid non-negative integer value: '-1'"),
            (["log", "--lines=x"], "argument -n/--lines: invalid non-negative integer value: 'x'"),
            (["log", "-n"], "argument -n/--lines: expected one argument"),
            (["log", "--since", "yesterdayish"], "argument --since: invalid time value: 'yesterdayish' (expected a duration such as 90s, 5m, 2h, 1d, or YYYY-MM-DD HH:MM[:SS])"),
            (["log", "--since", "2026-02-30 10:00"], "argument --since: invalid time value: '2026-02-30 10:00' (expected a duration such as 90s, 5m, 2h, 1d, or YYYY-MM-DD HH:MM[:SS])"),
            (["log", "--since", "-5m"], "argument --since: expected one argument"),
            (["log", "-f", "--no-follow"], "argument --no-follow: not allowed with argument -f/--follow"),
            (["status", "-n", "3"], "argument -n/--lines: not allowed with command 'status' (only with 'log')"),
            (["start", "--merge"], "argument -m/--merge: not allowed with command 'start' (only with 'log')"),
            (["stop", "sweet", "-f"], "argument -f/--follow: not allowed with command 'stop' (only with 'log')"),
            (["status", "--since", "5m"], "argument --since: not allowed with command 'status' (only with 'log')"),
        ]
        for (arguments, message) in cases {
            let run = try project.pgctl(arguments)
            #expect(run.exitCode == 2, "\(arguments): \(run)")
            #expect(run.stdout == "")
            #expect(run.stderr == pgctlUsage + "pgctl: error: \(message)\n", "\(arguments)")
        }
        #expect(!FileManager.default.fileExists(atPath: project.service("sweet") + "/logs"))
        #expect(!project.supervisorRunning("sweet"))
    }

    @Test("colours: none when stdout is not a terminal")
    func noColoursWithoutTerminal() throws {
        let project = try PgctlProject("output")
        defer { project.cleanUp() }
        try CraftedLog.append(CraftedLog.line(milliseconds: 0, "hello"), to: try logs(project, "sweet") + "/current")
        let run = try project.pgctl(["log", "sweet", "ohhi", "--merge"])
        #expect(run.stdout == "2026-12-03 10:00:00.000000000  sweet | hello\n")
    }
}

/// `pgctl log --merge` on a real terminal: coloured names unless `NO_COLOR`; following by
/// default, never with `--no-follow`.
@Suite("pgctl log options in a terminal", .serialized, .timeLimit(.minutes(2)),
       .enabled(if: TmuxTerminal.isInstalled, "tmux is not installed (apt-get install -y tmux)"))
struct PgctlLogTerminalTests {
    private func project() throws -> PgctlProject {
        let project = try PgctlProject("output")
        for (name, time) in [("ohhi", 0), ("sweet", 1)] {
            let logs = project.service(name) + "/logs"
            try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
            try CraftedLog.append(CraftedLog.line(milliseconds: time, "\(name) says hi"), to: logs + "/current")
        }
        return project
    }

    /// The screen with its colour escapes (`capture-pane -e`).
    private func colouredScreen(_ terminal: TmuxTerminal) throws -> String {
        try Command.run("/usr/bin/tmux", ["-L", terminal.socket, "capture-pane", "-e", "-p", "-t", "main"]).stdout
    }

    @Test("each service name has its own colour; --no-follow ends at once")
    func colours() throws {
        let project = try project()
        defer { project.cleanUp() }
        // The runner's own NO_COLOR (if any) must not leak in.
        let terminal = try TmuxTerminal(command: "echo NO_COLOR=${NO_COLOR-unset}; unset NO_COLOR; " + TmuxTerminal.pgctlCommand(project, "log --merge --no-follow"))
        defer { terminal.close() }
        try terminal.waitForScreen("the merged lines and the exit") { $0.contains("sweet says hi") && $0.contains("EXIT=0") }
        let screen = try colouredScreen(terminal)
        #expect(screen.contains("\u{1b}[32m ohhi") || screen.contains("\u{1b}[32mohhi"), "\(screen.debugDescription)")
        #expect(screen.contains("\u{1b}[33msweet"), "\(screen.debugDescription)")
    }

    @Test("NO_COLOR turns colours off; on a terminal a merged view follows by default")
    func noColor() throws {
        let project = try project()
        defer { project.cleanUp() }
        let terminal = try TmuxTerminal(command: TmuxTerminal.pgctlCommand(project, "log --merge").replacingOccurrences(of: "LANG=C.UTF-8", with: "LANG=C.UTF-8 NO_COLOR=1"))
        defer { terminal.close() }
        try terminal.waitForScreen("the merged lines") { $0.contains("sweet says hi") }
        #expect(try !colouredScreen(terminal).contains("\u{1b}[3"))
        try CraftedLog.append(CraftedLog.line(milliseconds: 2, "later line"), to: project.service("ohhi") + "/logs/current")
        try terminal.waitForScreen("the followed line") { $0.contains(" ohhi | later line") }
        #expect(try !terminal.screen().contains("EXIT="))
    }
}
