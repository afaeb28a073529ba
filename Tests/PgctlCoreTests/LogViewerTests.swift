import Foundation
@testable import PgctlCore
import Testing
import TestSupport

@Suite("Embedded log viewer")
struct LogViewerTests {
    private let bold = "\u{1b}[1m", reset = "\u{1b}[0m"

    @Test("first draw of an empty 40-column, height-10 viewer: title and a 39-column box (spec §9.67)")
    func firstDraw() {
        var frames = [String]()
        let viewer = LiveLogViewer(verb: "starting", doneWord: "started", services: [], height: 10) { frames.append($0) }
        viewer.update(messages: [], pending: ["test"], columns: 40)
        let border = String(repeating: "═", count: 37)
        var expected = "\u{1b}[?7l\u{1b}[?25l\u{1b}[0JStill starting: test\n"
        expected += bold + "╔" + border + "╗" + reset + "\n"
        for _ in 0..<8 { expected += bold + "║" + reset + "\u{1b}[39G" + bold + "║" + reset + "\n" }
        expected += bold + "╚" + border + "╝" + reset + "\n"
        expected += "\u{1b}[?7h\u{1b}[?25h"
        #expect(frames == [expected])
    }

    @Test("after 30 new lines only the newest 8 show, and the redraw moves up 11 lines")
    func newestLines() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let log = temp.child("current")
        #expect(FileManager.default.createFile(atPath: log, contents: nil))
        var frames = [String]()
        let viewer = LiveLogViewer(verb: "starting", doneWord: "started", services: [("test", log)], height: 10) { frames.append($0) }
        viewer.update(messages: [], pending: ["test"], columns: 40)
        let lines = (0..<30).map { "my cool log \($0)\n" }.joined()
        try lines.write(toFile: log, atomically: false, encoding: .utf8)
        viewer.update(messages: [], pending: ["test"], columns: 40)
        #expect(frames.count == 2)
        let second = frames[1]
        #expect(second.hasPrefix("\u{1b}[?7l\u{1b}[?25l\u{1b}[11F\u{1b}[0J"))
        let shown = (22...29).map { "[test] my cool log \($0)" }
        for line in shown { #expect(second.contains(bold + "║" + reset + line + "\u{1b}[39G")) }
        #expect(!second.contains("my cool log 21"))
    }

    @Test("no news, no redraw; a width change redraws; finish clears the box")
    func redrawRules() {
        var frames = [String]()
        let viewer = LiveLogViewer(verb: "stopping", doneWord: "stopped", services: [], height: 5) { frames.append($0) }
        viewer.update(messages: [], pending: ["a"], columns: 30)
        viewer.update(messages: [], pending: ["a"], columns: 30)
        #expect(frames.count == 1)
        viewer.update(messages: [], pending: ["a"], columns: 50)
        #expect(frames.count == 2)
        viewer.update(messages: ["[pgctl] Stopped: a"], pending: [], columns: 50)
        #expect(frames[2] == "\u{1b}[?7l\u{1b}[?25l\u{1b}[6F\u{1b}[0J[pgctl] Stopped: a\n\u{1b}[?7h\u{1b}[?25h")
        viewer.finish(messages: [])
        #expect(frames[3] == "[pgctl] All services have stopped\n")
    }

    @Test("escape sequences are stripped and long lines truncated to the box")
    func printable() {
        #expect(LogBox.printable("\u{1b}[91mred\u{1b}[0m\tx\u{07}") == "red x")
        var box = LogBox(height: 3)
        box.append(service: "s", line: String(repeating: "y", count: 100))
        let row = box.render(columns: 20)[1]
        #expect(row.contains("[s] " + String(repeating: "y", count: 13) + "\u{1b}[19G"))
        #expect(LogBox.width(forColumns: 3) == 80)
    }
}

@Suite("LogFeed")
struct LogFeedTests {
    @Test("a file that appears later is read from its start")
    func appearsLater() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let feed = LogFeed(path: temp.child("current"), initialLines: 1)
        #expect(feed.readNewLines() == [])
        try "a\nb\n".write(toFile: temp.child("current"), atomically: false, encoding: .utf8)
        #expect(feed.readNewLines() == ["a", "b"])
    }

    @Test("starts with the last lines, then returns only complete new lines, across a rotation")
    func followsRotation() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.child("current")
        try "1\n2\n3\n".write(toFile: path, atomically: false, encoding: .utf8)
        let feed = LogFeed(path: path, initialLines: 2)
        #expect(feed.readNewLines() == ["2", "3"])
        #expect(feed.readNewLines() == [])
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("4\npart".utf8))
        #expect(feed.readNewLines() == ["4"])
        try handle.write(contentsOf: Data("ial\n".utf8))
        try handle.close()
        // Rotate: the old file moves away, a new one takes its name.
        try FileManager.default.moveItem(atPath: path, toPath: temp.child("@archive.s"))
        try "5\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(feed.readNewLines() == ["partial", "5"])
    }
}
