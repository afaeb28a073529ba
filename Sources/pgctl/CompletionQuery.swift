import PgctlCore
import SuperviseSystem

/// `pgctl __complete services WORD...`, the hidden query the completion scripts run for
/// service names (`WORD...`: the words typed before the one being completed). Prints one
/// name per line, or nothing; never writes to stderr and always exits 0.
enum CompletionQuery {
    /// The first argument that makes pgctl answer a query instead of running a command.
    static let word = "__complete"

    /// Answers the query `arguments` (after ``word``).
    static func answer(_ arguments: [String]) {
        guard arguments.first == "services", let workingDirectory = FileSystem.currentDirectory() else { return }
        let names = ServiceCompletion.candidates(typed: Array(arguments.dropFirst()),
                                                 environment: Environment.current(),
                                                 workingDirectory: workingDirectory)
        guard !names.isEmpty else { return }
        Output.standardOutput(names.joined(separator: "\n") + "\n")
    }
}
