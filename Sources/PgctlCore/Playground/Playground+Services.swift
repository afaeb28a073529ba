import SuperviseSystem

extension Playground {
    /// Every service of the playground: each directory directly inside it (symlinks to
    /// directories count; files such as `pre-start` do not), sorted by name in byte order
    /// (spec §1.2). Hidden directories count too, as in pgctl 5.2.1 (docs/compat.md).
    public func services() throws(PgctlError) -> [Service] {
        // readdir's d_type says which entries are plain directories and plain files: only
        // links (and entries of a file system that does not say) are stat'ed. This runs on
        // every command, for every service.
        let entries: [FileSystem.DirectoryEntry]
        do {
            entries = try FileSystem.directoryEntriesWithKinds(path)
        } catch {
            throw PgctlError("\(path): cannot list the playground: \(error)")
        }
        let normalized = PathNormalizer.normalize(path)
        let base = normalized == "/" ? "/" : normalized + "/"
        return entries
            .compactMap { entry -> String? in
                let path = base + entry.name
                switch entry.kind {
                case .directory: return path
                case .symlink, nil: return DirectoryWalk.isDirectory(path) ? path : nil
                case .regular, .fifo, .other: return nil
                }
            }
            .sorted { $0.precedesInByteOrder($1) }
            .map(Service.init(path:))
    }
}
