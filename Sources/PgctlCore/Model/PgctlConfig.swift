

/// pgctl's merged configuration (spec §3): raw values by key plus typed accessors.
///
/// The raw values are what `pgctl config` prints; the accessors are what the rest of pgctl
/// uses. Loading and merging the layers lives in `Config/`.
public struct PgctlConfig: Sendable {
    /// Every key, after merging all layers.
    public var values: [String: ConfigValue]
    /// Which layer last set each key path (`["timeout"]`, `["aliases", "default"]`), so errors
    /// about bad values can name the file or variable.
    public var sources: [[String]: ConfigSource]

    /// Wraps merged values and, optionally, where each came from.
    public init(values: [String: ConfigValue], sources: [[String]: ConfigSource] = [:]) {
        self.values = values
        self.sources = sources
    }

    /// The layer that last set `keyPath` (or the nearest enclosing mapping); nil if unknown.
    public func source(of keyPath: [String]) -> ConfigSource? {
        var path = keyPath
        while !path.isEmpty {
            if let source = sources[path] { return source }
            path.removeLast()
        }
        return nil
    }

    /// The built-in defaults (spec §3.2). `pghome` depends on `XDG_RUNTIME_DIR`.
    public static func defaults(environment: [String: String]) -> [String: ConfigValue] {
        let runtime = environment["XDG_RUNTIME_DIR"] ?? ""
        return [
            "pgdir": .string("playground"),
            "pghome": .string(runtime.isEmpty ? "~/.run/pgctl" : runtime + "/pgctl"),
            "services": .list([.string("default")]),
            "aliases": .mapping(["default": .list([.string("(all services)")])]),
            "dependencies": .mapping([:]),
            "timeout": .string("2.0"),
            "poll": .string(".01"),
            "json": .bool(false),
            "verbose": .bool(false),
            "no_force": .bool(false),
            "environment_process_tracing": .bool(true),
            "embedded_log_viewer": .bool(true),
            "telemetry": .bool(false),
            "telemetry_clog_config_path": .null,
        ]
    }

    /// `pgdir`: the playground directory name, or an absolute path.
    public var pgdir: String { values["pgdir"]?.stringValue ?? "playground" }

    /// `pghome` with a leading `~` expanded against `home` (see ``Pghome`` for the full
    /// resolution pgctl uses: `~user`, relative paths, normalisation).
    public func pghome(home: String) -> String {
        Pghome.expandTilde(values["pghome"]?.stringValue ?? "~/.run/pgctl", environment: ["HOME": home])
    }

    /// `services`: what to act on when no service is named.
    public var services: [String] { values["services"]?.stringListValue ?? ["default"] }

    /// `aliases`: name → names (each value a list; a plain string is one name).
    public var aliases: [String: [String]] {
        guard case .mapping(let map)? = values["aliases"] else { return [:] }
        return map.compactMapValues(\.stringListValue)
    }

    /// `timeout`: the default start/stop timeout in seconds.
    public var timeout: Double { values["timeout"]?.doubleValue ?? 2.0 }
    /// `poll`: how often the state-change loop re-checks, in seconds.
    public var poll: Double { values["poll"]?.doubleValue ?? 0.01 }
    /// `json`: machine-readable status.
    public var json: Bool { flag("json", default: false) }
    /// `verbose`: show the logger phase of stop.
    public var verbose: Bool { flag("verbose", default: false) }
    /// `no_force`: never SIGKILL runaways on a stop timeout.
    public var noForce: Bool { flag("no_force", default: false) }
    /// `environment_process_tracing`: find service processes by their environment too.
    public var environmentProcessTracing: Bool { flag("environment_process_tracing", default: true) }
    /// `embedded_log_viewer`: show the live log box during start/stop on a terminal.
    public var embeddedLogViewer: Bool { flag("embedded_log_viewer", default: true) }
    /// `force_enable_log_viewer`: `1` forces the viewer on.
    public var forceEnableLogViewer: Bool { values["force_enable_log_viewer"]?.stringValue == "1" }

    private func flag(_ key: String, default value: Bool) -> Bool {
        values[key]?.boolValue ?? value
    }
}
