import Foundation
import Testing
import TestSupport

/// `pgctl debug` on a real terminal (tmux): the service runs in the foreground, reads the
/// terminal, and Ctrl-C ends it (spec §9.43).
@Suite("pgctl debug in a terminal", .serialized, .timeLimit(.minutes(2)),
       .enabled(if: TmuxTerminal.isInstalled, "tmux is not installed (apt-get install -y tmux)"))
struct TerminalDebugTests {
    @Test("§9.43 the service talks to the terminal: question, typed answer, reply")
    func conversation() throws {
        let project = try PgctlProject("greeter")
        defer { project.cleanUp() }
        let terminal = try TmuxTerminal(command: TmuxTerminal.pgctlCommand(project, "debug greeter"))
        defer { terminal.close() }
        try terminal.waitForScreen("the question") { $0.contains("What is your name?") }
        terminal.send("Buck", "Enter")
        let after = try terminal.waitForScreen("the reply and pgctl's exit") { $0.contains("EXIT=") }
        let shown = after.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(shown == ["What is your name?", "Buck", "Hello, Buck.", "EXIT=0"])
        #expect(!project.supervisorRunning("greeter"))
    }

    @Test("§9.43 Ctrl-C (SIGINT to the foreground group) ends the debugged service; nothing is left")
    func interrupt() throws {
        let project = try PgctlProject("greeter")
        defer { project.cleanUp() }
        let terminal = try TmuxTerminal(command: TmuxTerminal.pgctlCommand(project, "debug greeter", surviveInterrupt: true))
        defer { terminal.close() }
        try terminal.waitForScreen("the question") { $0.contains("What is your name?") }
        #expect(project.serviceProcesses().count == 1, "the service runs in pgctl's place: \\(project.serviceProcesses())")
        terminal.send("C-c")
        let after = try terminal.waitForScreen("pgctl's exit") { $0.contains("EXIT=") }
        #expect(after.contains("EXIT=130"), "killed by SIGINT, as the shell reports it:\\n\\(after)")
        #expect(!after.contains("Hello"))
        try waitUntil("nothing of the service left", timeout: 10) { project.serviceProcesses().isEmpty }
        #expect(!project.supervisorRunning("greeter"))
    }
}
