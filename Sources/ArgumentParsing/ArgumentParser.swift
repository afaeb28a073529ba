/// An argparse-compatible parser for one program: the options and positionals of
/// `argparse.ArgumentParser` with `allow_abbrev=True`, read as `parse_intermixed_args` reads
/// them (options and positionals in any order). See ``parse(_:)`` for the rules.
public struct ArgumentParser: Sendable {
    /// What the command line asks for.
    public enum Outcome: Sendable, Equatable {
        /// Run with these arguments (``ParsedArguments/unrecognized`` still to be checked
        /// with ``ParsedArguments/checkAllRecognized(alsoRefused:)``).
        case parsed(ParsedArguments)
        /// A ``OptionSpec/Action/help`` option was reached: print the help, exit 0.
        case help
        /// A ``OptionSpec/Action/version`` option was reached: print the version, exit 0.
        case version
    }

    /// The options, in declaration order (messages list candidates in this order).
    public let options: [OptionSpec]
    /// The positionals, in the order they take words.
    public let positionals: [PositionalSpec]

    /// Declares a parser.
    public init(options: [OptionSpec], positionals: [PositionalSpec]) {
        self.options = options
        self.positionals = positionals
    }

    /// Parses `arguments` (without the program name) as argparse does, in its order:
    /// 1. every word before the first `--` is classified (an ambiguous abbreviation fails here,
    ///    whatever comes before it);
    /// 2. options are consumed left to right: a value option takes the attached value or the
    ///    next word if that is positional-looking (else `expected one argument`), and a value
    ///    outside the option's choices is `invalid choice`; a short flag
    ///    followed by more letters is a cluster (`-ah`), each letter a short flag, or
    ///    `ignored explicit argument`; a flag given a value (`--json=x`) is refused the same way;
    ///    help and version end parsing when reached, after the cluster they are in is read;
    /// 3. the remaining words (all words after the first `--`) go to the positionals in order;
    ///    a word outside a positional's choices is `invalid choice`, missing required ones are
    ///    `the following arguments are required`; words beyond them are unrecognized.
    public func parse(_ arguments: [String]) throws(ArgumentError) -> Outcome {
        let classifier = WordClassifier(options: options)
        let end = arguments.firstIndex(of: "--") ?? arguments.count
        var kinds: [WordKind] = []
        for word in arguments[..<end] { kinds.append(try classifier.classify(word)) }
        if end < arguments.count {
            kinds.append(.endOfOptions)
            kinds += Array(repeating: .argument, count: arguments.count - end - 1)
        }
        let words = arguments.enumerated().map { Word($0.element, at: $0.offset) }

        var result = ParsedArguments()
        var loose: [Word] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            switch kinds[index] {
            case .argument:
                loose.append(word)
                index += 1
            case .unknown:
                result.unrecognized.append(word)
                index += 1
            case .endOfOptions:
                index += 1
            case .option(let option, let spelling, let attached):
                let next = index + 1 < words.count ? (words[index + 1], kinds[index + 1]) : nil
                let reading = try OptionReading.read(option, spelling: spelling, attached: attached,
                                                     next: next, classifier: classifier)
                for (taken, value) in reading.actions {
                    switch taken.action {
                    case .help: return .help
                    case .version: return .version
                    case .flag: result.flags.insert(taken.key)
                    case .value:
                        if let choices = taken.choices, let value, !choices.contains(value) {
                            throw ArgumentError.invalidChoice(taken.displayName, value, choices: choices)
                        }
                        result.values[taken.key] = value
                    }
                }
                index += 1 + reading.wordsConsumed
            }
        }
        try PositionalAssignment(positionals).assign(loose, to: &result)
        return .parsed(result)
    }

    /// The option `word` stands for, read as ``parse(_:)`` reads each word before consuming
    /// any — an exact spelling, the unique long option it abbreviates, `--name=value`, `-xREST`
    /// — with the text attached to it in the same word, if any; nil for a positional word, an
    /// unknown option or an ambiguous abbreviation. For reading a half-typed command line
    /// leniently (shell completion), with the same rules as the parser.
    public func option(named word: String) -> (option: OptionSpec, attached: String?)? {
        guard case .option(let option, _, let attached)? = try? WordClassifier(options: options).classify(word) else {
            return nil
        }
        return (option, attached)
    }
}
