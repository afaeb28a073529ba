import Foundation
import ArgumentParsing
import PgctlCore

/// The `pgctl` executable: reads the command line and runs the command; every failure ends
/// as `[pgctl] ERROR: <message>` (or an argparse-style usage error, exit 2).
@main
enum Pgctl {
    static func main() {
        switch PgctlCommandLine.parse(Array(CommandLine.arguments.dropFirst())) {
        case .help:
            Output.standardOutput(Usage.help)
        case .version:
            Output.standardOutput(PgctlVersion.current + "\n")
        case .usageError(let error):
            Output.standardError(error.report(program: "pgctl", usage: Usage.text))
            exit(ArgumentError.exitStatus)
        case .run(let options):
            let environment = Self.environment()
            let workingDirectory = Self.currentDirectory()
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

    /// The process environment, read from `environ` directly (`ProcessInfo` costs ≈ 0.3 ms
    /// to set up); a name given twice keeps its first value, as `getenv` returns it.
    static func environment() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "="), equals != text.startIndex {
                let name = String(text[..<equals])
                if result[name] == nil { result[name] = String(text[text.index(after: equals)...]) }
            }
            entry += 1
        }
        return result
    }

    /// The working directory (`getcwd`), "" when it cannot be determined (e.g. deleted).
    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
