import SuperviseSystem

extension Playground {
    /// Every service of the playground: each directory directly inside it (symlinks to
    /// directories count; files such as `pre-start` do not), sorted by name in byte order
    /// (spec §1.2). Hidden directories count too, as in pgctl 5.2.1 (docs/compat.md).
    public func services() throws(PgctlError) -> [Service] {
        // readdir and stat directly: this runs on every command, for every service.
        let names: [String]
        do {
            names = try FileSystem.directoryEntries(path)
        } catch {
            throw PgctlError("\(path): cannot list the playground: \(error)")
        }
        let normalized = PathNormalizer.normalize(path)
        let base = normalized == "/" ? "/" : normalized + "/"
        return names
            .map { base + $0 }
            .filter(DirectoryWalk.isDirectory)
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map(Service.init(path:))
    }
}
