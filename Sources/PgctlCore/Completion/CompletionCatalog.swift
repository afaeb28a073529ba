import ArgumentParsing

/// What shell completion knows about pgctl's command line, read from its single sources:
/// the commands (``PgctlCommand``: names, summaries, operands, command-specific options) and
/// the option table (``PgctlCommandLine/options``). An option or command added there is in
/// every completion script without another edit.
public struct CompletionCatalog: Sendable {
    /// One command.
    public struct Command: Sendable, Equatable {
        /// The command word.
        public let name: String
        /// Its one-line description.
        public let summary: String
        /// What its operands are.
        public let operands: CommandOperands
    }

    /// What to offer as the value of an option.
    public enum ValueKind: Sendable, Equatable {
        /// The option takes no value.
        case none
        /// A directory path.
        case directory
        /// A file path.
        case file
        /// Free text: nothing to offer.
        case text
        /// One of these words (the option's argparse `choices`).
        case choices([String])
    }

    /// One option.
    public struct Option: Sendable, Equatable {
        /// The key it is parsed into.
        public let key: String
        /// Every spelling, in declaration order.
        public let names: [String]
        /// What its value is.
        public let value: ValueKind
        /// The help text's description (empty when the help has none).
        public let description: String
        /// The commands it goes with; nil for every command.
        public let commands: [String]?
        /// Left out of help and completion (still read, and still counted when abbreviations
        /// are matched).
        public let hidden: Bool

        /// Whether the option takes a value (the next word, or `=value`).
        public var takesValue: Bool { value != .none }

        /// Whether the option goes with `command` (nil: no command typed yet, so any option).
        public func applies(to command: String?) -> Bool {
            guard let command, let commands else { return true }
            return commands.contains(command)
        }
    }

    /// The commands, in usage order.
    public let commands: [Command]
    /// The options in declaration order, hidden ones included (``options(for:)`` leaves
    /// them out).
    public let options: [Option]
    /// The parser whose rules (abbreviations, attached values) typed words are read with.
    private let parser: ArgumentParser

    /// pgctl's catalog; `descriptions` maps an option spelling to its help line
    /// (``OptionHelpText/descriptions(in:)`` reads them from the `--help` text).
    public static func pgctl(descriptions: [String: String] = [:]) -> CompletionCatalog {
        let commands = PgctlCommand.allCases.map {
            Command(name: $0.rawValue, summary: $0.summary, operands: $0.operands)
        }
        var scopes: [String: [String]] = [:]
        for command in PgctlCommand.allCases {
            for key in command.specificOptions { scopes[key, default: []].append(command.rawValue) }
        }
        let options = PgctlCommandLine.options.map { spec in
            Option(key: spec.key, names: spec.names, value: valueKind(of: spec),
                   description: spec.names.lazy.compactMap { descriptions[$0] }.first ?? "",
                   commands: scopes[spec.key], hidden: PgctlCommandLine.hiddenOptionKeys.contains(spec.key))
        }
        return CompletionCatalog(commands: commands, options: options, parser: PgctlCommandLine.parser)
    }

    /// The options that take paths, by key; any other value option takes free text.
    static let pathOptions: [String: ValueKind] = ["pgdir": .directory, "pghome": .directory, "config": .file]

    private static func valueKind(of spec: OptionSpec) -> ValueKind {
        guard case .value = spec.action else { return .none }
        if let choices = spec.choices { return .choices(choices) }
        return pathOptions[spec.key] ?? .text
    }

    /// The options offered after `command` (nil: before any command), hidden ones left out.
    public func options(for command: String?) -> [Option] {
        options.filter { !$0.hidden && $0.applies(to: command) }
    }

    /// The command `word` names, if it is one.
    public func command(named word: String) -> Command? {
        commands.first { $0.name == word }
    }

    /// The option a typed word stands for when that option takes its value from the next
    /// word, by argparse's rules (``ArgumentParser/option(named:)``): an exact spelling
    /// (`--pgdir`, `-n`) or an unambiguous abbreviation (`--pgd`). A word with the value
    /// attached (`--pgdir=x`) takes nothing from the next word, so it is not one.
    public func optionTakingNextWord(_ word: String) -> Option? {
        guard let (spec, attached) = parser.option(named: word), attached == nil,
              let option = options.first(where: { $0.key == spec.key }), option.takesValue else { return nil }
        return option
    }

    /// Every word ``optionTakingNextWord(_:)`` accepts for a visible option, for scripts
    /// that match words with a list: the exact spellings and each abbreviation, sorted.
    public var wordsTakingNextWord: [String] {
        var words: Set<String> = []
        for option in options where option.takesValue && !option.hidden {
            for name in option.names {
                words.insert(name)
                guard name.hasPrefix("--") else { continue }
                var prefix = "--"
                for character in name.dropFirst(2) {
                    prefix.append(character)
                    if optionTakingNextWord(prefix)?.key == option.key { words.insert(prefix) }
                }
            }
        }
        return words.sorted()
    }

    /// The value options users see, each with the words that stand for it and take the next
    /// word as its value (``wordsTakingNextWord``), for the scripts' `case` lists.
    public var valueOptionWords: [(option: Option, words: [String])] {
        let words = wordsTakingNextWord
        return options.filter { $0.takesValue && !$0.hidden }.compactMap { option in
            let own = words.filter { optionTakingNextWord($0)?.key == option.key }
            return own.isEmpty ? nil : (option, own)
        }
    }

    /// The value option a word is, with the value attached to it (`--pgdir=x`, `--pgd=x`,
    /// `-nVALUE`), as argparse reads it; nil when the word is anything else.
    public func optionWithAttachedValue(_ word: String) -> (option: Option, value: String)? {
        guard let (spec, attached) = parser.option(named: word), let attached,
              let option = options.first(where: { $0.key == spec.key }), option.takesValue else { return nil }
        return (option, attached)
    }
}
