import ArgumentParsing
import PgctlCore
import SuperviseSystem

/// The `pgctl` executable: reads the command line and runs the command; every failure ends
/// as `[pgctl] ERROR: <message>` (or an argparse-style usage error, exit 2).
@main
enum Pgctl {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // The completion scripts' hidden query: never parsed as a command, so the usage and
        // argparse's messages do not know it.
        if arguments.first == CompletionQuery.word {
            CompletionQuery.answer(Array(arguments.dropFirst()))
            return
        }
        switch PgctlCommandLine.parse(arguments) {
        case .help:
            Output.standardOutput(Usage.help)
        case .version:
            Output.standardOutput(PgctlVersion.current + "\n")
        case .usageError(let error):
            Output.standardError(error.report(program: "pgctl", usage: Usage.text))
            ProcessControl.exit(ArgumentError.exitStatus)
        case .run(let options):
            let environment = Environment.current()
            let workingDirectory = FileSystem.currentDirectory() ?? ""
            do throws(PgctlError) {
                guard workingDirectory.hasPrefix("/") else {
                    throw PgctlError("cannot determine the current directory (was it deleted?)")
                }
                try CommandDispatcher.run(options, environment: environment, workingDirectory: workingDirectory)
            } catch {
                Output.error(error.message)
                ProcessControl.exit(error.exitCode)
            }
        }
    }
}
