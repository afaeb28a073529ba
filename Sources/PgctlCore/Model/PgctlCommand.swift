/// pgctl's commands, in the order usage and error messages list them. Each declares its
/// one-line description, the configuration keys it reads, what its operands are and which
/// command-specific options it takes; the switches over it have no `default:`, so a new
/// command does not compile until it says all of them, and until the dispatcher runs it.
public enum PgctlCommand: String, CaseIterable, Sendable {
    case start, stop, status, restart, reload, log, debug, config, wait, completion

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
        case .completion: return "print the shell completion script for bash, zsh or fish"
        }
    }

    /// The configuration keys the command reads, checked (``ConfigValidator/check(_:in:)``)
    /// before it does anything.
    public var configKeys: [ConfigKey] {
        let common: [ConfigKey] = [.pgdir, .pghome, .services, .aliases]
        switch self {
        case .start, .stop, .restart:
            return common + [.dependencies, .timeout, .poll, .noForce, .verbose, .environmentProcessTracing, .embeddedLogViewer, .json]
        case .debug:
            return common + [.dependencies, .timeout, .poll, .noForce, .verbose, .environmentProcessTracing, .embeddedLogViewer]
        case .status: return common + [.dependencies, .json]
        case .reload, .log: return common
        case .config, .completion: return []
        case .wait: return common + [.timeout, .verbose, .json]
        }
    }

    /// What the words after the command name (the `services` positional) are.
    public var operands: CommandOperands {
        switch self {
        case .start, .stop, .status, .restart, .reload, .log, .debug, .wait: return .services
        case .config: return .none
        case .completion: return .shellName
        }
    }

    /// The options that go with only some commands, by key (``OptionSpec/key`` in
    /// ``PgctlCommandLine/options``), listed under every command that takes them. An option
    /// no command lists goes with every command. Shell completion offers a command's options
    /// from this list and the global ones (``CompletionCatalog``).
    public var specificOptions: [String] {
        switch self {
        case .start, .stop, .restart, .status: return ["json"]
        case .log: return ["json", "lines", "merge", "follow", "no_follow", "since"]
        case .wait: return ["json", "wait_for", "wait_timeout"]
        case .reload, .debug, .config, .completion: return []
        }
    }
}

/// What a command's operands (the words after the command name) are.
public enum CommandOperands: Sendable, Equatable {
    /// Service names, aliases or service directory paths.
    case services
    /// One shell name (``CompletionShell``).
    case shellName
    /// Nothing.
    case none
}
