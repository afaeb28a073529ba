/// pgctl's commands, in the order usage and error messages list them. Each declares its
/// one-line description and the configuration keys it reads; the switches over it have no
/// `default:`, so a new command does not compile until it says both, and until the
/// dispatcher runs it.
public enum PgctlCommand: String, CaseIterable, Sendable {
    case start, stop, status, restart, reload, log, debug, config, wait

    /// What the command does, in one line.
    public var summary: String {
        switch self {
        case .start: return "start services and wait until they are ready"
        case .stop: return "stop services and wait until their processes are gone"
        case .status: return "show whether services are up, ready or down"
        case .restart: return "stop, then start services"
        case .reload: return "reload services (not yet implemented)"
        case .log: return "show the services' logs"
        case .debug: return "run one service in the foreground"
        case .config: return "print the merged configuration as JSON"
        case .wait: return "wait until services are ready, up or down, changing nothing"
        }
    }

    /// The configuration keys the command reads, checked (``ConfigValidator/check(_:in:)``)
    /// before it does anything.
    public var configKeys: [ConfigKey] {
        let common: [ConfigKey] = [.pgdir, .pghome, .services, .aliases]
        switch self {
        case .start, .stop, .restart:
            return common + [.timeout, .poll, .noForce, .verbose, .environmentProcessTracing, .embeddedLogViewer, .json]
        case .debug:
            return common + [.timeout, .poll, .noForce, .verbose, .environmentProcessTracing, .embeddedLogViewer]
        case .status: return common + [.json]
        case .reload, .log: return common
        case .config: return []
        case .wait: return common + [.timeout, .verbose]
        }
    }
}
