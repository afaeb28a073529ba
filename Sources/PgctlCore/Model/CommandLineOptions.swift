/// What the user said on pgctl's command line, after argument parsing: the highest-priority
/// configuration layer (spec §3.1 item 7).
public struct CommandLineOptions: Sendable, Equatable {
    /// The command.
    public var command: PgctlCommand
    /// Positional service arguments (names, aliases, paths), in the user's order.
    public var services: [String]
    /// `--all`/`-a`: act on every service, ignoring the `default` alias.
    public var all: Bool
    /// `--pgdir`, when given.
    public var pgdir: String?
    /// `--pghome`, when given.
    public var pghome: String?
    /// `--config FILE`, when given.
    public var config: String?
    /// `--json` was given.
    public var json: Bool
    /// `--verbose` was given.
    public var verbose: Bool
    /// `--no-force` was given.
    public var noForce: Bool
    /// The hidden `--force` was given (accepted and ignored, spec §2).
    public var force: Bool
    /// `wait --for`: the state to wait for (nil: not given, `ready`).
    public var waitFor: WaitTarget?
    /// `wait --timeout SECONDS` (nil: not given, the `timeout` setting).
    public var waitTimeout: Double?
    /// `pgctl log`'s options (`-n`, `--merge`, `--follow`/`--no-follow`, `--since`; with the
    /// log command, `--json` is copied in from ``json``).
    public var log: LogOptions

    /// Creates options; everything but the command defaults to "not given".
    public init(command: PgctlCommand, services: [String] = [], all: Bool = false, pgdir: String? = nil,
                pghome: String? = nil, config: String? = nil, json: Bool = false, verbose: Bool = false,
                noForce: Bool = false, force: Bool = false, waitFor: WaitTarget? = nil, waitTimeout: Double? = nil,
                log: LogOptions = LogOptions()) {
        self.command = command
        self.services = services
        self.all = all
        self.pgdir = pgdir
        self.pghome = pghome
        self.config = config
        self.json = json
        self.verbose = verbose
        self.noForce = noForce
        self.force = force
        self.waitFor = waitFor
        self.waitTimeout = waitTimeout
        self.log = log
    }
}
