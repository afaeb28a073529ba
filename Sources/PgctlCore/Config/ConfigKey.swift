/// Every configuration key pgctl knows (spec §3.2), declared once: where it may be set and
/// how a value is checked. ``ConfigKeys``, ``ConfigValidator``, ``CommandLineConfig`` and
/// ``PgctlCommand/configKeys`` use these cases, never spelled-out strings.
///
/// The raw value is the key as files, `PGCTL_*` variables and `pgctl config` spell it.
public enum ConfigKey: String, CaseIterable, Sendable {
    /// Where services are found and state is kept (`--pgdir`, `--pghome`).
    case pgdir, pghome
    /// The default service list and the alias map.
    case services, aliases
    /// Service dependencies: service name → the names it depends on (issue 12).
    case dependencies
    /// Durations in seconds: the default start/stop timeout, pgctl's check-loop period.
    case timeout, poll
    /// Command-line flags that may also be set elsewhere (`--json`, `--verbose`, `--no-force`).
    case json, verbose
    /// `--no-force`.
    case noForce = "no_force"
    /// Finding a service's processes by their environment (spec §2.9).
    case environmentProcessTracing = "environment_process_tracing"
    /// The log viewer during start/stop on a terminal (spec §2.13), and forcing it on.
    case embeddedLogViewer = "embedded_log_viewer"
    /// See ``embeddedLogViewer``.
    case forceEnableLogViewer = "force_enable_log_viewer"
    /// 5.2.1's telemetry settings, accepted and unused.
    case telemetry
    /// See ``telemetry``.
    case telemetryClogConfigPath = "telemetry_clog_config_path"
    /// Set from the command line only: the command word and `--config`.
    case command, config
    /// Set from the command line only: the hidden `--force`.
    case unusedForce = "_unused_force"

    /// How a value of a key is checked before a command uses it.
    public enum Check: Sendable, Equatable {
        /// A non-empty single value, as text.
        case text
        /// A list of service names, or one name.
        case serviceNames
        /// A mapping of alias names to lists of names.
        case aliases
        /// A mapping of service names to lists of the services they depend on.
        case dependencies
        /// A number of seconds; zero allowed or not.
        case seconds(allowZero: Bool)
        /// A boolean.
        case flag
        /// Not checked (read loosely, or not read by any command).
        case none
    }

    /// How values of this key are checked.
    public var check: Check {
        switch self {
        case .pgdir, .pghome: return .text
        case .services: return .serviceNames
        case .aliases: return .aliases
        case .dependencies: return .dependencies
        case .timeout: return .seconds(allowZero: true)
        case .poll: return .seconds(allowZero: false)
        case .json, .verbose, .noForce, .environmentProcessTracing, .embeddedLogViewer: return .flag
        case .forceEnableLogViewer, .telemetry, .telemetryClogConfigPath, .command, .config, .unusedForce:
            return .none
        }
    }

    /// Whether a configuration file or variable may set it; the others come from the command
    /// line only (shown by `pgctl config`; a file setting them is overridden, so they count
    /// as unknown there).
    public var isSettable: Bool {
        switch self {
        case .command, .config, .unusedForce: return false
        case .pgdir, .pghome, .services, .aliases, .dependencies, .timeout, .poll, .json, .verbose, .noForce,
             .environmentProcessTracing, .embeddedLogViewer, .forceEnableLogViewer, .telemetry,
             .telemetryClogConfigPath:
            return true
        }
    }
}
