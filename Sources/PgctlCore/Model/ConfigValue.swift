import SuperviseStatus
/// A configuration value as pgctl's layered configuration holds it: whatever YAML, JSON, INI,
/// the environment or the command line supplied, keeping its source type.
public indirect enum ConfigValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([ConfigValue])
    case mapping([String: ConfigValue])

    /// The value as a boolean. Strings are parsed (`true/yes/on/1` and `false/no/off/0/""`,
    /// any case) — pgctl 5.2.1 treated every non-empty string as true (spec §10.1.4, fixed).
    /// Nil when the value cannot be read as a boolean.
    public var boolValue: Bool? {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .string(let s):
            switch s.lowercased() {
            case "true", "yes", "on", "1", "y": return true
            case "false", "no", "off", "0", "n", "": return false
            default: return nil
            }
        case .list, .mapping: return nil
        }
    }

    /// The value as a number of seconds (strings are parsed by ``SecondsText``, within its
    /// limits); nil if not numeric.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string(let s): return try? SecondsText.parse(s)
        default: return nil
        }
    }

    /// The value as a string (numbers and booleans are rendered), nil for lists/mappings/null.
    public var stringValue: String? {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// The value as a list of strings. A plain string is ONE element (5.2.1 split it into
    /// characters — spec §10.1.16, fixed).
    public var stringListValue: [String]? {
        switch self {
        case .list(let items): return items.compactMap(\.stringValue)
        case .string(let s): return [s]
        default: return nil
        }
    }
}



extension ConfigValue {
    /// Whether this is a single value (not a list or mapping).
    public var isScalar: Bool {
        switch self {
        case .list, .mapping: return false
        default: return true
        }
    }

    /// A short rendering for error messages: strings in single quotes (`'abc'`), everything
    /// else as compact JSON (`-1`, `[1, 2]`, `null`).
    public var errorDisplay: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return "'\(s)'"
        case .list(let items): return "[" + items.map(\.errorDisplay).joined(separator: ", ") + "]"
        case .mapping(let map):
            let body = map.sorted { $0.key < $1.key }.map { "'\($0.key)': \($0.value.errorDisplay)" }
                .joined(separator: ", ")
            return "{" + body + "}"
        }
    }
}
