/// How argparse reads one command-line word before any is consumed (`_parse_optional` and
/// `_get_option_tuples` in Python 3.11's argparse).
enum WordKind: Equatable {
    /// A positional word (or an option's value, decided later).
    case argument
    /// An option the parser knows, as spelled, with a value given in the same word
    /// (`--pgdir=x`, or the rest of a short cluster `-ah`).
    case option(OptionSpec, spelling: String, attached: String?)
    /// An option-looking word the parser does not know (an "unrecognized argument").
    case unknown
    /// The first `--`: every later word is positional.
    case endOfOptions
}

/// Classifies words with argparse's rules:
/// - an empty word, a word not starting with `-`, and `-` alone are positional;
/// - an exact spelling is that option; `--name=value` is `--name` with a value;
/// - a long word is the option it is the only prefix of (`allow_abbrev`), and ambiguous
///   when it is a prefix of several;
/// - `-xrest` is the short option `-x` followed by `rest` (a value, or more short flags);
/// - a word that looks like a negative number (`-1`, `-.5`, `-2.0`) is positional unless
///   some option itself looks like one;
/// - any other word containing a space is positional; the rest are unknown options.
struct WordClassifier {
    /// The options by spelling, and every spelling in declaration order.
    private let bySpelling: [String: OptionSpec]
    private let spellings: [String]
    private let hasNegativeNumberOptions: Bool

    init(options: [OptionSpec]) {
        var bySpelling: [String: OptionSpec] = [:]
        var spellings: [String] = []
        for option in options {
            for name in option.names where bySpelling[name] == nil {
                bySpelling[name] = option
                spellings.append(name)
            }
        }
        self.bySpelling = bySpelling
        self.spellings = spellings
        hasNegativeNumberOptions = spellings.contains(where: Self.looksLikeNegativeNumber)
    }

    /// The option spelled exactly `spelling`.
    func option(spelled spelling: String) -> OptionSpec? { bySpelling[spelling] }

    /// What `word` is; throws argparse's "ambiguous option" error.
    func classify(_ word: String) throws(ArgumentError) -> WordKind {
        guard word.hasPrefix("-") else { return .argument }
        if let option = bySpelling[word] { return .option(option, spelling: word, attached: nil) }
        if word.count == 1 { return .argument }
        if let equals = word.firstIndex(of: "="), let option = bySpelling[String(word[..<equals])] {
            return .option(option, spelling: String(word[..<equals]), attached: String(word[word.index(after: equals)...]))
        }
        let candidates = candidates(for: word)
        if candidates.count > 1 {
            let names = candidates.map(\.spelling).joined(separator: ", ")
            throw ArgumentError("ambiguous option: \(word) could match \(names)")
        }
        if let only = candidates.first { return WordKind(only) }
        if Self.looksLikeNegativeNumber(word) && !hasNegativeNumberOptions { return .argument }
        if word.contains(" ") { return .argument }
        return .unknown
    }

    /// argparse's `_get_option_tuples`: the options `word` may abbreviate, in declaration order.
    private func candidates(for word: String) -> [(option: OptionSpec, spelling: String, attached: String?)] {
        var result: [(option: OptionSpec, spelling: String, attached: String?)] = []
        if word.hasPrefix("--") {
            let prefix: String
            let attached: String?
            if let equals = word.firstIndex(of: "=") {
                prefix = String(word[..<equals])
                attached = String(word[word.index(after: equals)...])
            } else {
                prefix = word
                attached = nil
            }
            for spelling in spellings where spelling.hasPrefix(prefix) {
                result.append((bySpelling[spelling]!, spelling, attached))
            }
        } else {
            let short = String(word.prefix(2))
            let rest = String(word.dropFirst(2))
            for spelling in spellings {
                if spelling == short {
                    result.append((bySpelling[spelling]!, spelling, rest))
                } else if spelling.hasPrefix(word) {
                    result.append((bySpelling[spelling]!, spelling, nil))
                }
            }
        }
        return result
    }

    /// argparse's `_negative_number_matcher`, `^-\d+$|^-\d*\.\d+$` (Python's `\d` is any
    /// Unicode decimal digit, and `$` also matches before a final newline).
    static func looksLikeNegativeNumber(_ word: String) -> Bool {
        var scalars = Array(word.unicodeScalars)
        guard scalars.first == "-" else { return false }
        scalars.removeFirst()
        if scalars.last == "\n" { scalars.removeLast() }
        let isDigit = { (scalar: Unicode.Scalar) in scalar.properties.numericType == .decimal }
        if let dot = scalars.firstIndex(of: ".") {
            let whole = scalars[..<dot]
            let fraction = scalars[(dot + 1)...]
            return whole.allSatisfy(isDigit) && !fraction.isEmpty && fraction.allSatisfy(isDigit)
        }
        return !scalars.isEmpty && scalars.allSatisfy(isDigit)
    }
}

extension WordKind {
    /// Builds the `.option` case from a candidate tuple.
    fileprivate init(_ candidate: (option: OptionSpec, spelling: String, attached: String?)) {
        self = .option(candidate.option, spelling: candidate.spelling, attached: candidate.attached)
    }
}
