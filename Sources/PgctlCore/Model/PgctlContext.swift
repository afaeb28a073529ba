/// Everything a pgctl command needs to know about where and how it runs.
public struct PgctlContext: Sendable {
    /// The merged configuration.
    public var config: PgctlConfig
    /// The playground, nil when none was found (only absolute service paths work then).
    public var playground: Playground?
    /// The working directory pgctl was started in (messages show paths relative to it).
    public var workingDirectory: String
    /// pgctl's environment (passed on to supervisors and services).
    public var environment: [String: String]
    /// `pghome`, absolute, with `~` expanded.
    public var pghome: String

    /// Creates a context.
    public init(config: PgctlConfig, playground: Playground?, workingDirectory: String,
                environment: [String: String], pghome: String) {
        self.config = config
        self.playground = playground
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.pghome = pghome
    }
}
