/// One positional argument of a parser, as argparse's `add_argument('name', nargs=...)`
/// declares it.
public struct PositionalSpec: Sendable, Equatable {
    /// How many words the positional takes (argparse's `nargs`).
    public enum Count: Sendable, Equatable {
        /// Exactly one word (`nargs=None`); required.
        case one
        /// Any number of words, none included (`nargs='*'`); optional.
        case zeroOrMore
        /// At least one word (`nargs='+'`); required.
        case oneOrMore
    }

    /// The name used in messages and as the key of the parsed words (argparse's `dest`).
    public let name: String
    /// How many words it takes.
    public let count: Count
    /// The accepted words, in the order messages list them (argparse's `choices`), or nil.
    public let choices: [String]?

    /// Declares a positional.
    public init(_ name: String, count: Count = .one, choices: [String]? = nil) {
        self.name = name
        self.count = count
        self.choices = choices
    }

    /// The fewest words it accepts.
    var minimum: Int { count == .zeroOrMore ? 0 : 1 }

    /// The most words it accepts (nil: no limit).
    var maximum: Int? { count == .one ? 1 : nil }
}
