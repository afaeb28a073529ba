/// A usage error, worded as argparse words it (`argument --pgdir: expected one argument`).
/// Programs print it after their usage as `<prog>: error: <message>` and exit with
/// ``exitStatus``.
public struct ArgumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text after `error: `.
    public let message: String

    /// Wraps an argparse-style message.
    public init(_ message: String) { self.message = message }

    /// The exit status argparse uses for usage errors.
    public static let exitStatus: Int32 = 2

    /// The whole stderr text: `usage`, then `<program>: error: <message>` and a newline.
    public func report(program: String, usage: String) -> String {
        usage + "\(program): error: \(message)\n"
    }

    /// The message.
    public var description: String { message }

    static func argument(_ name: String, _ problem: String) -> ArgumentError {
        ArgumentError("argument \(name): \(problem)")
    }

    /// `argument NAME: invalid choice: 'x' (choose from 'a', 'b')`.
    static func invalidChoice(_ name: String, _ value: String, choices: [String]) -> ArgumentError {
        argument(name, "invalid choice: \(PythonRepr.of(value)) (choose from \(choices.map(PythonRepr.of).joined(separator: ", ")))")
    }

    /// What argparse says when an option's `type` function refuses its value with an
    /// `ArgumentTypeError`: `argument NAME: 'value' <problem>` (e.g. `argument --timeout:
    /// 'soon' is not a number of seconds`).
    public static func invalidValue(_ name: String, _ value: String, _ problem: String) -> ArgumentError {
        argument(name, "\(PythonRepr.of(value)) \(problem)")
    }
}
