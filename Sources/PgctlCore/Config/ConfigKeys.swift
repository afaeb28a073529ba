/// The configuration keys pgctl knows (spec §3.2), for warning about unknown keys in files.
public enum ConfigKeys {
    /// Keys a configuration file may set.
    public static let settable: Set<String> = [
        "pgdir", "pghome", "services", "aliases", "timeout", "poll", "json", "verbose", "no_force",
        "environment_process_tracing", "embedded_log_viewer", "force_enable_log_viewer",
        "telemetry", "telemetry_clog_config_path",
    ]

    /// Keys only the command line sets (shown by `pgctl config`; a file setting them is
    /// overridden, so they count as unknown there).
    public static let commandLineOnly: Set<String> = ["command", "config", "_unused_force"]

    /// The warnings for unknown keys in a file's layer, in key order:
    /// `unknown configuration key 'foo' in <path>`.
    public static func unknownKeyWarnings(in layer: [String: ConfigValue], file: String) -> [String] {
        layer.keys.sorted().filter { !settable.contains($0) }.map {
            "unknown configuration key '\($0)' in \(file)"
        }
    }
}
