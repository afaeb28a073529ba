
/// The playground: the directory whose sub-directories are the services (spec §1.1).
public struct Playground: Sendable, Equatable {
    /// Its absolute path.
    public let path: String

    /// Wraps the playground at `path`.
    public init(path: String) { self.path = path }

    /// The project root: the directory containing the playground (hooks run there).
    public var projectRoot: String { PathNormalizer.parent(of: path) }
}
