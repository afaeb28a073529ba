import SuperviseStatus

/// Checks configuration values where they are used, so that a bad value stops pgctl with a
/// message naming the key and the file or variable it came from, before anything changes:
/// `/p/pgctl.yaml: invalid value for 'timeout': 'abc' is not a number of seconds`.
public enum ConfigValidator {
    /// The largest accepted number of seconds: ``SecondsText/maximum`` (one year), the limit
    /// of every duration pgctl and pgctl-poll-ready read.
    public static let maximumSeconds: Double = SecondsText.maximum

    /// Validates `keys` (a command's ``PgctlCommand/configKeys``) as each key's
    /// ``ConfigKey/check`` says.
    public static func check(_ keys: [ConfigKey], in config: PgctlConfig) throws(PgctlError) {
        for key in keys {
            switch key.check {
            case .text: _ = try text(key, in: config)
            case .serviceNames: _ = try serviceNames(in: config)
            case .aliases: _ = try aliases(in: config)
            case .seconds(let allowZero): _ = try seconds(key, in: config, allowZero: allowZero)
            case .flag: _ = try flag(key, in: config)
            case .none: break
            }
        }
    }

    /// A non-empty single value, as text (`pgdir`, `pghome`).
    public static func text(_ key: ConfigKey, in config: PgctlConfig) throws(PgctlError) -> String {
        let value = config.values[key.rawValue] ?? .null
        guard value != .null, let text = value.stringValue else {
            throw invalid([key.rawValue], value, "is not a string", in: config)
        }
        guard !text.isEmpty else { throw invalid([key.rawValue], value, "must not be empty", in: config) }
        return text
    }

    /// A duration: a number (or numeric string, read by ``SecondsText`` like every other
    /// duration) of seconds, not negative (nor zero unless `allowZero`), at most
    /// ``maximumSeconds``.
    public static func seconds(_ key: ConfigKey, in config: PgctlConfig, allowZero: Bool) throws(PgctlError) -> Double {
        let value = config.values[key.rawValue] ?? .null
        do throws(SecondsText.Problem) {
            switch value {
            case .int(let number): return try SecondsText.check(Double(number), allowZero: allowZero)
            case .double(let number): return try SecondsText.check(number, allowZero: allowZero)
            case .string(let text): return try SecondsText.parse(text, allowZero: allowZero)
            default: throw SecondsText.Problem.notANumber
            }
        } catch {
            throw invalid([key.rawValue], value, error.description, in: config)
        }
    }

    /// A boolean: YAML/JSON booleans, numbers, or the strings true/false, yes/no, on/off, 1/0.
    public static func flag(_ key: ConfigKey, in config: PgctlConfig) throws(PgctlError) -> Bool {
        let value = config.values[key.rawValue] ?? .null
        guard let flag = value.boolValue else {
            throw invalid([key.rawValue], value, "is not a boolean (use true or false)", in: config)
        }
        return flag
    }

    /// `services`: a list of names, or one name as a plain string.
    public static func serviceNames(in config: PgctlConfig) throws(PgctlError) -> [String] {
        let value = config.values[ConfigKey.services.rawValue] ?? .null
        guard let names = names(in: value) else {
            throw invalid([ConfigKey.services.rawValue], value, "is not a list of service names", in: config)
        }
        return names
    }

    /// `aliases`: a mapping from alias name to a list of names (or one name as a plain string).
    public static func aliases(in config: PgctlConfig) throws(PgctlError) -> [String: [String]] {
        let value = config.values[ConfigKey.aliases.rawValue] ?? .null
        if value == .null { return [:] }
        guard case .mapping(let map) = value else {
            throw invalid([ConfigKey.aliases.rawValue], value, "is not a mapping of alias names to lists of names", in: config)
        }
        var aliases: [String: [String]] = [:]
        for (name, members) in map.sorted(by: { $0.key < $1.key }) {
            guard let list = names(in: members) else {
                throw invalid([ConfigKey.aliases.rawValue, name], members, "is not a list of names", in: config)
            }
            aliases[name] = list
        }
        return aliases
    }

    private static func names(in value: ConfigValue) -> [String]? {
        switch value {
        case .string(let name): return [name]
        case .list(let items):
            var names: [String] = []
            for item in items {
                guard item.isScalar, item != .null, let name = item.stringValue else { return nil }
                names.append(name)
            }
            return names
        default: return nil
        }
    }

    private static func invalid(_ keyPath: [String], _ value: ConfigValue, _ reason: String,
                                in config: PgctlConfig) -> PgctlError {
        let source = config.source(of: keyPath).map(String.init(describing:)) ?? "configuration"
        let key = keyPath.joined(separator: ".")
        return PgctlError("\(source): invalid value for '\(key)': \(value.errorDisplay) \(reason)")
    }
}
