/// Where the configuration files are looked for (spec §3.1 items 2–4).
public struct ConfigLocations: Sendable, Equatable {
    /// The file base name: `pgctl` (tests use others).
    public var baseName: String
    /// `$PREFIX/etc`, nil when global configuration is disabled.
    public var systemDirectory: String?
    /// `$HOME` (for `.pgctl.*`), nil when global configuration is disabled.
    public var homeDirectory: String?
    /// The working directory: project files are searched here and in each parent.
    public var workingDirectory: String

    /// Explicit locations.
    public init(baseName: String = "pgctl", systemDirectory: String?, homeDirectory: String?,
                workingDirectory: String) {
        self.baseName = baseName
        self.systemDirectory = systemDirectory
        self.homeDirectory = homeDirectory
        self.workingDirectory = workingDirectory
    }

    /// pgctl's locations for an environment: `$PREFIX/etc` (PREFIX default `/`) and `$HOME`,
    /// both skipped when `PGCTL_NO_GLOBAL_CONFIG` is exactly `true`.
    public static func standard(environment: [String: String], workingDirectory: String) -> ConfigLocations {
        let global = environment["PGCTL_NO_GLOBAL_CONFIG"] != "true"
        let prefix = environment["PREFIX"].flatMap { $0.isEmpty ? nil : $0 } ?? "/"
        return ConfigLocations(
            systemDirectory: global ? PathNormalizer.join(PathNormalizer.join(workingDirectory, prefix), "etc") : nil,
            homeDirectory: global ? Pghome.homeDirectory(environment: environment) : nil,
            workingDirectory: workingDirectory)
    }
}
