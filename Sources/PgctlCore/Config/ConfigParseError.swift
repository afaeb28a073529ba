/// Why a configuration file could not be read, without the file name (the reader adds it):
/// `line 3, column 7: mapping values are not allowed in this context`.
public struct ConfigParseError: Error, Equatable, CustomStringConvertible {
    /// What is wrong, with the position when the parser knows it.
    public var message: String

    /// Creates an error with a message.
    public init(_ message: String) { self.message = message }

    /// Creates an error at a 1-based line and column.
    public init(line: Int, column: Int? = nil, _ problem: String) {
        if let column {
            message = "line \(line), column \(column): \(problem)"
        } else {
            message = "line \(line): \(problem)"
        }
    }

    /// The message.
    public var description: String { message }
}
