/// The `dependencies` key (issue 12, as proposed upstream in Yelp/pgctl PR #224): a mapping of
/// service names to the names of the services each depends on.
///
/// ```yaml
/// dependencies:
///   api: [db, cache]
///   web: api
/// ```
public struct ConfiguredDependencies: Equatable, Sendable {
    /// One service's entry.
    public struct Entry: Equatable, Sendable {
        /// The dependent service's name (the mapping key).
        public var service: String
        /// The names it depends on (a plain string is one name).
        public var dependencies: [String]
        /// Where it was set, for messages: `<file or variable>: 'dependencies.<service>'`.
        public var origin: String
    }

    /// The entries, sorted by service name.
    public var entries: [Entry]
}

extension ConfigValidator {
    /// `dependencies`: a mapping from service name to a list of names (or one name as a plain
    /// string); null is no dependency. Each entry carries the file or variable that set it.
    public static func dependencies(in config: PgctlConfig) throws(PgctlError) -> ConfiguredDependencies {
        let key = ConfigKey.dependencies.rawValue
        let value = config.values[key] ?? .null
        if value == .null { return ConfiguredDependencies(entries: []) }
        guard case .mapping(let map) = value else {
            throw PgctlError("\(origin([key], in: config)): invalid value for '\(key)': \(value.errorDisplay) is not a mapping of service names to lists of names")
        }
        var entries: [ConfiguredDependencies.Entry] = []
        for (service, names) in map.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            let where_ = origin([key, service], in: config)
            let list: [String]
            switch names {
            case .null: list = []
            case .string(let name): list = [name]
            case .list(let items):
                var collected: [String] = []
                for item in items {
                    guard item.isScalar, item != .null, let name = item.stringValue else {
                        throw PgctlError("\(where_): invalid value for '\(key).\(service)': \(names.errorDisplay) is not a list of names")
                    }
                    collected.append(name)
                }
                list = collected
            default:
                throw PgctlError("\(where_): invalid value for '\(key).\(service)': \(names.errorDisplay) is not a list of names")
            }
            entries.append(.init(service: service, dependencies: list, origin: "\(where_): '\(key).\(service)'"))
        }
        return ConfiguredDependencies(entries: entries)
    }

    private static func origin(_ keyPath: [String], in config: PgctlConfig) -> String {
        config.source(of: keyPath).map(String.init(describing:)) ?? "configuration"
    }
}
