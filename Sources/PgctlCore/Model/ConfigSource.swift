/// Where a configuration value came from, so that errors about bad values can name it
/// (spec §3.1 lists the layers).
public enum ConfigSource: Hashable, Sendable, CustomStringConvertible {
    /// pgctl's built-in defaults (spec §3.2).
    case defaults
    /// A configuration file: system, user, project or `--config` (absolute or as given).
    case file(String)
    /// A `PGCTL_*` environment variable, by name.
    case environment(String)
    /// A command-line option, e.g. `--pgdir`.
    case commandLine(String)

    /// How error messages name the source: the path of a file, `environment variable
    /// PGCTL_TIMEOUT`, `command-line option --pgdir` or `built-in defaults`.
    public var description: String {
        switch self {
        case .defaults: return "built-in defaults"
        case .file(let path): return path
        case .environment(let name): return "environment variable \(name)"
        case .commandLine(let option): return "command-line option \(option)"
        }
    }
}
