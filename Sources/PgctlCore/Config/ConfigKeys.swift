/// The configuration keys files may set (spec §3.2), for warning about unknown keys in files.
public enum ConfigKeys {
    /// Keys a configuration file may set (``ConfigKey/isSettable``).
    public static let settable: Set<String> = Set(ConfigKey.allCases.filter(\.isSettable).map(\.rawValue))

    /// Keys only the command line sets (shown by `pgctl config`; a file setting them is
    /// overridden, so they count as unknown there).
    public static let commandLineOnly: Set<String> = Set(ConfigKey.allCases.filter { !$0.isSettable }.map(\.rawValue))

    /// The warnings for unknown keys in a file's layer, in key order:
    /// `unknown configuration key 'foo' in <path>`.
    public static func unknownKeyWarnings(in layer: [String: ConfigValue], file: String) -> [String] {
        layer.keys.sorted().filter { !settable.contains($0) }.map {
            "unknown configuration key '\($0)' in \(file)"
        }
    }
}
