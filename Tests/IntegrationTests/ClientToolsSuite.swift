import Foundation
import SuperviseStatus
import TestSupport
import Testing

/// Every end-to-end test of our s6 client tools runs inside this suite, one at a time: they
/// spawn supervisors and services, and compare our `s6-svc`, `s6-svstat`, `s6-svok`,
/// `s6-svwait` with the real s6 2.11 ones when those are installed.
@Suite("s6 client tools (real processes)", .serialized, .timeLimit(.minutes(10)))
struct ClientToolsIntegration {}

/// Which supervisor runs the service in a scenario.
enum SupervisorKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    /// Our `s6-supervise`.
    case ours
    /// The real s6 2.11 `s6-supervise`.
    case real

    /// The executable to start.
    var executable: String { self == .ours ? Executables.ours("s6-supervise") : RealS6.tool("s6-supervise") }

    /// The kinds to run now: ours always, the real one when installed.
    static var available: [SupervisorKind] { RealS6.isInstalled ? [.ours, .real] : [.ours] }

    var testDescription: String { "\(rawValue) s6-supervise" }
}

/// Runs `body` on a fresh service directory supervised by `kind`, cleaning up everything.
func withClientService<T>(_ kind: SupervisorKind, run: String = "exec sleep 1000", files: [String: String] = [:],
                          start: Bool = true, _ body: (ServiceSandbox) throws -> T) throws -> T {
    let sandbox = try ServiceSandbox(run: run, files: files)
    defer { sandbox.cleanup() }
    if start { try sandbox.start(executable: kind.executable) }
    return try body(sandbox)
}

/// Runs our `tool` and checks its exit code, stdout and stderr literally (after replacing
/// `<n> seconds` by `# seconds`); when the real s6 is installed, also checks that the real tool
/// prints exactly what ours prints. `expectedStderr` lines are given without their newline.
func expectTool(_ tool: String, _ arguments: [String], exit expectedExit: Int32, stdout expectedStdout: String = "",
                stderr expectedStderr: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let mine = try ClientTools.ours(tool, arguments).normalized(ClientTools.normalizingSeconds)
    let expected = CommandResult(exitCode: expectedExit, stdout: expectedStdout,
                                 stderr: expectedStderr.map { $0 + "\n" }.joined())
    #expect(mine.sameAs(expected), "ours: \(tool) \(arguments)\n\(mine)\n--- expected:\n\(expected)",
            sourceLocation: sourceLocation)
    try expectSameAsReal(tool, arguments, sourceLocation: sourceLocation)
}

/// When the real s6 is installed: our `tool` prints exactly what the real one prints.
func expectSameAsReal(_ tool: String, _ arguments: [String], normalize: @escaping (String) -> String = ClientTools.normalizingSeconds,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
    guard RealS6.isInstalled else { return }
    let comparison = try ClientTools.compare(tool, arguments, normalize: normalize)
    #expect(comparison.matches, "\(comparison)", sourceLocation: sourceLocation)
}

/// The pid of `run` (or `finish`) in the status file, as s6-svstat prints it.
func statusPID(_ sandbox: ServiceSandbox) throws -> Int32 {
    Int32(truncatingIfNeeded: try sandbox.status().pid)
}
