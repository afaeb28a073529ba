/// The command line of `pgctl-fuser [-h] [-d|--allow-deleted] file [file ...]` (spec §5),
/// parsed with Python argparse's conventions, which pgctl's tools follow: clustered short
/// flags (`-dh`), unambiguous prefixes of long options (`--allow`), `--` ending the options,
/// usage errors on stderr with exit status 2.
public struct FuserCommandLine: Equatable {
    /// Whether deleted-but-open files match too (`-d`, `--allow-deleted`).
    public var allowDeleted = false
    /// The files to look for, in order.
    public var files: [String] = []

    /// What the arguments ask for.
    public enum Request: Equatable {
        /// Look for `files`.
        case run(FuserCommandLine)
        /// Print ``FuserCommandLine/help`` to stdout and exit 0.
        case help
        /// Print ``FuserCommandLine/usage`` and `pgctl-fuser: error: <message>` to stderr, exit 2.
        case usageError(String)
    }

    /// The usage line.
    public static let usage = "usage: pgctl-fuser [-h] [-d] file [file ...]\n"

    /// The `--help` text.
    public static let help = usage + """

        Print the pid of every process that has one of the files open, one per line.

        positional arguments:
          file                 a file to look for

        options:
          -h, --help           show this help message and exit
          -d, --allow-deleted  also match the file if it was deleted while open

        """

    private static let longOptions = ["--allow-deleted", "--help"]

    /// Parses the arguments (without the program name).
    public static func parse(_ arguments: [String]) -> Request {
        var result = FuserCommandLine()
        var unrecognized: [String] = []
        var optionsEnded = false
        for argument in arguments {
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") || isNegativeNumber(argument) {
                result.files.append(argument)
            } else if argument == "--" {
                optionsEnded = true
            } else if argument.hasPrefix("--") {
                let matches = longOptions.filter { $0.hasPrefix(argument) }
                if matches.count > 1 {
                    return .usageError("ambiguous option: \(argument) could match \(matches.joined(separator: ", "))")
                }
                switch matches.first {
                case "--help": return .help
                case "--allow-deleted": result.allowDeleted = true
                default: unrecognized.append(argument)
                }
            } else {
                let letters = argument.dropFirst()
                guard letters.allSatisfy({ $0 == "d" || $0 == "h" }) else {
                    unrecognized.append(argument)
                    continue
                }
                if letters.contains("h") { return .help }
                result.allowDeleted = true
            }
        }
        if result.files.isEmpty { return .usageError("the following arguments are required: file") }
        if !unrecognized.isEmpty { return .usageError("unrecognized arguments: \(unrecognized.joined(separator: " "))") }
        return .run(result)
    }

    private static func isNegativeNumber(_ argument: String) -> Bool {
        argument.count > 1 && Double(argument.dropFirst()) != nil && argument.dropFirst().first?.isNumber == true
    }
}
