import PgctlCore

/// The outcome of reading pgctl's command line.
enum ParsedCommandLine: Equatable {
    /// Run a command.
    case run(CommandLineOptions)
    /// `-h`/`--help`: print ``Usage/help`` to stdout, exit 0.
    case help
    /// `--version`: print the version to stdout, exit 0.
    case version
    /// A usage error: usage and `pgctl: error: <message>` on stderr, exit 2.
    case usageError(String)
}

/// Reads pgctl's command line the way Python's argparse read 5.2.1's, so behaviour and
/// messages match: options anywhere, unique prefixes of long options (`--verb`), clustered
/// short flags (`-ah`), `--` ending options, and argparse's error texts and exit status 2.
///
/// This front end splits the words into options, positionals and unknown options;
/// ``PgctlArguments`` then decodes the options it is handed. (swift-argument-parser did that
/// part once; its reflection-based set-up cost ≈ 1.5 ms per run, a third of `pgctl status`.)
enum ArgparseFrontEnd {
    /// Long options and whether each takes a value (`--force` is hidden but accepted).
    static let longOptions: [String: Bool] = [
        "--help": false, "--version": false, "--verbose": false, "--pgdir": true, "--pghome": true,
        "--json": false, "--no-force": false, "--force": false, "--config": true, "--all": false,
    ]

    /// Short flags and their long names.
    static let shortFlags: [Character: String] = ["h": "--help", "a": "--all"]

    /// How argparse names an option in messages (all its spellings).
    static let displayNames = ["--help": "-h/--help", "--all": "--all/-a"]

    /// A word that is not an option pgctl knows.
    private enum Word { case positional(String), unknown(String) }

    /// What the first pass found.
    private struct Split {
        var options: [String] = []
        var words: [Word] = []
    }

    static func parse(_ arguments: [String]) -> ParsedCommandLine {
        let split: Split
        do {
            split = try splitOptions(arguments)
        } catch {
            return error.outcome
        }
        let parsed = PgctlArguments(canonical: split.options)
        if parsed.help { return .help }
        if parsed.version { return .version }
        return interpret(parsed, words: split.words)
    }

    /// An early outcome (help, version or an error) found while splitting.
    private struct Early: Error {
        let outcome: ParsedCommandLine
        init(_ outcome: ParsedCommandLine) { self.outcome = outcome }
    }

    /// Separates known options (canonical spelling, values attached) from other words.
    private static func splitOptions(_ arguments: [String]) throws(Early) -> Split {
        var split = Split()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                split.words += arguments[index...].map(Word.positional)
                break
            }
            if argument.hasPrefix("--") {
                let (given, value) = splitExplicitValue(argument)
                let name: String
                switch expand(given) {
                case .unknown:
                    split.words.append(.unknown(argument))
                    continue
                case .ambiguous(let candidates):
                    throw Early(.usageError(
                        "ambiguous option: \(given) could match \(candidates.joined(separator: ", "))"))
                case .option(let full): name = full
                }
                if name == "--help" { throw Early(.help) }
                if name == "--version" { throw Early(.version) }
                if longOptions[name] == true {
                    let optionValue: String
                    if let value {
                        optionValue = value
                    } else {
                        guard index < arguments.count, !looksLikeOption(arguments[index]) else {
                            throw Early(.usageError("argument \(name): expected one argument"))
                        }
                        optionValue = arguments[index]
                        index += 1
                    }
                    split.options += optionValue.isEmpty ? [name, ""] : ["\(name)=\(optionValue)"]
                } else if let value {
                    throw Early(.usageError(
                        "argument \(displayName(name)): ignored explicit argument '\(value)'"))
                } else {
                    split.options.append(name)
                }
                continue
            }
            guard looksLikeOption(argument) else {
                split.words.append(.positional(argument))
                continue
            }
            // A cluster of short flags, e.g. `-a` or `-ah`.
            let letters = Array(argument.dropFirst())
            guard let first = shortFlags[letters[0]] else {
                split.words.append(.unknown(argument))
                continue
            }
            var flags = [first]
            for (offset, letter) in letters.enumerated().dropFirst() {
                guard let flag = shortFlags[letter] else {
                    let rest = String(letters[offset...])
                    throw Early(.usageError(
                        "argument \(displayName(flags.last ?? first)): ignored explicit argument '\(rest)'"))
                }
                flags.append(flag)
            }
            if flags.contains("--help") { throw Early(.help) }
            split.options += flags
        }
        return split
    }

    /// Splits the command word, the services and argparse's "unrecognized arguments".
    private static func interpret(_ parsed: PgctlArguments, words: [Word]) -> ParsedCommandLine {
        var positionals: [String] = []
        var unrecognized: [String] = []
        for word in words {
            switch word {
            case .unknown(let text): unrecognized.append(text)
            case .positional(let text):
                positionals.append(text)
                if positionals.count > 1 && parsed.all { unrecognized.append(text) }
            }
        }
        guard let command = positionals.first else {
            return .usageError("the following arguments are required: command")
        }
        guard Usage.commands.contains(command) else {
            let choices = Usage.commands.map { "'\($0)'" }.joined(separator: ", ")
            return .usageError("argument command: invalid choice: '\(command)' (choose from \(choices))")
        }
        if !unrecognized.isEmpty {
            return .usageError("unrecognized arguments: \(unrecognized.joined(separator: " "))")
        }
        return .run(CommandLineOptions(
            command: command, services: Array(positionals.dropFirst()), all: parsed.all,
            pgdir: parsed.pgdir, pghome: parsed.pghome, config: parsed.config, json: parsed.json,
            verbose: parsed.verbose, noForce: parsed.noForce, force: parsed.force))
    }

    private enum Expansion { case option(String), ambiguous([String]), unknown }

    /// An exact long option, or the only one it is a prefix of (argparse's `allow_abbrev`).
    private static func expand(_ given: String) -> Expansion {
        if longOptions[given] != nil { return .option(given) }
        let candidates = longOptions.keys.filter { $0.hasPrefix(given) }.sorted()
        switch candidates.count {
        case 0: return .unknown
        case 1: return .option(candidates[0])
        default: return .ambiguous(candidates)
        }
    }

    private static func displayName(_ name: String) -> String { displayNames[name] ?? name }

    private static func splitExplicitValue(_ argument: String) -> (String, String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    /// argparse's notion of an option-looking word: starts with `-`, is not `-` alone and is
    /// not a negative number.
    static func looksLikeOption(_ word: String) -> Bool {
        guard word.hasPrefix("-"), word != "-" else { return false }
        return !isNegativeNumber(word)
    }

    private static func isNegativeNumber(_ word: String) -> Bool {
        let body = word.dropFirst()
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else { return false }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return true
        case 2: return !parts[1].isEmpty
        default: return false
        }
    }
}
