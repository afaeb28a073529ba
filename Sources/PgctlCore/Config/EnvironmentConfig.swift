/// The environment layer (spec §3.1 item 5): every `PGCTL_*` variable becomes a key — prefix
/// stripped, lower-cased, value a string. A key ending in `_list` loses the suffix and its
/// value is split on whitespace (`PGCTL_SERVICES_LIST="a b"` → `services: [a, b]`).
public enum EnvironmentConfig {
    /// The variable prefix.
    public static let prefix = "PGCTL_"

    /// `PGCTL_VERBOSE` is pgctl's debug-trace level (spec §6), not the `--verbose` switch, so
    /// it does not set the `verbose` key (in 5.2.1 the command line always overrode it).
    public static let ignoredVariables: Set<String> = ["PGCTL_VERBOSE"]

    /// One layer entry: key, value and the variable it came from.
    public struct Entry: Equatable, Sendable {
        /// The configuration key.
        public var key: String
        /// The value: a string, or a list of strings for `_LIST` variables.
        public var value: ConfigValue
        /// The variable name, for error messages.
        public var variable: String
    }

    /// The entries for `environment`, sorted by variable name (so that, when two variables
    /// map to the same key, the result does not depend on dictionary order).
    public static func entries(from environment: [String: String]) -> [Entry] {
        environment.keys.sorted().compactMap { variable -> Entry? in
            guard variable.hasPrefix(prefix), !ignoredVariables.contains(variable),
                  let raw = environment[variable] else { return nil }
            let key = variable.dropFirst(prefix.count).lowercased()
            if key.hasSuffix("_list") {
                let words = raw.split(whereSeparator: \.isWhitespace).map { ConfigValue.string(String($0)) }
                return Entry(key: String(key.dropLast("_list".count)), value: .list(words), variable: variable)
            }
            return Entry(key: key, value: .string(raw), variable: variable)
        }
    }
}
