import Foundation

/// A service: a directory with a `run` script (spec §1.2).
public struct Service: Hashable, Sendable {
    /// The display name: the basename of its directory.
    public let name: String
    /// The absolute, normalised path of the service directory.
    public let path: String

    /// Creates a service for the directory at absolute `path`.
    public init(path: String) {
        self.path = path
        self.name = (path as NSString).lastPathComponent
    }

    /// The per-service scratch directory: `pghome` + the service's absolute path (spec §1.4).
    public func scratchDirectory(pghome: String) -> String {
        pghome + path
    }
}

/// The playground: the directory whose sub-directories are the services (spec §1.1).
public struct Playground: Sendable {
    /// Its absolute path.
    public let path: String

    /// Wraps the playground at `path`.
    public init(path: String) { self.path = path }

    /// The project root: the directory containing the playground (hooks run there).
    public var projectRoot: String { (path as NSString).deletingLastPathComponent }
}

/// Everything a pgctl command needs to know about where and how it runs.
public struct PgctlContext: Sendable {
    /// The merged configuration.
    public var config: PgctlConfig
    /// The playground, nil when only absolute service paths are used outside any playground.
    public var playground: Playground?
    /// The working directory pgctl was started in (messages show paths relative to it).
    public var workingDirectory: String
    /// pgctl's environment (passed on to supervisors and services).
    public var environment: [String: String]
    /// `pghome`, with `~` expanded.
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

/// A failure reported to the user as `[pgctl] ERROR: <message>`, exit 1.
public struct PgctlError: Error, Equatable, CustomStringConvertible {
    /// The text after `[pgctl] ERROR: `.
    public var message: String
    /// The process exit code (1 unless stated).
    public var exitCode: Int32

    /// Creates an error.
    public init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }
}
