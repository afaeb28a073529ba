/// One command-line word and where it was (0 = the first word after the program name).
public struct Word: Sendable, Equatable {
    /// The word as given.
    public let text: String
    /// Its position among the arguments.
    public let index: Int

    /// Pairs a word with its position.
    public init(_ text: String, at index: Int) {
        self.text = text
        self.index = index
    }
}

/// What a successful parse found: options by key, positional words by name, and the
/// option-looking words no option matched (argparse's "extras").
public struct ParsedArguments: Sendable, Equatable {
    /// Keys of the ``OptionSpec/Action/flag`` options given.
    public var flags: Set<String> = []
    /// Values of the ``OptionSpec/Action/value(metavar:)`` options given (the last one wins).
    public var values: [String: String] = [:]
    /// Words of each positional, by name, in order (absent: none given).
    public var positionals: [String: [Word]] = [:]
    /// Words left over: unknown options and positional words no positional took.
    public var unrecognized: [Word] = []

    /// Whether the flag with `key` was given.
    public func flag(_ key: String) -> Bool { flags.contains(key) }

    /// The texts of positional `name` (empty when none were given).
    public func words(of name: String) -> [String] { positionals[name, default: []].map(\.text) }

    /// argparse's final check: `unrecognized arguments: ...` listing ``unrecognized`` and
    /// `alsoRefused`, in command-line order.
    public func checkAllRecognized(alsoRefused: [Word] = []) throws(ArgumentError) {
        let refused = (unrecognized + alsoRefused).sorted { $0.index < $1.index }
        guard !refused.isEmpty else { return }
        throw ArgumentError("unrecognized arguments: " + refused.map(\.text).joined(separator: " "))
    }
}
