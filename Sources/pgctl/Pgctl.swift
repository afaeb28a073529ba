import Foundation
import PgctlCore

/// The `pgctl` executable: reads the command line and runs the command; every failure ends
/// as `[pgctl] ERROR: <message>` (or an argparse-style usage error, exit 2).
@main
enum Pgctl {
    static func main() {
        switch ArgparseFrontEnd.parse(Array(CommandLine.arguments.dropFirst())) {
        case .help:
            Output.standardOutput(Usage.help)
        case .version:
            Output.standardOutput(PgctlVersion.current + "\n")
        case .usageError(let message):
            Output.standardError(Usage.text + "pgctl: error: \(message)\n")
            exit(2)
        case .run(let options):
            let environment = ProcessInfo.processInfo.environment
            let workingDirectory = FileManager.default.currentDirectoryPath
            do throws(PgctlError) {
                guard workingDirectory.hasPrefix("/") else {
                    throw PgctlError("cannot determine the current directory (was it deleted?)")
                }
                try CommandDispatcher.run(options, environment: environment, workingDirectory: workingDirectory)
            } catch {
                Output.error(error.message)
                exit(error.exitCode)
            }
        }
    }
}
