/// Finds the playground (spec §1.1).
public enum PlaygroundLocator {
    /// The playground for `pgdir` as seen from `workingDirectory`, or nil when there is none.
    ///
    /// An absolute `pgdir` is used directly (it must be a directory). Otherwise the working
    /// directory and then each parent (same file system only, see ``DirectoryWalk``) is
    /// checked for a child directory named `pgdir`; the nearest one wins.
    public static func find(pgdir: String, workingDirectory: String,
                            device: DirectoryWalk.DeviceLookup = DirectoryWalk.deviceID(of:)) -> Playground? {
        if pgdir.hasPrefix("/") {
            let path = PathNormalizer.normalize(pgdir)
            return DirectoryWalk.isDirectory(path) ? Playground(path: path) : nil
        }
        guard !pgdir.isEmpty else { return nil }
        for directory in DirectoryWalk.upward(from: workingDirectory, device: device) {
            let candidate = PathNormalizer.join(directory, pgdir)
            if DirectoryWalk.isDirectory(candidate) { return Playground(path: candidate) }
        }
        return nil
    }

    /// Like ``find(pgdir:workingDirectory:device:)`` but fails with pgctl's message
    /// `could not find any directory named '<pgdir>'`.
    public static func require(pgdir: String, workingDirectory: String) throws(PgctlError) -> Playground {
        guard let playground = find(pgdir: pgdir, workingDirectory: workingDirectory) else {
            throw notFound(pgdir: pgdir)
        }
        return playground
    }

    /// The error for a missing playground.
    public static func notFound(pgdir: String) -> PgctlError {
        PgctlError("could not find any directory named '\(pgdir)'")
    }
}
