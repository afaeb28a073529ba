/// A value as PyYAML's `safe_load` constructs it, with timestamps kept as their text.
public enum YAMLValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// An integer that fits in `Int` (larger ones become ``double(_:)``).
    case int(Int)
    case double(Double)
    case string(String)
    case sequence([YAMLValue])
    /// The pairs in document order, merge keys (`<<`) already applied; keys are unique.
    case mapping([(key: YAMLValue, value: YAMLValue)])

    public static func == (a: YAMLValue, b: YAMLValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.double(x), .double(y)): return x == y || (x.isNaN && y.isNaN)
        case let (.string(x), .string(y)): return x == y
        case let (.sequence(x), .sequence(y)): return x == y
        case let (.mapping(x), .mapping(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }
}
