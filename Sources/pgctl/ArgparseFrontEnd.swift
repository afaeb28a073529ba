import ArgumentParser
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

/// Reads pgctl's command line with swift-argument-parser, adding what Python's argparse did
/// for 5.2.1 so that behaviour and messages match: options anywhere, unique prefixes of long
/// options (`--verb`), `--` ending options, and argparse's error texts.
enum ArgparseFrontEnd {
    /// Long options and whether each takes a value (`--force` is hidden but accepted).
    static let longOptions: [String: Bool] = [
        "--help": false, "--version": false, "--verbose": false, "--pgdir": true, "--pghome": true,
        "--json": false, "--no-force": false, "--force": false, "--config": true, "--all": false,
    ]

    static func parse(_ arguments: [String]) -> ParsedCommandLine {
        var prepared: [String] = []
        var afterTerminator: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                afterTerminator = Array(arguments[index...])
                break
            }
            if argument == "-h" { return .help }
            guard argument.hasPrefix("--") else {
                prepared.append(argument)
                continue
            }
            let (given, value) = splitExplicitValue(argument)
            let name: String
            switch expand(given) {
            case .unknown:
                prepared.append(argument)
                continue
            case .ambiguous(let candidates):
                return .usageError("ambiguous option: \(given) could match \(candidates.joined(separator: ", "))")
            case .option(let full): name = full
            }
            if name == "--help" { return .help }
            if name == "--version" { return .version }
            let takesValue = longOptions[name] ?? false
            if !takesValue, let value {
                return .usageError("argument \(name): ignored explicit argument '\(value)'")
            }
            if takesValue && value == nil {
                guard index < arguments.count, !looksLikeOption(arguments[index]) else {
                    return .usageError("argument \(name): expected one argument")
                }
                prepared += [name, arguments[index]]
                index += 1
                continue
            }
            prepared.append(value.map { "\(name)=\($0)" } ?? name)
        }

        let parsed: PgctlArguments
        do {
            parsed = try PgctlArguments.parse(prepared)
        } catch {
            return .usageError(PgctlArguments.message(for: error))
        }
        if parsed.help { return .help }
        if parsed.version { return .version }
        return interpret(parsed, afterTerminator: afterTerminator)
    }

    /// Splits the command word, the services and argparse's "unrecognized arguments".
    private static func interpret(_ parsed: PgctlArguments, afterTerminator: [String]) -> ParsedCommandLine {
        var positionals: [String] = []
        var unrecognized: [String] = []
        var extraServices: [String] = []
        for word in parsed.words {
            if looksLikeOption(word) {
                unrecognized.append(word)
            } else {
                positionals.append(word)
                if positionals.count > 1 && parsed.all { unrecognized.append(word) }
            }
        }
        for word in afterTerminator {
            positionals.append(word)
            if positionals.count > 1 && parsed.all { extraServices.append(word) }
        }
        guard let command = positionals.first else {
            return .usageError("the following arguments are required: command")
        }
        guard Usage.commands.contains(command) else {
            let choices = Usage.commands.map { "'\($0)'" }.joined(separator: ", ")
            return .usageError("argument command: invalid choice: '\(command)' (choose from \(choices))")
        }
        unrecognized += extraServices
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
