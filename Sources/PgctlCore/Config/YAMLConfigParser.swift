import SafeYAML

/// Reads `.yaml`/`.yml` configuration files as PyYAML's `safe_load` did for pgctl 5.2.1
/// (``SafeYAML``: libyaml, YAML 1.1 values), first document only, no custom tags; timestamps
/// stay strings and a duplicate key is an error at the duplicate.
public enum YAMLConfigParser {
    /// The top-level mapping of `text`, or nil for an empty document (which contributes
    /// nothing, spec §3.1).
    public static func parse(_ text: String) throws(ConfigParseError) -> [String: ConfigValue]? {
        let document: YAMLValue?
        do {
            document = try SafeYAML.load(text)
        } catch {
            guard let mark = error.mark else { throw ConfigParseError(error.explanation) }
            throw ConfigParseError(line: mark.line, column: mark.column, error.explanation)
        }
        switch document {
        case nil, .null?: return nil
        case .mapping(let pairs)?:
            return mapping(pairs)
        case let other?:
            throw ConfigParseError("expected a mapping of configuration keys at the top level, found "
                                   + value(other).errorDisplay)
        }
    }

    private static func value(_ yaml: YAMLValue) -> ConfigValue {
        switch yaml {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .double(let number): return .double(number)
        case .string(let text): return .string(text)
        case .sequence(let items): return .list(items.map(value))
        case .mapping(let pairs): return .mapping(mapping(pairs))
        }
    }

    private static func mapping(_ pairs: [(key: YAMLValue, value: YAMLValue)]) -> [String: ConfigValue] {
        var result: [String: ConfigValue] = [:]
        for (key, item) in pairs { result[self.key(key)] = value(item) }
        return result
    }

    /// Configuration keys are text; other scalar keys are written as YAML would print them.
    private static func key(_ key: YAMLValue) -> String {
        switch key {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .null: return "null"
        case .sequence, .mapping: return value(key).errorDisplay
        }
    }
}
