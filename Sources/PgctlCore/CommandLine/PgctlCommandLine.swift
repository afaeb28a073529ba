import ArgumentParsing
import SuperviseStatus

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
    ] + waitOptions + logOptions

    /// `wait`'s options (issue 13), refused with any other command (``checkCommandSpecificOptions(_:command:)``).
    static let waitOptions: [OptionSpec] = [
        OptionSpec("wait_for", names: ["--for"], action: .value(metavar: "{ready,up,down}"),
                   choices: WaitTarget.allCases.map(\.rawValue)),
        OptionSpec("wait_timeout", names: ["--timeout"], action: .value(metavar: "SECONDS")),
    ]

    /// `pgctl log`'s options (issue 13), refused with any other command (``checkCommandSpecificOptions(_:command:)``).
    static let logOptions: [OptionSpec] = [
        OptionSpec("lines", names: ["-n", "--lines"], action: .value(metavar: "N")),
        OptionSpec("merge", names: ["-m", "--merge"], action: .flag),
        OptionSpec("follow", names: ["-f", "--follow"], action: .flag),
        OptionSpec("no_follow", names: ["--no-follow"], action: .flag),
        OptionSpec("since", names: ["--since"], action: .value(metavar: "WHEN")),
    ]

    /// The options left out of the help and of shell completion (argparse's `SUPPRESS`):
    /// `--force`, accepted and ignored as 5.2.1 did.
    static let hiddenOptionKeys: Set<String> = ["force"]

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
        // `completion` takes one shell name, checked as an argparse positional with choices.
        if command.operands == .shellName { _ = try CompletionShell.parse(services.map(\.text)) }
        var options = CommandLineOptions(
            command: command, services: services.map(\.text), all: all,
            pgdir: parsed.values["pgdir"], pghome: parsed.values["pghome"], config: parsed.values["config"],
            json: parsed.flag("json"), verbose: parsed.flag("verbose"), noForce: parsed.flag("no_force"),
            force: parsed.flag("force"), log: try logOptions(from: parsed, command: command))
        try checkCommandSpecificOptions(parsed, command: command)
        try readWaitOptions(parsed, into: &options)
        return options
    }

    /// Refuses an option that only some commands take (``PgctlCommand/specificOptions``) given
    /// with another command. `--json`, accepted by every command in 5.2.1, is not refused.
    private static func checkCommandSpecificOptions(_ parsed: ParsedArguments, command: PgctlCommand) throws(ArgumentError) {
        let takers = Dictionary(grouping: PgctlCommand.allCases.flatMap { taker in taker.specificOptions.map { ($0, taker) } },
                                by: \.0).mapValues { $0.map(\.1.rawValue) }
        for spec in waitOptions + logOptions where parsed.flag(spec.key) || parsed.values[spec.key] != nil {
            guard !command.specificOptions.contains(spec.key) else { continue }
            let only = takers[spec.key, default: []].map { "'\($0)'" }.joined(separator: ", ")
            throw ArgumentError("argument \(spec.displayName): not allowed with command '\(command.rawValue)' (only with \(only))")
        }
    }

    /// `--for` (its choices were checked by the parser) and `--timeout` (through
    /// ``SecondsText``, as argparse would through a `type` function), taken only by `wait`.
    private static func readWaitOptions(_ parsed: ParsedArguments, into options: inout CommandLineOptions) throws(ArgumentError) {
        if let text = parsed.values["wait_timeout"] {
            do {
                options.waitTimeout = try SecondsText.parse(text)
            } catch {
                throw ArgumentError.invalidValue("--timeout", text, error.description)
            }
        }
        options.waitFor = parsed.values["wait_for"].flatMap(WaitTarget.init(rawValue:))
    }

    /// `pgctl log`'s options, checked: `-n` a whole number ≥ 0, `--since` a duration or a
    /// local time, not both `-f` and `--no-follow`.
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
        return options
    }
}
