/// A command-line option letter with its argument, as returned by ``OptionParser``.
public struct ParsedOption: Equatable, Sendable {
    /// The option letter (an ASCII byte), e.g. `u` for `-u`.
    public var letter: Character
    /// The option's argument, for letters declared with a `:` in the specification.
    public var argument: String?

    /// Creates an option.
    public init(_ letter: Character, _ argument: String? = nil) {
        self.letter = letter
        self.argument = argument
    }
}

/// Why the command line could not be parsed. The s6 tools answer both with their usage
/// message and exit code 100.
public enum OptionError: Error, Equatable, Sendable {
    /// A letter that is not in the specification, e.g. `-Z`.
    case unknownOption(Character)
    /// An option that takes an argument came last, e.g. `s6-svstat -o`.
    case missingArgument(Character)
}

/// A POSIX `getopt`-style parser with skalibs' `subgetopt` conventions, which every s6 tool
/// uses:
///
/// * options come first; the first argument that does not start with `-`, or is exactly `-`,
///   ends them (no permutation: `s6-svstat dir -u` treats `-u` as an operand);
/// * `--` ends the options and is skipped;
/// * letters may be clustered (`-uwN`); an option taking an argument takes the rest of its
///   cluster (`-ofoo`) or else the next argument, whatever it looks like (`-o -u`).
///
/// Options are returned one at a time so a tool can act on each as it comes, as s6's tools
/// do: `s6-svc -<63 letters> -Z` reports "too many commands", not the bad option.
public struct OptionParser: Sendable {
    /// Letters taking no argument.
    private let flags: Set<UInt8>
    /// Letters taking an argument.
    private let withArgument: Set<UInt8>
    private let arguments: [String]
    /// Index of the argument being read.
    private var index = 0
    /// Position inside a cluster (0 when between arguments).
    private var offset = 0
    private var finished = false

    /// Creates a parser over `arguments` (without the program name) for the getopt
    /// specification `spec`, e.g. `"uwNrpesto:n"`: each letter is an option, a letter followed
    /// by `:` takes an argument.
    public init(arguments: [String], spec: String) {
        var flags = Set<UInt8>(), withArgument = Set<UInt8>()
        let bytes = Array(spec.utf8)
        var i = 0
        while i < bytes.count {
            if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: ":") {
                withArgument.insert(bytes[i])
                i += 2
            } else {
                flags.insert(bytes[i])
                i += 1
            }
        }
        self.flags = flags
        self.withArgument = withArgument
        self.arguments = arguments
    }

    /// The next option, or nil once the options are over (then read ``operands``).
    public mutating func next() throws(OptionError) -> ParsedOption? {
        if finished { return nil }
        if offset == 0 {
            guard index < arguments.count else { finished = true; return nil }
            let argument = Array(arguments[index].utf8)
            if argument == [UInt8(ascii: "-"), UInt8(ascii: "-")] {
                index += 1
                finished = true
                return nil
            }
            guard argument.count >= 2, argument[0] == UInt8(ascii: "-") else {
                finished = true
                return nil
            }
            offset = 1
        }
        let cluster = Array(arguments[index].utf8)
        let letter = cluster[offset]
        let character = Character(Unicode.Scalar(letter))
        offset += 1
        let clusterEnded = offset >= cluster.count
        if flags.contains(letter) {
            if clusterEnded { advance() }
            return ParsedOption(character)
        }
        guard withArgument.contains(letter) else {
            if clusterEnded { advance() }
            throw .unknownOption(character)
        }
        if !clusterEnded {
            let value = String(decoding: cluster[offset...], as: UTF8.self)
            advance()
            return ParsedOption(character, value)
        }
        advance()
        guard index < arguments.count else { throw .missingArgument(character) }
        let value = arguments[index]
        index += 1
        return ParsedOption(character, value)
    }

    /// The arguments left after the options (valid once ``next()`` returned nil).
    public var operands: ArraySlice<String> { arguments[min(index, arguments.count)...] }

    private mutating func advance() {
        index += 1
        offset = 0
    }
}

/// Parses an unsigned decimal number the way skalibs' `uint0_scan` does for s6's timeout
/// options: digits only (no sign, no spaces, leading zeros allowed), at least one, and the
/// value must fit in 32 bits. Nil otherwise.
public func parseUnsigned32(_ text: String) -> UInt32? {
    let digits = Array(text.utf8)
    guard !digits.isEmpty else { return nil }
    var value: UInt64 = 0
    for digit in digits {
        guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + UInt64(digit - UInt8(ascii: "0"))
        if value > UInt64(UInt32.max) { return nil }
    }
    return UInt32(value)
}

extension OptionParser {
    /// ``next()`` for the s6 tools, where every parsing error is a usage error (exit 100).
    public mutating func nextOption() throws(ToolFailure) -> ParsedOption? {
        do {
            return try next()
        } catch {
            throw .usage
        }
    }
}
