import Foundation
import Testing
import TestSupport

/// A tmux server of its own (its own socket), running commands in a real terminal.
final class TmuxTerminal {
    static let isInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
    let socket = "pgctl-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

    /// Starts `command` (a shell command line) in a detached session of `columns` × `rows`.
    init(command: String, columns: Int = 100, rows: Int = 45) throws {
        let status = Self.tmux(["-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "main",
                                "-x", String(columns), "-y", String(rows), command])
        guard status == 0 else { throw TestFailure("tmux new-session failed: wait status \(status)") }
    }

    /// Runs tmux with /dev/null as stdin, stdout and stderr (the server it forks must not hold
    /// a pipe of ours) and waits for the client. Returns the wait status.
    @discardableResult
    static func tmux(_ arguments: [String]) -> Int32 {
        let spawned = try? ChildSpawn.spawn(["/usr/bin/tmux"] + arguments,
                                            environment: ChildSpawn.environment(["TERM": "xterm-256color"])) { actions in
            for fd in [Int32(0), 1, 2] {
                posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
            }
        }
        guard let pid = spawned else { return -1 }
        return ChildSpawn.wait(for: pid)
    }

    /// The visible screen, as text.
    func screen() throws -> String {
        try Command.run("/usr/bin/tmux", ["-L", socket, "capture-pane", "-p", "-t", "main"]).stdout
    }

    /// Waits until the screen satisfies `condition`; returns that screen.
    @discardableResult
    func waitForScreen(_ what: String, timeout: Double = 20, _ condition: (String) -> Bool) throws -> String {
        var last = ""
        try waitUntil("screen: \(what)\n---\n\(last)\n---", timeout: timeout) {
            last = try screen()
            return condition(last)
        }
        return last
    }

    /// Types `keys` into the session (tmux key names: `Enter`, `C-c`, or literal text).
    func send(_ keys: String...) {
        Self.tmux(["-L", socket, "send-keys", "-t", "main"] + keys)
    }

    /// Ends the server and every process of its session.
    func close() {
        Self.tmux(["-L", socket, "kill-server"])
    }

    /// A shell command line running the built pgctl in `project` with the test environment,
    /// then printing `EXIT=<status>` and staying open so the screen can be read. With
    /// `surviveInterrupt`, the pane's shell traps SIGINT (a handler, which children do not
    /// inherit, unlike an ignored signal), so a Ctrl-C ends pgctl but not the shell.
    static func pgctlCommand(_ project: PgctlProject, _ arguments: String, surviveInterrupt: Bool = false) -> String {
        (surviveInterrupt ? "trap 'true' INT; " : "") + "cd '\(project.root)' && env -u CI PATH='\(Executables.productsDirectory.path):/usr/bin:/bin' HOME='\(project.home)' "
            + "PGCTL_NO_GLOBAL_CONFIG=true LANG=C.UTF-8 '\(Executables.ours("pgctl"))' \(arguments); echo \"EXIT=$?\"; sleep 600"
    }
}

/// The embedded log viewer and `pgctl log` following, checked on a real terminal (tmux).
@Suite("Log viewer in a terminal", .serialized, .timeLimit(.minutes(2)),
       .enabled(if: TmuxTerminal.isInstalled, "tmux is not installed (apt-get install -y tmux)"))
struct TerminalLogViewerTests {
    @Test("pgctl start draws the box with the pending service's log, then leaves a clean screen")
    func viewerDuringStart() throws {
        let project = try PgctlProject("slow-startup")
        defer { project.cleanUp() }
        // As in spec §9.21: enough time for the service's two seconds of start-up.
        try "10\n".write(toFile: project.service("slow-startup") + "/timeout-ready", atomically: false, encoding: .utf8)
        let terminal = try TmuxTerminal(command: TmuxTerminal.pgctlCommand(project, "start"))
        defer {
            terminal.close()
            _ = try? project.pgctl(["stop"])
        }
        let during = try terminal.waitForScreen("the viewer box with the service's log") {
            $0.contains("Still starting: slow-startup") && $0.contains("[slow-startup]")
                && $0.contains("waiting 2 seconds to become ready")
        }
        #expect(during.contains("[pgctl] Starting: slow-startup"))
        #expect(during.contains("╔═") && during.contains("╚═"))
        let boxLine = try #require(during.split(separator: "\n").first { $0.contains("waiting 2 seconds") })
        #expect(boxLine.hasPrefix("║[slow-startup] "))
        #expect(boxLine.hasSuffix("║"))
        #expect(boxLine.count == 99) // the terminal's 100 columns minus one

        let after = try terminal.waitForScreen("pgctl start to finish") { $0.contains("EXIT=") }
        #expect(after.contains("EXIT=0"))
        let lines = after.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let shown = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(shown == [
            "[pgctl] Starting: slow-startup",
            "[pgctl] Started: slow-startup",
            "[pgctl] All services have started",
            "EXIT=0",
        ])
    }

    @Test("pgctl log on a terminal keeps following: new lines within a second, rotation, late files")
    func logFollows() throws {
        let project = try PgctlProject("output")
        defer { project.cleanUp() }
        let logs = project.service("sweet") + "/logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        try "2026-01-01 00:00:00.000000000  old line\n".write(toFile: logs + "/current", atomically: false, encoding: .utf8)
        let terminal = try TmuxTerminal(command: TmuxTerminal.pgctlCommand(project, "log sweet"))
        defer { terminal.close() }
        try terminal.waitForScreen("the initial tail") {
            $0.contains("==> playground/sweet/logs/current <==") && $0.contains("old line")
        }
        let handle = try #require(FileHandle(forWritingAtPath: logs + "/current"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2026-01-01 00:00:01.000000000  fresh line\n".utf8))
        try handle.close()
        let waited = try waitUntil("the new line on screen", timeout: 5) { try terminal.screen().contains("fresh line") }
        #expect(waited < 2.0, "the follower took \(waited) s")
        // Rotation: the file moves to an archive and a new current starts.
        try FileManager.default.moveItem(atPath: logs + "/current", toPath: logs + "/@400000006b0ba34738ad0de3.s")
        try "2026-01-01 00:00:02.000000000  after rotation\n".write(toFile: logs + "/current", atomically: false, encoding: .utf8)
        try terminal.waitForScreen("the line written after rotation", timeout: 5) { $0.contains("after rotation") }
        #expect(try !terminal.screen().contains("EXIT="))
    }
}
