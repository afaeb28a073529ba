import Foundation
import Yams

/// Reads `.yaml`/`.yml` configuration files: safe YAML 1.1 (as PyYAML's `safe_load`), first
/// document only, no custom tags. Timestamps stay strings.
public enum YAMLConfigParser {
    /// The top-level mapping of `text`, or nil for an empty document (which contributes
    /// nothing, spec §3.1).
    public static func parse(_ text: String) throws(ConfigParseError) -> [String: ConfigValue]? {
        let document: Any?
        do {
            document = try Yams.load(yaml: text, Resolver.default.removing(.timestamp))
        } catch let error as YamlError {
            throw describe(error, text: text)
        } catch {
            throw ConfigParseError(String(describing: error))
        }
        switch document {
        case nil, is NSNull: return nil
        case let mapping as [AnyHashable: Any]:
            return mapping.reduce(into: [:]) { result, entry in
                result[key(entry.key)] = value(entry.value)
            }
        case let other?:
            throw ConfigParseError("expected a mapping of configuration keys at the top level, found "
                                   + value(other).errorDisplay)
        }
    }

    private static func value(_ any: Any) -> ConfigValue {
        switch any {
        case is NSNull: return .null
        case let bool as Bool: return .bool(bool)
        case let int as Int: return .int(int)
        case let double as Double: return .double(double)
        case let string as String: return .string(string)
        case let list as [Any]: return .list(list.map(value))
        case let mapping as [AnyHashable: Any]:
            return .mapping(mapping.reduce(into: [:]) { $0[key($1.key)] = value($1.value) })
        default: return .string(String(describing: any))
        }
    }

    private static func key(_ key: AnyHashable) -> String {
        if let string = key.base as? String { return string }
        if let value = key.base as? Bool { return value ? "true" : "false" }
        return String(describing: key.base)
    }

    private static func describe(_ error: YamlError, text: String) -> ConfigParseError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let while_ = context.map { "\($0.text) (line \($0.mark.line)), " } ?? ""
            return ConfigParseError(line: mark.line, column: mark.column, while_ + problem)
        case let .reader(problem, offset, _, yaml):
            if let offset {
                let prefix = yaml.prefix(offset)
                let line = prefix.filter { $0 == "\n" }.count + 1
                return ConfigParseError(line: line, problem)
            }
            return ConfigParseError(problem)
        case let .duplicatedKeysInMapping(duplicates, context):
            let sorted = duplicates.sorted()
            let keys = sorted.map { "'\($0)'" }.joined(separator: ", ")
            // Point at the duplicate itself (the first key's second occurrence), not at the mapping.
            let position = sorted.first.flatMap {
                DuplicateKeyLocator.secondOccurrence(of: $0, in: text, fromLine: context.mark.line)
            } ?? (context.mark.line, context.mark.column)
            return ConfigParseError(line: position.line, column: position.column, "duplicate key \(keys) in a mapping")
        default:
            return ConfigParseError(String(describing: error))
        }
    }
}
