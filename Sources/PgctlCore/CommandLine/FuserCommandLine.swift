import ArgumentParsing

/// The command line of `pgctl-fuser [-h] [-d|--allow-deleted] file [file ...]` (spec §5),
/// read by the same argparse rules as pgctl's (``ArgumentParser``): clustered short flags
/// (`-dh`), unambiguous prefixes of long options (`--allow`), `--` ending the options, words
/// like `-1` or `-.5` taken as files (but not `-1e5`, as argparse), usage errors on stderr
/// with exit status 2.
public struct FuserCommandLine: Equatable, Sendable {
    /// Whether deleted-but-open files match too (`-d`, `--allow-deleted`).
    public var allowDeleted = false
    /// The files to look for, in order.
    public var files: [String] = []

    /// What the arguments ask for.
    public enum Request: Equatable, Sendable {
        /// Look for `files`.
        case run(FuserCommandLine)
        /// Print ``FuserCommandLine/help`` to stdout and exit 0.
        case help
        /// Print ``FuserCommandLine/usage`` and `pgctl-fuser: error: <message>` to stderr, exit 2.
        case usageError(ArgumentError)
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

    /// The parser: `-h/--help`, `-d/--allow-deleted`, then one or more files.
    public static let parser = ArgumentParser(
        options: [
            OptionSpec("help", names: ["-h", "--help"], action: .help),
            OptionSpec("allow_deleted", names: ["-d", "--allow-deleted"], action: .flag),
        ],
        positionals: [PositionalSpec("file", count: .oneOrMore)])

    /// Parses the arguments (without the program name).
    public static func parse(_ arguments: [String]) -> Request {
        do {
            switch try parser.parse(arguments) {
            case .help: return .help
            case .version: return .help  // no version option is declared
            case .parsed(let parsed):
                try parsed.checkAllRecognized()
                return .run(FuserCommandLine(allowDeleted: parsed.flag("allow_deleted"), files: parsed.words(of: "file")))
            }
        } catch {
            return .usageError(error)
        }
    }
}
