
/// A service: a directory with a `run` script (spec §1.2).
public struct Service: Hashable, Sendable {
    /// The display name: the basename of its directory.
    public let name: String
    /// The absolute, normalised path of the service directory.
    public let path: String

    /// Creates a service for the directory at absolute `path`.
    public init(path: String) {
        self.path = path
        self.name = path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The per-service scratch directory: `pghome` + the service's absolute path (spec §1.4).
    public func scratchDirectory(pghome: String) -> String {
        pghome + path
    }
}
