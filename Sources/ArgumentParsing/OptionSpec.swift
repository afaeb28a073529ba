/// One optional argument of a parser, as argparse's `add_argument('-a', '--all', ...)`
/// declares it.
public struct OptionSpec: Sendable, Equatable {
    /// What giving the option does.
    public enum Action: Sendable, Equatable {
        /// Takes no value; records that the option was given (`store_true`, `store_const`).
        case flag
        /// Takes exactly one value (`nargs=None`); given twice, the last value wins.
        case value(metavar: String)
        /// Stops parsing: the caller prints its help text (argparse's `help` action).
        case help
        /// Stops parsing: the caller prints its version (argparse's `version` action).
        case version
    }

    /// The key the parsed value is stored under (argparse's `dest`).
    public let key: String
    /// Every spelling, in declaration order (`["--all", "-a"]`): messages join them with `/`.
    public let names: [String]
    /// What the option does.
    public let action: Action
    /// The accepted values of a ``Action/value(metavar:)`` option, in the order messages list
    /// them (argparse's `choices`), or nil for any value.
    public let choices: [String]?

    /// Declares an option with its spellings; each starts with `-`.
    public init(_ key: String, names: [String], action: Action, choices: [String]? = nil) {
        precondition(!names.isEmpty && names.allSatisfy { $0.count > 1 && $0.hasPrefix("-") },
                     "option names start with '-' and have at least one more character")
        self.key = key
        self.names = names
        self.action = action
        self.choices = choices
    }

    /// How argparse names the option in error messages: its spellings joined with `/`.
    public var displayName: String { names.joined(separator: "/") }

    /// How many words the option consumes after its name (argparse's `nargs`: 0 or 1).
    var valueCount: Int {
        if case .value = action { return 1 }
        return 0
    }
}
