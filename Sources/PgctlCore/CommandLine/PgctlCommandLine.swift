import ArgumentParsing

/// pgctl's command line, declared for ``ArgumentParser`` as 5.2.1 declared it for Python's
/// argparse (same options, spellings and order; `--force` hidden), plus `pgctl log`'s options
/// (issue 13), read with options and services in any order.
public enum PgctlCommandLine {
    /// What the command line asks for.
    public enum Request: Equatable, Sendable {
        /// Run a command.
        case run(CommandLineOptions)
        /// `-h`/`--help`: print the help to stdout, exit 0.
        case help
        /// `--version`: print the version to stdout, exit 0.
        case version
        /// A usage error: the usage and `pgctl: error: <message>` on stderr, exit 2.
        case usageError(ArgumentError)
    }

    /// The options in declaration order (argparse lists abbreviation candidates in it).
    static let options: [OptionSpec] = [
        OptionSpec("help", names: ["-h", "--help"], action: .help),
        OptionSpec("version", names: ["--version"], action: .version),
        OptionSpec("verbose", names: ["--verbose"], action: .flag),
        OptionSpec("pgdir", names: ["--pgdir"], action: .value(metavar: "PGDIR")),
        OptionSpec("pghome", names: ["--pghome"], action: .value(metavar: "PGHOME")),
        OptionSpec("json", names: ["--json"], action: .flag),
        OptionSpec("force", names: ["--force"], action: .flag),
        OptionSpec("no_force", names: ["--no-force"], action: .flag),
        OptionSpec("config", names: ["--config"], action: .value(metavar: "CONFIG")),
        OptionSpec("all", names: ["--all", "-a"], action: .flag),
    ] + logOptions

    /// `pgctl log`'s options (issue 13), refused with any other command.
    static let logOptions: [OptionSpec] = [
        OptionSpec("lines", names: ["-n", "--lines"], action: .value(metavar: "N")),
        OptionSpec("merge", names: ["-m", "--merge"], action: .flag),
        OptionSpec("follow", names: ["-f", "--follow"], action: .flag),
        OptionSpec("no_follow", names: ["--no-follow"], action: .flag),
        OptionSpec("since", names: ["--since"], action: .value(metavar: "WHEN")),
    ]

    /// The parser: the options, then the command (one of ``PgctlCommand``) and the services.
    public static let parser = ArgumentParser(
        options: options,
        positionals: [
            PositionalSpec("command", choices: PgctlCommand.allCases.map(\.rawValue)),
            PositionalSpec("services", count: .zeroOrMore),
        ])

    /// Reads the arguments (without the program name). Services given with `--all` are
    /// refused as unrecognized arguments, as 5.2.1 refused them (spec §1.3).
    public static func parse(_ arguments: [String]) -> Request {
        do {
            switch try parser.parse(arguments) {
            case .help: return .help
            case .version: return .version
            case .parsed(let parsed): return .run(try options(from: parsed))
            }
        } catch {
            return .usageError(error)
        }
    }

    private static func options(from parsed: ParsedArguments) throws(ArgumentError) -> CommandLineOptions {
        let all = parsed.flag("all")
        let services = parsed.positionals["services", default: []]
        try parsed.checkAllRecognized(alsoRefused: all ? services : [])
        // The parser checked the word against the choices, which are the commands' names.
        guard let word = parsed.words(of: "command").first, let command = PgctlCommand(rawValue: word) else {
            throw ArgumentError("the following arguments are required: command")
        }
        return CommandLineOptions(
            command: command, services: services.map(\.text), all: all,
            pgdir: parsed.values["pgdir"], pghome: parsed.values["pghome"], config: parsed.values["config"],
            json: parsed.flag("json"), verbose: parsed.flag("verbose"), noForce: parsed.flag("no_force"),
            force: parsed.flag("force"), log: try logOptions(from: parsed, command: command))
    }

    /// `pgctl log`'s options, checked: `-n` a whole number ≥ 0, `--since` a duration or a
    /// local time, not both `-f` and `--no-follow`, none of them with another command.
    private static func logOptions(from parsed: ParsedArguments, command: PgctlCommand) throws(ArgumentError) -> LogOptions {
        var options = LogOptions(merge: parsed.flag("merge"), json: command == .log && parsed.flag("json"))
        if let text = parsed.values["lines"] {
            guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let count = Int(text) else {
                throw ArgumentError("argument -n/--lines: invalid non-negative integer value: \(PythonRepr.of(text))")
            }
            options.lines = count
        }
        if let text = parsed.values["since"] {
            guard let since = LogSince.parse(text) else {
                throw ArgumentError("argument --since: invalid time value: \(PythonRepr.of(text)) "
                    + "(expected a duration such as 90s, 5m, 2h, 1d, or YYYY-MM-DD HH:MM[:SS])")
            }
            options.since = since
        }
        if parsed.flag("follow") && parsed.flag("no_follow") {
            throw ArgumentError("argument --no-follow: not allowed with argument -f/--follow")
        }
        if parsed.flag("follow") { options.follow = true }
        if parsed.flag("no_follow") { options.follow = false }
        if command != .log {
            for spec in logOptions where parsed.flag(spec.key) || parsed.values[spec.key] != nil {
                throw ArgumentError("argument \(spec.displayName): only allowed with the log command")
            }
        }
        return options
    }
}
