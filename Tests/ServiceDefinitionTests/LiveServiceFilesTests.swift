import ServiceDefinition
import SuperviseStatus
import TestSupport
import Testing

/// ``LiveServiceFiles``: s6-supervise's reading — each file when needed, defaults for absent
/// and bad files, a warning for bad ones.
@Suite("ServiceDefinition: the supervisor's live reading")
struct LiveServiceFilesTests {
    final class Warnings: @unchecked Sendable {
        var lines: [String] = []
    }

    @Test("defaults when absent: no notification-fd, timeout-kill 0, timeout-finish 5000, 100 deaths, SIGTERM, no down")
    func defaults() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let warnings = Warnings()
        let files = LiveServiceFiles(directory: temp.path) { warnings.lines.append($0) }
        #expect(files.notificationFD() == nil)
        #expect(files.timeoutKill() == 0)
        #expect(files.timeoutFinish() == 5000)
        #expect(files.maxDeathTally() == 100)
        #expect(files.downSignal() == SignalNumber.term)
        #expect(!files.hasDownFile())
        #expect(warnings.lines.isEmpty)
    }

    @Test("bad files: the default and s6's warning; values read at each call")
    func badFiles() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        for name in ["notification-fd", "timeout-kill", "timeout-finish", "max-death-tally", "down-signal"] {
            try ServiceDirectoryBuilder.write(temp.child(name), "bad\n")
        }
        let warnings = Warnings()
        let files = LiveServiceFiles(directory: temp.path) { warnings.lines.append($0) }
        #expect(files.notificationFD() == nil)
        #expect(files.timeoutKill() == 0)
        #expect(files.timeoutFinish() == 5000)
        #expect(files.maxDeathTally() == 100)
        #expect(files.downSignal() == SignalNumber.term)
        #expect(warnings.lines == ["invalid notification-fd", "invalid timeout-kill", "invalid timeout-finish",
                                   "invalid max-death-tally", "invalid down-signal"])
        try ServiceDirectoryBuilder.write(temp.child("max-death-tally"), "99999\n")
        try ServiceDirectoryBuilder.write(temp.child("down-signal"), "int\n")
        try ServiceDirectoryBuilder.write(temp.child("down"), "")
        #expect(files.maxDeathTally() == 4096)
        #expect(files.downSignal() == SignalNumber.int)
        #expect(files.hasDownFile())
    }
}
