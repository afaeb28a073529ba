/// A position in the YAML text, 1-based.
public struct YAMLMark: Equatable, Sendable {
    /// The line, from 1.
    public var line: Int
    /// The column, from 1.
    public var column: Int

    /// Creates a mark.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// One parser event (YAML's serialization model), as libyaml reports it.
enum YAMLEvent: Equatable {
    case streamStart
    case streamEnd
    case documentStart(YAMLMark)
    case documentEnd
    case alias(anchor: String, mark: YAMLMark)
    /// `plain`: written without quotes (only plain scalars are resolved implicitly);
    /// `tag`: an explicit tag (`!!int`), resolved to its full form.
    case scalar(value: String, anchor: String?, tag: String?, plain: Bool, mark: YAMLMark)
    case sequenceStart(anchor: String?, tag: String?, mark: YAMLMark)
    case sequenceEnd
    case mappingStart(anchor: String?, tag: String?, mark: YAMLMark)
    case mappingEnd
}

/// Why a YAML text could not be read: the problem, where, and what was being parsed.
public struct YAMLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, e.g. "mapping values are not allowed in this context".
    public var problem: String
    /// Where the problem is, when known.
    public var mark: YAMLMark?
    /// What the parser was doing, e.g. "while parsing a flow sequence", and where that began.
    public var context: (text: String, mark: YAMLMark)?

    /// Creates an error.
    public init(_ problem: String, at mark: YAMLMark?, context: (text: String, mark: YAMLMark)? = nil) {
        self.problem = problem
        self.mark = mark
        self.context = context
    }

    /// `<context> (line N), <problem>` — without the position of the problem itself.
    public var explanation: String {
        guard let context else { return problem }
        return "\(context.text) (line \(context.mark.line)), \(problem)"
    }

    /// `line L, column C: <explanation>`.
    public var description: String {
        guard let mark else { return explanation }
        return "line \(mark.line), column \(mark.column): \(explanation)"
    }

    public static func == (a: YAMLError, b: YAMLError) -> Bool {
        a.problem == b.problem && a.mark == b.mark && a.context?.text == b.context?.text && a.context?.mark == b.context?.mark
    }
}
